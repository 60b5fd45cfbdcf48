"""``path:line:col: CODE level message``, one a line, as compilers and ruff print,
then each plan's count line; coloured when the command line asks (``--color``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Level, printable

if TYPE_CHECKING:
    from ..check import Report
    from . import Run

COLOURS = {Level.ERROR: "\x1b[31m", Level.WARNING: "\x1b[33m", Level.INFO: "\x1b[36m"}
BOLD, RESET = "\x1b[1m", "\x1b[0m"


def line(d: Diagnostic, color: bool = False) -> str:
    if not color:
        return str(d)
    level = f"{COLOURS[d.level]}{d.level.value}{RESET}"
    return (f"{BOLD}{printable(d.file)}:{d.line}:{d.col}:{RESET} {BOLD}{d.code}{RESET} "
            f"{level} {printable(d.message)}")


def _plan(report: Report, diagnostics: list[Diagnostic], color: bool) -> list[str]:
    out = [line(d, color) for d in diagnostics]
    counts = [
        f"{report.count(level)} {level.value}{'s' if report.count(level) != 1 else ''}"
        for level in Level
    ]
    if report.regime is not None and report.regime.statement:
        # A voluntary plan, or one made when no duty applied, is told so in a sentence.
        out.append(f"{report.plan.root.name}: {report.regime.statement}")
    out.append(f"{report.plan.root.name}: {', '.join(counts)} ({report.regime_line})")
    return out


def format(runs: Sequence[Run], *, color: bool = False) -> str:
    return "\n".join(text for report, diagnostics in runs
                     for text in _plan(report, diagnostics, color))
