"""Turn-the-curve SVG charts and their text alternatives."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cyp_cli.figures import number, with_unit
from cyp_cli.model.plan import Actual, Measure, Target
from cyp_cli.review.charts import Chart, ChartWords, place_labels, turn_the_curve, y_range

SVG = "{http://www.w3.org/2000/svg}"


def make(direction: str = "increase", base: tuple[float, str] = (62.1, "2009-10"),
         goal: tuple[float, str] = (70, "2013-14"), actuals: tuple = (), **kw: object
         ) -> Target:
    return Target(
        id=kw.pop("id", "t-1"), indicator=kw.pop("indicator", "Pupils achieving L2"),
        unit=kw.pop("unit", "%"), direction=direction,
        baseline=Measure(value=base[0], period=base[1]),
        target=Measure(value=goal[0], period=goal[1]),
        actuals=[Actual(period=p, value=v) for p, v in actuals],
    )


WORDS = ChartWords(title="Pupils achieving L2: baseline, actuals and target", axis="Per cent",
                   legend_actual="Actual (square: baseline)", legend_track="On track line",
                   legend_target="Target", value=lambda v: with_unit(v, "%"),
                   tick=lambda v, d: with_unit(v, "%", decimals=d))


def chart(t: Target, **kw: object) -> Chart | None:
    return turn_the_curve(t, None, WORDS, **kw)  # type: ignore[arg-type]


def test_chart_is_accessible_svg() -> None:
    t = make(actuals=(("2010-11", 64.5), ("2011-12", 66.1)))
    c = chart(t)
    assert c is not None and c.id == "ttc-t-1"
    root = ET.fromstring(c.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    # Named by its title only: the trend and the values are text beside it.
    assert root.get("aria-labelledby") == title.get("id") == "ttc-t-1-title"
    assert title.text == "Pupils achieving L2: baseline, actuals and target"
    assert root.find(f"{SVG}desc") is None
    # Baseline square, two actual circles, target diamond, dashed on-track line.
    assert len(root.findall(f"{SVG}rect[@class='ttc-baseline']")) == 1
    assert len(root.findall(f"{SVG}circle[@class='ttc-point']")) == 2
    assert len(root.findall(f"{SVG}polygon[@class='ttc-target']")) == 1
    track = root.find(f"{SVG}line[@class='ttc-track']")
    assert track.get("stroke-dasharray") == "6 4"
    assert len(root.find(f"{SVG}polyline").get("points").split()) == 3
    texts = [e.text for e in root.iter(f"{SVG}text")]
    assert {"2009-10", "2010-11", "2011-12", "2013-14"} <= set(texts)
    assert {"Actual (square: baseline)", "On track line", "Target"} <= set(texts)
    assert "Per cent" in texts and "62.1%" in texts and "66.1%" in texts and "70%" in texts
    assert "script" not in c.svg.lower() and "http" not in c.svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_on_track_line_joins_baseline_and_target() -> None:
    t = make(actuals=(("2011-12", 66.1),))
    root = ET.fromstring(chart(t).svg)
    line = root.find(f"{SVG}line[@class='ttc-track']")
    base = root.find(f"{SVG}rect[@class='ttc-baseline']")
    diamond = root.find(f"{SVG}polygon[@class='ttc-target']").get("points").split()
    assert float(line.get("x1")) == float(base.get("x")) + 5
    assert float(line.get("y1")) == float(base.get("y")) + 5
    top_x, top_y = (float(v) for v in diamond[0].split(","))
    assert float(line.get("x2")) == top_x and float(line.get("y2")) == top_y + 7
    assert float(line.get("x2")) > float(line.get("x1"))  # time runs left to right
    assert float(line.get("y2")) < float(line.get("y1"))  # 70 is above 62.1


def test_text_is_escaped() -> None:
    t = make(actuals=(("2010-11", 64),), indicator='Pupils <5 & "others"', id="a&b<c",
             unit="<%>")
    words = ChartWords('Pupils <5 & "others"', "<%>", "a", "b", "c", lambda v: f"<{v}>",
                       lambda v, d: f"<{v}>")
    c = turn_the_curve(t, None, words)
    root = ET.fromstring(c.svg)  # well-formed despite the markup characters
    assert root.find(f"{SVG}title").text.startswith('Pupils <5 & "others"')
    assert "<5" not in c.svg and "&lt;5 &amp; &quot;others&quot;" in c.svg
    assert root.get("id") == "ttc-a-b-c"


def test_deterministic() -> None:
    t = make(actuals=(("2010-11", 64.5), ("2011-12", 66.1)))
    assert chart(t).svg == chart(make(actuals=(("2011-12", 66.1),
                                                                  ("2010-11", 64.5)))).svg
    assert chart(t, svg_id="x").id == "x"


def test_nothing_to_draw() -> None:
    assert chart(make()) is None  # no actuals
    assert chart(make(actuals=(("2008-09", 60),))) is None  # only before baseline
    t = make(actuals=(("2010-11", 64),))
    t.baseline = None
    assert chart(t) is None


def test_flat_and_crowded_charts_still_draw() -> None:
    flat = make("maintain", (95, "2009-10"), (95, "2013-14"), (("2010-11", 95),))
    assert ET.fromstring(chart(flat).svg) is not None
    quarters = make(base=(10, "2011-Q1"), goal=(20, "2013-Q4"),
                    actuals=tuple((f"{y}-Q{q}", 10 + i) for i, (y, q) in enumerate(
                        (y, q) for y in (2011, 2012, 2013) for q in (1, 2, 3, 4)) if i))
    root = ET.fromstring(chart(quarters).svg)
    labels = [e.text for e in root.iter(f"{SVG}text") if e.text and "-Q" in e.text]
    assert labels[-1] == "2013-Q4" and len(labels) < 12  # thinned, target kept


def test_y_axis_shows_the_data_with_room_for_labels() -> None:
    lo, hi, _ = y_range([93.4, 94.6, 95.0])
    assert lo < 93.4 and hi > 95.0 and hi - lo <= 3  # not from zero: the change shows
    assert y_range([410000, 472000, 650000])[0] >= 300000


def _boxes(svg: str) -> list[tuple[float, float, float, float]]:
    root = ET.fromstring(svg)
    out = []
    for e in root.iter(f"{SVG}text"):
        if e.get("class") != "ttc-value":
            continue
        x, y, w = float(e.get("x")), float(e.get("y")), 7.2 * len(e.text)
        left = {"start": x, "middle": x - w / 2, "end": x - w}[e.get("text-anchor")]
        out.append((left, y - 11, left + w, y + 2))
    return out


def test_value_labels_clear_of_each_other_and_the_on_track_line() -> None:
    # The example's crowded cases: a label on the baseline right under the line, the
    # latest figure beside the on-track line, the target above its diamond.
    cases = [make(actuals=(("2010-11", 62.3),)),
             make("decrease", (41.2, "2009-10"), (34.0, "2013-14"), (("2010-11", 39.5),)),
             make(base=(410000, "2009-10"), goal=(650000, "2013-14"),
                  actuals=(("2010-11", 472000),), unit="£")]
    for t in cases:
        c = chart(t)
        root = ET.fromstring(c.svg)
        line = root.find(f"{SVG}line[@class='ttc-track']")
        p = (float(line.get("x1")), float(line.get("y1")))
        q = (float(line.get("x2")), float(line.get("y2")))
        boxes = _boxes(c.svg)
        assert len(boxes) == 3
        for n, b in enumerate(boxes):
            assert not any(b[0] < o[2] and o[0] < b[2] and b[1] < o[3] and o[1] < b[3]
                           for o in boxes[n + 1:]), t.unit
            for i in range(101):
                x = p[0] + (q[0] - p[0]) * i / 100
                y = p[1] + (q[1] - p[1]) * i / 100
                assert not (b[0] <= x <= b[2] and b[1] <= y <= b[3]), (t.target, b)


def test_place_labels_moves_a_label_off_a_line() -> None:
    # A line right through the spot above the point: the label goes elsewhere.
    [(_, _, _, box)] = place_labels([(100, 100, "50%", ["middle"])],
                                         [((60, 89), (140, 89))], [], (0, 0, 300, 300))
    assert not (box[1] <= 89 <= box[3])


def test_number_formatting() -> None:
    assert number(62.1) == "62.1" and number(70) == "70" and number(66.0) == "66.0"
    assert number(12500) == "12,500" and number(-1234.5) == "-1,234.5"
    assert with_unit(55, "per 10,000") == "55 per 10,000"
    assert with_unit(1204, "number") == "1,204"
    assert with_unit(None, "%") == "?"


# Clear print: nothing read as text below 11 pt (the size of the PDF's tables,
# render/templates/plan.typ); chart labels are read as text. The floor is that size
# rather than the body's 12 pt because a chart's labels are short figures and periods,
# like a table's cells (docs/print-and-word.md).
PRINTED_FLOOR_PT = 11.0


def test_chart_labels_print_at_clear_print_size() -> None:
    """The smallest text of a chart, at the width the PDF and the DOCX place it
    (the renderers' own output for a figure), prints at no less than 11 pt: the SVG's
    font size times the placed width over the SVG's own width."""
    import re

    from cyp_cli.document.nodes import Figure
    from cyp_cli.render import docx, pdf
    from cyp_cli.render.pandoc_ast import Converter, image_as_data_uri

    c = chart(make(actuals=(("2010-11", 64.5), ("2011-12", 66.1))))
    assert c is not None
    root = ET.fromstring(c.svg)
    drawn_width = float(root.get("viewBox").split()[2])
    smallest = min(float(e.get("font-size")) for e in root.iter() if e.get("font-size"))
    figure = Figure(id=c.id, svg=c.svg, alt="trend", caption=[])

    typst_call = Converter(pdf._typst_image, "typst").figure(figure)["c"][2][0]["c"][1]
    share = float(re.search(r"width: ([\d.]+)%", typst_call)[1]) / 100
    in_pdf = smallest * pdf.MEASURE_PT * share / drawn_width

    image = Converter(image_as_data_uri, "docx").figure(figure)["c"][2][0]["c"][0]
    attrs = dict(image["c"][0][2])
    in_docx = smallest * docx.MEASURE_PT * float(attrs["width"].rstrip("%")) / 100 / drawn_width

    assert in_pdf >= PRINTED_FLOOR_PT, f"chart text prints at {in_pdf:.1f} pt in the PDF"
    assert in_docx >= PRINTED_FLOOR_PT, f"chart text prints at {in_docx:.1f} pt in the DOCX"
