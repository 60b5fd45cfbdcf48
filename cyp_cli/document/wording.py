"""How figures, measures, statuses and dates from the model are worded in a document.
One place, so a target reads the same in its section and in the register."""

from __future__ import annotations

from typing import Any

from ..model.plan import Measure
from .context import Context


def number(value: float | int | None) -> str:
    """A figure as its author wrote it: 62.0 stays 62.0, 95 stays 95."""
    return "" if value is None else str(value)


def with_unit(value: float | int | None, unit: str | None) -> str:
    figure = number(value)
    if not unit or not figure:
        return figure
    return f"{figure}{unit}" if unit == "%" else f"{figure} {unit}"


def measure(ctx: Context, m: Measure | None, unit: str | None) -> str:
    """``55.8% (2009-10)``; a dash when the measure is missing (forced drafts)."""
    if m is None or m.value is None:
        return ctx.s("none")
    return ctx.s("targets.measure", value=with_unit(m.value, unit), period=m.period or "")


def choice(ctx: Context, group: str, value: Any) -> str:
    """A controlled value (direction, status) in words; the raw value if unknown."""
    if value is None:
        return ctx.s("none")
    table = ctx.strings.get(group.split(".")[0], {})
    for part in group.split(".")[1:]:
        table = table.get(part, {}) if isinstance(table, dict) else {}
    return str(table.get(value, value)) if isinstance(table, dict) else str(value)


def text_or_none(ctx: Context, value: str | None) -> str:
    return value if value else ctx.s("none")
