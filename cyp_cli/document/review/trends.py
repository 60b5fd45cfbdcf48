"""Part 4 of the report: a turn-the-curve chart for each target with figures since
its baseline, built with the report's words (``review/charts.py`` knows no language),
its trend in one sentence as the caption, and every plotted value in a table under
it, so nothing the picture shows is only in the picture."""

from __future__ import annotations

from ...review.charts import ChartWords, chart_id, plotted, turn_the_curve
from ...review.model import TargetReview
from ..nodes import Block, Figure, Heading, Para, Part, Text
from ..wording import figure, indicator, unit
from .context import ReviewContext, row, table

# Units that are a sign next to the figure, not words after it: the axis shows them
# on every tick; any other unit is written once, above the axis.
_SIGNS = ("%", "£")


def trend(ctx: ReviewContext, t: TargetReview) -> str:
    """The trend in one sentence, e.g. "Rose from 62.1% in 2009-10 to 66.0% in
    2011-12; target 70% by 2013-14; on track."."""
    target = t.target
    u = unit(ctx, target)
    chosen = plotted(target, t.actuals)
    b, g = target.baseline, target.target
    parts = []
    if b is not None and b.value is not None and chosen and chosen[-1].value is not None:
        last, last_value = chosen[-1], chosen[-1].value
        start = ctx.r("charts.at", value=figure(ctx, b.value, u), period=b.period)
        end = ctx.r("charts.at", value=figure(ctx, last_value, u), period=last.period)
        if last_value > b.value:
            parts.append(ctx.r("charts.rose", start=start, end=end))
        elif last_value < b.value:
            parts.append(ctx.r("charts.fell", start=start, end=end))
        else:
            parts.append(ctx.r("charts.stayed", value=figure(ctx, b.value, u),
                               start=b.period, end=last.period))
    elif b is not None and b.value is not None:
        parts.append(ctx.r("charts.no_figures", value=figure(ctx, b.value, u),
                           period=b.period))
    else:
        parts.append(ctx.r("charts.no_baseline"))
    if g is not None and g.value is not None:
        key = "charts.aim_maintain" if target.direction == "maintain" else "charts.aim"
        parts.append(ctx.r(key, value=figure(ctx, g.value, u), period=g.period))
    parts.append(ctx.r(f"status_lower.{t.status.slug}"))
    return ctx.r("charts.joiner").join(parts) + "."


def chart_words(ctx: ReviewContext, t: TargetReview) -> ChartWords:
    u = unit(ctx, t.target)
    sign = u.strip() if u.strip() in _SIGNS else ""
    axis = u.strip()
    if not axis or axis.lower() in ("number", "nifer", "count"):
        axis = ctx.r("charts.axis_count")
    elif axis == "%":
        axis = ctx.r("charts.axis_percent")
    elif axis == "£":
        axis = ctx.r("charts.axis_money")
    return ChartWords(
        title=ctx.r("charts.chart_title", indicator=indicator(ctx, t.target)),
        axis=ctx.r("charts.axis", unit=axis),
        legend_actual=ctx.r("charts.legend_actual"),
        legend_track=ctx.r("charts.legend_track"),
        legend_target=ctx.r("charts.legend_target"),
        value=lambda v: figure(ctx, v, sign or None),  # the axis names a long unit
        tick=lambda v, decimals: figure(ctx, v, sign or None, decimals),
    )


def values_table(ctx: ReviewContext, t: TargetReview) -> Block:
    """Every value the chart plots, as text: baseline, figures since, target."""
    target, u = t.target, unit(ctx, t.target)
    rows = []
    b, g = target.baseline, target.target
    if b is not None:
        rows.append(row(b.period or ctx.none, ctx.r("charts.kind_baseline"),
                        figure(ctx, b.value, u)))
    for a in plotted(target, t.actuals):
        rows.append(row(a.period or ctx.none, ctx.r("charts.kind_actual"),
                        figure(ctx, a.value, u)))
    if g is not None:
        rows.append(row(g.period or ctx.none, ctx.r("charts.kind_target"),
                        figure(ctx, g.value, u)))
    return table(ctx.r("charts.table_caption", chart=indicator(ctx, target)),
                 [ctx.r("charts.period"), ctx.r("charts.kind"), ctx.r("charts.value")],
                 rows, [0.3, 0.35, 0.35])


def chart_blocks(ctx: ReviewContext, t: TargetReview) -> list[Block]:
    """The chart's heading, figure (trend as caption) and values table; nothing
    when the target has no figure to plot."""
    words = chart_words(ctx, t)
    if not plotted(t.target, t.actuals):
        return []
    svg_id = ctx.ids.new(chart_id(t.id))
    ctx.ids.taken.add(svg_id + "-title")
    chart = turn_the_curve(t.target, t.actuals, words, svg_id=svg_id)
    assert chart is not None
    sentence = trend(ctx, t)
    return [
        Heading(2, ctx.ids.new(f"chart-{t.id}"), [Text(indicator(ctx, t.target))]),
        Figure(ctx.ids.new(f"figure-{chart.id}"), chart.svg,
               ctx.r("charts.alt", title=words.title), [Text(sentence)], words.title),
        values_table(ctx, t),
    ]


def trends(ctx: ReviewContext, pid: str) -> Part:
    blocks: list[Block] = [Para([Text(ctx.r("charts.intro"))])]
    drawn = 0
    for t in ctx.rv.targets:
        if not (t.active or t.dropped):
            continue
        found = chart_blocks(ctx, t)
        drawn += bool(found)
        blocks += found
    if not drawn:
        blocks.append(Para([Text(ctx.r("charts.none"))]))
    return Part(Heading(1, pid, [Text(ctx.r("charts.title"))]), blocks)
