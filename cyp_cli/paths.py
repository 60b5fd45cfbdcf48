"""Where cyp's own data lives: the nations' folders (``templates/<nation>/``).

Neither law (``regimes.py``) nor format (``render/``): lint, build and init all ask
here, so a wheel and an editable install find the same files.
"""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """Packaged templates (wheel) or the repository's (editable install)."""
    here = Path(__file__).resolve().parent
    packaged = here / "templates"
    return packaged if packaged.is_dir() else here.parent / "templates"
