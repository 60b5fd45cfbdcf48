"""Part 5 of the report: every action of either version by the partner who owns it,
overdue first."""

from __future__ import annotations

from ...review.model import ACTION_GROUPS
from ..nodes import Badge, Block, Heading, Inline, Para, Part, Text
from ..wording import action_text, choice
from .context import ReviewContext, row, table


def actions(ctx: ReviewContext, pid: str) -> Part:
    review = ctx.rv
    blocks: list[Block] = [Para([Text(ctx.r("actions.intro", date=ctx.date(review.as_of)))])]
    if not review.actions:
        blocks.append(Para([Text(ctx.r("actions.none"))]))
    for partner in review.actions:
        name = (ctx.partner(partner.partner, partner.name) if partner.partner
                else ctx.r("actions.no_partner"))
        rows = []
        for group in ACTION_GROUPS:
            for a in partner.groups.get(group, []):
                tone = "off-track" if group == "overdue" else (
                    "flag" if group == "removed" else "")
                stands: list[Inline] = [Badge(ctx.r(f"actions.groups.{group}"), tone)]
                if a.old is None:
                    before = ctx.r("actions.new_action")
                else:
                    before = choice(ctx, "actions.statuses", a.old_status)
                rows.append(row(action_text(ctx, a.action), stands, ctx.date(a.action.due),
                                before, ctx.section_title(a.action.section)))
        blocks.append(Heading(2, ctx.ids.new(f"actions-{partner.partner or 'none'}"),
                              [Text(name)]))
        blocks.append(table(
            ctx.r("actions.caption", partner=name),
            [ctx.r("actions.action"), ctx.r("actions.stands"), ctx.r("actions.due"),
             ctx.r("actions.before"), ctx.r("actions.section")],
            rows, [0.36, 0.16, 0.14, 0.14, 0.2]))
    return Part(Heading(1, pid, [Text(ctx.r("actions.title"))]), blocks)
