"""The index: sections by theme (core aim in Wales, outcome in England), by responsible
partner and by tier, each entry linking to the sections."""

from __future__ import annotations

from typing import Any

from ..model.plan import Section
from .context import Context
from .nodes import Block, Cell, Heading, Link, Part, Row, Table, Text


def _table(ctx: Context, first: str, caption: str, rows: list[Row]) -> Table:
    head = [Row([Cell([Text(first)], header=True),
                 Cell([Text(ctx.s("index.column_sections"))], header=True)])]
    return Table(head, rows, caption=[Text(caption)], row_headers=True, widths=[0.4, 0.6])


def _index(ctx: Context, wanted_id: str, title: str, first: str, caption: str,
           rows: list[Row]) -> list[Block]:
    """One index under its heading, or nothing when no section is tagged for it (a
    table with only its header row tells the reader nothing)."""
    if not rows:
        return []
    return [Heading(2, ctx.ids.new(wanted_id), [Text(title)]), _table(ctx, first, caption, rows)]


def _grouped(ctx: Context, field: str) -> dict[Any, list[Section]]:
    groups: dict[Any, list[Section]] = {}
    for s in ctx.sections:
        for value in s.tag(field):
            groups.setdefault(value, []).append(s)
    return groups


def _vocab_order(ctx: Context, vocabulary: str, found: dict[Any, list[Section]]) -> list[Any]:
    """The nation's order for its vocabulary, then anything else found (forced drafts)."""
    known = list(ctx.nation.vocabularies[vocabulary].values) if (
        ctx.nation is not None and vocabulary in ctx.nation.vocabularies) else []
    return [v for v in known if v in found] + [v for v in found if v not in known]


def index_part(ctx: Context) -> Part:
    theme = ctx.theme_field
    blocks: list[Block] = []

    themes = _grouped(ctx, theme)
    rows = [
        Row([Cell([Text(ctx.s(f"theme.{theme}", value=v, label=ctx.vocab_label(theme, v)))],
                  header=True),
             Cell(ctx.section_links(themes[v]))])
        for v in _vocab_order(ctx, theme, themes)
    ]
    blocks += _index(ctx, "index-by-theme", ctx.s(f"index.by_theme.{theme}"),
                     ctx.s(f"index.column_theme.{theme}"),
                     ctx.s(f"index.theme_caption.{theme}"), rows)

    partners = _grouped(ctx, "responsible_partner")
    order = [p.id for p in ctx.plan.file.partners if p.id is not None and p.id in partners]
    order += [p for p in partners if p not in order]
    rows = []
    for pid in order:
        row_id = ctx.partner_ids.get(pid)
        name = ctx.partner_name(pid)
        label = Link("#" + row_id, [Text(name)], internal=True) if row_id else Text(name)
        rows.append(Row([Cell([label], header=True), Cell(ctx.section_links(partners[pid]))]))
    blocks += _index(ctx, "index-by-partner", ctx.s("index.by_partner"),
                     ctx.s("index.column_partner"), ctx.s("index.partner_caption"), rows)

    tiers = _grouped(ctx, "tier")
    rows = [
        Row([Cell([Text(ctx.s("index.tier", value=v, label=ctx.vocab_label("tier", v)))],
                  header=True),
             Cell(ctx.section_links(tiers[v]))])
        for v in _vocab_order(ctx, "tier", tiers)
    ]
    blocks += _index(ctx, "index-by-tier", ctx.s("index.by_tier"),
                     ctx.s("index.column_tier"), ctx.s("index.tier_caption"), rows)

    # No rows anywhere: no blocks, and the builder leaves the index out.
    return Part(Heading(1, ctx.part_ids["index"], [Text(ctx.s("index.title"))]), blocks)
