"""The one type every finding travels in, from the loader to the formatters.

A ``Diagnostic`` names a file, a 1-based line and column, a rule code, a level and a
message. Loaders, rules and the build all produce them; ``formatters/`` turns a list
of them into text, JSON, SARIF or GitHub annotations. Nothing here imports anything
heavier than the standard library: it sits on the ``cyp lint`` start-up path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum
from typing import NamedTuple

#: C0 controls (but tab, line feed and carriage return), DEL and C1 controls: invisible
#: in an editor, and on a terminal ESC and BEL rewrite what is shown (``\r\x1b[2K``
#: can erase a finding's line).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with each control character shown as an escape (``\x1b``), and
    carriage returns and line feeds too: one finding is one line on a terminal."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", text)
    return text.replace("\r", "\\r").replace("\n", "\\n")


class Level(str, Enum):
    """How much a finding matters. ``error`` fails lint; ``warning`` fails only with
    ``--strict``; ``info`` is advice and never fails."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    @classmethod
    def from_requirement(cls, level: str) -> Level:
        """Map a checklist level (must, should, advisory) to a diagnostic level."""
        return {"must": cls.ERROR, "should": cls.WARNING, "advisory": cls.INFO}[level]


class Pos(NamedTuple):
    """A place in a source file: 1-based line and column, as editors count them.

    This and :class:`Diagnostic` are named tuples, not frozen dataclasses, because
    ``cyp lint`` builds every class it imports on each start: a frozen dataclass
    generates its methods from source (about 0.5 ms each on CPython 3.11), a named
    tuple does not (docs/performance.md)."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class Diagnostic(NamedTuple):
    """One finding. Compared and sorted as a tuple: file, line, column, code, level,
    message, then ``data`` (:attr:`key` leaves ``data`` out, for telling duplicates)."""

    file: str
    line: int
    col: int
    code: str
    level: Level
    message: str
    # Extra facts for machine formats (requirement id, citation, suggestion).
    data: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> tuple[str, int, int, str, Level, str]:
        """What makes two findings the same finding: all but ``data``."""
        return self.file, self.line, self.col, self.code, self.level, self.message

    @classmethod
    def at(
        cls, pos: Pos, code: str, level: Level, message: str, **data: str
    ) -> Diagnostic:
        return cls(pos.file, pos.line, pos.col, code, level, message, tuple(data.items()))

    def with_level(self, level: Level, note: str = "") -> Diagnostic:
        message = f"{self.message} ({note})" if note else self.message
        return self._replace(level=level, message=message)

    def __str__(self) -> str:
        return printable(f"{self.file}:{self.line}:{self.col}: {self.code} "
                         f"{self.level.value} {self.message}")


class InputError(Exception):
    """Input cyp cannot read at all (no plan.yaml, unreadable folder). The CLI prints
    the diagnostic and exits 2; nothing is written."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def nearest(value: object, choices: Iterable[object]) -> str | None:
    """The choice closest to ``value``, ignoring case (``Council`` -> ``council``)."""
    import difflib

    names = [str(c) for c in choices]
    lowered = {n.lower(): n for n in names}
    text = str(value).lower()
    if text in lowered:
        return lowered[text]
    close = difflib.get_close_matches(text, list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def allowed(value: object, choices: Iterable[object], shown: int = 24) -> str:
    """``; allowed: a, b, c; did you mean 'x'?`` for a value outside a closed list."""
    names = [str(c) for c in choices]
    listed = ", ".join(names[:shown]) + (f" (and {len(names) - shown} more)"
                                         if len(names) > shown else "")
    near = nearest(value, names)
    if near is None and isinstance(choices, dict):
        # A value written as its label's words (``tier: universal``): offer its key.
        labels: dict[str, str] = {}
        for key, label in choices.items():
            words = str(label).split("(")[0].split()
            for text in (" ".join(words), *words[:1]):
                labels.setdefault(text, str(key))
        label = nearest(value, labels)
        if label is not None:
            key = labels[label]
            full = next(str(v) for k, v in choices.items() if str(k) == key)
            return f"; allowed: {listed}; did you mean '{key}' ({full})?"
    return f"; allowed: {listed}" + (f"; did you mean '{near}'?" if near else "")


def did_you_mean(value: object, choices: Iterable[object]) -> str:
    """A ``did you mean 'x'?`` suffix, or '' when nothing is close."""
    import difflib

    names = [str(c) for c in choices]
    close = difflib.get_close_matches(str(value), names, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""
