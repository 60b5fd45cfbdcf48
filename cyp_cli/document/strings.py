"""The per-language catalogue of fixed wording (``render/strings/<lang>.yaml``).

Every word the build adds to a plan (headings of registers, column names, "Contents")
comes from the catalogue, so the Welsh edition is a new YAML file, not new code. The
catalogue sits with the renderers' templates because both are the publication's
wording; the document builder reads it by path and imports nothing from ``render``.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import yaml

STRINGS_DIR = Path(__file__).resolve().parent.parent / "render" / "strings"


def available() -> list[str]:
    """Languages that have a catalogue (``<lang>.yaml``)."""
    return sorted(p.stem for p in STRINGS_DIR.glob("*.yaml") if "." not in p.stem)


@cache
def load_strings(lang: str) -> dict[str, Any]:
    """The catalogue for ``lang``: ``<lang>.yaml`` merged with any part catalogues
    ``<part>.<lang>.yaml`` (e.g. ``review.cy.yaml``, the review report's wording, kept
    apart so each part's wording lives beside the others in its language). KeyError if
    the language has no catalogue (the caller decides whether to skip that edition)."""
    path = STRINGS_DIR / f"{lang}.yaml"
    if not path.is_file():
        raise KeyError(lang)
    data: dict[str, Any] = {}
    for part in [path, *sorted(STRINGS_DIR.glob(f"*.{lang}.yaml"))]:
        loaded = yaml.safe_load(part.read_text(encoding="utf-8"))
        if not isinstance(loaded, dict):
            raise ValueError(f"{part}: a strings catalogue must be a mapping")
        clash = set(data) & set(loaded)
        if clash:
            raise ValueError(f"{part}: keys already defined elsewhere: {sorted(clash)}")
        data.update(loaded)
    return data


def format_date(day: dt.date | None, strings: dict[str, Any]) -> str:
    """A date in words ("1 April 2011"), as the language writes it."""
    if day is None:
        return str(strings["none"])
    return str(strings["date"]).format(
        day=day.day, month=strings["months"][day.month - 1], year=day.year
    )
