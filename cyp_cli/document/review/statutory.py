"""Part 7 of the report: Wales, the three child poverty strategic objectives and the
Annex A indicators; England, the regulation 8 review items."""

from __future__ import annotations

from ...review.model import StatutoryGroup, TargetReview
from ..nodes import Block, Heading, Inline, Para, Part, Text
from ..wording import indicator
from .context import ReviewContext, row, table


def _yes_no(ctx: ReviewContext, flag: bool | None) -> str:
    if flag is None:
        return ctx.none
    return ctx.r("statutory.answer_yes" if flag else "statutory.answer_no")


def _target_statuses(ctx: ReviewContext, targets: list[TargetReview]) -> list[Inline]:
    out: list[Inline] = []
    for t in targets:
        if out:
            out.append(Text(ctx.s("list_separator")))
        out += [Text(indicator(ctx, t.target) + ": "), ctx.badge(t.status)]
    return out or [Text(ctx.none)]


def _group(ctx: ReviewContext, group: StatutoryGroup) -> list[Block]:
    title = ctx.opt("statutory.groups", group.id, group.title)
    blocks: list[Block] = [Heading(2, ctx.ids.new(f"statutory-{group.id}"), [Text(title)])]
    if group.empty:  # said, and the table still shows what was (not) met
        blocks.append(Para([Text(ctx.r("statutory.empty"))]))
    sep = ctx.s("list_separator")
    if group.id == "wales.annex-a":
        rows = [row(f"{item.key.upper()}. " + ctx.opt("statutory.annex_a", item.key,
                                                     item.label),
                    _target_statuses(ctx, item.targets)) for item in group.items]
        if group.sections:
            blocks.append(Para([Text(ctx.r("statutory.sections") + ": " + sep.join(
                ctx.section_title(s) for s in group.sections))]))
        blocks.append(table(ctx.r("statutory.caption", group=title),
                            [ctx.r("statutory.indicator"), ctx.r("statutory.targets")],
                            rows, [0.55, 0.45]))
        return blocks
    rows = []
    for item in group.items:
        req = item.requirement
        rows.append(row(
            ctx.requirement(req.requirement) if req else item.label,
            _yes_no(ctx, req.met_then if req else None),
            _yes_no(ctx, req.met_now if req else None),
            sep.join(ctx.section_title(s) for s in item.sections) or ctx.none,
            _target_statuses(ctx, item.targets)))
    blocks.append(table(ctx.r("statutory.caption", group=title),
                        [ctx.r("statutory.item"), ctx.r("statutory.met_then"),
                         ctx.r("statutory.met_now"), ctx.r("statutory.sections"),
                         ctx.r("statutory.targets")],
                        rows, [0.3, 0.12, 0.12, 0.2, 0.26]))
    return blocks


def statutory(ctx: ReviewContext, pid: str) -> Part | None:
    review = ctx.rv
    if not review.statutory or review.nation not in ("wales", "england"):
        return None
    nation = review.nation
    blocks: list[Block] = [Para([Text(ctx.r(f"statutory.{nation}_intro"))])]
    for group in review.statutory:
        blocks += _group(ctx, group)
    return Part(Heading(1, pid, [Text(ctx.r(f"statutory.{nation}_title"))]), blocks)
