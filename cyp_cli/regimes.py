"""The nations' statutory checklists, read from ``templates/<nation>/``.

A nation is data (see docs/checklists.md): ``nation.yaml`` holds the source documents
(each instrument with its in-force dates), the regimes (which instruments applied
together, from when to when, and whether a plan was a duty, voluntary or not required)
and the vocabularies; ``checklist*.yaml`` hold the requirements, each with a citation,
the instrument it comes from (``source``) and a machine test. This module reads and
checks them (a mistake is reported at its file and line, like a plan's), and picks the
regime in force on a date; ``coverage.py`` evaluates the requirements against a plan.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from .diagnostics import Diagnostic, InputError, Level, Pos
from .model.yamlnodes import MAPPING, SEQUENCE, place, pos_of, scalar_value
from .paths import templates_dir

LEVELS = ("must", "should", "advisory")
DUTIES = ("statutory", "voluntary", "none")
# The machine tests a requirement's ``met_by`` may use (coverage.py evaluates them).
CONDITIONS = ("covered", "section", "consultation", "plan", "items")
HAS = ("targets", "actions", "body")
PLAN_TESTS = ("exists", "equals", "on_or_before", "on_or_after", "within_days_after",
              "no_later_than_days_after")


class Citation(NamedTuple):
    """Where a requirement is written: document, part and paragraph."""

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


class Source(NamedTuple):
    """A source instrument (regulations, a Measure, statutory guidance) as nation.yaml
    lists it under ``documents``."""

    id: str
    title: str
    short: str  # how findings name it: "2007 Regulations", "2010 guidance"
    start: dt.date | None = None
    until: dt.date | None = None
    # False when the instrument's own text was not available and its requirements were
    # modelled from what other documents say about it (docs/checklists.md).
    primary: bool = True

    def in_force(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (
            self.until is None or day <= self.until)


class Requirement(NamedTuple):
    """One statutory requirement of a checklist and its machine test."""

    id: str
    level: str  # must | should | advisory
    citation: Citation
    summary: str
    how: str
    met_by: tuple[dict[str, Any], ...]
    # Other languages' summaries (``summary_cy`` in checklist.yaml), for editions in them.
    summaries: tuple[tuple[str, str], ...] = ()
    source: str = ""  # the instrument that imposes it (a documents key)
    source_short: str = ""  # that instrument's short name, for messages
    start: dt.date | None = None  # a dated change: applies from this day ...
    until: dt.date | None = None  # ... to this day (inclusive)
    file: str = ""  # where it is written (templates/<nation>/checklist*.yaml) ...
    line: int = 0  # ... and on which line, for messages about the data itself

    def summary_for(self, lang: str = "en") -> str | None:
        """The summary in ``lang``: ``summary`` for English, ``summary_<lang>`` for
        any other language (None when the checklist has none: the caller decides)."""
        if lang == "en":
            return self.summary
        return dict(self.summaries).get(lang)

    @property
    def code(self) -> str:
        return {"must": "S100", "should": "S200", "advisory": "S300"}[self.level]

    def applies_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (
            self.until is None or day <= self.until)


class Regime(NamedTuple):
    """The instruments that applied together over a span of dates."""

    id: str
    name: str
    start: dt.date | None
    until: dt.date | None
    note: str = ""
    names: tuple[tuple[str, str], ...] = ()  # other languages' names (``name_cy``)
    duty: str = "statutory"  # statutory | voluntary | none
    sources: tuple[str, ...] = ()  # documents keys: the instruments applied together
    good_practice: str = ""  # voluntary: the regime whose requirements apply as advice
    statement: str = ""  # voluntary or none: the plain sentence lint prints
    statements: tuple[tuple[str, str], ...] = ()  # other languages' (``statement_cy``)
    secondary: bool = False  # some source's own text was not available

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


class Vocabulary(NamedTuple):
    """A nation's list of allowed values for one plan field."""

    name: str
    values: dict[Any, str]
    extra: dict[str, Any]  # e.g. uncrc themes, consultees must

    def label(self, value: Any, lang: str = "en") -> str:
        """A value's label: ``values`` in English, ``values_<lang>`` (e.g. ``values_cy``)
        in another language. An unknown value reads as itself; a known value with no
        label in ``lang`` raises KeyError (an edition never falls back to English)."""
        if lang == "en" or value not in self.values:
            return str(self.values.get(value, value))
        labels = self.extra.get(f"values_{lang}")
        if not isinstance(labels, dict) or labels.get(value) in (None, ""):
            raise KeyError(value)
        return str(labels[value])


