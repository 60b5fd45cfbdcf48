"""The per-language catalogue of fixed wording (``render/strings/<lang>.yaml``).

Every word the build adds to a plan (headings of registers, column names, "Contents")
comes from the catalogue, so the Welsh edition is a new YAML file, not new code. The
catalogue sits with the renderers' templates because both are the publication's
wording; the document builder reads it by path and imports nothing from ``render``.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .errors import BuildError

STRINGS_DIR = Path(__file__).resolve().parent.parent / "render" / "strings"
REFERENCE = "en"  # the catalogue every other language must match key for key
SHOWN = 8  # missing keys named in one error


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
        loaded = _load(part)
        if not isinstance(loaded, dict):
            raise ValueError(f"{part}: a strings catalogue must be a mapping")
        clash = set(data) & set(loaded)
        if clash:
            raise ValueError(f"{part}: keys already defined elsewhere: {sorted(clash)}")
        data.update(loaded)
    return data


def shown_path(path: Path) -> str:
    """A catalogue's path as the source tree names it (cyp_cli/render/strings/...)."""
    return f"cyp_cli/render/strings/{path.name}"


def _files(lang: str) -> list[Path]:
    main = STRINGS_DIR / f"{lang}.yaml"
    return [main, *sorted(STRINGS_DIR.glob(f"*.{lang}.yaml"))]


@cache
def _load(path: Path) -> Any:
    """A catalogue file, read once per run (an edition in Welsh reads the English and
    Welsh files both to check and to use them) with PyYAML's C loader (ten times the
    pure-Python one). Callers copy what they change."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def _read(path: Path) -> dict[str, Any]:
    data = _load(path)
    return data if isinstance(data, dict) else {}


def leaves(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted key, value) for every string or list of a catalogue."""
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from leaves(value, dotted + ".")
        else:
            yield dotted, value


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def catalogue_problems(lang: str) -> list[str]:
    """What keeps ``lang``'s wording from matching the reference (English) catalogue
    key for key: each part file (``en.yaml``, ``review.en.yaml``...) needs its
    ``<lang>`` counterpart with every key, lists of the same length (the 12 months)
    and no ``{placeholder}`` the English does not fill in. Empty when complete."""
    problems: list[str] = []
    for ref in _files(REFERENCE):
        if not ref.is_file():
            continue
        other = STRINGS_DIR / (ref.name.removesuffix(f"{REFERENCE}.yaml") + f"{lang}.yaml")
        if not other.is_file():
            problems.append(f"{shown_path(other)} is missing (it translates {ref.name})")
            continue
        want = dict(leaves(_read(ref)))
        have = dict(leaves(_read(other)))
        for key, value in want.items():
            if key not in have or have[key] in (None, ""):
                problems.append(f"{shown_path(other)}: no '{key}'")
            elif isinstance(value, list):
                if not isinstance(have[key], list) or len(have[key]) != len(value):
                    problems.append(f"{shown_path(other)}: '{key}' must be a list of "
                                    f"{len(value)}")
            elif not isinstance(have[key], str):
                problems.append(f"{shown_path(other)}: '{key}' must be a string")
            elif isinstance(value, str):
                extra = _fields(str(have[key])) - _fields(value)
                if extra:
                    problems.append(f"{shown_path(other)}: '{key}' uses "
                                    f"{{{', '.join(sorted(extra))}}}, which is never "
                                    "filled in")
        for key in have:
            if key not in want:
                problems.append(f"{shown_path(other)}: '{key}' is not in {ref.name}")
    return problems


def catalogue(lang: str) -> dict[str, Any]:
    """The wording of an edition in ``lang``, complete or a :class:`BuildError`: a
    language without a catalogue, or a catalogue lacking a string the English one has,
    stops the build (an edition never falls back to English)."""
    path = STRINGS_DIR / f"{lang}.yaml"
    if not path.is_file():
        raise BuildError(f"cyp has no wording for language '{lang}' (no strings "
                         f"catalogue {shown_path(path)}); it cannot build the '{lang}' "
                         "edition")
    problems = catalogue_problems(lang) if lang != REFERENCE else []
    if problems:
        more = f"; and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
        raise BuildError(f"the '{lang}' strings catalogue is incomplete: "
                         + "; ".join(problems[:SHOWN]) + more)
    return load_strings(lang)


def format_date(day: dt.date | None, strings: dict[str, Any]) -> str:
    """A date in words ("1 April 2011", "1 Ebrill 2011"), in the locale of the
    catalogue's ``lang_tag`` (``figures.long_date``: one place formats figures)."""
    if day is None:
        return str(strings["none"])
    from ..figures import long_date, month_year

    lang = str(strings.get("lang_tag", "en"))
    precision = getattr(day, "precision", "day")  # model.spec.PartialDate
    if precision == "month":
        return month_year(day, lang)
    if precision == "year":
        return str(day.year)
    return long_date(day, lang)
