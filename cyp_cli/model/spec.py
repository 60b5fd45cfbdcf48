"""The plan contract as data: field types that read YAML nodes *and* describe
themselves as JSON Schema, so ``cyp schema`` and the loader cannot disagree.

Each model class lists its ``FIELDS``; :class:`Obj` reads a mapping node into an
instance of the class, reporting on the way:

- F002 a key given twice (the later one wins, as in YAML 1.1 loaders);
- F003 a key the contract does not know, with a did-you-mean suggestion;
- F004 a value of the wrong type or out of range;
- F005 a required key that is missing.

Vocabulary membership (core aims, outcomes, partners) is *not* checked here: the model
does not know the nation's data. Rules check it, and the schema exporter fills the
enums in when a nation is named.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Level, Pos, did_you_mean
from . import yamlnodes as yn

if TYPE_CHECKING:
    from .plan import Located
    from .yamlnodes import Node


class Invalid:
    """Marker for a value that failed its type; the field keeps its default."""


INVALID = Invalid()


class Reader:
    """Carries what every node read needs: where the text came from and where to
    put diagnostics. (A plain class: a dataclass cost half a millisecond of every
    lint's start-up to generate.)"""

    def __init__(self, file: str, line_offset: int = 0, *, what: str = "the YAML",
                 lines: yn.LineMap | None = None) -> None:
        self.file = file
        self.line_offset = line_offset
        self.diagnostics: list[Diagnostic] = []
        self.budget = [yn.MAX_NODES]  # values left to read (nested aliases expand)
        self.what = what  # how messages name the document: "plan.yaml", "front matter"
        self.lines = lines  # when the text has YAML-only line breaks

    def pos(self, node: Node) -> Pos:
        return yn.pos_of(node, self.file, self.line_offset, self.lines)

    def place(self, node: Node) -> tuple[int, int]:
        """(line, column) only: the model stores these and makes a Pos on demand,
        which matters when a 2000-section plan records a quarter of a million."""
        if self.lines is None:  # yn.place's common case, without its call
            mark = node.start_mark
            return mark.line + 1 + self.line_offset, mark.column + 1
        return yn.place(node, self.line_offset, self.lines)

    def report(self, node: Node, code: str, message: str) -> None:
        self.diagnostics.append(Diagnostic.at(self.pos(node), code, Level.ERROR, message))

    def tick(self, node: Node) -> bool:
        self.budget[0] -= 1
        if self.budget[0] == 0:
            self.report(node, "F001", "YAML expands to too many values (nested aliases?)")
        return self.budget[0] > 0


class Type:
    """A value type of the contract."""

    name = "value"

    def read(self, node: Node, r: Reader, where: str) -> Any:
        raise NotImplementedError

    def schema(self, vocab: Mapping[str, list[Any]] | None) -> dict[str, Any]:
        return {}

    def wrong(self, node: Node, r: Reader, where: str, hint: str = "") -> Invalid:
        r.report(node, "F004",
                 f"'{where}' must be {self.name}, not {yn.describe(node)}{hint}")
        return INVALID


class Refused(ValueError):
    """A value of the right kind refused for a reason the message should give (a
    number out of range, a form YAML 1.1 does not read as a number)."""


class Scalar(Type):
    def __init__(
        self,
        name: str,
        json_type: dict[str, Any],
        convert: Callable[[object], object],
        suggest: Callable[[object], str | None] | None = None,
    ) -> None:
        self.name, self.json_type, self.convert = name, json_type, convert
        self.suggest = suggest  # a corrected value to offer with the error, if any

    def schema(self, vocab: Mapping[str, list[Any]] | None) -> dict[str, Any]:
        return dict(self.json_type)

    def read(self, node: Node, r: Reader, where: str) -> Any:
        if node.id != yn.SCALAR or node.tag == yn.NULL:
            return self.wrong(node, r, where)
        value = yn.scalar_value(node)
        try:
            return self.convert(value)
        except Refused as exc:
            return self.wrong(node, r, where, f" ({exc})")
        except (TypeError, ValueError):
            better = self.suggest(value) if self.suggest else None
            return self.wrong(node, r, where, f"; did you mean '{better}'?" if better else "")


def _str(v: object) -> str:
    if isinstance(v, (dt.date, bool)) or v is None:
        raise TypeError
    return str(v)


def _text(v: object) -> str:
    if not isinstance(v, str):
        raise TypeError
    if not v.strip():
        raise ValueError
    return v


def _int(v: object) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError
    return v


# YAML 1.1 (PyYAML) reads 1e308 as a string: a float needs a dot and a signed exponent.
_BARE_EXPONENT = re.compile(r"[-+]?[0-9][0-9_]*(\.[0-9_]*)?[eE][-+]?[0-9]+")


def _number(v: object) -> float | int:
    if isinstance(v, str) and _BARE_EXPONENT.fullmatch(v.strip()):
        raise Refused("YAML 1.1 reads a number with an exponent only with a dot and "
                         "a sign, such as 1.0e+3")
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError
    return finite(v)


#: The largest figure a plan may hold (in size). Far beyond any count or sum of money a
#: plan reports, and it keeps every calculation and every printed figure exact: 1e308
#: fits a float but broke the locale-aware printing, and 1.5e+309 reads as infinity.
MAX_FIGURE = 10**15


def finite(v: float | int) -> float | int:
    """``v`` if it is a figure cyp can calculate and print with, else ValueError."""
    if (isinstance(v, float) and not math.isfinite(v)) or abs(v) >= MAX_FIGURE:
        raise Refused("outside the range of numbers cyp can calculate with: "
                         "under 10^15 in size")
    return v


def _bool(v: object) -> bool:
    if not isinstance(v, bool):
        raise TypeError
    return v


def _date(v: object) -> dt.date:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        return dt.date.fromisoformat(v)
    raise TypeError


TEXT = Scalar("text", {"type": "string", "minLength": 1}, _text)
STRING = Scalar("a string", {"type": "string"}, _str)
INTEGER = Scalar("a whole number", {"type": "integer"}, _int)
NUMBER = Scalar("a number", {"type": "number"}, _number)
BOOLEAN = Scalar("true or false", {"type": "boolean"}, _bool)
DATE = Scalar(
    "an ISO date (YYYY-MM-DD)", {"type": "string", "format": "date"}, _date
)
SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


class PartialDate(dt.date):
    """A date written to day, month (``2010-02``) or year (``2010``) precision.

    Real plans say "consultation in February 2010" and "due 2012". The value is the
    *last* day the words allow, so comparisons read as "by then": an action due
    ``2012-03`` is overdue from 1 April 2012, not from 2 March. ``precision`` is
    ``day``, ``month`` or ``year``; ``str()`` gives the date as written.
    """

    precision: str

    def __new__(cls, year: int, month: int = 12, day: int | None = None,
                precision: str = "day") -> PartialDate:
        if day is None:
            import calendar

            day = calendar.monthrange(year, month)[1]
        self = super().__new__(cls, year, month, day)
        self.precision = precision
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # the lint cache pickles the model
        return (PartialDate, (self.year, self.month, self.day, self.precision))

    def isoformat(self) -> str:
        if self.precision == "year":
            return f"{self.year:04d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return super().isoformat()

    __str__ = isoformat


def _partial_date(v: object) -> dt.date:
    import re

    if isinstance(v, (dt.date, dt.datetime)):
        return _date(v)
    if isinstance(v, int) and not isinstance(v, bool) and 1000 <= v <= 9999:
        return PartialDate(v, precision="year")
    if isinstance(v, str):
        m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", v)
        if m and m.group(2):
            return PartialDate(int(m.group(1)), int(m.group(2)), precision="month")
        if m:
            return PartialDate(int(m.group(1)), precision="year")
        return dt.date.fromisoformat(v)
    raise TypeError


PARTIAL_DATE = Scalar(
    "a date (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY)",
    {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
               {"type": "integer", "minimum": 1000, "maximum": 9999}]},
    _partial_date,
)