class Nation(NamedTuple):
    """A nation's checklists, regimes and vocabularies, as read."""

    id: str
    name: str
    theme_field: str
    documents: dict[str, dict[str, Any]]
    regimes: list[Regime]
    vocabularies: dict[str, Vocabulary]
    requirements: list[Requirement]  # every regime's (a view from ``applicable`` has fewer)
    folder: Path
    sources: dict[str, Source]
    known_ids: frozenset[str] = frozenset()  # every requirement id of the nation

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

    def regime(self, regime_id: str) -> Regime | None:
        return next((r for r in self.regimes if r.id == regime_id), None)

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

    def judged_by(self, regime: Regime) -> Regime:
        """The regime whose requirements apply: a voluntary regime's good practice."""
        if regime.duty == "voluntary" and regime.good_practice:
            return self.regime(regime.good_practice) or regime
        return regime

    def applicable(self, regime: Regime, day: dt.date) -> list[Requirement]:
        """The requirements a plan judged on ``day`` under ``regime`` must meet: those
        whose source instrument the regime applies, less dated changes not in effect
        on ``day``. A regime with no duty has none."""
        if regime.duty == "none":
            return []
        judged = self.judged_by(regime)
        return [r for r in self.requirements
                if r.source in judged.sources and r.applies_on(day)]

    def view(self, regime: Regime, day: dt.date) -> Nation:
        """This nation with only the requirements that apply (what coverage evaluates);
        ``known_ids`` still lists every id, so a section may cite another regime's."""
        return self._replace(requirements=self.applicable(regime, day))

    def sources_of(self, regime: Regime) -> list[Source]:
        return [self.sources[s] for s in self.judged_by(regime).sources if s in self.sources]


def available() -> list[str]:
    return sorted(p.name for p in templates_dir().iterdir() if (p / "nation.yaml").is_file())


def checklist_files(folder: Path) -> list[Path]:
    """``checklist.yaml`` first, then any ``checklist-*.yaml`` (one per regime's own
    instruments), in name order."""
    return sorted(folder.glob("checklist*.yaml"), key=lambda p: (p.name != "checklist.yaml",
                                                                  p.name))


@cache
def load_nation(nation_id: str, use_cache: bool = True) -> Nation:
    """The nation's data, from ``templates/<nation_id>/`` (answered from lint's cache
    while the files are unchanged). Raises InputError, at the file and line, for data
    that does not follow docs/checklists.md."""
    folder = templates_dir() / nation_id
    if not (folder / "nation.yaml").is_file():
        raise _bad(Pos(str(folder), 1, 1),
                   f"unknown nation '{nation_id}' (known: {', '.join(available())})")
    paths = [folder / "nation.yaml", *checklist_files(folder)]
    try:
        texts = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(Pos(str(folder), 1, 1), f"cannot read nation data: {exc}") from None
    if not use_cache:
        return _parse_nation(nation_id, folder, texts)
    from .cache import FileCache

    # The cache's entries carry a hash of this module's source (cache.code_stamp), so
    # one written by a cyp whose classes had another shape is never read back.
    store = FileCache(f"nation:{folder}")
    key = "\0".join(f"{name}\0{text}" for name, text in texts)
    nation = store.get(nation_id, key, lambda: _parse_nation(nation_id, folder, texts))
    store.save()
    return nation


def _bad(pos: Pos, message: str) -> InputError:
    return InputError(Diagnostic(pos.file, pos.line, pos.col, "F000", Level.ERROR, message))


# --- reading with positions ----------------------------------------------------------

