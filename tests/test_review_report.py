"""The review report as a document and as HTML: parts, wording in English and Welsh,
redline nodes, charts as figures, and the page in Chromium with axe-core (zero WCAG
2.1 A/AA violations, like the plan, see tests/browser.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import browser
import pytest
import yaml
from test_review_fixtures import action, section, target, write_plan

from cyp_cli.document.nodes import (
    Badge,
    Deleted,
    Document,
    Figure,
    Heading,
    Inserted,
    Para,
    Table,
    Text,
    plain_text,
)
from cyp_cli.document.review import (
    ReviewContext,
    build_review_document,
    redline_blocks,
    review_languages,
    review_strings,
)
from cyp_cli.document.strings import STRINGS_DIR
from cyp_cli.model.load import load_plan
from cyp_cli.render import render
from cyp_cli.render.pandoc_ast import Converter, image_as_data_uri
from cyp_cli.review import compare
from cyp_cli.review.redline import redline

AS_OF = dt.date(2012, 6, 1)
PARTS = ["summary", "targets", "goalposts", "charts", "actions", "sections", "statutory"]


def _plans(tmp_path: Path, nation: str = "wales", **extra: Any) -> tuple[Any, Any]:
    """Old and new versions: t1 lowered, t2 dropped without reason, t3 retired with
    one, t4 added; a section removed, one renamed, one's prose changed; an action
    overdue, one done."""
    old = write_plan(tmp_path / "old", {
        "10-a": section("Alpha", targets=[
            target("t1", goal=(60, "2013-14"), actuals=[("2010-11", 52)]),
            target("t2", actuals=[("2010-11", 49)]),
            target("t3", direction="decrease", base=(30, "2009-10"), goal=(20, "2013-14"),
                   actuals=[("2010-11", 27)])],
            actions=[action("a1", due="2012-03-31", status="in-progress"),
                     action("a2", partner="health", status="in-progress")],
            covers=["wales.child-poverty.objective.skills"],
            body="First paragraph stays.\n\nThe old sentence is here. Another one.\n"),
        "20-b": section("Beta", body="To be removed.\n"),
        "30-c": section("Gamma"),
    }, nation=nation, **extra)
    new = write_plan(tmp_path / "new", {
        "10-a": section("Alpha", targets=[
            target("t1", goal=(55, "2013-14"), actuals=[("2010-11", 52), ("2011-12", 54)]),
            target("t3", direction="decrease", base=(30, "2009-10"), goal=(20, "2013-14"),
                   retired="Replaced by a national measure"),
            target("t4", ref="a2", actuals=[("2011-12", 57)])],
            actions=[action("a1", due="2012-03-31", status="in-progress"),
                     action("a2", partner="health", status="done")],
            covers=["wales.child-poverty.objective.skills"],
            body="First paragraph stays.\n\nThe new sentence is here. Another one.\n"),
        "30-c": section("Gamma, renamed"),
    }, nation=nation, **extra)
    return load_plan(old).plan, load_plan(new).plan


@pytest.fixture
def review(tmp_path: Path) -> Any:
    old, new = _plans(tmp_path)
    return compare(old, new, as_of=AS_OF, old_label="v2011", new_label="v2012")


def _part(doc: Document, pid: str) -> Any:
    return next(p for p in doc.parts if p.id == pid)


def _tables(blocks: list) -> dict[str, Table]:
    return {plain_text(b.caption): b for b in blocks if isinstance(b, Table)}


def _cells(table: Table) -> list[list[str]]:
    return [[plain_text(c.content) for c in row.cells] for row in table.body]


def test_parts_in_order_with_captioned_tables(review: Any) -> None:
    doc = build_review_document(review)
    assert doc.edition == "review" and doc.lang_tag == "en-GB"
    assert [p.id for p in doc.parts] == PARTS
    assert doc.title == "Annual review: Test wales plan"
    assert doc.cover.period == "This review compares v2011 with v2012."
    assert doc.cover.published == "Figures and actions as at 1 June 2012"
    for part in doc.parts:
        for b in part.blocks:
            if isinstance(b, Table):
                assert b.caption and b.head and b.row_headers
    assert doc.s("skip_link") == "Skip to the report"


def test_targets_goalposts_and_flags(review: Any) -> None:
    doc = build_review_document(review)
    targets = _tables(_part(doc, "targets").blocks)
    rows = _cells(targets["Every target in use, with its status (off track first)"])
    assert sorted(r[0] for r in rows) == ["Indicator t1", "Indicator t4"]
    assert all(r[-1] in {"Achieved", "On track", "Off track", "No data"} for r in rows)
    goalposts = _part(doc, "goalposts").blocks
    found = _tables(goalposts)
    changes = _cells(found["Changes to targets: old and new values"])
    assert changes == [["Indicator t1", "Target value", "60%", "55%", "Made easier"]]
    dropped = _cells(found["Targets in use in the old version and dropped from the new "
                           "one"])
    # The model's order: the new version's (t3, retired there), then the old one's.
    assert [r[0] for r in dropped] == ["Indicator t3", "Indicator t2"]
    assert dropped[0][2] == "Replaced by a national measure"
    assert dropped[1][2] == "No reason recorded"  # flagged
    flag = found["Targets in use in the old version and dropped from the new one"]
    assert isinstance(flag.body[1].cells[2].content[0], Badge)
    assert flag.body[1].cells[2].content[0].tone == "flag"
    added = _cells(found["Targets new in this version"])
    assert [r[0] for r in added] == ["Indicator t4"]


def test_actions_overdue_first_and_sections(review: Any) -> None:
    doc = build_review_document(review)
    actions = _part(doc, "actions").blocks
    headings = [plain_text(b.content) for b in actions if isinstance(b, Heading)]
    assert headings == ["Test Council", "Test Health Board"]
    council = _cells(_tables(actions)["Actions owned by Test Council"])
    assert council[0][1] == "Overdue" and council[0][2] == "31 March 2012"
    health = _cells(_tables(actions)["Actions owned by Test Health Board"])
    assert health[0][1:4] == ["Done", "31 March 2012", "In progress"]
    sections = _part(doc, "sections").blocks
    rows = _cells(_tables(sections)["Sections added, removed, renamed or changed"])
    kinds = {r[0]: r[1] for r in rows}
    assert kinds == {"Alpha": "Text changed", "Gamma, renamed": "Renamed",
                     "Beta": "Removed"}


def test_statutory_part_wales(review: Any) -> None:
    doc = build_review_document(review)
    blocks = _part(doc, "statutory").blocks
    assert plain_text(doc.parts[-1].heading.content) == ("Child poverty objectives and "
                                                         "Annex A indicators")
    found = _tables(blocks)
    objectives = _cells(found["Child poverty strategic objectives: what the plan reports"])
    assert len(objectives) == 3
    assert objectives[1][0].startswith("2. Improve the skills")
    assert objectives[1][1:4] == ["Yes", "Yes", "Alpha"]
    annex = _cells(found["Annex A child poverty indicators: what the plan reports"])
    assert [r[0][:3] for r in annex] == ["A1.", "A2.", "A3.", "A4.", "A5.", "A6."]
    assert annex[1][1].startswith("Indicator t4: ")


def test_redline_nodes_carry_text_labels(review: Any) -> None:
    doc = build_review_document(review)
    blocks = _part(doc, "sections").blocks
    paras = [b for b in blocks if isinstance(b, Para)]
    marked = [i for p in paras for i in p.content if isinstance(i, (Inserted, Deleted))]
    # Only Alpha's prose changed; a removed section (Beta) is named, not redlined.
    assert [(type(i).__name__, plain_text(i.content), i.label) for i in marked] == [
        ("Deleted", "old", "deleted: "), ("Inserted", "new", "inserted: ")]
    assert plain_text(paras[-1].content) == "The old new sentence is here. Another one."
    assert any(plain_text(p.content) == "(1 paragraph unchanged)" for p in paras)


def test_redline_blocks_split_paragraphs_and_ignore_rewrapping() -> None:
    ctx = ReviewContext(plan=None, sections=[], strings=review_strings("en"))  # type: ignore[arg-type]
    runs = redline("One two three.\n\nKeep this.\n\nFour five\nsix.\n",
                   "One two 3.\n\nKeep this.\n\nFour five six.\n")
    blocks = redline_blocks(ctx, runs)
    # The re-wrapped paragraph is unchanged (whitespace alone is no change).
    assert [plain_text(b.content) for b in blocks] == ["One two three.3.",
                                                       "(2 paragraphs unchanged)"]
    first = blocks[0].content
    assert [type(i).__name__ for i in first] == ["Text", "Deleted", "Inserted"]
    assert [first[1].label, first[2].label] == ["deleted: ", "inserted: "]
    multi = redline_blocks(ctx, redline("A.\n", "A.\n\nB new.\n\nC new.\n"))
    assert [plain_text(b.content) for b in multi] == ["(1 paragraph unchanged)", "B new.",
                                                       "C new."]
    assert all(isinstance(b.content[0], Inserted) for b in multi[1:])


def test_charts_are_figures_with_a_name_a_trend_and_a_table(review: Any) -> None:
    doc = build_review_document(review)
    blocks = _part(doc, "charts").blocks
    figures = [(n, b) for n, b in enumerate(blocks) if isinstance(b, Figure)]
    assert len(figures) >= 2
    for n, f in figures:
        # Named once (the title), the trend once (the caption): nothing read twice.
        assert f.alt.startswith(f.title) and plain_text(f.caption) not in f.alt
        assert 'role="img"' in f.svg and "<title id=" in f.svg and "<desc" not in f.svg
        values = blocks[n + 1]
        assert isinstance(values, Table)
        assert plain_text(values.caption) == "Figures in the chart: " + plain_text(
            blocks[n - 1].content)  # the chart's heading: its indicator
    n, t1 = next((n, f) for n, f in figures if "t1" in f.id)
    assert plain_text(t1.caption) == ("Rose from 50% in 2009-10 to 54% in 2011-12; target "
                                      "55% by 2013-14; on track.")
    assert _cells(blocks[n + 1]) == [["2009-10", "Baseline", "50%"],
                                     ["2010-11", "Figure since the baseline", "52%"],
                                     ["2011-12", "Figure since the baseline", "54%"],
                                     ["2013-14", "Target", "55%"]]


def test_welsh_report_is_worded_in_welsh(review: Any) -> None:
    doc = build_review_document(review, lang="cy")
    assert doc.lang_tag == "cy-GB"
    titles = [p.title for p in doc.parts]
    assert titles == ["Crynodeb", "Cynnydd yn erbyn y targedau",
                      "Targedau a newidiwyd ers cyhoeddi'r cynllun",
                      "Tueddiadau: siartiau troi'r gromlin",
                      "Cynnydd ar gamau gweithredu, fesul partner",
                      "Newidiadau i destun y cynllun",
                      "Amcanion tlodi plant a dangosyddion Atodiad A"]
    assert doc.cover.published == "Ffigurau a chamau gweithredu fel yr oeddent ar 1 Mehefin 2012"
    figure = next(b for b in _part(doc, "charts").blocks if isinstance(b, Figure))
    assert "Ffigurau (sgwâr: sylfaen)" in figure.svg and "On track line" not in figure.svg
    assert plain_text(figure.caption).startswith(("Cododd", "Gostyngodd", "Arhosodd"))
    assert "Ar y trywydd</text>" in figure.svg
    html = render(doc, "html").decode("utf-8")
    assert '<html lang="cy-GB">' in html
    assert "Neidio i&#39;r adroddiad" in html
    # The redline quotes the plan's English prose: marked as English, its Welsh
    # labels as Welsh (WCAG 3.1.2, language of parts).
    assert '<p lang="en-GB">' in html
    assert '<del><span class="visually-hidden" lang="cy-GB">dilëwyd: </span>' in html
    for english in ("Summary", "Targets changed", "Off track", "On track", "No data",
                    "deleted: ", "Skip to", "Per cent", "Baseline"):
        assert english not in html


def _keys(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for k, v in data.items():
            out.update(_keys(v, f"{prefix}{k}."))
        return out
    return {prefix[:-1]: data}


def test_catalogues_match_key_for_key_and_placeholder_for_placeholder() -> None:
    assert {"en", "cy"} <= set(review_languages())
    en = _keys(yaml.safe_load((STRINGS_DIR / "review.en.yaml").read_text("utf-8")))
    cy = _keys(yaml.safe_load((STRINGS_DIR / "review.cy.yaml").read_text("utf-8")))
    assert set(en) == set(cy)
    assert all(k.startswith("review.") for k in en)
    for key, text in en.items():
        if isinstance(text, str):
            assert set(re.findall(r"{\w+}", text)) == set(re.findall(r"{\w+}", cy[key])), key
        else:
            assert len(text) == len(cy[key]), key  # months
    assert review_strings("cy")["months"][5] == "Mehefin"


def test_english_plan_gets_regulation_8(tmp_path: Path) -> None:
    old, new = _plans(tmp_path, nation="england")
    doc = build_review_document(compare(old, new, as_of=AS_OF))
    assert doc.parts[-1].title == "Regulation 8: annual review"
    found = _tables(doc.parts[-1].blocks)
    [table] = found.values()
    assert plain_text(table.caption) == ("Regulation 8: annual review of the plan: what the "
                                         "plan reports")
    [row] = _cells(table)
    assert row[0].startswith("Reviewed each year") and row[1:4] == ["No", "No", "–"]
    assert "The plan reports nothing on these yet." in [
        plain_text(b.content) for b in doc.parts[-1].blocks if isinstance(b, Para)]


def test_pandoc_forms_of_the_new_nodes() -> None:
    docx = Converter(image_as_data_uri)
    typst = Converter(lambda image: {})
    out = docx.inlines([Inserted([Text("new words")], "inserted: ", " (end)")])
    assert [o["t"] for o in out] == ["Emph", "Space", "Underline", "Emph"]
    assert out[0]["c"] == [{"t": "Str", "c": "[inserted:"}]
    badge = Badge("Off track", "off-track")
    # A phrase is one Str (render/pandoc_ast.py:words); writers print it as written.
    assert docx.inlines([badge]) == [{"t": "Strong", "c": [{"t": "Str", "c": "Off track"}]}]
    raw = typst.inlines([badge])[0]
    assert raw["t"] == "RawInline" and '"Off track"' in raw["c"][1]
    figure = Figure("fig", '<svg xmlns="http://www.w3.org/2000/svg"><title>t</title></svg>',
                    'It "rose"', [])
    d = docx.block(figure)
    image = d["c"][2][0]["c"][0]
    assert image["t"] == "Image" and image["c"][2][0].startswith("data:image/svg+xml;base64,")
    t = typst.block(figure)
    call = t["c"][2][0]["c"][1]
    assert call.startswith("#image(bytes(") and 'alt: "It \\"rose\\""' in call


# --- the page in a browser -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("review-html")
    old, new = _plans(tmp)
    review = compare(old, new, as_of=AS_OF, old_label="v2011", new_label="v2012")
    out = {}
    for lang in ("en", "cy"):
        path = tmp / f"review.{lang}.html"
        path.write_bytes(render(build_review_document(review, lang=lang), "html"))
        out[lang] = path
    return out


def test_page_is_self_contained_and_charts_are_named(pages: dict[str, Path]) -> None:
    html = pages["en"].read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and "default-src 'none'" in html
    assert html.count("<h1") == 1 and 'class="edition-review"' in html
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert svgs and all('role="img"' in s and "aria-labelledby=" in s for s in svgs)
    assert html.count("<title id=") == len(svgs) and "<desc" not in html
    assert html.count("<figcaption>") == len(svgs)
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert ".visually-hidden" in html
    assert '<strong class="status status-off-track">' in html or "status-on-track" in html


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_axe_finds_no_wcag_violations(pages: dict[str, Path], lang: str) -> None:
    browser.require_browser()
    with browser.browser() as b:
        page, requests = browser.open_page(b, pages[lang])
        violations = browser.axe_violations(page)
        dangling = browser.dangling_links(page)
        names = page.evaluate(
            "() => [...document.querySelectorAll('svg[role=img]')].map(s => "
            "s.getAttribute('aria-labelledby').split(' ').map(id => "
            "(document.getElementById(id) || {}).textContent || '').join(' | '))")
        hidden = page.evaluate(
            "() => [...document.querySelectorAll('ins .visually-hidden, del "
            ".visually-hidden')].map(e => e.getBoundingClientRect().width)")
    assert violations == [], browser.describe(violations)
    assert dangling == [] and requests == []
    assert names and all(n.strip() and " | " not in n for n in names)  # one name each
    assert hidden and all(w <= 1 for w in hidden)


def test_missing_welsh_in_a_version_is_one_warning_not_a_stop(tmp_path: Path) -> None:
    old, new = _plans(tmp_path)
    new.file.languages = ["en", "cy"]
    review = compare(old, new, as_of=AS_OF)
    warnings: list[str] = []
    doc = build_review_document(review, lang="cy", warnings=warnings)
    t1 = [w for w in warnings if "target 't1'" in w]
    assert len(t1) == 1 and "indicator_cy" in t1[0]
    assert doc.lang == "cy"
