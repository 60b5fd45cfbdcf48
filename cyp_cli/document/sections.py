"""One part per section: its title, its body, then its targets and actions as tables
whose first cells link to the registers (and the registers link back here)."""

from __future__ import annotations

from pathlib import Path

from ..model.outline import Entry
from ..model.plan import Section
from .body import SectionBody
from .context import Context
from .nodes import Block, Cell, Heading, Link, Part, Row, Table, Text
from .strings import format_date
from .wording import action_text, choice, indicator, measure, resources, text_or_none, unit


def section_part(ctx: Context, section: Section, by_rel: dict[str, Section],
                 root: Path, entry: Entry | None = None) -> Part:
    """A section as a part, numbered and nested as its outline ``entry`` places it:
    a sub-section's heading is level 2 and its body's headings one level deeper."""
    depth = entry.depth if entry else 1
    number = entry.number if entry else ""
    heading = Heading(depth, ctx.part_of[section.rel],
                      [Text(numbered_title(ctx, section.title, entry))])
    blocks = SectionBody(ctx, section, by_rel, root, heading_shift=depth - 1).convert()
    if section.meta.targets:
        blocks.extend(_targets(ctx, section, depth))
    if section.meta.actions:
        blocks.extend(_actions(ctx, section, depth))
    return Part(heading, blocks, source=section.rel, number=number, depth=depth)


def numbered_title(ctx: Context, title: str, entry: Entry | None) -> str:
    """"8.1 Title", or "Appendix A: Title" for a top-level appendix."""
    if entry is None or not entry.number:
        return title
    key = "outline.appendix" if entry.appendix and entry.depth == 1 else "outline.numbered"
    return ctx.s(key, number=entry.number, title=title)


def _to_register(ctx: Context, register: str, words: str) -> Link | Text:
    """A link to the item's register row, or its words when registers are not
    published (plan.yaml publish: registers: false)."""
    if ctx.plan.file.publishes("registers"):
        return Link("#" + register, [Text(words)], internal=True)
    return Text(words)


def _head(ctx: Context, *keys: str) -> list[Row]:
    return [Row([Cell([Text(ctx.s(k))], header=True) for k in keys])]


def _targets(ctx: Context, section: Section, depth: int = 1) -> list[Block]:
    hid = ctx.ids.new(f"{ctx.part_of[section.rel]}--targets")
    rows = []
    for t in section.meta.targets:
        register, here = ctx.target_ids[id(t)]
        label = _to_register(ctx, register, indicator(ctx, t))
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
    return [Heading(depth + 1, hid, [Text(ctx.s("section.targets"))]), table]


def _actions(ctx: Context, section: Section, depth: int = 1) -> list[Block]:
    hid = ctx.ids.new(f"{ctx.part_of[section.rel]}--actions")
    rows = []
    for a in section.meta.actions:
        register, here = ctx.action_ids[id(a)]
        label = _to_register(ctx, register, action_text(ctx, a))
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
    return [Heading(depth + 1, hid, [Text(ctx.s("section.actions"))]), table]
