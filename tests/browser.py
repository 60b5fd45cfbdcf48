"""Headless Chromium with axe-core: the real reader for the HTML build.

Uses Debian's ``chromium`` through playwright's ``executable_path`` (``playwright
install`` downloads a browser build, which fails where only package registries are
reachable; ``make test`` runs ``.ci/system-deps`` to install it) and axe-core's
``axe.min.js`` as shipped in the ``axe-playwright-python`` wheel (a test extra, so no
npm step). Tests call :func:`require_browser` first: a missing browser or axe is a
test failure that says what to run, unless ``CYP_SKIP_BROWSER=1``.

Also a small command line for ``make screenshot``::

    python tests/browser.py screenshot PAGE.html OUT.png
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SETUP_HINT = ("run 'sudo .ci/system-deps' once to install Debian's chromium, and "
              "pip install -e '.[test]' for playwright and axe-core")


def axe_script() -> Path | None:
    """axe-core's ``axe.min.js`` from the axe-playwright-python wheel (not imported:
    only its data file is used, so its own playwright wrapper never runs)."""
    import importlib.util

    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "axe.min.js"
    return path if path.is_file() else None


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def missing() -> list[str]:
    """What the browser tests need and cannot find."""
    out = []
    if chromium_path() is None:
        out.append("chromium (Debian package 'chromium')")
    if axe_script() is None:
        out.append("axe-core (the axe-playwright-python package)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        out.append("the playwright Python package (pip install -e '.[test]')")
    return out


def require_browser() -> None:
    """Skip when CYP_SKIP_BROWSER=1; otherwise fail loudly if anything is missing, so
    a CI without the browser never passes by skipping the accessibility checks."""
    import pytest

    if os.environ.get("CYP_SKIP_BROWSER") == "1":
        pytest.skip("CYP_SKIP_BROWSER=1")
    gone = missing()
    if gone:
        pytest.fail(f"browser tests need {', '.join(gone)}: {SETUP_HINT}", pytrace=False)


@contextmanager
def browser() -> Iterator[Any]:
    """A launched Chromium (playwright Browser); closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS,
                              headless=True)
        try:
            yield b
        finally:
            b.close()


def open_page(b: Any, path: Path, width: int = 1280, height: int = 900) -> tuple[Any, list[str]]:
    """Open a local file; returns (page, URLs of any non-file requests it tried)."""
    # The page's Content-Security-Policy forbids scripts (it needs none); axe is a
    # script, so the test context bypasses the policy to inject it.
    context = b.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    requests: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            requests.append(url)
            route.abort()

    page.route("**/*", guard)
    page.goto(path.resolve().as_uri())
    return page, requests


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page."""
    axe = axe_script()
    assert axe is not None, SETUP_HINT
    page.add_script_tag(content=axe.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return list(result["violations"])


DANGLING_LINKS = (
    "() => [...document.querySelectorAll('a[href^=\"#\"]')]"
    ".map(a => decodeURIComponent(a.getAttribute('href').slice(1)))"
    ".filter(id => !document.getElementById(id))"
)


def dangling_links(page: Any) -> list[str]:
    """The in-page link targets (``href="#id"``) that no element of the page has."""
    return list(page.evaluate(DANGLING_LINKS))


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '')[:200]}")
    return "\n".join(lines)


def screenshot(page_path: Path, out: Path, width: int = 1280, height: int = 900,
               at: str = "", element: bool = False) -> None:
    """A picture of a page for the README: the top of the page, or the view scrolled
    to the first element matching ``at`` (a CSS selector); with ``element``, that
    element alone (a chart)."""
    with browser() as b:
        page, _ = open_page(b, page_path, width, height)
        out.parent.mkdir(parents=True, exist_ok=True)
        if at:
            target = page.locator(at).first
            if element:
                target.screenshot(path=str(out))
                return
            page.evaluate("(s) => document.querySelector(s).scrollIntoView()", at)
        page.screenshot(path=str(out), full_page=False)


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="tests/browser.py")
    parser.add_argument("command", choices=["screenshot"])
    parser.add_argument("page", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--at", default="", help="CSS selector to scroll to")
    parser.add_argument("--element", action="store_true", help="only the --at element")
    args = parser.parse_args(argv[1:])
    gone = missing()
    if gone:
        sys.stderr.write(f"screenshot needs {', '.join(gone)}: {SETUP_HINT}\n")
        return 2
    screenshot(args.page, args.out, args.width, args.height, args.at, args.element)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
