"""``path:line:col: CODE level message``, one a line, as compilers and ruff print;
colour only when writing to a terminal (set by the CLI with ``color``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Level, printable

if TYPE_CHECKING:
    from ..check import Report

COLOURS = {Level.ERROR: "\x1b[31m", Level.WARNING: "\x1b[33m", Level.INFO: "\x1b[36m"}
BOLD, RESET = "\x1b[1m", "\x1b[0m"

color = False


def line(d: Diagnostic) -> str:
    if not color:
        return str(d)
    level = f"{COLOURS[d.level]}{d.level.value}{RESET}"
    return (f"{BOLD}{printable(d.file)}:{d.line}:{d.col}:{RESET} {BOLD}{d.code}{RESET} "
            f"{level} {printable(d.message)}")


def format(report: Report, diagnostics: list[Diagnostic]) -> str:
    out = [line(d) for d in diagnostics]
    counts = [
        f"{report.count(level)} {level.value}{'s' if report.count(level) != 1 else ''}"
        for level in Level
    ]
    if report.regime is not None and report.regime.statement:
        # A voluntary plan, or one made when no duty applied, is told so in a sentence.
        out.append(f"{report.plan.root.name}: {report.regime.statement}")
    out.append(f"{report.plan.root.name}: {', '.join(counts)} ({report.regime_line})")
    return "\n".join(out)
