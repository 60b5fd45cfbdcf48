"""How figures, measures, statuses and dates from the model are worded in a document.
One place, so a target reads the same in its section and in the register."""

from __future__ import annotations

from typing import Any

from ..figures import with_unit
from ..model.plan import Action, Actual, Measure, Target
from .context import Context


def figure(ctx: Context, value: float | int | None, unit: str | None,
           decimals: int | None = None) -> str:
    """A figure with its unit (already in the edition's language), in the edition's
    locale: ``£410,000``, ``55.8%``, ``41.2 fesul 1,000``; a dash when missing."""
    if value is None:
        return ctx.s("none")
    return with_unit(value, unit, ctx.lang, decimals)


def measure(ctx: Context, m: Measure | None, unit: str | None) -> str:
    """``55.8% (2009-10)``; "to be confirmed" for ``value: tbc``; a dash when the
    measure is missing (forced drafts)."""
    if m is not None and m.tbc:
        return ctx.s("tbc") + (f" ({m.period})" if m.period else "")
    if m is None or m.value is None:
        return ctx.s("none")
    return ctx.s("targets.measure", value=figure(ctx, m.value, unit), period=m.period or "")


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


def indicator(ctx: Context, t: Target) -> str:
    """What a target measures, in the edition's language (``indicator_cy``)."""
    return ctx.text(t, "indicator", f"target '{t.id}'") or t.id or ""


def action_text(ctx: Context, a: Action) -> str:
    """What an action will do, in the edition's language (``action_cy``)."""
    return ctx.text(a, "action", f"action '{a.id}'") or a.id or ""


def unit(ctx: Context, t: Target) -> str:
    """A target's unit as the edition words it (see ``Context.free_text``)."""
    return ctx.free_text(t, "unit", f"the unit of target '{t.id}'")


def source(ctx: Context, t: Target, latest: Actual | None) -> str:
    """Where the latest figure (or else the target's) comes from."""
    if latest is not None and latest.source:
        return ctx.free_text(latest, "source", f"the source of target '{t.id}' {latest.period}")
    return ctx.free_text(t, "source", f"the source of target '{t.id}'")


def resources(ctx: Context, a: Action) -> str:
    return ctx.free_text(a, "resources", f"the resources of action '{a.id}'")
