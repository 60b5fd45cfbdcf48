"""The document tree every format is rendered from: ids as lint computes them, links
that resolve inside the document, registers linked both ways, the coverage appendix
equal to lint's coverage, and the publishing rules for unsafe or broken content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from plancopy import EXAMPLE, FIXTURES, copy_plan, edit, line_of

from cyp_cli.check import check_plan
from cyp_cli.coverage import evaluate
from cyp_cli.document import BuildError, build_document
from cyp_cli.document.nodes import (
    BulletList,
    Cell,
    Document,
    Emph,
    Heading,
    Image,
    Link,
    OrderedList,
    Para,
    Plain,
    Quote,
    Strike,
    Strong,
    Table,
    Text,
)
from cyp_cli.model.load import load_plan
from cyp_cli.model.markdown import anchor_id

MINI = FIXTURES / "build-mini"
PLANS = [pytest.param(MINI, id="mini"), pytest.param(EXAMPLE, id="example")]


def document(root: Path, draft: bool = False, warnings: list[str] | None = None) -> Document:
    report = check_plan(load_plan(root))
    return build_document(report.plan, nation=report.nation, coverage=report.context.coverage,
                          regime=report.regime, draft=draft, warnings=warnings)


def walk(doc: Document) -> Iterator[object]:
    """Every node of the tree, depth first."""

    def blocks(items: list) -> Iterator[object]:
        for b in items:
            yield b
            if isinstance(b, (Para, Plain, Heading)):
                yield from inlines(b.content)
            elif isinstance(b, (BulletList, OrderedList)):
                for item in b.items:
                    yield from blocks(item)
            elif isinstance(b, Quote):
                yield from blocks(b.blocks)
            elif isinstance(b, Table):
                yield from inlines(b.caption)
                for row in (*b.head, *b.body):
                    for cell in row.cells:
                        yield cell
                        yield from inlines(cell.content)

    def inlines(items: list) -> Iterator[object]:
        for i in items:
            yield i
            if isinstance(i, (Emph, Strong, Strike, Link)):
                yield from inlines(i.content)

    for part in doc.parts:
        yield part.heading
        yield from blocks(part.blocks)


def ids(doc: Document) -> list[str]:
    found = [doc.main_id, doc.contents_id]
    for node in walk(doc):
        if isinstance(node, (Heading, Cell)) and node.id:
            found.append(node.id)
    return found


@pytest.mark.parametrize("root", PLANS)
def test_plan_anchors_are_lints_and_every_id_is_unique(root: Path) -> None:
    doc = document(root)
    all_ids = ids(doc)
    assert len(all_ids) == len(set(all_ids))
    plan = load_plan(root).plan
    for section in plan.sections:
        assert section.id in all_ids
        for h in section.markdown.headings:
            assert anchor_id(section.id, h.slug) in all_ids, (section.rel, h.text)


@pytest.mark.parametrize("root", PLANS)
def test_every_internal_link_lands_on_an_id(root: Path) -> None:
    doc = document(root)
    all_ids = set(ids(doc))
    links = [n for n in walk(doc) if isinstance(n, Link)]
    internal = [n for n in links if n.internal]
    assert internal
    for link in internal:
        assert link.href.startswith("#") and link.href[1:] in all_ids, link.href
    for link in links:
        if not link.internal:
            assert link.href.split(":", 1)[0] in {"http", "https", "mailto", "tel"}


def test_links_between_sections_use_anchor_id() -> None:
    doc = document(MINI)
    hrefs = {n.href for n in walk(doc) if isinstance(n, Link)}
    assert "#02-health--what-we-will-do" in hrefs
    assert "#03-child-poverty--action-plan" in hrefs
    assert "#02-health" in hrefs  # a link to a section without a fragment


@pytest.mark.parametrize("root", PLANS)
def test_targets_and_actions_link_to_their_registers_and_back(root: Path) -> None:
    doc = document(root)
    cells = {n.id: n for n in walk(doc) if isinstance(n, Cell) and n.id}
    plan = load_plan(root).plan
    assert plan.targets and plan.actions
    for kind, items in (("target", plan.targets), ("action", plan.actions)):
        for item in items:
            register = cells[f"{kind}-{item.id}"]
            back = next(i for i in _links(register, doc) if i.internal)
            here = cells[back.href[1:]]
            forward = [i for i in here.content if isinstance(i, Link)]
            assert forward and forward[0].href == f"#{kind}-{item.id}"
            assert back.href.startswith(f"#{item.section}--{kind}-")


def _links(register_cell: Cell, doc: Document) -> list[Link]:
    """Links in the register row whose first cell is ``register_cell``."""
    for node in walk(doc):
        if isinstance(node, Table):
            for row in node.body:
                if row.cells[0] is register_cell:
                    return [i for c in row.cells for i in c.content if isinstance(i, Link)]
    raise AssertionError(register_cell.id)


@pytest.mark.parametrize("root", PLANS)
def test_coverage_appendix_is_lints_coverage(root: Path) -> None:
    doc = document(root)
    part = next(p for p in doc.parts if p.id == "statutory-coverage")
    table = next(b for b in part.blocks if isinstance(b, Table))
    report = check_plan(load_plan(root))
    assert report.context is not None
    results = report.context.coverage  # the regime's requirements only
    assert results == evaluate(report.plan, report.context.nation)
    assert len(table.body) == len(results)
    for row, result in zip(table.body, results, strict=True):
        assert row.cells[0].content[0].text == result.requirement.summary
        met = row.cells[3].content[0].text
        assert met == ("Yes" if result.met else "No")


def test_generated_parts_in_order() -> None:
    doc = document(MINI)
    titles = [p.title for p in doc.parts]
    assert titles == [
        "1 Introduction", "2 Health and well-being", "3 Child poverty strategy", "Index",
        "Targets register", "Actions register", "Statutory coverage",
        "UN Convention on the Rights of the Child", "Partners",
    ]
    assert doc.cover.logos and doc.cover.logos[0].alt == "Mini County Council logo"
    assert doc.cover.period == "Plan period: 1 April 2011 to 31 March 2014"


def test_uncrc_annex_names_the_sections_that_tag_each_article() -> None:
    doc = document(MINI)
    part = next(p for p in doc.parts if p.id == "uncrc")
    table = next(b for b in part.blocks if isinstance(b, Table))
    by_article = {row.cells[0].content[0].text: row for row in table.body}
    article12 = [i.href for i in by_article["Article 12"].cells[2].content if isinstance(i, Link)]
    assert article12 == ["#01-introduction", "#02-health"]
    assert by_article["Article 3"].cells[2].content == [Text("–")]


def test_raw_html_is_text_and_comments_are_dropped(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "sections/02-health.md", "## Who leads",
         "<script>alert(1)</script>\n\n<!-- a note for editors -->\n\n## Who leads")
    doc = document(plan)
    texts = [n.text for n in walk(doc) if isinstance(n, Text)]
    assert "<script>alert(1)</script>" in texts
    assert not any("a note for editors" in t for t in texts)
    assert "<b>bold?</b>" in "".join(texts)


def test_table_caption_from_a_following_table_paragraph() -> None:
    doc = document(MINI)
    table = next(b for b in doc.parts[0].blocks if isinstance(b, Table))
    assert table.caption == [Text("The parts of the plan")]
    assert not any(isinstance(b, Para) and "Table:" in str(b) for b in doc.parts[0].blocks)


def test_images_are_files_inside_the_plan() -> None:
    doc = document(MINI)
    images = [n for n in walk(doc) if isinstance(n, Image)]
    assert [i.rel for i in images] == ["images/chart.png"]
    assert images[0].alt == "Bar chart of survey replies by age group"


UNSAFE = "See [this](javascript:alert(1)) and [that](data:text/html,hi)."


def test_unsafe_links_stop_a_build_naming_file_and_line(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    target = plan / "sections/02-health.md"
    edit(target, "The Health Board leads", UNSAFE + "\n\nThe Health Board leads")
    with pytest.raises(BuildError) as caught:
        document(plan)
    assert caught.value.file == "sections/02-health.md"
    assert caught.value.line == line_of(target, "javascript:")
    assert "javascript:" in str(caught.value)


def test_unsafe_and_broken_links_are_plain_text_in_a_draft(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "sections/02-health.md", "The Health Board leads",
         UNSAFE + " Also [gone](99-missing.md).\n\nThe Health Board leads")
    warnings: list[str] = []
    doc = document(plan, draft=True, warnings=warnings)
    hrefs = [n.href for n in walk(doc) if isinstance(n, Link)]
    assert not any(h.startswith(("javascript:", "data:")) or "99-missing" in h for h in hrefs)
    texts = "".join(n.text for n in walk(doc) if isinstance(n, Text))
    assert "See this and that. Also gone." in texts
    assert len(warnings) == 3 and all("sections/02-health.md:" in w for w in warnings)


def test_missing_image_stops_the_build_even_when_lint_ignores_it(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    (plan / "images/chart.png").unlink()
    with pytest.raises(BuildError) as caught:
        document(plan)
    assert str(caught.value) == (
        f"sections/01-introduction.md:{line_of(plan / 'sections/01-introduction.md', '![')}: "
        "image '../images/chart.png': file not found")


def test_build_ids_step_aside_for_plan_anchors(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "sections/02-health.md", "title: Health and well-being",
         "title: Health and well-being\nid: targets-register")
    edit(plan / "sections/01-introduction.md", "(02-health.md#what-we-will-do)",
         "(02-health.md#what-we-will-do) [again](02-health.md)")
    doc = document(plan)
    assert doc.parts[1].id == "targets-register"
    register = next(p for p in doc.parts if p.title == "Targets register")
    assert register.id == "targets-register-2"
    hrefs = {n.href for n in walk(doc) if isinstance(n, Link)}
    assert "#targets-register" in hrefs  # the author's link still reaches the section