class Tbc:
    """A figure the author has not got yet (``value: tbc``)."""

    def __repr__(self) -> str:
        return "TBC"


TBC = Tbc()


def _number_or_tbc(v: object) -> object:
    if isinstance(v, str) and v.strip().lower() == "tbc":
        return TBC
    return _number(v)


NUMBER_OR_TBC = Scalar(
    "a number or tbc (to be confirmed)",
    {"anyOf": [{"type": "number"}, {"const": "tbc"}]},
    _number_or_tbc,
)


def _slug(v: object) -> str:

    s = _str(v)
    if not re.match(SLUG_PATTERN, s):
        raise ValueError
    return s


def _as_slug(v: object) -> str | None:
    """``Council`` -> ``council``, ``Health Board`` -> ``health-board``."""
    import re

    if not isinstance(v, str):
        return None
    s = re.sub(r"[^a-z0-9._-]+", "-", v.strip().lower()).strip("-")
    return s if s and re.match(SLUG_PATTERN, s) else None


SLUG = Scalar(
    "a slug (lower-case letters, digits, '-', '.', '_')",
    {"type": "string", "pattern": SLUG_PATTERN},
    _slug,
    _as_slug,
)
# Periods are written as a financial or academic year ("2010-11"), a year, a
# quarter or a date; periods.py gives them meaning. YAML reads 2011 as an integer.
PERIOD = Scalar(
    "a period such as 2010-11, 2011 or 2011-04-01",
    {"type": ["string", "integer"]},
    lambda v: _str(v) if not isinstance(v, dt.date) else v.isoformat(),
)


