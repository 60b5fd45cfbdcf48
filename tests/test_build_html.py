"""The HTML edition: one self-contained, accessible page.

The browser tests open it in Debian's headless Chromium with axe-core injected (see
tests/browser.py): zero WCAG 2.1 A/AA violations, every in-page link target exists,
no network requests. The other tests read the file as text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import browser
import pytest
from plancopy import EXAMPLE, FIXTURES, build, copy_plan, edit

MINI = FIXTURES / "build-mini"


def cyp(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "cyp_cli", *args], capture_output=True,
                          text=True, timeout=300)
    assert "Traceback" not in done.stderr + done.stdout
    return done



def build_html(root: Path, out: Path, *extra: str) -> Path:
    return build(root, out, "html", *extra)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The mini plan, the example plan, and a forced draft of the mini plan with an
    unsafe and a broken link."""
    tmp = tmp_path_factory.mktemp("html")
    draft = copy_plan(MINI, tmp / "draft-plan")
    edit(draft / "sections/02-health.md", "The Health Board leads",
         "Do not [click](javascript:alert(1)); [gone](99-gone.md).\n\nThe Health Board leads")
    return {
        "mini": build_html(MINI, tmp / "mini"),
        "example": build_html(EXAMPLE, tmp / "example"),
        "draft": build_html(draft, tmp / "draft", "--force"),
    }


def test_self_contained_no_scripts_no_network(pages: dict[str, Path]) -> None:
    for html in (p.read_text(encoding="utf-8") for p in pages.values()):
        assert "<script" not in html
        assert "<link" not in html  # the stylesheet is inlined
        assert "<style>" in html
        srcs = re.findall(r'src="([^"]*)"', html)
        assert all(s.startswith("data:image/") for s in srcs)
        assert "default-src 'none'" in html


