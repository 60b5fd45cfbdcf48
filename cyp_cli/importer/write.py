"""Writing the imported plan: all or nothing, into a new or empty folder.

The text files go through ``cyp init``'s writer (``scaffold.write_plan``) into a
folder inside a temporary sibling of DIR; the images are added there; then that
folder is renamed to DIR. A failure at any point removes the temporary folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..model.markdown import slugify
from .errors import ImportFailure

NAME_WORDS = 50  # characters of a title kept in its file name


def refuse_non_empty(target: Path) -> None:
    if target.exists() or target.is_symlink():
        if not target.is_dir():
            raise ImportFailure(f"{target} exists and is not a folder")
        entries = sorted(p.name for p in target.iterdir())
        if entries:
            shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
            raise ImportFailure(f"{target} is not empty ({shown}): cyp import writes only "
                                "into a new or empty folder")


def write(directory: Path, files: dict[str, str], blobs: dict[str, bytes]) -> None:
    from ..scaffold import ScaffoldError, write_plan

    target = directory.absolute()
    refuse_non_empty(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        holder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".cyp-import",
                                       dir=target.parent))
    except OSError as exc:
        raise ImportFailure(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        built = write_plan(holder / "plan", files)
        for rel, data in blobs.items():
            (built / rel).parent.mkdir(parents=True, exist_ok=True)
            (built / rel).write_bytes(data)
        refuse_non_empty(target)
        if target.exists():
            target.rmdir()
        os.rename(built, target)
    except ScaffoldError as exc:
        raise ImportFailure(str(exc)) from None
    except OSError as exc:
        raise ImportFailure(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(holder, ignore_errors=True)


def file_names(titles: list[str], first: int = 1) -> list[str]:
    """``sections/NN-slug.md`` for each title, numbered in order from ``first``."""
    width = max(2, len(str(len(titles) + first)))
    out: list[str] = []
    for n, title in enumerate(titles, first):
        slug = slugify(title)
        if len(slug) > NAME_WORDS:
            slug = slug[:NAME_WORDS].rsplit("-", 1)[0]
        name = f"{n:0{width}d}-{slug.strip('-') or 'section'}.md"
        out.append(f"sections/{name}")
    return out
