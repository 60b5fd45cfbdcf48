"""Output formats for diagnostics, one module each. Every formatter is a function
``format(runs, *, color=False) -> str`` registered in :data:`FORMATS`: ``runs`` holds
one ``(report, diagnostics)`` pair per plan of the lint run, and the result is one
output for the whole run (one JSON or SARIF document, however many plans were named).
Colour is a parameter, chosen by the command line (``--color``, ``NO_COLOR``); only
text uses it."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..check import Report
    from ..diagnostics import Diagnostic

Run = tuple["Report", "list[Diagnostic]"]

FORMATS = ("text", "json", "sarif", "github")


class Formatter(Protocol):
    def __call__(self, runs: Sequence[Run], *, color: bool = False) -> str: ...


def get(name: str) -> Formatter:
    if name not in FORMATS:
        raise ValueError(f"unknown format '{name}' (choose from {', '.join(FORMATS)})")
    formatter: Formatter = importlib.import_module(f"{__name__}.{name}").format
    return formatter
