"""The front of a published plan, as councils publish it (issue 10): how to ask for
another format or language (plan.yaml ``contact``), the foreword with its
signatories (``foreword``), and the plan at a glance (each core aim or outcome with
where the plan deals with it and its first targets, from the plan's data). Also the
children's edition's line on how to ask for the full plan.

Every word is the edition's: fixed words from the catalogue, the plan's through
:meth:`Context.text` (``text_cy``, ``role_cy``, ``name_cy``...). None of these parts
is numbered: the outline numbers the plan's own sections.
"""

from __future__ import annotations

from typing import Any

from ..model.plan import Section, Target
from .context import Context
from .nodes import (
    Block,
    BulletList,
    Cell,
    Heading,
    Inline,
    LineBreak,
    Link,
    Para,
    Part,
    Plain,
    Row,
    Strong,
    Table,
    Text,
)
from .wording import indicator, measure, unit

# First targets shown for each theme: the page must fit on one page; the rest are
# counted, and all are in the targets register.
GLANCE_TARGETS = 2


def contact_blocks(ctx: Context) -> list[Block]:
    """Who to ask and how: the catalogue's request line, then the contact's name,
    email (a mailto link), telephone (a tel link) and address. Without a ``contact``,
    the authority is named."""
    c = ctx.plan.file.contact
    authority = ctx.text(ctx.plan.file, "authority", "the authority's name")
    if c is None or not c.name:
        return [Para([Text(ctx.s("formats.ask") + " " +
                           ctx.s("formats.ask_authority", authority=authority))])]
    name = ctx.text(c, "name", "the contact's name")
    lines: list[list[Block]] = []
    if c.email:
        lines.append([Plain([Text(ctx.s("formats.email")),
                             Link(f"mailto:{c.email}", [Text(c.email)])])])
    if c.phone:
        digits = "".join(ch for ch in c.phone if ch.isdigit() or ch == "+")
        lines.append([Plain([Text(ctx.s("formats.phone")),
                             Link(f"tel:{digits}", [Text(c.phone)])])])
    if c.address:
        lines.append([Plain([Text(ctx.s("formats.address")
                                  + ctx.text(c, "address", "the contact's address"))])])
    blocks: list[Block] = [Para([Text(ctx.s("formats.ask") + " "
                                      + ctx.s("formats.contact", name=name))])]
    if lines:
        blocks.append(BulletList(lines))
    return blocks


def formats_part(ctx: Context) -> Part:
    heading = Heading(1, ctx.ids.new("other-formats"), [Text(ctx.s("formats.title"))])
    return Part(heading, contact_blocks(ctx))


def foreword_part(ctx: Context) -> Part | None:
    foreword = ctx.plan.file.foreword
    if foreword is None or not foreword.text:
        return None
    text = ctx.text(foreword, "text", "the foreword")
    blocks: list[Block] = [Para([Text(" ".join(p.split()))])
                           for p in text.split("\n\n") if p.strip()]
    signed = [s for s in foreword.signatories if s.name]
    if signed:
        blocks.append(Para([Text(ctx.s("foreword.signatories"))]))
        blocks.append(BulletList([
            [Plain([Strong([Text(s.name or "")]),
                    *([Text(", " + ctx.text(s, "role", f"the role of {s.name}"))]
                      if s.role else [])])]
            for s in signed]))
    return Part(Heading(1, ctx.ids.new("foreword"), [Text(ctx.s("foreword.title"))]), blocks)


def _item_themes(ctx: Context, target: Target, section: Section) -> list[Any]:
    """As coverage judges it: the target's own themes, else its section's first."""
    own = getattr(target, ctx.theme_field, None) or []
    return list(own) if own else section.tag(ctx.theme_field)[:1]


def glance_part(ctx: Context) -> Part | None:
    """One row per core aim (outcome) the plan deals with, in the nation's order: the
    sections tagged with it (links) and its first targets, baseline to target."""
    field = ctx.theme_field
    sections: dict[Any, list[Section]] = {}
    targets: dict[Any, list[Target]] = {}
    for s in ctx.sections:
        for value in s.tag(field):
            sections.setdefault(value, []).append(s)
        for t in s.meta.targets:
            if t.retired:
                continue
            for value in _item_themes(ctx, t, s):
                targets.setdefault(value, []).append(t)
    found = {**sections, **targets}
    if not found:
        return None
    vocab = (ctx.nation.vocabularies.get(field) if ctx.nation is not None else None)
    known = list(vocab.values) if vocab is not None else []
    order = [v for v in known if v in found] + [v for v in found if v not in known]
    rows = []
    for value in order:
        label = ctx.s(f"theme.{field}", value=value, label=ctx.vocab_label(field, value))
        mine = targets.get(value, [])
        items: list[list[Block]] = [
            [Plain([Text(ctx.s("glance.target", indicator=indicator(ctx, t),
                               baseline=measure(ctx, t.baseline, unit(ctx, t)),
                               target=measure(ctx, t.target, unit(ctx, t))))])]
            for t in mine[:GLANCE_TARGETS]]
        if len(mine) > GLANCE_TARGETS:
            more: list[Inline] = [Text(ctx.s("glance.more", count=len(mine) - GLANCE_TARGETS))]
            register = ctx.part_ids.get("targets")
            if register and ctx.plan.file.publishes("registers"):
                more = [Link("#" + register, more, internal=True)]
            items.append([Plain(more)])
        rows.append(Row([
            Cell([Text(label)], header=True),
            Cell(ctx.section_links(sections.get(value, [])) or [Text(ctx.s("none"))]),
            Cell([Text(ctx.s("glance.no_targets"))] if not items else
                 _inline_list(items)),
        ]))
    table = Table([Row([Cell([Text(ctx.s(f"glance.column_theme.{field}"))], header=True),
                        Cell([Text(ctx.s("glance.sections"))], header=True),
                        Cell([Text(ctx.s("glance.targets"))], header=True)])],
                  rows, caption=[Text(ctx.s(f"glance.caption.{field}"))], row_headers=True,
                  widths=[0.26, 0.3, 0.44])
    heading = Heading(1, ctx.ids.new("at-a-glance"), [Text(ctx.s("glance.title"))])
    return Part(heading, [Para([Text(ctx.s(f"glance.intro.{field}"))]), table])


def _inline_list(items: list[list[Block]]) -> list[Inline]:
    """Table cells hold inlines: the targets one to a line, separated by line breaks
    (a list inside a cell does not survive every format)."""
    out: list[Inline] = []
    for item in items:
        if out:
            out.append(LineBreak())
        for block in item:
            out.extend(getattr(block, "content", []))
    return out


def full_plan_part(ctx: Context) -> Part:
    """The children's edition's last part: how to ask for the full plan."""
    heading = Heading(1, ctx.ids.new("full-plan"), [Text(ctx.s("full_plan.title"))])
    blocks: list[Block] = [Para([Text(ctx.s("full_plan.ask"))])]
    blocks += contact_blocks(ctx)[1:]
    c = ctx.plan.file.contact
    if c is not None and c.name:
        blocks.insert(1, Para([Text(ctx.s("formats.contact",
                                          name=ctx.text(c, "name", "the contact's name")))]))
    else:
        authority = ctx.text(ctx.plan.file, "authority", "the authority's name")
        blocks.append(Para([Text(ctx.s("formats.ask_authority", authority=authority))]))
    return Part(heading, blocks)
