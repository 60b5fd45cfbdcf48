"""Parts 2 and 3 of the report: every target in use with its status, and the
targets changed since the plan was published (old and new values side by side,
"made easier" flagged; targets added and dropped). Figures are worded by the plan's
own layer (``document/wording.py``), units in the report's language."""

from __future__ import annotations

from typing import Any

from ...figures import like
from ...review.model import Change, TargetReview
from ...review.status import STATUS_ORDER
from ..nodes import Badge, Block, Heading, Inline, Para, Part, Text
from ..wording import choice, figure, indicator, measure, unit
from .context import ReviewContext, row, table


def _expected(ctx: ReviewContext, t: TargetReview) -> str:
    """Where the on-track line stood at the latest figure's period, rounded to the
    precision of the target it leads to."""
    a = t.assessment
    if a.expected is None or a.latest is None:
        return ctx.none
    goal = t.target.target
    value = like(a.expected, goal.value if goal is not None else None)
    return ctx.s("targets.measure", value=figure(ctx, value, unit(ctx, t.target)),
                 period=a.latest.period or "")


def targets(ctx: ReviewContext, pid: str) -> Part:
    order = {s: n for n, s in enumerate(STATUS_ORDER)}
    ordered = sorted(ctx.rv.active_targets, key=lambda t: order[t.status])  # stable
    blocks: list[Block] = [Para([Text(ctx.r("targets.intro"))])]
    if not ordered:
        blocks.append(Para([Text(ctx.r("targets.none"))]))
    else:
        rows = []
        for t in ordered:
            tgt, u = t.target, unit(ctx, t.target)
            rows.append(row(
                indicator(ctx, tgt), measure(ctx, tgt.baseline, u), measure(ctx, tgt.target, u),
                measure(ctx, t.assessment.latest, u), _expected(ctx, t), [ctx.badge(t.status)]))
        blocks.append(table(
            ctx.r("targets.caption"),
            [ctx.r("targets.target"), ctx.r("targets.baseline"), ctx.r("targets.goal"),
             ctx.r("targets.latest"), ctx.r("targets.expected"), ctx.r("targets.status")],
            rows, [0.3, 0.14, 0.14, 0.14, 0.14, 0.14]))
    return Part(Heading(1, pid, [Text(ctx.r("targets.title"))]), blocks)


def _value(ctx: ReviewContext, t: TargetReview, c: Change, side: str) -> str:
    """One side of a change, worded as the report words it: figures with the unit
    that version used, directions and units in the report's language."""
    value: Any = getattr(c, side)
    version = t.old if side == "old" else t.new
    if value is None or version is None:
        return ctx.none
    if c.field in ("target.value", "baseline.value"):
        return figure(ctx, value, unit(ctx, version))
    if c.field == "direction":
        return choice(ctx, "targets.directions", value)
    if c.field == "indicator":
        return indicator(ctx, version)
    if c.field == "unit":
        return unit(ctx, version)
    return str(value)


def changed_targets(ctx: ReviewContext, pid: str) -> Part:
    review = ctx.rv
    blocks: list[Block] = [Para([Text(ctx.r("goalposts.intro"))])]
    changed = [t for t in review.targets if t.changes and t.old is not None
               and t.new is not None]
    if not review.moved:
        blocks.append(Para([Text(ctx.r("goalposts.none"))]))
    if changed:
        rows = []
        for t in changed:
            for c in t.changes:
                effect: list[Inline] | str = ctx.none
                if c.goalpost and c.easier is not None:
                    effect = ([Badge(ctx.r("goalposts.easier"), "flag")] if c.easier
                              else ctx.r("goalposts.harder"))
                rows.append(row(indicator(ctx, t.target),
                                ctx.opt("goalposts.fields", c.field, c.label),
                                _value(ctx, t, c, "old"), _value(ctx, t, c, "new"), effect))
        blocks.append(table(
            ctx.r("goalposts.caption"),
            [ctx.r("goalposts.target"), ctx.r("goalposts.what"), ctx.r("goalposts.old"),
             ctx.r("goalposts.new"), ctx.r("goalposts.effect")],
            rows, [0.34, 0.18, 0.16, 0.16, 0.16]))
    moved = [(t, t.original) for t in review.moved if t.original is not None]
    if moved:
        rows = [row(indicator(ctx, t.target), [ctx.badge(original.status)],
                    [ctx.badge(t.status)]) for t, original in moved]
        blocks.append(table(
            ctx.r("goalposts.status_caption"),
            [ctx.r("goalposts.target"), ctx.r("goalposts.status_old"),
             ctx.r("goalposts.status_new")], rows, [0.5, 0.25, 0.25]))

    blocks.append(Heading(2, ctx.ids.new(f"{pid}-added"), [Text(ctx.r("goalposts.added"))]))
    added = review.added_targets
    if not added:
        blocks.append(Para([Text(ctx.r("goalposts.added_none"))]))
    else:
        rows = [row(indicator(ctx, t.target),
                    measure(ctx, t.target.baseline, unit(ctx, t.target)),
                    measure(ctx, t.target.target, unit(ctx, t.target)),
                    ctx.section_title(t.section)) for t in added]
        blocks.append(table(
            ctx.r("goalposts.added_caption"),
            [ctx.r("targets.target"), ctx.r("targets.baseline"), ctx.r("targets.goal"),
             ctx.r("goalposts.section")], rows, [0.4, 0.18, 0.18, 0.24]))

    blocks.append(Heading(2, ctx.ids.new(f"{pid}-dropped"),
                          [Text(ctx.r("goalposts.dropped"))]))
    dropped = review.dropped_targets
    if not dropped:
        blocks.append(Para([Text(ctx.r("goalposts.dropped_none"))]))
    else:
        rows = []
        for t in dropped:
            reason: list[Inline] = (
                [Text(ctx.free_text(t.target, "retired", f"why target '{t.id}' was retired"))]
                if t.reason else [Badge(ctx.r("goalposts.no_reason"), "flag")])
            rows.append(row(indicator(ctx, t.target), [ctx.badge(t.status)], reason))
        blocks.append(table(
            ctx.r("goalposts.dropped_caption"),
            [ctx.r("targets.target"), ctx.r("goalposts.last_status"),
             ctx.r("goalposts.reason")], rows, [0.44, 0.18, 0.38]))
    return Part(Heading(1, pid, [Text(ctx.r("goalposts.title"))]), blocks)