class _Doc:
    """One YAML file as plain Python values, remembering where each value was written
    (by the identity of its container and key), so a mistake is reported at its line."""

    def __init__(self, path: Path, text: str) -> None:
        from .model.yamlnodes import compose

        self.file = _display(path)
        # id(container) -> {key (None: the container itself; ("key", k): a key):
        # (line, column)}; a Pos is made only for a message (thousands of values,
        # read on every cold run, almost never reported)
        self.where: dict[int, dict[Any, tuple[int, int]]] = {}
        node, problems = compose(text, self.file)
        if problems:
            d = problems[0]
            raise InputError(Diagnostic(d.file, d.line, d.col, "F000", Level.ERROR,
                                        f"cannot read nation data: {d.message}"))
        self.root_pos = Pos(self.file, 1, 1)
        self.data = self._plain(node) if node is not None else None

    def _plain(self, node: Any) -> Any:
        if node.id == SEQUENCE:
            items = [self._plain(n) for n in node.value]
            out: Any = _List(items)
            places = self.where[id(out)] = {}
            for i, n in enumerate(node.value):
                places[i] = place(n)
        elif node.id == MAPPING:
            out = _Map()
            places = self.where[id(out)] = {}
            for k, v in node.value:
                key = scalar_value(k) if k.id == "scalar" else str(k.value)
                if key in out:
                    raise _bad(pos_of(k, self.file), f"'{key}' is given twice")
                out[key] = self._plain(v)
                places[key] = place(v)
                places[("key", key)] = place(k)
        else:
            return scalar_value(node)
        places[None] = place(node)
        return out

    def at(self, container: Any, key: Any = None) -> Pos:
        """Where ``container[key]`` (or the container itself) was written."""
        places = self.where.get(id(container), {})
        found = places.get(key) or places.get(None)
        return Pos(self.file, *found) if found else self.root_pos

    def key_at(self, container: Any, key: Any) -> Pos:
        found = self.where.get(id(container), {}).get(("key", key))
        return Pos(self.file, *found) if found else self.at(container)


class _Map(dict[Any, Any]):
    """A mapping read from YAML (a distinct type so its identity is its own)."""


class _List(list[Any]):
    """A list read from YAML."""


def _display(path: Path) -> str:
    """A data file's name as messages give it: relative to the templates' parent."""
    try:
        return path.relative_to(templates_dir().parent).as_posix()
    except ValueError:
        return str(path)


class _Checker:
    """Checks one file's values against docs/checklists.md, raising at the first
    mistake with its position."""

    def __init__(self, doc: _Doc) -> None:
        self.doc = doc

    def fail(self, container: Any, key: Any, message: str) -> InputError:
        return _bad(self.doc.at(container, key), message)

    def mapping(self, container: Any, key: Any, what: str) -> dict[str, Any]:
        value = container[key] if key is not None else container
        if not isinstance(value, dict):
            raise self.fail(container, key, f"{what} must be a mapping")
        return value

    def listing(self, container: Any, key: str, what: str) -> list[Any]:
        value = container.get(key)
        if not isinstance(value, list):
            raise self.fail(container, key, f"{what} must be a list")
        return value

    def text(self, container: dict[str, Any], key: str, what: str,
             required: bool = True) -> str:
        value = container.get(key)
        if value is None or value == "":
            if required:
                raise self.fail(container, None, f"{what} needs '{key}'")
            return ""
        if not isinstance(value, str | int | float):
            raise self.fail(container, key, f"'{key}' of {what} must be text")
        return str(value)

    def date(self, container: dict[str, Any], key: str, what: str) -> dt.date | None:
        value = container.get(key)
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        raise self.fail(container, key,
                        f"'{key}' of {what} must be an ISO date such as 2011-04-01, "
                        f"not '{value}'")

    def keys(self, container: dict[str, Any], allowed: set[str], what: str,
             translated: tuple[str, ...] = ()) -> None:
        from .diagnostics import did_you_mean

        for key in container:
            if key in allowed or any(str(key).startswith(t + "_") for t in translated):
                continue
            raise _bad(self.doc.key_at(container, key),
                       f"unknown key '{key}' in {what}{did_you_mean(key, sorted(allowed))}")

    def choice(self, container: dict[str, Any], key: str, choices: Any, what: str) -> Any:
        from .diagnostics import did_you_mean

        value = container.get(key)
        if value not in choices:
            raise self.fail(container, key, f"{what}: '{value}' is not one of "
                            f"{', '.join(map(str, choices))}{did_you_mean(value, choices)}")
        return value


def _translations(item: dict[Any, Any], key: str) -> tuple[tuple[str, str], ...]:
    """``key_<lang>`` values of a mapping (``summary_cy``), as (lang, text) pairs. (Keys
    are as YAML read them: not always text.)"""
    prefix = key + "_"
    return tuple((k[len(prefix):], str(v)) for k, v in item.items()
                 if isinstance(k, str) and k.startswith(prefix) and v not in (None, ""))


