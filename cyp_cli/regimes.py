"""The nations' statutory checklists, read from ``templates/<nation>/``.

A nation is data (see docs/checklists.md): ``nation.yaml`` holds its regimes with
in-force dates and its vocabularies, ``checklist.yaml`` its requirements with
citations and machine tests. This module reads them and picks the regime in force on a
date; ``coverage.py`` evaluates the requirements against a plan.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, InputError, Level
from .paths import templates_dir

NATION_FORMAT = 2  # bump when Nation, Regime, Requirement or Vocabulary change shape


@dataclass(frozen=True)
class Citation:
    document: str
    part: str
    paragraph: str = ""
    title: str = ""  # the document's full title, from nation.yaml
    # Other languages' wording (``part_cy``, ``paragraph_cy``), as (lang, text) pairs.
    parts: tuple[tuple[str, str], ...] = ()
    paragraphs: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        where = f"{self.part}, {self.paragraph}" if self.paragraph else self.part
        return f"{self.title or self.document}: {where}"

    @property
    def short(self) -> str:
        return f"{self.part}, {self.paragraph}" if self.paragraph else self.part

    def short_for(self, lang: str = "en") -> str | None:
        """Part and paragraph in ``lang`` (``part_cy``, ``paragraph_cy``); None when
        the checklist lacks either (the caller decides)."""
        if lang == "en":
            return self.short
        part = dict(self.parts).get(lang)
        paragraph = dict(self.paragraphs).get(lang)
        if not part or (self.paragraph and not paragraph):
            return None
        return f"{part}, {paragraph}" if self.paragraph else part


@dataclass(frozen=True)
class Requirement:
    id: str
    level: str  # must | should | advisory
    citation: Citation
    summary: str
    how: str
    met_by: tuple[dict[str, Any], ...]
    # Other languages' summaries (``summary_cy`` in checklist.yaml), for editions in them.
    summaries: tuple[tuple[str, str], ...] = ()

    def summary_for(self, lang: str = "en") -> str | None:
        """The summary in ``lang``: ``summary`` for English, ``summary_<lang>`` for
        any other language (None when the checklist has none: the caller decides)."""
        if lang == "en":
            return self.summary
        return dict(self.summaries).get(lang)

    @property
    def code(self) -> str:
        return {"must": "S100", "should": "S200", "advisory": "S300"}[self.level]


@dataclass(frozen=True)
class Regime:
    id: str
    name: str
    start: dt.date | None
    until: dt.date | None
    note: str = ""
    names: tuple[tuple[str, str], ...] = ()  # other languages' names (``name_cy``)

    def name_for(self, lang: str = "en") -> str | None:
        """The regime's name in ``lang`` (None when nation.yaml gives none)."""
        return self.name if lang == "en" else dict(self.names).get(lang)

    def in_force(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (
            self.until is None or day <= self.until
        )

    @property
    def dates(self) -> str:
        start = self.start.isoformat() if self.start else "..."
        until = self.until.isoformat() if self.until else "now"
        return f"in force {start} to {until}"


@dataclass
class Vocabulary:
    name: str
    values: dict[Any, str]
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. uncrc themes, consultees must

    def label(self, value: Any, lang: str = "en") -> str:
        """A value's label: ``values`` in English, ``values_<lang>`` (e.g. ``values_cy``)
        in another language. An unknown value reads as itself; a known value with no
        label in ``lang`` raises KeyError (an edition never falls back to English)."""
        if lang == "en" or value not in self.values:
            return self.values.get(value, str(value))
        labels = self.extra.get(f"values_{lang}")
        if not isinstance(labels, dict) or labels.get(value) in (None, ""):
            raise KeyError(value)
        return str(labels[value])


@dataclass
class Nation:
    id: str
    name: str
    theme_field: str
    documents: dict[str, dict[str, Any]]
    regimes: list[Regime]
    vocabularies: dict[str, Vocabulary]
    requirements: list[Requirement]
    folder: Path

    @property
    def themes(self) -> Vocabulary:
        return self.vocabularies[self.theme_field]

    def document_title(self, document: str, lang: str = "en") -> str | None:
        """A cited document's title: ``title``, or ``title_<lang>`` in another language
        (None when nation.yaml gives none)."""
        entry = self.documents.get(document) or {}
        value = entry.get("title" if lang == "en" else f"title_{lang}")
        return str(value) if value else None

    def requirement(self, req_id: str) -> Requirement | None:
        return next((r for r in self.requirements if r.id == req_id), None)

    def regime_for(self, day: dt.date) -> tuple[Regime, bool]:
        """The regime that applies on ``day`` and whether it is in force then. Outside
        every regime's dates, the nearest one applies (so lint still checks the plan
        against the law it was written for) but is reported as not in force."""
        for regime in self.regimes:
            if regime.in_force(day):
                return regime, True

        def distance(r: Regime) -> int:
            if r.start and day < r.start:
                return (r.start - day).days
            return (day - r.until).days if r.until else 0

        return min(self.regimes, key=distance), False


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _bad(path: Path, message: str) -> InputError:
    return InputError(Diagnostic(str(path), 1, 1, "F000", Level.ERROR, message))


def _read(path: Path, text: str) -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise _bad(path, f"cannot read nation data: {exc}") from None
    if not isinstance(data, dict):
        raise _bad(path, "nation data must be a mapping")
    return data


def _translations(item: dict[str, Any], key: str) -> tuple[tuple[str, str], ...]:
    """``key_<lang>`` values of a mapping (``summary_cy``), as (lang, text) pairs."""
    prefix = key + "_"
    return tuple((k[len(prefix):], str(v)) for k, v in item.items()
                 if isinstance(k, str) and k.startswith(prefix) and v not in (None, ""))


def available() -> list[str]:
    return sorted(p.name for p in templates_dir().iterdir() if (p / "nation.yaml").is_file())


@cache
def load_nation(nation_id: str, use_cache: bool = True) -> Nation:
    """The nation's data, from ``templates/<nation_id>/`` (answered from lint's cache
    while the files are unchanged)."""
    folder = templates_dir() / nation_id
    if not (folder / "nation.yaml").is_file():
        raise _bad(
            folder, f"unknown nation '{nation_id}' (known: {', '.join(available())})"
        )
    try:
        texts = [(folder / name).read_text(encoding="utf-8")
                 for name in ("nation.yaml", "checklist.yaml")]
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(folder, f"cannot read nation data: {exc}") from None
    if not use_cache:
        return _parse_nation(nation_id, folder, *texts)
    from .cache import FileCache

    # The store's name carries the shape of the parsed classes, so a cache written by
    # an older cyp (without the other languages' labels) is never read back.
    store = FileCache(f"nation:{folder}:{NATION_FORMAT}")
    nation = store.get(nation_id, "\0".join(texts),
                       lambda: _parse_nation(nation_id, folder, *texts))
    store.save()
    return nation


def _parse_nation(nation_id: str, folder: Path, meta_text: str, checklist_text: str) -> Nation:
    meta = _read(folder / "nation.yaml", meta_text)
    checklist = _read(folder / "checklist.yaml", checklist_text)
    try:
        documents = meta.get("documents", {})
        regimes = [
            Regime(r["id"], r["name"], _date(r["in_force"].get("from")),
                   _date(r["in_force"].get("until")), r.get("note", ""),
                   _translations(r, "name"))
            for r in meta["regimes"]
        ]
        vocabularies = {}
        for name, spec in (meta.get("vocabularies") or {}).items():
            values = spec.get("values", {}) if isinstance(spec, dict) else {}
            extra = {k: v for k, v in spec.items() if k != "values"}
            vocabularies[name] = Vocabulary(name, dict(values), extra)
        requirements = []
        for item in checklist["requirements"]:
            c = item["citation"]
            doc = documents.get(c["document"], {})
            requirements.append(Requirement(
                id=item["id"], level=item["level"],
                citation=Citation(c["document"], str(c.get("part", "")),
                                  str(c.get("paragraph", "")), doc.get("title", ""),
                                  _translations(c, "part"), _translations(c, "paragraph")),
                summary=item["summary"], how=item.get("how", ""),
                met_by=tuple(item.get("met_by") or ({"covered": True},)),
                summaries=_translations(item, "summary"),
            ))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _bad(folder, f"malformed nation data ({type(exc).__name__}: {exc})") from None
    return Nation(meta.get("nation", nation_id), meta.get("name", nation_id),
                  meta.get("theme_field", "core_aim"), documents, regimes, vocabularies,
                  requirements, folder)
