"""The targets register and the actions register by partner: every commitment of the
plan in one place, each row linking back to the section that makes it."""

from __future__ import annotations

from ..model.plan import Section
from .context import Context
from .nodes import Block, Cell, Heading, Link, Para, Part, Row, Table, Text
from .strings import format_date
from .wording import action_text, choice, indicator, measure, resources, source, text_or_none, unit


def _head(ctx: Context, *keys: str) -> list[Row]:
    return [Row([Cell([Text(ctx.s(k))], header=True) for k in keys])]


def _back(section: Section, row_id: str) -> Link:
    """A link from a register row to the same item in its section."""
    return Link("#" + row_id, [Text(section.title)], internal=True)


def targets_register(ctx: Context) -> Part:
    rows = []
    for section in ctx.sections:
        for t in section.meta.targets:
            register, here = ctx.target_ids[id(t)]
            label = indicator(ctx, t)
            if t.retired:
                reason = ctx.free_text(t, "retired", f"why target '{t.id}' was retired")
                label += f" ({ctx.s('targets.retired', reason=reason)})"
            latest = t.latest
            rows.append(Row([
                Cell([Text(label)], header=True, id=register),
                Cell([Text(measure(ctx, t.baseline, unit(ctx, t)))]),
                Cell([Text(measure(ctx, t.target, unit(ctx, t)))]),
                Cell([Text(choice(ctx, "targets.directions", t.direction))]),
                Cell([Text(measure(ctx, latest, unit(ctx, t)))]),
                Cell([Text(text_or_none(ctx, source(ctx, t, latest)))]),
                Cell([_back(section, here)]),
            ]))
    table = Table(
        _head(ctx, "targets.indicator", "targets.baseline", "targets.target",
              "targets.direction", "targets.latest", "targets.source", "targets.section"),
        rows, caption=[Text(ctx.s("targets.caption"))], row_headers=True,
        widths=[0.24, 0.12, 0.12, 0.1, 0.12, 0.16, 0.14],
    )
    heading = Heading(1, ctx.part_ids["targets"], [Text(ctx.s("targets.title"))])
    note = figures_as_at(ctx)
    blocks: list[Block] = [note] if note else []
    return Part(heading, [*blocks, table])


def figures_as_at(ctx: Context) -> Para | None:
    """When the register's figures were true: the end of the latest period any
    target's latest figure is for, and whether that is after the plan's publication
    (a plan of March 2011 showing 2011-12 figures says they came later)."""
    ends = [t.latest.span.end for s in ctx.sections for t in s.meta.targets
            if t.latest is not None and t.latest.span is not None]
    if not ends:
        return None
    day = max(ends)
    published = ctx.plan.file.published
    if published is not None and day > published:
        return Para([Text(ctx.s("figures.after_publication", date=format_date(day, ctx.strings),
                                published=format_date(published, ctx.strings)))])
    return Para([Text(ctx.s("figures.as_at", date=format_date(day, ctx.strings)))])


def actions_register(ctx: Context) -> Part:
    """One table per partner, in the order plan.yaml lists the partners; actions whose
    partner is unknown (only in a forced draft) come last."""
    by_partner: dict[str, list] = {}
    for section in ctx.sections:
        for a in section.meta.actions:
            by_partner.setdefault(a.partner or "", []).append((section, a))
    order = [p.id for p in ctx.plan.file.partners if p.id in by_partner]
    order += [p for p in by_partner if p not in order]
    blocks: list[Block] = [Para([Text(ctx.s("actions.intro"))])]
    for partner_id in order:
        known = partner_id in ctx.plan.partners
        name = ctx.partner_name(partner_id) if known else ctx.s("actions.unknown_partner")
        hid = ctx.partner_action_ids.get(partner_id) or ctx.ids.new("actions-other")
        rows = []
        for section, a in by_partner[partner_id]:
            register, here = ctx.action_ids[id(a)]
            rows.append(Row([
                Cell([Text(action_text(ctx, a))], header=True, id=register),
                Cell([Text(format_date(a.due, ctx.strings))]),
                Cell([Text(choice(ctx, "actions.statuses", a.status))]),
                Cell([Text(text_or_none(ctx, resources(ctx, a)))]),
                Cell([_back(section, here)]),
            ]))
        blocks.append(Heading(2, hid, [Text(name)]))
        blocks.append(Table(
            _head(ctx, "actions.action", "actions.due", "actions.status",
                  "actions.resources", "actions.section"),
            rows, caption=[Text(ctx.s("actions.caption", partner=name))], row_headers=True,
            widths=[0.4, 0.14, 0.1, 0.18, 0.18],
        ))
    heading = Heading(1, ctx.part_ids["actions"], [Text(ctx.s("actions.title"))])
    return Part(heading, blocks)