class Choice(Type):
    """A closed list fixed by the contract itself (not by a nation)."""

    def __init__(self, *values: str) -> None:
        self.values = values
        self.name = "one of " + ", ".join(values)

    def read(self, node: Node, r: Reader, where: str) -> Any:
        if node.id == yn.SCALAR:
            value = yn.scalar_value(node)
            if value in self.values:
                return value
            r.report(
                node,
                "F004",
                f"'{where}' must be {self.name}, not {yn.describe(node)}"
                + did_you_mean(value, self.values),
            )
            return INVALID
        return self.wrong(node, r, where)

    def schema(self, vocab: Mapping[str, list[Any]] | None) -> dict[str, Any]:
        return {"enum": list(self.values)}


class Vocab(Type):
    """A value from a nation's vocabulary (core aims, outcomes, principles...).

    Read as its base type here; membership is a rule's job (F008), because the model
    does not know the nation, so a word where the base type is a number is kept as
    written for that rule. The schema lists the values when given a nation.
    """

    def __init__(self, vocabulary: str, base: Scalar) -> None:
        self.vocabulary, self.base = vocabulary, base
        self.name = base.name

    def read(self, node: Node, r: Reader, where: str) -> Any:
        if node.id == yn.SCALAR and node.tag != yn.NULL:
            value = yn.scalar_value(node)
            try:
                return self.base.convert(value)
            except (TypeError, ValueError):
                if isinstance(value, str) and not value.strip().isdigit():
                    # A word where the list has numbers (``tier: two``) is a value
                    # outside the vocabulary: kept as written for F008, which knows the
                    # nation's list and names the allowed values and the nearest. A
                    # quoted number ("2") stays a type error: the fix is the quotes.
                    return value
                return self.base.wrong(
                    node, r, where, f" (a value from the nation's '{self.vocabulary}' "
                    f"list: 'cyp explain F008' in the plan lists them)")
        return self.base.read(node, r, where)

    def schema(self, vocab: Mapping[str, list[Any]] | None) -> dict[str, Any]:
        if vocab is not None and self.vocabulary in vocab:
            return {"enum": list(vocab[self.vocabulary])}
        return self.base.schema(vocab)


class ListOf(Type):
    def __init__(self, item: Type, one_or_many: bool = False) -> None:
        self.item, self.one_or_many = item, one_or_many
        self.name = f"a list of {item.name}"

    def read(self, node: Node, r: Reader, where: str) -> Any:
        if node.id == yn.SEQUENCE:
            items, positions = [], []
            for i, child in enumerate(node.value):
                if not r.tick(child):
                    return INVALID
                value = self.item.read(child, r, f"{where}[{i}]")
                if value is not INVALID:
                    items.append(value)
                    positions.append(r.place(child))
            return _Located(items, positions)
        if self.one_or_many and node.id == yn.SCALAR and node.tag != yn.NULL:
            value = self.item.read(node, r, where)
            return INVALID if value is INVALID else _Located([value], [r.place(node)])
        if node.id == yn.SCALAR and node.tag == yn.NULL:
            return _Located([], [])
        return self.wrong(node, r, where)

    def schema(self, vocab: Mapping[str, list[Any]] | None) -> dict[str, Any]:
        many = {"type": "array", "items": self.item.schema(vocab)}
        if self.one_or_many:
            return {"anyOf": [self.item.schema(vocab), many]}
        return many


