"""Turn-the-curve charts: one small SVG line chart per target with actuals.

Results-Based Accountability (named in the Welsh guidance) plots where a measure
started, where it has gone and where it should get to. Each chart shows the baseline
(square), the actuals (circles joined by a solid line from the baseline), the target
(diamond) and the straight "on track" line from baseline to target (dashed, see
``review/status.py``). Shapes, line styles and a legend in words tell them apart, so
colour is never the only cue.

The chart knows no language: every word and every figure it prints comes in
:class:`ChartWords`, already in the report's language (``document/review/trends.py``
words them from the catalogue), so a Welsh chart is Welsh from the start.

The SVG is a string built here: no JavaScript, no network, no fonts to fetch. It has
``role="img"`` and a ``<title>`` (its accessible name); the trend in words and a table
of every plotted value sit beside it in the document, so the picture says nothing
that is not also text, and nothing is read twice. Every piece of text is escaped.
Value labels are placed where they overlap neither each other, the markers nor the
lines. Output is deterministic: the same target gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape

from ..model.plan import Actual, Target
from .status import actuals_after_baseline

# Drawn 420 units wide with 12-unit text: the PDF sets the chart across the measure
# (14 cm, 397 pt) and the DOCX at 85% of its 17 cm, so the labels print at 11.3 and
# 11.7 pt, not below the 11 pt clear print allows for tables (docs/print-and-word.md).
# At 520 wide they printed at 7.8 pt.
WIDTH = 420
RIGHT, TOP = 24, 40  # TOP leaves room for the y axis's unit above the plot
PLOT_H = 190
PAD = 18  # first and last points sit this far inside the plot
CHAR_W, BOLD_W = 6.6, 7.2  # average width of a 12px sans-serif character, for layout

COLOURS = {
    "actual": "#1d4f91",  # dark blue, 8.6:1 on white
    "track": "#595959",  # dark grey, 7:1
    "target": "#8a4500",  # dark orange-brown, 6.9:1
    "grid": "#d0d0d0",
    "text": "#1a1a1a",
}


@dataclass(frozen=True)
class ChartWords:
    """Everything the chart prints, in the report's language."""

    title: str  # the chart's accessible name
    axis: str  # the y axis's unit in words, printed above it
    legend_actual: str
    legend_track: str
    legend_target: str
    value: Callable[[float], str]  # a plotted figure as written, with a sign unit: "£410,000"
    tick: Callable[[float, int], str]  # an axis figure with so many decimals: "£400,000"


@dataclass(frozen=True)
class Chart:
    id: str  # the svg element's id (unique per target)
    svg: str  # the <svg> element


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _esc(text: str) -> str:
    return escape(text, quote=True)


def chart_id(target_id: str, prefix: str = "ttc") -> str:
    """The svg element's id for a target's chart: ``ttc-<target id>``."""
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", target_id).strip("-") or "target"
    return f"{prefix}-{safe}"