# --- nation.yaml ---------------------------------------------------------------------

DOCUMENT_KEYS = {"title", "short", "reference", "url", "in_force", "text", "note"}
REGIME_KEYS = {"id", "name", "in_force", "note", "duty", "sources", "good_practice",
               "statement"}


def _parse_nation(nation_id: str, folder: Path, texts: list[tuple[str, str]]) -> Nation:
    meta_doc = _Doc(folder / texts[0][0], texts[0][1])
    c = _Checker(meta_doc)
    meta = meta_doc.data
    if not isinstance(meta, dict):
        raise _bad(meta_doc.root_pos, "nation data must be a mapping")
    documents = c.mapping(meta, "documents", "'documents'") if "documents" in meta else {}
    sources = {key: _source(c, key, entry) for key, entry in documents.items()}
    regimes = [_regime(c, r, sources) for r in c.listing(meta, "regimes", "'regimes'")]
    ids = [r.id for r in regimes]
    for r, raw in zip(regimes, meta["regimes"], strict=True):
        if ids.count(r.id) > 1:
            raise c.fail(raw, "id", f"regime id '{r.id}' is given twice")
        if r.good_practice and r.good_practice not in ids:
            raise c.fail(raw, "good_practice",
                         f"good_practice names no regime: '{r.good_practice}'")
    vocabularies = {}
    for name, spec in (meta.get("vocabularies") or {}).items():
        values = spec.get("values", {}) if isinstance(spec, dict) else {}
        extra = {k: v for k, v in spec.items() if k != "values"} if isinstance(
            spec, dict) else {}
        vocabularies[name] = Vocabulary(name, dict(values), extra)
    requirements: list[Requirement] = []
    seen: dict[str, Requirement] = {}
    for name, text in texts[1:]:
        doc = _Doc(folder / name, text)
        for req in _requirements(doc, nation_id, documents, sources, vocabularies):
            if req.id in seen:
                first = seen[req.id]
                raise _bad(Pos(req.file, req.line, 1), f"requirement id '{req.id}' is "
                           f"given twice (first at {first.file}:{first.line})")
            seen[req.id] = req
            requirements.append(req)
    return Nation(meta.get("nation", nation_id), meta.get("name", nation_id),
                  meta.get("theme_field", "core_aim"), documents, regimes, vocabularies,
                  requirements, folder, sources, frozenset(seen))


def _source(c: _Checker, key: str, entry: Any) -> Source:
    what = f"document '{key}'"
    if not isinstance(entry, dict):
        raise c.fail(entry, None, f"{what} must be a mapping")
    c.keys(entry, DOCUMENT_KEYS, what, ("title",))
    title = c.text(entry, "title", what)
    start = until = None
    if "in_force" in entry:
        span = c.mapping(entry, "in_force", f"'in_force' of {what}")
        c.keys(span, {"from", "until"}, f"'in_force' of {what}")
        start, until = c.date(span, "from", what), c.date(span, "until", what)
    text = entry.get("text", "primary")
    if text not in ("primary", "secondary"):
        raise c.fail(entry, "text", f"'text' of {what} is primary or secondary, not '{text}'")
    return Source(key, title, c.text(entry, "short", what, required=False) or key,
                  start, until, text == "primary")


def _regime(c: _Checker, raw: Any, sources: dict[str, Source]) -> Regime:
    if not isinstance(raw, dict):
        raise c.fail(raw, None, "each regime must be a mapping")
    what = f"regime '{raw.get('id', '?')}'"
    c.keys(raw, REGIME_KEYS, what, ("name", "statement"))
    span = c.mapping(raw, "in_force", f"'in_force' of {what}") if "in_force" in raw else {}
    c.keys(span, {"from", "until"}, f"'in_force' of {what}")
    start, until = c.date(span, "from", what), c.date(span, "until", what)
    if start and until and until < start:
        raise c.fail(span, "until", f"{what} ends ({until}) before it starts ({start})")
    duty = c.choice(raw, "duty", DUTIES, f"'duty' of {what}") if "duty" in raw else "statutory"
    listed = raw.get("sources") or []
    if not isinstance(listed, list):
        raise c.fail(raw, "sources", f"'sources' of {what} must be a list of documents keys")
    for i, s in enumerate(listed):
        if s not in sources:
            from .diagnostics import did_you_mean

            raise c.fail(listed, i, f"{what} lists source '{s}', which is not under "
                         f"documents{did_you_mean(s, list(sources))}")
    if duty == "statutory" and not listed:
        raise c.fail(raw, None, f"{what} has a duty but no 'sources'")
    if duty == "voluntary" and not raw.get("good_practice"):
        raise c.fail(raw, None, f"{what} is voluntary but names no 'good_practice' regime")
    if duty != "statutory" and not raw.get("statement"):
        raise c.fail(raw, None, f"{what} needs a 'statement': the sentence lint prints")
    return Regime(
        c.text(raw, "id", "a regime"), c.text(raw, "name", what), start, until,
        str(raw.get("note") or ""), _translations(raw, "name"), duty, tuple(listed),
        str(raw.get("good_practice") or ""), str(raw.get("statement") or "").strip(),
        _translations(raw, "statement"), any(not sources[s].primary for s in listed))


