"""Turn-the-curve SVG charts and their text alternatives."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from cyp_cli.figures import number, with_unit
from cyp_cli.model.plan import Actual, Measure, Target
from cyp_cli.review.charts import trend_text, turn_the_curve

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


def test_trend_text_in_words() -> None:
    t = make(actuals=(("2010-11", 64.5), ("2011-12", 66.1)))
    assert trend_text(t) == ("Rose from 62.1% in 2009-10 to 66.1% in 2011-12; target 70% "
                             "by 2013-14; on track.")
    t = make("decrease", (12.0, "2009-10"), (9, "2013-14"), (("2011-12", 12.5),))
    assert trend_text(t) == ("Rose from 12.0% in 2009-10 to 12.5% in 2011-12; target 9% by "
                             "2013-14; off track.")
    t = make("decrease", (12.0, "2009-10"), (9, "2013-14"), (("2011-12", 8.5),),
             unit="per 1,000")
    assert trend_text(t) == ("Fell from 12.0 per 1,000 in 2009-10 to 8.5 per 1,000 in "
                             "2011-12; target 9 per 1,000 by 2013-14; achieved.")
    t = make("maintain", (95, "2009-10"), (95, "2013-14"), (("2010-11", 95),))
    assert trend_text(t) == ("Stayed at 95% from 2009-10 to 2010-11; target keep at 95% by "
                             "2013-14; achieved.")
    assert trend_text(make()) == ("Baseline 62.1% in 2009-10; no figures since; target 70% "
                                  "by 2013-14; no data.")


def test_chart_is_accessible_svg() -> None:
    t = make(actuals=(("2010-11", 64.5), ("2011-12", 66.1)))
    chart = turn_the_curve(t)
    assert chart is not None and chart.id == "ttc-t-1"
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.get("id") == title_id and desc.get("id") == desc_id
    assert title.text == "Pupils achieving L2: baseline, actuals and target"
    assert desc.text == chart.text == trend_text(t)
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
    assert "script" not in chart.svg.lower() and "http" not in chart.svg.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")


def test_on_track_line_joins_baseline_and_target() -> None:
    t = make(actuals=(("2011-12", 66.1),))
    root = ET.fromstring(turn_the_curve(t).svg)
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
    chart = turn_the_curve(t)
    root = ET.fromstring(chart.svg)  # well-formed despite the markup characters
    assert root.find(f"{SVG}title").text.startswith('Pupils <5 & "others"')
    assert "<5" not in chart.svg and "&lt;5 &amp; &quot;others&quot;" in chart.svg
    assert root.get("id") == "ttc-a-b-c"


def test_deterministic() -> None:
    t = make(actuals=(("2010-11", 64.5), ("2011-12", 66.1)))
    assert turn_the_curve(t).svg == turn_the_curve(make(actuals=(("2011-12", 66.1),
                                                                  ("2010-11", 64.5)))).svg
    assert turn_the_curve(t, id_prefix="x").id == "x-t-1"


def test_nothing_to_draw() -> None:
    assert turn_the_curve(make()) is None  # no actuals
    assert turn_the_curve(make(actuals=(("2008-09", 60),))) is None  # only before baseline
    t = make(actuals=(("2010-11", 64),))
    t.baseline = None
    assert turn_the_curve(t) is None


def test_flat_and_crowded_charts_still_draw() -> None:
    flat = make("maintain", (95, "2009-10"), (95, "2013-14"), (("2010-11", 95),))
    assert ET.fromstring(turn_the_curve(flat).svg) is not None
    quarters = make(base=(10, "2011-Q1"), goal=(20, "2013-Q4"),
                    actuals=tuple((f"{y}-Q{q}", 10 + i) for i, (y, q) in enumerate(
                        (y, q) for y in (2011, 2012, 2013) for q in (1, 2, 3, 4)) if i))
    root = ET.fromstring(turn_the_curve(quarters).svg)
    labels = [e.text for e in root.iter(f"{SVG}text") if e.text and "-Q" in e.text]
    assert labels[-1] == "2013-Q4" and len(labels) < 12  # thinned, target kept


def test_number_formatting() -> None:
    assert number(62.1) == "62.1" and number(70) == "70" and number(66.0) == "66.0"
    assert number(12500) == "12,500" and number(-1234.5) == "-1,234.5"
    assert with_unit(55, "per 10,000") == "55 per 10,000"
    assert with_unit(1204, "number") == "1,204"
    assert with_unit(None, "%") == "?%"
