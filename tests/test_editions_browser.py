"""The Welsh and children's editions in a real reader: Debian's headless Chromium with
axe-core (see tests/browser.py). The Welsh page declares Welsh, has no WCAG 2.1 A/AA
violations and no dangling in-page link; the children's edition passes the same
checks, in both languages, and is set in larger type than the plan."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import browser
import pytest
from plancopy import FIXTURES

BILINGUAL = FIXTURES / "bilingual-mini"
PAGES = ["plan.cy.html", "plan.en.html", "plan.children.cy.html", "plan.children.en.html"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("editions-html")
    done = subprocess.run([sys.executable, "-m", "cyp_cli", "build", str(BILINGUAL),
                           "--edition", "plan,children", "--format", "html", "--out",
                           str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_wcag_violations_and_links_resolve(dist: Path, name: str) -> None:
    browser.require_browser()
    with browser.browser() as b:
        page, requests = browser.open_page(b, dist / name)
        violations = browser.axe_violations(page)
        lang = page.evaluate("() => document.documentElement.lang")
        dangling = browser.dangling_links(page)
        internal = page.evaluate("() => document.querySelectorAll('a[href^=\"#\"]').length")
    assert violations == [], browser.describe(violations)
    assert lang.startswith("cy" if ".cy." in name else "en")
    assert dangling == []
    assert internal >= (5 if "children" in name else 20)
    assert requests == []


def test_childrens_edition_is_set_in_larger_type(dist: Path) -> None:
    browser.require_browser()
    sizes = {}
    with browser.browser() as b:
        for name in ("plan.cy.html", "plan.children.cy.html"):
            page, _ = browser.open_page(b, dist / name)
            sizes[name] = page.evaluate(
                "() => parseFloat(getComputedStyle(document.querySelector('main p'))"
                ".fontSize)")
    assert sizes["plan.children.cy.html"] > sizes["plan.cy.html"], sizes
