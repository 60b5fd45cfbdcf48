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


def templates_dir() -> Path:
    """Packaged templates (wheel) or the repository's (editable install)."""
    here = Path(__file__).resolve().parent
    packaged = here / "templates"
    return packaged if packaged.is_dir() else here.parent / "templates"


@dataclass(frozen=True)
class Citation:
    document: str
    part: str
    paragraph: str = ""
    title: str = ""  # the document's full title, from nation.yaml

    def __str__(self) -> str:
        where = f"{self.part}, {self.paragraph}" if self.paragraph else self.part
        return f"{self.title or self.document}: {where}"

    @property
    def short(self) -> str:
        return f"{self.part}, {self.paragraph}" if self.paragraph else self.part


@dataclass(frozen=True)
class Requirement:
    id: str
    level: str  # must | should | advisory
    citation: Citation
    summary: str
    how: str
    met_by: tuple[dict[str, Any], ...]

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

    def label(self, value: Any) -> str:
        return self.values.get(value, str(value))


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

    store = FileCache(f"nation:{folder}")
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
                   _date(r["in_force"].get("until")), r.get("note", ""))
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
                                  str(c.get("paragraph", "")), doc.get("title", "")),
                summary=item["summary"], how=item.get("how", ""),
                met_by=tuple(item.get("met_by") or ({"covered": True},)),
            ))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _bad(folder, f"malformed nation data ({type(exc).__name__}: {exc})") from None
    return Nation(meta.get("nation", nation_id), meta.get("name", nation_id),
                  meta.get("theme_field", "core_aim"), documents, regimes, vocabularies,
                  requirements, folder)