# --- checklist*.yaml -----------------------------------------------------------------

REQUIREMENT_KEYS = {"id", "level", "citation", "summary", "how", "met_by", "source",
                    "from", "until", "note", "each"}
CITATION_KEYS = {"document", "part", "paragraph"}
_VAR = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _requirements(doc: _Doc, nation_id: str, documents: dict[str, Any],
                  sources: dict[str, Source],
                  vocabularies: dict[str, Vocabulary]) -> list[Requirement]:
    c = _Checker(doc)
    data = doc.data
    if not isinstance(data, dict):
        raise _bad(doc.root_pos, "a checklist must be a mapping with 'requirements'")
    c.keys(data, {"requirements"}, "a checklist")
    out = []
    for raw in c.listing(data, "requirements", "'requirements'"):
        if not isinstance(raw, dict):
            raise c.fail(raw, None, "each requirement must be a mapping")
        for item in _expand(c, raw):
            out.append(_requirement(c, raw, item, nation_id, documents, sources,
                                    vocabularies))
    return out


def _expand(c: _Checker, raw: dict[str, Any]) -> list[dict[str, Any]]:
    """A requirement written once for several values (``each``): one copy per value,
    with ``{value}`` (or ``{name}`` for a mapping item's keys) filled in. A string that
    is exactly ``{name}`` takes the value itself, so ``core_aim: "{value}"`` stays 3."""
    if "each" not in raw:
        return [raw]
    items = raw["each"]
    if not isinstance(items, list) or not items:
        raise c.fail(raw, "each", "'each' must be a non-empty list of values or mappings")
    out = []
    for i, item in enumerate(items):
        names = dict(item) if isinstance(item, dict) else {"value": item}
        copy = {k: _fill(c, raw, k, v, names, items, i) for k, v in raw.items()
                if k != "each"}
        out.append(copy)
    return out


def _fill(c: _Checker, owner: Any, key: Any, value: Any, names: dict[str, Any],
          items: list[Any], index: int) -> Any:
    if isinstance(value, str):
        whole = _VAR.fullmatch(value)
        for name in _VAR.findall(value):
            if name not in names:
                raise c.fail(owner, key, f"'{{{name}}}' is not a name of 'each' item "
                             f"{index + 1} (it has: {', '.join(map(str, names))})")
        if whole:
            return names[whole.group(1)]
        return _VAR.sub(lambda m: str(names[m.group(1)]), value)
    if isinstance(value, dict):
        mapping = _Map({k: _fill(c, value, k, v, names, items, index)
                        for k, v in value.items()})
        _reposition(c, value, mapping)
        return mapping
    if isinstance(value, list):
        listed = _List(_fill(c, value, i, v, names, items, index) for i, v in enumerate(value))
        _reposition(c, value, listed)
        return listed
    return value


def _reposition(c: _Checker, original: Any, copy: Any) -> None:
    """Give a filled-in copy the template's positions."""
    c.doc.where[id(copy)] = c.doc.where.get(id(original), {})
    copy._template = original  # keeps the template alive, so its id is never reused


