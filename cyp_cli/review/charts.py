"""Turn-the-curve charts: one small SVG line chart per target with actuals.

Results-Based Accountability (named in the Welsh guidance) plots where a measure
started, where it has gone and where it should get to. Each chart shows the baseline
(square), the actuals (circles joined by a solid line from the baseline), the target
(diamond) and the straight "on track" line from baseline to target (dashed, see
``review/status.py``). Shapes, line styles and a legend in words tell them apart, so
colour is never the only cue.

The SVG is a string built here: no JavaScript, no network, no fonts to fetch. It has
``role="img"``, a ``<title>`` and a ``<desc>`` joined by ``aria-labelledby``, and
:attr:`Chart.text` states the trend in words for the page around it. Every piece of
text is escaped. Output is deterministic: the same target gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from ..figures import rounded, with_unit
from ..model.plan import Actual, Target
from .status import Assessment, actuals_after_baseline, assess

WIDTH, HEIGHT = 480, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 30, 20, 62  # plot margins; the legend sits below the axis
PAD = 16  # first and last points sit this far inside the plot

COLOURS = {
    "actual": "#1d4f91",  # dark blue, 8.6:1 on white
    "track": "#595959",  # dark grey, 7:1
    "target": "#8a4500",  # dark orange-brown, 6.9:1
    "grid": "#d0d0d0",
    "text": "#1a1a1a",
}


@dataclass(frozen=True)
class Chart:
    id: str  # the svg element's id (unique per target)
    svg: str  # the <svg> element
    text: str  # the trend in words: the chart's text alternative


def _esc(text: str) -> str:
    return escape(text, quote=True)


def _id(prefix: str, target_id: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", target_id).strip("-") or "target"
    return f"{prefix}-{safe}"


def _f(x: float) -> str:
    """Coordinates with one decimal, no '-0.0'."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def trend_text(target: Target, actuals: Iterable[Actual] | None = None,
               assessment: Assessment | None = None) -> str:
    """The trend in one sentence, e.g. "Rose from 62.1% in 2009-10 to 66.0% in
    2011-12; target 70% by 2013-14; on track."."""
    unit = target.unit
    chosen = actuals_after_baseline(target, actuals)
    assessment = assessment or assess(target, chosen)
    b, g = target.baseline, target.target
    parts = []
    if b is not None and b.value is not None and chosen:
        last = chosen[-1]
        start = f"{with_unit(b.value, unit)} in {b.period}"
        end = f"{with_unit(last.value, unit)} in {last.period}"
        if last.value > b.value:  # type: ignore[operator]
            parts.append(f"Rose from {start} to {end}")
        elif last.value < b.value:  # type: ignore[operator]
            parts.append(f"Fell from {start} to {end}")
        else:
            parts.append(f"Stayed at {with_unit(b.value, unit)} from {b.period} to "
                         f"{last.period}")
    elif b is not None and b.value is not None:
        parts.append(f"Baseline {with_unit(b.value, unit)} in {b.period}; no figures since")
    else:
        parts.append("No baseline")
    if g is not None and g.value is not None:
        verb = {"maintain": "keep at"}.get(target.direction or "", "")
        aim = f"{verb} {with_unit(g.value, unit)}".strip()
        parts.append(f"target {aim} by {g.period}")
    parts.append(assessment.status.value)
    return "; ".join(parts) + "."


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def _y_range(values: list[float]) -> tuple[float, float, float]:
    lo, hi = min(values), max(values)
    if math.isclose(lo, hi):
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    step = _nice_step(hi - lo)
    lo = math.floor(lo / step) * step
    hi = math.ceil(hi / step) * step
    if lo < 0 <= min(values):
        lo = 0.0
    return lo, hi, step


