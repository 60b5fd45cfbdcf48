"""The regime statement of the coverage appendix: which law the plan was judged by,
its dates and its source instruments (the same regime lint names in its summary)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import Context
from .nodes import Block, Para, Text
from .strings import format_date

if TYPE_CHECKING:
    from ..regimes import Regime


def regime_blocks(ctx: Context) -> list[Block]:
    """A paragraph naming the regime applied, its dates and its sources with theirs;
    for a voluntary plan, the sentence that says so; for a regime modelled from
    secondary sources, a sentence that says that. Nothing without a regime."""
    nation, regime = ctx.nation, ctx.regime
    if nation is None or regime is None or regime.duty == "none":
        return []
    judged = nation.judged_by(regime)
    sources = ctx.s("list_separator").join(
        ctx.s("coverage.source", title=ctx.document_title(s.id), dates=_dates(ctx, s))
        for s in nation.sources_of(regime))
    blocks: list[Block] = []
    if regime.duty == "voluntary":
        blocks.append(Para([Text(_statement(ctx))]))
    blocks.append(Para([Text(ctx.s("coverage.judged_by", regime=_name(ctx, judged),
                                   dates=_dates(ctx, judged), sources=sources))]))
    if judged.secondary:
        blocks.append(Para([Text(ctx.s("coverage.secondary"))]))
    return blocks


def _dates(ctx: Context, item: object) -> str:
    start, until = getattr(item, "start", None), getattr(item, "until", None)
    strings = ctx.strings
    if start and until:
        return ctx.s("coverage.dates", start=format_date(start, strings),
                     until=format_date(until, strings))
    if start:
        return ctx.s("coverage.dates_from", start=format_date(start, strings))
    if until:
        return ctx.s("coverage.dates_until", until=format_date(until, strings))
    return ""


def _name(ctx: Context, regime: Regime) -> str:
    name = regime.name_for(ctx.lang)
    if name:
        return str(name)
    ctx.problem(f"no name_{ctx.lang} for regime '{regime.id}'", ctx.nation_file())
    return str(regime.name)


def _statement(ctx: Context) -> str:
    regime = ctx.regime
    assert regime is not None
    if ctx.lang == "en":
        return str(regime.statement)
    translated = dict(regime.statements).get(ctx.lang)
    if not translated:
        ctx.problem(f"no statement_{ctx.lang} for regime '{regime.id}'", ctx.nation_file())
        return str(regime.statement)
    return str(translated)