def _requirement(c: _Checker, template: dict[str, Any], raw: dict[str, Any],
                 nation_id: str, documents: dict[str, Any], sources: dict[str, Source],
                 vocabularies: dict[str, Vocabulary]) -> Requirement:
    from .diagnostics import did_you_mean

    c.keys(template, REQUIREMENT_KEYS, "a requirement", ("summary",))
    req_id = c.text(raw, "id", "a requirement")
    if not re.fullmatch(rf"{re.escape(nation_id)}(\.[a-z0-9][a-z0-9-]*)+", req_id):
        raise c.fail(template, "id", f"requirement id '{req_id}' must read "
                     f"'{nation_id}.<part>[.<part>...]' in lower case, digits and '-'")
    what = f"requirement '{req_id}'"
    level = c.choice(raw, "level", LEVELS, f"'level' of {what}")
    cite = c.mapping(raw, "citation", f"'citation' of {what}") if "citation" in raw else None
    if cite is None:
        raise c.fail(template, None, f"{what} needs a 'citation'")
    c.keys(cite, CITATION_KEYS, f"'citation' of {what}", ("part", "paragraph"))
    document = c.text(cite, "document", f"'citation' of {what}")
    if document not in documents:
        raise c.fail(cite, "document", f"{what} cites document '{document}', which is not "
                     f"under documents in nation.yaml{did_you_mean(document, list(documents))}")
    source = str(raw.get("source") or document)
    if source not in sources:
        raise c.fail(raw, "source", f"{what} names source '{source}', which is not under "
                     f"documents in nation.yaml{did_you_mean(source, list(sources))}")
    start, until = c.date(raw, "from", what), c.date(raw, "until", what)
    met_by = raw.get("met_by") or [{"covered": True}]
    if not isinstance(met_by, list):
        raise c.fail(raw, "met_by", f"'met_by' of {what} must be a list of alternatives")
    for alternative in met_by:
        _check_alternative(c, alternative, what, vocabularies)
    pos = c.doc.at(template)
    return Requirement(
        id=req_id, level=level,
        citation=Citation(document, c.text(cite, "part", f"'citation' of {what}"),
                          c.text(cite, "paragraph", what, required=False),
                          str(documents[document].get("title", "")),
                          _translations(cite, "part"), _translations(cite, "paragraph")),
        summary=c.text(raw, "summary", what), how=c.text(raw, "how", what),
        met_by=tuple(_frozen(a) for a in met_by), summaries=_translations(raw, "summary"),
        source=source, source_short=sources[source].short, start=start, until=until,
        file=pos.file, line=pos.line,
    )


def _frozen(value: Any) -> Any:
    """Plain dicts and lists (the YAML position types stay out of the pickle)."""
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_frozen(v) for v in value]
    return value


def _check_alternative(c: _Checker, alternative: Any, what: str,
                       vocabularies: dict[str, Vocabulary]) -> None:
    from .diagnostics import did_you_mean

    if not isinstance(alternative, dict) or not alternative:
        raise c.fail(alternative, None, f"each 'met_by' alternative of {what} must be a "
                     f"mapping of conditions ({', '.join(CONDITIONS)})")
    for kind, arg in alternative.items():
        if kind not in CONDITIONS:
            raise _bad(c.doc.key_at(alternative, kind),
                       f"unknown condition '{kind}' in {what}"
                       f"{did_you_mean(kind, CONDITIONS)} (known: {', '.join(CONDITIONS)})")
        if kind == "covered":
            if arg is not True:
                raise c.fail(alternative, kind, f"'covered' of {what} must be true")
            continue
        if not isinstance(arg, dict):
            raise c.fail(alternative, kind, f"'{kind}' of {what} must be a mapping")
        if kind == "section":
            c.keys(arg, {"where", "has", "count", "theme"}, f"'section' of {what}")
            _check_has(c, arg, what)
            where = arg.get("where", {})
            if not isinstance(where, dict):
                raise c.fail(arg, "where", f"'where' of {what} must be a mapping")
            _check_fields(c, where, what, vocabularies)
        elif kind == "items":
            c.keys(arg, {"theme", "has", "each"}, f"'items' of {what}")
            _check_has(c, arg, what)
        elif kind == "consultation":
            c.keys(arg, {"consultee"}, f"'consultation' of {what}")
            who = arg.get("consultee")
            known = vocabularies.get("consultees")
            if known is not None and who not in known.values:
                raise c.fail(arg, "consultee", f"{what}: consultee '{who}' is not in the "
                             f"consultees vocabulary{did_you_mean(who, list(known.values))}")
        elif kind == "plan":
            c.keys(arg, {"field", *PLAN_TESTS}, f"'plan' of {what}")
            c.text(arg, "field", f"'plan' of {what}")
            for op in ("on_or_before", "on_or_after"):
                if op in arg:
                    c.date(arg, op, f"'plan' of {what}")