def test_contents_nest_sub_sections_under_their_part(pages: dict[str, Path]) -> None:
    """The example's core aims are 5.1-5.9 under "5 Our priorities": a nested list in
    the contents, h3 headings under the part's h2, in the outline's order."""
    from html.parser import HTMLParser

    from plancopy import outline_titles

    from cyp_cli.model.load import load_plan

    class Contents(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth, self.in_nav, self.items = 0, False, []

        def handle_starttag(self, tag: str, attrs: list) -> None:
            if tag == "nav":
                self.in_nav = True
            elif tag == "ol" and self.in_nav:
                self.depth += 1

        def handle_endtag(self, tag: str) -> None:
            if tag == "ol" and self.in_nav:
                self.depth -= 1
            elif tag == "nav":
                self.in_nav = False

        def handle_data(self, data: str) -> None:
            if self.in_nav and self.depth and data.strip():
                self.items.append((self.depth, data.strip()))

    page = pages["example"].with_name("plan.en.html").read_text(encoding="utf-8")
    parser = Contents()
    parser.feed(page)
    plan = load_plan(EXAMPLE).plan
    nested = [t for d, t in parser.items if d == 2]
    assert nested == outline_titles(plan, depth=2) and len(nested) >= 7
    top = [t for d, t in parser.items if d == 1]
    parts = outline_titles(plan, depth=1)
    top = top[top.index(parts[0]):]  # after the unnumbered front (other formats...)
    assert top[: len(parts)] == parts
    for e in plan.outline():
        if e.depth == 2:
            assert f'<h3 id="{e.section.id}">{e.number} ' in page


def test_semantics(pages: dict[str, Path]) -> None:
    html = pages["mini"].read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html
    assert html.count("<h1") == 1
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert "<nav" in html and "<header" in html and "<footer" in html
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert re.search(r"<caption id=\"[^\"]+\">The parts of the plan</caption>", html)
    assert "@media print" in html


def test_raw_html_escaped_and_unsafe_links_never_emitted(pages: dict[str, Path]) -> None:
    mini = pages["mini"].read_text(encoding="utf-8")
    assert "&lt;b&gt;bold?&lt;/b&gt;" in mini and "<b>" not in mini
    draft = pages["draft"].read_text(encoding="utf-8")
    assert "javascript:" not in draft and "99-gone" not in draft
    assert "Do not click; gone." in draft
    assert 'class="draft-banner"' in draft and 'class="draft-mark"' in draft
    assert "<title>DRAFT: " in draft


def test_internal_links_use_lints_anchor_ids(pages: dict[str, Path]) -> None:
    html = pages["mini"].read_text(encoding="utf-8")
    assert '<a href="#02-health--what-we-will-do">' in html
    assert '<h3 id="02-health--what-we-will-do">' in html
    assert '<a href="#target-mmr-by-two">' in html
    assert 'id="target-mmr-by-two"' in html


@pytest.mark.browser
@pytest.mark.parametrize("name", ["mini", "example", "draft"])
def test_axe_finds_no_wcag_violations_and_links_resolve(pages: dict[str, Path],
                                                        name: str) -> None:
    browser.require_browser()
    with browser.browser() as b:
        page, requests = browser.open_page(b, pages[name])
        violations = browser.axe_violations(page)
        dangling = browser.dangling_links(page)
        internal = page.evaluate("() => document.querySelectorAll('a[href^=\"#\"]').length")
        title = page.title()
    assert violations == [], browser.describe(violations)
    assert dangling == []
    assert internal > 20
    assert requests == []
    assert title


@pytest.mark.browser
def test_focus_is_visible_and_skip_link_works(pages: dict[str, Path]) -> None:
    browser.require_browser()
    with browser.browser() as b:
        page, _ = browser.open_page(b, pages["mini"])
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.className")
        style = page.evaluate(
            "() => getComputedStyle(document.activeElement).backgroundColor")
        page.keyboard.press("Enter")
        after = page.evaluate("() => document.activeElement.id")
    assert focused == "skip-link"
    assert style == "rgb(255, 221, 0)"
    assert after == "main"


@pytest.mark.browser
def test_a_printed_draft_says_draft_on_every_page(pages: dict[str, Path],
                                                  tmp_path: Path) -> None:
    browser.require_browser()
    import pypdf

    printed = tmp_path / "printed.pdf"
    with browser.browser() as b:
        page, _ = browser.open_page(b, pages["draft"])
        page.pdf(path=str(printed))
    texts = [p.extract_text() for p in pypdf.PdfReader(printed).pages]
    assert len(texts) > 3 and all("DRAFT" in t for t in texts)


def test_control_characters_never_reach_the_html(tmp_path: Path) -> None:
    """Issue 9: lint reports them (M007); a forced build drops them."""
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "sections/02-health.md", "We will protect more",
         "We\x1b[2K will\x07 protect more")
    edit(plan / "sections/02-health.md", "title: Health and well-being",
         'title: "Health\\e and\\a well-being"')
    html = build_html(plan, tmp_path / "out", "--force").read_text(encoding="utf-8")
    assert "protect more" in html and "Health and well-being" in html
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", html)


@pytest.mark.browser
@pytest.mark.parametrize("name", ["mini", "example"])
def test_the_page_reflows_at_320_css_pixels(pages: dict[str, Path], name: str) -> None:
    """WCAG 2.1 1.4.10 Reflow: at 320 CSS px the page never scrolls sideways; a wide
    table scrolls in its own region, which a keyboard can reach and which is named
    (by its caption or heading), and axe still finds nothing at that width."""
    browser.require_browser()
    with browser.browser() as b:
        page, _ = browser.open_page(b, pages[name], width=320, height=800)
        page_width = page.evaluate("() => document.documentElement.scrollWidth")
        regions = page.evaluate(
            "() => [...document.querySelectorAll('table')].map(t => {"
            " const r = t.closest('.table-scroll');"
            " return r && {focusable: r.tabIndex === 0,"
            "  named: !r.hasAttribute('role') || !!document.getElementById("
            "   r.getAttribute('aria-labelledby'))}; })")
        wide = page.evaluate(
            "() => [...document.querySelectorAll('.table-scroll')]"
            ".filter(r => r.scrollWidth > r.clientWidth).length")
        violations = browser.axe_violations(page)
    assert page_width <= 320
    assert regions and all(r and r["focusable"] and r["named"] for r in regions), regions
    assert name == "mini" or wide > 0  # the example's registers are wider than a phone
    assert violations == [], browser.describe(violations)


