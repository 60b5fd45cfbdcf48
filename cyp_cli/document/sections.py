"""One part per section: its title, its body, then its targets and actions as tables
whose first cells link to the registers (and the registers link back here)."""

from __future__ import annotations

from pathlib import Path

from ..model.plan import Section
from .body import SectionBody
from .context import Context
from .nodes import Block, Cell, Heading, Link, Part, Row, Table, Text
from .strings import format_date
from .wording import action_text, choice, indicator, measure, resources, text_or_none, unit


def section_part(ctx: Context, section: Section, by_rel: dict[str, Section],
                 root: Path) -> Part:
    heading = Heading(1, ctx.part_of[section.rel], [Text(section.title)])
    blocks = SectionBody(ctx, section, by_rel, root).convert()
    if section.meta.targets:
        blocks.extend(_targets(ctx, section))
    if section.meta.actions:
        blocks.extend(_actions(ctx, section))
    return Part(heading, blocks, source=section.rel)


def _head(ctx: Context, *keys: str) -> list[Row]:
    return [Row([Cell([Text(ctx.s(k))], header=True) for k in keys])]


def _targets(ctx: Context, section: Section) -> list[Block]:
    hid = ctx.ids.new(f"{ctx.part_of[section.rel]}--targets")
    rows = []
    for t in section.meta.targets:
        register, here = ctx.target_ids[id(t)]
        label = Link("#" + register, [Text(indicator(ctx, t))], internal=True)
        rows.append(Row([
            Cell([label], header=True, id=here),
            Cell([Text(measure(ctx, t.baseline, unit(ctx, t)))]),
            Cell([Text(measure(ctx, t.target, unit(ctx, t)))]),
            Cell([Text(choice(ctx, "targets.directions", t.direction))]),
            Cell([Text(measure(ctx, t.latest, unit(ctx, t)))]),
        ]))
    table = Table(
        _head(ctx, "targets.indicator", "targets.baseline", "targets.target",
              "targets.direction", "targets.latest"),
        rows, caption=[Text(ctx.s("section.targets_caption"))], row_headers=True,
        widths=[0.4, 0.15, 0.15, 0.12, 0.18],
    )
    return [Heading(2, hid, [Text(ctx.s("section.targets"))]), table]


def _actions(ctx: Context, section: Section) -> list[Block]:
    hid = ctx.ids.new(f"{ctx.part_of[section.rel]}--actions")
    rows = []
    for a in section.meta.actions:
        register, here = ctx.action_ids[id(a)]
        label = Link("#" + register, [Text(action_text(ctx, a))], internal=True)
        partner = ctx.partner_name(a.partner)
        group = ctx.partner_action_ids.get(a.partner or "")
        partner_cell = (Link("#" + group, [Text(partner)], internal=True) if group
                        else Text(partner))
        rows.append(Row([
            Cell([label], header=True, id=here),
            Cell([partner_cell]),
            Cell([Text(format_date(a.due, ctx.strings))]),
            Cell([Text(choice(ctx, "actions.statuses", a.status))]),
            Cell([Text(text_or_none(ctx, resources(ctx, a)))]),
        ]))
    table = Table(
        _head(ctx, "actions.action", "actions.partner", "actions.due", "actions.status",
              "actions.resources"),
        rows, caption=[Text(ctx.s("section.actions_caption"))], row_headers=True,
        widths=[0.36, 0.2, 0.14, 0.1, 0.2],
    )
    return [Heading(2, hid, [Text(ctx.s("section.actions"))]), table]