def _check_has(c: _Checker, arg: dict[str, Any], what: str) -> None:
    from .diagnostics import did_you_mean

    has = arg.get("has", [])
    if not isinstance(has, list):
        raise c.fail(arg, "has", f"'has' of {what} must be a list ({', '.join(HAS)})")
    for i, item in enumerate(has):
        if item not in HAS:
            raise c.fail(has, i, f"unknown 'has' item '{item}' in {what}"
                         f"{did_you_mean(item, HAS)} (known: {', '.join(HAS)})")


def _check_fields(c: _Checker, where: dict[str, Any], what: str,
                  vocabularies: dict[str, Vocabulary]) -> None:
    from .diagnostics import did_you_mean
    from .model.plan import FrontMatter

    fields = [*FrontMatter.FIELDS, "id"]
    for name, wanted in where.items():
        if name not in fields:
            raise _bad(c.doc.key_at(where, name), f"'where' of {what}: '{name}' is not a "
                       f"front-matter field{did_you_mean(name, fields)}")
        vocab = vocabularies.get(name)
        if vocab is None or name == "covers":
            continue
        for value in wanted if isinstance(wanted, list) else [wanted]:
            if value not in vocab.values:
                raise c.fail(where, name, f"'where' of {what}: '{value}' is not a value of "
                             f"the '{name}' vocabulary{did_you_mean(value, list(vocab.values))}")


def checklist_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of ``templates/<nation>/checklist*.yaml``, from the
    same constants the reader checks against (``cyp schema checklist``)."""
    text = {"type": "string"}
    date = {"type": "string", "format": "date"}
    where = {"type": "object", "description": "front-matter field -> value or list of values"}
    has = {"type": "array", "items": {"enum": list(HAS)}}
    conditions = {
        "covered": {"const": True, "description": "a section lists the id in 'covers'"},
        "section": {"type": "object", "additionalProperties": False, "properties": {
            "where": where, "has": has, "count": {"type": "integer", "minimum": 1},
            "theme": {"description": "the section's first theme"}}},
        "consultation": {"type": "object", "additionalProperties": False,
                         "required": ["consultee"],
                         "properties": {"consultee": text}},
        "plan": {"type": "object", "required": ["field"], "additionalProperties": False,
                 "properties": {"field": text, "exists": {"const": True}, "equals": {},
                                "on_or_before": date, "on_or_after": date,
                                "within_days_after": {"type": "object", "properties": {
                                    "field": text, "days": {"type": "integer"}}},
                                "no_later_than_days_after": {"type": "object", "properties": {
                                    "field": text, "days": {"type": "integer"}}}}},
        "items": {"type": "object", "description": "targets and actions by theme "
                  "(coverage.py)", "additionalProperties": False,
                  "properties": {"theme": {}, "has": has, "each": {"type": "boolean"}}},
    }
    assert set(conditions) == set(CONDITIONS)
    requirement = {
        "type": "object",
        "required": ["id", "level", "citation", "summary", "how"],
        "patternProperties": {"^summary_[a-z]{2}$": text},
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "description": "<nation>.<part>...; may hold "
                   "{name}s filled from 'each'"},
            "each": {"type": "array", "minItems": 1, "description": "write the "
                     "requirement once for each item: a value ({value}) or a mapping "
                     "whose keys are {name}s"},
            "level": {"enum": list(LEVELS)},
            "citation": {"type": "object", "required": ["document", "part"],
                         "patternProperties": {"^(part|paragraph)_[a-z]{2}$": text},
                         "additionalProperties": False,
                         "properties": {"document": text, "part": text, "paragraph": text}},
            "source": {"type": "string", "description": "documents key of the instrument "
                       "that imposes it (default: the citation's document)"},
            "from": date, "until": date,
            "summary": text, "how": text, "note": text,
            "met_by": {"type": "array", "description": "alternatives: met when any holds",
                       "items": {"type": "object", "minProperties": 1,
                                 "additionalProperties": False, "properties": conditions}},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "cyp-checklist.schema.json",
        "title": "cyp checklist (templates/<nation>/checklist*.yaml)",
        "type": "object",
        "required": ["requirements"],
        "additionalProperties": False,
        "properties": {"requirements": {"type": "array", "items": requirement}},
    }