def turn_the_curve(target: Target, actuals: Iterable[Actual] | None = None,
                   assessment: Assessment | None = None, *, id_prefix: str = "ttc",
                   title: str | None = None) -> Chart | None:
    """The chart for ``target`` (actuals from ``target.actuals`` unless given), or
    None when there is nothing to draw: no actual after the baseline, or no readable
    baseline and target."""
    b, g = target.baseline, target.target
    if b is None or g is None or b.value is None or g.value is None:
        return None
    bs, gs = b.span, g.span
    if bs is None or gs is None:
        return None
    chosen = actuals_after_baseline(target, actuals)
    if not chosen:
        return None
    assessment = assessment or assess(target, chosen)
    text = trend_text(target, chosen, assessment)
    chart_id = _id(id_prefix, target.id or "target")
    label = title or f"{target.indicator or target.id}: baseline, actuals and target"

    points = [(bs.end, float(b.value))] + [(a.span.end, float(a.value))  # type: ignore[union-attr,arg-type]
                                           for a in chosen]
    goal = (gs.end, float(g.value))
    days = [p[0] for p in points] + [goal[0]]
    d0, d1 = min(days), max(days)
    total = max((d1 - d0).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    lo, hi, step = _y_range([v for _, v in points] + [goal[1]])

    def x(day: dt.date) -> float:
        return LEFT + PAD + (plot_w - 2 * PAD) * (day - d0).days / total

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - lo) / (hi - lo))

    c = COLOURS
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{_esc(chart_id)}" class="ttc-chart" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{_esc(chart_id)}-title {_esc(chart_id)}-desc" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="{_esc(chart_id)}-title">{_esc(label)}</title>',
        f'<desc id="{_esc(chart_id)}-desc">{_esc(text)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
    ]
    # Horizontal grid and y-axis labels.
    n = round((hi - lo) / step)
    for i in range(n + 1):
        v = lo + i * step
        yy = y(v)
        out.append(f'<line x1="{LEFT}" y1="{_f(yy)}" x2="{WIDTH - RIGHT}" y2="{_f(yy)}" '
                   f'stroke="{c["grid"]}" stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{_f(yy + 4)}" text-anchor="end" '
                   f'fill="{c["text"]}">{_esc(with_unit(rounded(v, 6), _short(target.unit)))}'
                   '</text>')
    base_y = TOP + plot_h
    out.append(f'<line x1="{LEFT}" y1="{base_y}" x2="{WIDTH - RIGHT}" y2="{base_y}" '
               f'stroke="{c["text"]}" stroke-width="1"/>')
    # X-axis labels: periods, left to right, dropping any that would overlap.
    marks = [(bs.end, b.period or "")] + [(a.span.end, a.period or "") for a in chosen]  # type: ignore[union-attr]
    marks.append((gs.end, g.period or ""))
    marks = sorted(dict(marks).items())
    placed: list[tuple[float, str]] = []

    def crowded(xx: float, period: str) -> bool:
        return bool(placed) and xx - placed[-1][0] < 4 + 3.5 * (len(period) + len(placed[-1][1]))

    for day, period in marks:
        xx = x(day)
        while day == gs.end and crowded(xx, period):
            placed.pop()  # the target's period always shows
        if not crowded(xx, period):
            placed.append((xx, period))
    for xx, period in placed:
        out.append(f'<line x1="{_f(xx)}" y1="{base_y}" x2="{_f(xx)}" y2="{base_y + 4}" '
                   f'stroke="{c["text"]}" stroke-width="1"/>')
        out.append(f'<text x="{_f(xx)}" y="{base_y + 18}" text-anchor="middle" '
                   f'fill="{c["text"]}">{_esc(period)}</text>')
    # The on-track line, dashed, baseline to target.
    bx, by = x(points[0][0]), y(points[0][1])
    gx, gy = x(goal[0]), y(goal[1])
    out.append(f'<line class="ttc-track" x1="{_f(bx)}" y1="{_f(by)}" x2="{_f(gx)}" '
               f'y2="{_f(gy)}" stroke="{c["track"]}" stroke-width="2" '
               'stroke-dasharray="6 4"/>')
    # Actuals: a solid line from the baseline through each actual.
    path = " ".join(f"{_f(x(d))},{_f(y(v))}" for d, v in points)
    out.append(f'<polyline class="ttc-actual" points="{path}" fill="none" '
               f'stroke="{c["actual"]}" stroke-width="2.5"/>')
    # Markers: baseline square, actual circles, target diamond.
    out.append(f'<rect class="ttc-baseline" x="{_f(bx - 5)}" y="{_f(by - 5)}" width="10" '
               f'height="10" fill="{c["actual"]}"/>')
    for d, v in points[1:]:
        out.append(f'<circle class="ttc-point" cx="{_f(x(d))}" cy="{_f(y(v))}" r="5" '
                   f'fill="#ffffff" stroke="{c["actual"]}" stroke-width="2.5"/>')
    out.append(f'<polygon class="ttc-target" points="{_f(gx)},{_f(gy - 7)} '
               f'{_f(gx + 7)},{_f(gy)} {_f(gx)},{_f(gy + 7)} {_f(gx - 7)},{_f(gy)}" '
               f'fill="{c["target"]}"/>')
    # Value labels: baseline, latest actual and target.
    last_d, last_v = points[-1]
    for xx, yy, value, anchor in (
        (bx, by, b.value, "start"),
        (x(last_d), y(last_v), chosen[-1].value, "middle"),
        (gx, gy, g.value, "end"),
    ):
        above = yy - 10 if yy - 10 > TOP + 2 else yy + 20
        out.append(f'<text x="{_f(xx)}" y="{_f(above)}" text-anchor="{anchor}" '
                   f'font-weight="bold" fill="{c["text"]}">'
                   f'{_esc(with_unit(value, target.unit))}</text>')
    # Legend in words (shapes and line styles, not colour alone).
    ly = HEIGHT - 16
    out.extend([
        f'<g class="ttc-legend" fill="{c["text"]}">',
        f'<line x1="{LEFT}" y1="{ly}" x2="{LEFT + 24}" y2="{ly}" stroke="{c["actual"]}" '
        'stroke-width="2.5"/>',
        f'<circle cx="{LEFT + 12}" cy="{ly}" r="4" fill="#ffffff" stroke="{c["actual"]}" '
        'stroke-width="2"/>',
        f'<text x="{LEFT + 30}" y="{ly + 4}">Actual (square: baseline)</text>',
        f'<line x1="{LEFT + 196}" y1="{ly}" x2="{LEFT + 220}" y2="{ly}" '
        f'stroke="{c["track"]}" stroke-width="2" stroke-dasharray="6 4"/>',
        f'<text x="{LEFT + 226}" y="{ly + 4}">On track line</text>',
        f'<polygon points="{LEFT + 320},{ly - 6} {LEFT + 326},{ly} {LEFT + 320},{ly + 6} '
        f'{LEFT + 314},{ly}" fill="{c["target"]}"/>',
        f'<text x="{LEFT + 332}" y="{ly + 4}">Target</text>',
        "</g>",
        "</svg>",
    ])
    return Chart(chart_id, "\n".join(out), text)


def _short(unit: str | None) -> str | None:
    """Units on the y axis: '%' kept, long units left to the labels and legend."""
    return unit if unit and unit.strip().startswith("%") else None