def test_inline_nodes_become_html_with_every_text_and_attribute_escaped(tmp_path: Path) -> None:
    """render/html.py writes the nodes in Python (the template's macros were most of
    the rendering time): the same markup, and everything from the plan escaped."""
    from cyp_cli.document.nodes import (
        Badge,
        Code,
        Deleted,
        Emph,
        Image,
        Inserted,
        LineBreak,
        Link,
        Plain,
        SoftBreak,
        Strike,
        Strong,
        Text,
    )
    from cyp_cli.render.html import _Blocks

    png = tmp_path / "a.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    bad = '<b onclick="x">&\''
    html = _Blocks().html([Plain([
        Text(bad), SoftBreak(), Emph([Text("e")]), Strong([Strike([Text("s")])]),
        Code("<c>"), LineBreak(),
        Link('https://example.org/?a=1&b="2"', [Text("l")], title=bad),
        Image(png, "a.png", alt=bad, title="t"),
        Inserted([Text("new")], "inserted: ", end="end", label_lang="en-GB"),
        Deleted([Text("old")], "deleted: "), Badge("Off <track>", tone='x"y'),
    ])])
    esc = "&lt;b onclick=&#34;x&#34;&gt;&amp;&#39;"
    assert str(html) == (
        f"{esc}\n<em>e</em><strong><del>s</del></strong><code>&lt;c&gt;</code><br>"
        f'<a href="https://example.org/?a=1&amp;b=&#34;2&#34;" title="{esc}">l</a>'
        f'<img src="data:image/png;base64,iVBORw0KGgoAAAAAAAAAAAAAAAAAAAAA" alt="{esc}" '
        'title="t">'
        '<ins><span class="visually-hidden" lang="en-GB">inserted: </span>new'
        '<span class="visually-hidden" lang="en-GB">end</span></ins>'
        '<del><span class="visually-hidden">deleted: </span>old</del>'
        '<strong class="status status-x&#34;y">Off &lt;track&gt;</strong>\n')


def test_block_nodes_become_html_escaped_with_tables_numbered_through_the_page() -> None:
    from cyp_cli.document.nodes import (
        Cell,
        CodeBlock,
        Heading,
        OrderedList,
        Para,
        Quote,
        Row,
        Table,
        Text,
    )
    from cyp_cli.render.html import _Blocks

    table = Table(head=[Row([Cell([Text("A&B")], align="right")])],
                  body=[Row([Cell([Text("x")], id="r<1>"), Cell([Text("y")])])],
                  caption=[Text("Cap")], row_headers=True)
    page = _Blocks()
    html = str(page.html([
        Heading(7, 'h"1', [Text("Deep")]), Para([Text("<p>")], lang="cy"),
        OrderedList([[Para([Text("three")])]], start=3),
        Quote([CodeBlock("a < b", lang='py"')]), table]))
    assert html == (
        '<h6 id="h&#34;1">Deep</h6>\n<p lang="cy">&lt;p&gt;</p>\n'
        '<ol start="3">\n<li><p>three</p>\n</li>\n</ol>\n'
        '<blockquote>\n<pre><code class="language-py&#34;">a &lt; b</code></pre>\n'
        '</blockquote>\n'
        '<div class="table-scroll" role="region" aria-labelledby="table-1-caption" '
        'tabindex="0">\n<table>\n<caption id="table-1-caption">Cap</caption>\n'
        '<thead>\n<tr><th scope="col" class="align-right">A&amp;B</th></tr>\n</thead>\n'
        '<tbody>\n<tr><th scope="row" id="r&lt;1&gt;">x</th><td>y</td></tr>\n</tbody>\n'
        '</table>\n</div>\n')
    assert 'id="table-2-caption"' in str(page.html([table]))
