"""A: actions have owners and dates that hold the partnership to account."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Level
from . import rule
from .context import Context

E, W, INFO = Level.ERROR, Level.WARNING, Level.INFO


@rule("A001", W, "Action due outside the plan period")
def due_outside_period(ctx: Context) -> Iterator[Diagnostic]:
    """An action due after the plan ends (or before it starts) belongs to another
    plan; the annual review cannot report on it.
    """
    period = ctx.plan.file.period
    span = period.span if period else None
    if span is None:
        return
    for a in ctx.plan.actions:
        if a.due and not span.start <= a.due <= span.end:
            yield Diagnostic.at(
                a.at("due"), "A001", W,
                f"action '{a.id}' is due {a.due}, outside the plan period "
                f"{span.start} to {span.end}",
            )


@rule("A002", W, "Overdue action")
def overdue(ctx: Context) -> Iterator[Diagnostic]:
    """An action whose due date has passed (judged at ``--as-of``, which defaults to
    the plan's start) and that is neither done nor dropped. Run ``cyp lint --as-of
    2012-06-30`` before a board meeting to see what has slipped.
    """
    for a in ctx.plan.actions:
        if a.due and a.due < ctx.as_of and a.status in ("planned", "in-progress"):
            yield Diagnostic.at(
                a.at("status"), "A002", W,
                f"action '{a.id}' was due {a.due} and is still {a.status}",
            )


@rule("A003", INFO, "Dropped action without a reason")
def dropped_without_reason(ctx: Context) -> Iterator[Diagnostic]:
    """A dropped action should say why (``reason:``), so the annual review and
    scrutiny can see it was a decision, not an omission.
    """
    for a in ctx.plan.actions:
        if a.status == "dropped" and not a.reason:
            yield Diagnostic.at(a.at("status"), "A003", INFO,
                                f"action '{a.id}' is dropped with no 'reason'")


@rule("A004", W, "Action without an owner, a date or a status")
def incomplete_action(ctx: Context) -> Iterator[Diagnostic]:
    """An action table copied from a real plan often lacks an owner, a due date or a
    status. The plan still builds (the table shows "none"), but nobody can be held
    to the action until it has all three, so lint names what is missing in one
    finding per action. An incomplete action does not yet evidence a requirement.

    WARN::

        - id: parenting-hubs
          action: Open two parenting hubs

    PASS::

        - id: parenting-hubs
          action: Open two parenting hubs
          partner: council
          due: 2012-03
          status: planned
    """
    words = {"partner": "owner ('partner')", "due": "date ('due')", "status": "'status'"}
    for a in ctx.plan.actions:
        if a.missing:
            yield Diagnostic.at(
                a.at("id"), "A004", W,
                f"action '{a.id}' has no " + _and(words[k] for k in a.missing),
            )


def _and(items: Iterator[str]) -> str:
    words = list(items)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