def _f(x: float) -> str:
    """Coordinates with one decimal, no '-0.0'."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def plotted(target: Target, actuals: Iterable[Actual] | None = None) -> list[Actual]:
    """The actuals a chart of ``target`` would plot; empty when there is no chart:
    no actual after the baseline, or no readable baseline and target."""
    b, g = target.baseline, target.target
    if b is None or g is None or b.value is None or g.value is None:
        return []
    if b.span is None or g.span is None:
        return []
    return actuals_after_baseline(target, actuals)


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    if raw <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def y_range(values: list[float]) -> tuple[float, float, float]:
    """Axis bounds and step: whole steps just around the data (never from zero when
    the data sit far from it), so the changes the chart is about can be seen."""
    lo, hi = min(values), max(values)
    if math.isclose(lo, hi):
        pad = abs(lo) * 0.1 or 1.0
        lo, hi = lo - pad, hi + pad
    step = _nice_step(hi - lo)
    # A little room beyond the data, so the value labels fit above or below a point.
    lo = math.floor((lo - step * 0.3) / step) * step
    hi = math.ceil((hi + step * 0.3) / step) * step
    if lo < 0 <= min(values):
        lo = 0.0
    return lo, hi, step


def _text_box(x: float, y: float, width: float, anchor: str) -> Box:
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return (left - 2, y - 12, left + width + 2, y + 3)


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _crosses(box: Box, p: tuple[float, float], q: tuple[float, float]) -> bool:
    """Whether the segment pq passes through the box (Liang-Barsky clipping)."""
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for edge_p, edge_q in ((-dx, p[0] - box[0]), (dx, box[2] - p[0]),
                           (-dy, p[1] - box[1]), (dy, box[3] - p[1])):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        t = edge_q / edge_p
        if edge_p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def place_labels(labels: list[tuple[float, float, str, list[str]]],
                 segments: list[tuple[tuple[float, float], tuple[float, float]]],
                 markers: list[Box], area: Box) -> list[tuple[float, float, str, Box]]:
    """Where each value label goes: for a label at point (x, y) with its allowed
    anchors, the first of a few positions above and below the point that overlaps no
    placed label, marker or line and stays in the plot area; failing that, the one
    with the fewest overlaps."""
    placed: list[tuple[float, float, str, Box]] = []
    for x, y, text, anchors in labels:
        width = BOLD_W * len(text)
        best: tuple[int, float, float, str, Box] | None = None
        spots = [(anchor, {"start": -4, "middle": 0, "end": 4}[anchor], dy)
                 for dy in (-11, 21) for anchor in anchors]
        spots += [("end", -10, 4), ("start", 10, 4)]  # beside the point
        spots += [(anchor, 0, dy) for dy in (-25, 35) for anchor in anchors]
        for anchor, dx, dy in spots:
            box = _text_box(x + dx, y + dy, width, anchor)
            hits = sum(_overlaps(box, p[3]) for p in placed)
            hits += sum(_overlaps(box, m) for m in markers)
            hits += sum(_crosses(box, p, q) for p, q in segments)
            if box[0] < area[0] or box[2] > area[2] or box[1] < area[1] or box[3] > area[3]:
                hits += 5
            if best is None or hits < best[0]:
                best = (hits, x + dx, y + dy, anchor, box)
            if hits == 0:
                break
        assert best is not None
        placed.append((best[1], best[2], best[3], best[4]))
    return placed


def _legend(words: ChartWords, left: float, top: float) -> tuple[list[str], float]:
    """The legend's items (line or shape, then words), flowing onto a second row
    when the words are long; returns the SVG and the height it takes."""
    c = COLOURS
    items = [
        ("actual", words.legend_actual), ("track", words.legend_track),
        ("target", words.legend_target),
    ]
    out = [f'<g class="ttc-legend" fill="{c["text"]}">']
    x, y = left, top
    for kind, text in items:
        width = 30 + CHAR_W * len(text) + 18
        if x > left and x + width > WIDTH - 8:
            x, y = left, y + 20
        if kind == "actual":
            out += [f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + 24)}" y2="{_f(y)}" '
                    f'stroke="{c["actual"]}" stroke-width="2.5"/>',
                    f'<circle cx="{_f(x + 12)}" cy="{_f(y)}" r="4" fill="#ffffff" '
                    f'stroke="{c["actual"]}" stroke-width="2"/>']
        elif kind == "track":
            out.append(f'<line x1="{_f(x)}" y1="{_f(y)}" x2="{_f(x + 24)}" y2="{_f(y)}" '
                       f'stroke="{c["track"]}" stroke-width="2" stroke-dasharray="6 4"/>')
        else:
            out.append(f'<polygon points="{_f(x + 12)},{_f(y - 6)} {_f(x + 18)},{_f(y)} '
                       f'{_f(x + 12)},{_f(y + 6)} {_f(x + 6)},{_f(y)}" '
                       f'fill="{c["target"]}"/>')
        out.append(f'<text x="{_f(x + 30)}" y="{_f(y + 4)}">{_esc(text)}</text>')
        x += width
    out.append("</g>")
    return out, y - top + 20


def turn_the_curve(target: Target, actuals: Iterable[Actual] | None, words: ChartWords,
                   *, svg_id: str | None = None) -> Chart | None:
    """The chart for ``target`` (actuals from ``target.actuals`` unless given), or
    None when there is nothing to draw (see :func:`plotted`). ``svg_id`` defaults to
    :func:`chart_id`; the title's id is ``<svg_id>-title``."""
    chosen = plotted(target, actuals)
    if not chosen:
        return None
    b, g = target.baseline, target.target
    bs, gs = (b.span if b else None), (g.span if g else None)
    # plotted() draws only a target with a readable baseline and target, and actuals
    # with a value and a readable period.
    assert b is not None and g is not None and bs is not None and gs is not None
    assert b.value is not None and g.value is not None
    dated = [(span, a.value, a.period or "") for a in chosen
             if (span := a.span) is not None and a.value is not None]
    cid = svg_id or chart_id(target.id or "target")

    points = [(bs.end, float(b.value))] + [(s.end, float(v)) for s, v, _ in dated]
    goal = (gs.end, float(g.value))
    lo, hi, step = y_range([v for _, v in points] + [goal[1]])
    n = round((hi - lo) / step)
    decimals = len(f"{step:.6f}".rstrip("0").partition(".")[2])
    ticks = [(lo + i * step, words.tick(round(lo + i * step, 6), decimals))
             for i in range(n + 1)]
    left = max(48.0, 14 + CHAR_W * max(len(t) for _, t in ticks))
    days = [p[0] for p in points] + [goal[0]]
    d0, d1 = min(days), max(days)
    total = max((d1 - d0).days, 1)
    plot_w = WIDTH - left - RIGHT
    base_y = TOP + PLOT_H

    def x(day: dt.date) -> float:
        return left + PAD + (plot_w - 2 * PAD) * (day - d0).days / total

    def y(value: float) -> float:
        return TOP + PLOT_H * (1 - (value - lo) / (hi - lo))

    legend, legend_h = _legend(words, left, base_y + 44)
    height = int(base_y + 44 + legend_h)
    c = COLOURS
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{_esc(cid)}" class="ttc-chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{_esc(cid)}-title" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="{_esc(cid)}-title">{_esc(words.title)}</title>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text class="ttc-axis" x="8" y="{TOP - 16}" fill="{c["text"]}">'
        f'{_esc(words.axis)}</text>',
    ]
    # Horizontal grid and y-axis labels.
    for v, label in ticks:
        yy = y(v)
        out.append(f'<line x1="{_f(left)}" y1="{_f(yy)}" x2="{WIDTH - RIGHT}" '
                   f'y2="{_f(yy)}" stroke="{c["grid"]}" stroke-width="1"/>')
        out.append(f'<text x="{_f(left - 6)}" y="{_f(yy + 4)}" text-anchor="end" '
                   f'fill="{c["text"]}">{_esc(label)}</text>')
    out.append(f'<line x1="{_f(left)}" y1="{TOP}" x2="{_f(left)}" y2="{base_y}" '
               f'stroke="{c["text"]}" stroke-width="1"/>')
    out.append(f'<line x1="{_f(left)}" y1="{base_y}" x2="{WIDTH - RIGHT}" y2="{base_y}" '
               f'stroke="{c["text"]}" stroke-width="1"/>')
    # X-axis labels: periods, left to right, dropping any that would overlap.
    marks = [(bs.end, b.period or "")] + [(s.end, period) for s, _, period in dated]
    marks.append((gs.end, g.period or ""))
    marks = sorted(dict(marks).items())
    placed_x: list[tuple[float, str]] = []

    def crowded(xx: float, period: str) -> bool:
        return bool(placed_x) and \
            xx - placed_x[-1][0] < 4 + CHAR_W / 2 * (len(period) + len(placed_x[-1][1]))

    for day, period in marks:
        xx = x(day)
        while day == gs.end and crowded(xx, period):
            placed_x.pop()  # the target's period always shows
        if not crowded(xx, period):
            placed_x.append((xx, period))
    for xx, period in placed_x:
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
    xy = [(x(d), y(v)) for d, v in points]
    path = " ".join(f"{_f(px)},{_f(py)}" for px, py in xy)
    out.append(f'<polyline class="ttc-actual" points="{path}" fill="none" '
               f'stroke="{c["actual"]}" stroke-width="2.5"/>')
    # Markers: baseline square, actual circles, target diamond.
    out.append(f'<rect class="ttc-baseline" x="{_f(bx - 5)}" y="{_f(by - 5)}" width="10" '
               f'height="10" fill="{c["actual"]}"/>')
    for px, py in xy[1:]:
        out.append(f'<circle class="ttc-point" cx="{_f(px)}" cy="{_f(py)}" r="5" '
                   f'fill="#ffffff" stroke="{c["actual"]}" stroke-width="2.5"/>')
    out.append(f'<polygon class="ttc-target" points="{_f(gx)},{_f(gy - 7)} '
               f'{_f(gx + 7)},{_f(gy)} {_f(gx)},{_f(gy + 7)} {_f(gx - 7)},{_f(gy)}" '
               f'fill="{c["target"]}"/>')
    # Value labels (baseline, latest actual, target), clear of the lines and markers.
    markers = [(px - 6, py - 6, px + 6, py + 6) for px, py in xy]
    markers.append((gx - 8, gy - 8, gx + 8, gy + 8))
    segments = [((bx, by), (gx, gy)), *itertools.pairwise(xy)]
    labels = [(bx, by, words.value(b.value), ["start", "middle"]),
              (xy[-1][0], xy[-1][1], words.value(dated[-1][1]), ["middle", "end", "start"]),
              (gx, gy, words.value(g.value), ["end", "middle"])]
    area = (left, float(TOP - 8), float(WIDTH), float(base_y))
    for (lx, ly, anchor, _), (_, _, text, _) in zip(
            place_labels(labels, segments, markers, area), labels, strict=True):
        out.append(f'<text class="ttc-value" x="{_f(lx)}" y="{_f(ly)}" '
                   f'text-anchor="{anchor}" font-weight="bold" fill="{c["text"]}">'
                   f'{_esc(text)}</text>')
    out += legend
    out.append("</svg>")
    return Chart(cid, "\n".join(out))