class MapOf(Type):
    """A mapping with free keys (e.g. per-file-ignores: glob -> codes)."""

    def __init__(self, value: Type) -> None:
        self.value = value
        self.name = f"a mapping of {value.name}"

    def read(self, node: Node, r: Reader, where: str) -> Any:
        if node.id != yn.MAPPING:
            return self.wrong(node, r, where)
        out = _LocatedMap()
        for key, child in node.value:
            name = str(yn.scalar_value(key)) if key.id == yn.SCALAR else "?"
            value = self.value.read(child, r, f"{where}.{name}")
            if value is not INVALID:
                if isinstance(value, _Located):
                    out.positions[name] = value.positions
                    value = list(value)
                out[name] = value
        return out

    def schema(self, vocab: Mapping[str, list[Any]] | None) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": self.value.schema(vocab)}


class _Located(list[Any]):
    """A list read from YAML that remembers where each item stood."""

    def __init__(self, items: list[Any], positions: list[tuple[int, int]]) -> None:
        super().__init__(items)
        self.positions = positions


class _LocatedMap(dict[str, Any]):
    """A mapping read from YAML that remembers where its list values' items stood."""

    def __init__(self) -> None:
        super().__init__()
        self.positions: dict[str, list[tuple[int, int]]] = {}


class Field:
    """One key of a record: its type, what it means, whether it is required; the
    model attribute it fills (``attr``) and, for a Welsh twin (``name_cy``), its
    language (``lang``). Made by ``record.key``, which declares each field once."""

    __slots__ = ("attr", "doc", "lang", "required", "type")

    def __init__(self, type: Type, doc: str, required: bool = False, attr: str = "",
                 lang: str = "") -> None:
        self.type, self.doc, self.required = type, doc, required
        self.attr, self.lang = attr, lang

    def __repr__(self) -> str:
        return f"Field({self.type.name!r}, {self.doc!r}, required={self.required})"


class Obj(Type):
    """A mapping read into a model class that declares ``FIELDS``."""

    def __init__(self, cls: type[Located]) -> None:
        self.cls = cls
        self.name = f"a mapping ({cls.__name__.lower()})"

    @property
    def fields(self) -> dict[str, Field]:
        return self.cls.FIELDS

    def read(self, node: Node, r: Reader, where: str) -> Any:
        if node.id != yn.MAPPING:
            if not where:
                keys = ", ".join(f"'{k}:'" for k, f in self.fields.items() if f.required)
                r.report(node, "F004", f"{r.what} must be a mapping of keys ({keys} ...), "
                                       f"not {yn.describe(node)}")
                return INVALID
            return self.wrong(node, r, where)
        values: dict[str, Any] = {}
        place = r.place
        pos: dict[str, tuple[int, int]] = {"": place(node)}
        seen: dict[str, Node] = {}
        prefix = f"{where}." if where else ""
        fields = self.fields  # read once: this loop runs for every key of every section
        for key_node, value_node in node.value:
            if not r.tick(value_node):
                break
            if key_node.id != yn.SCALAR:
                r.report(key_node, "F004", f"keys in '{where or 'the mapping'}' must be names")
                continue
            key = str(yn.scalar_value(key_node))
            if key in seen:
                first = r.pos(seen[key])
                r.report(
                    key_node,
                    "F002",
                    f"duplicate key '{prefix}{key}' (first given at line {first.line})",
                )
            seen[key] = key_node
            spec = fields.get(key)
            if spec is None:
                r.report(
                    key_node,
                    "F003",
                    f"unknown key '{prefix}{key}'" + did_you_mean(key, fields),
                )
                continue
            value = spec.type.read(value_node, r, prefix + key)
            pos[key + ":key"] = place(key_node)
            pos[key] = place(value_node)
            if value is INVALID:
                continue
            if isinstance(value, _Located):
                for i, p in enumerate(value.positions):
                    pos[f"{key}[{i}]"] = p
                value = list(value)
            if isinstance(value, _LocatedMap):
                for name, places in value.positions.items():
                    for i, p in enumerate(places):
                        pos[f"{key}.{name}[{i}]"] = p
                value = dict(value)
            values[key] = value
        for key, spec in self.fields.items():
            if spec.required and key not in seen:
                r.report(node, "F005", f"missing required key '{prefix}{key}'")
        return self.cls.from_contract(values, file=r.file, pos=pos)

    def schema(self, vocab: Mapping[str, list[Any]] | None) -> dict[str, Any]:
        return {
            "type": "object",
            "description": (self.cls.__doc__ or "").strip().split("\n\n")[0],
            "properties": {
                k: {**f.type.schema(vocab), "description": f.doc}
                for k, f in self.fields.items()
            },
            "required": [k for k, f in self.fields.items() if f.required],
            "additionalProperties": False,
        }
