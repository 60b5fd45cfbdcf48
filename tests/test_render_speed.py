"""What keeps `cyp build` within its speed goals (docs/performance.md): the formats
and languages rendered side by side, the fonts searched once per build, pandoc's JSON
not walked twice, typst's link underline set without descender evasion."""

from __future__ import annotations

import gc
import re
import threading
import time
from pathlib import Path

import pytest
from plancopy import EXAMPLE, FIXTURES

from cyp_cli.check import check_plan
from cyp_cli.model.load import load_plan

MINI = FIXTURES / "build-mini"
TEMPLATE = Path(__file__).parent.parent / "cyp_cli" / "render" / "templates" / "plan.typ"


def test_every_format_and_language_is_rendered_at_once_pdfs_first(monkeypatch) -> None:
    """The six outputs of the example (three formats, English and Welsh) run
    concurrently: a barrier every render must reach before any returns breaks if they
    run one language after the other. The PDFs, the longest, start first."""
    import cyp_cli.render as render_module

    report = check_plan(load_plan(EXAMPLE))
    started: list[tuple[str, str]] = []
    barrier = threading.Barrier(6, timeout=10)

    def fake(doc, fmt, warnings=None) -> bytes:
        started.append((fmt, doc.lang))
        barrier.wait()
        return fmt.encode()

    monkeypatch.setattr(render_module, "render", fake)
    outputs = render_module.render_editions(report, ["html", "docx", "pdf"],
                                            languages=["en", "cy"])
    assert [o.name for o in outputs] == [
        "plan.en.html", "plan.en.docx", "plan.en.pdf",
        "plan.cy.html", "plan.cy.docx", "plan.cy.pdf"]
    assert [o.data for o in outputs] == [b"html", b"docx", b"pdf"] * 2
    assert sorted(fmt for fmt, _ in started[:2]) == ["pdf", "pdf"]


def test_a_failure_in_one_render_fails_the_build(monkeypatch) -> None:
    import cyp_cli.render as render_module
    from cyp_cli.document.errors import BuildError

    def fake(doc, fmt, warnings=None) -> bytes:
        if fmt == "docx" and doc.lang == "cy":
            time.sleep(0.05)
            raise BuildError("pandoc failed making the DOCX: broken")
        return b""

    monkeypatch.setattr(render_module, "render", fake)
    with pytest.raises(BuildError, match="broken"):
        render_module.render_editions(check_plan(load_plan(EXAMPLE)), ["html", "docx", "pdf"],
                                      languages=["en", "cy"])


def test_a_build_searches_the_fonts_once_and_gives_every_typst_run_the_result(
        monkeypatch) -> None:
    """typst searches the system's font folders on every compile given folders (70 ms
    here); the build searches once (render/pdf.py:typst_fonts) and passes the result."""
    import typst

    from cyp_cli.render import pdf, render_editions

    searches = []
    real_fonts = typst.Fonts

    def counting_fonts(*a, **k):
        searches.append(1)
        return real_fonts(*a, **k)

    given = []
    real_compile = typst.compile_with_warnings

    def spying_compile(*a, **k):
        given.append(k.get("font_paths"))
        return real_compile(*a, **k)

    monkeypatch.setattr(typst, "Fonts", counting_fonts)
    monkeypatch.setattr(typst, "compile_with_warnings", spying_compile)
    pdf.typst_fonts.cache_clear()
    pdf.font_families.cache_clear()
    try:
        report = check_plan(load_plan(MINI))
        render_editions(report, ["pdf"])
        render_editions(report, ["pdf", "docx"])
    finally:
        pdf.typst_fonts.cache_clear()
        pdf.font_families.cache_clear()
    assert len(searches) == 1
    assert len(given) == 2 and all(isinstance(f, real_fonts) for f in given)


def test_pandoc_input_is_walked_for_control_characters_only_when_it_has_one(
        monkeypatch) -> None:
    """The AST goes to pandoc as JSON; the tree walk that drops control characters
    (M007; a forced build must not fail on them) runs only when the JSON shows one. It
    cost 0.8 s per format on a 200-section plan when it ran every time."""
    from cyp_cli.render import pandoc

    walks = []
    real = pandoc._without_controls

    def counting(value):
        if isinstance(value, dict) and "blocks" in value:  # the walk's start, not its steps
            walks.append(1)
        return real(value)

    monkeypatch.setattr(pandoc, "_without_controls", counting)

    def plain(text: str) -> str:
        ast = {"pandoc-api-version": pandoc.api_version(), "meta": {},
               "blocks": [{"t": "Para", "c": [{"t": "Str", "c": text}]}]}
        return pandoc.run_pandoc(ast, ["-t", "plain"], "a test").decode("utf-8")

    assert plain("Cymru").strip() == "Cymru"
    assert plain("a\ttab").strip() == "a\ttab"
    assert walks == []
    for control in ("\x1b", "\x07", "\x0c", "\x85", "\x7f"):
        out = plain(f"We{control} will")
        assert control not in out and "We will" in out
    assert len(walks) == 5
    # A backslash written before "u001b" looks like an escaped control in the JSON:
    # it costs the walk, and the text is kept as written.
    assert plain("C:\\u001b").strip() == "C:\\u001b"


def test_links_are_underlined_below_the_descenders_not_around_them() -> None:
    """typst's default underline breaks around descenders, measured at a third of the
    whole compile of a 200-section plan (9.3 s against 6.0 s); links stay underlined."""
    [rule] = [line for line in TEMPLATE.read_text(encoding="utf-8").splitlines()
              if re.match(r"#show link:\s*underline", line)]
    assert "evade: false" in rule


def test_a_phrase_goes_to_pandoc_as_one_str_and_a_long_one_in_pieces() -> None:
    """Two tokens a word (Str, Space) made pandoc read JSON 2.7 times larger: a third
    of the DOCX's pandoc time. A phrase is one Str; a text over 256 characters is cut
    before a space (the writers take time quadratic in one Str's length)."""
    from cyp_cli.render.pandoc_ast import words

    assert words("Off track") == [{"t": "Str", "c": "Off track"}]
    assert words("") == []
    text = " ".join(f"word{n}" for n in range(120))
    pieces = [w["c"] for w in words(text)]
    assert "".join(pieces) == text and len(pieces) > 1
    assert all(len(p) <= 256 for p in pieces) and all(p.startswith(" ") for p in pieces[1:])
    unbroken = "x" * 600
    assert [len(w["c"]) for w in words(unbroken)] == [256, 256, 88]


def test_the_build_makes_its_parsers_first_and_runs_without_cycle_collection(
        monkeypatch, tmp_path: Path) -> None:
    """A large plan is parsed in forked workers: made first, both parsers are inherited
    rather than each worker importing markdown-it and building its own."""
    from typer.testing import CliRunner

    import cyp_cli.model.load as load_module
    from cyp_cli.cli.main import app
    from cyp_cli.model.markdown import parser

    parser.cache_clear()
    seen = []
    real = load_module.load_plan

    def spying(*a, **k):
        seen.append((parser.cache_info().currsize, gc.isenabled()))
        return real(*a, **k)

    monkeypatch.setattr(load_module, "load_plan", spying)
    try:
        result = CliRunner().invoke(app, ["build", str(MINI), "--format", "html",
                                          "--out", str(tmp_path / "out")])
    finally:
        gc.enable()  # the build turns it off for its process; this one goes on
    assert result.exit_code == 0, result.output
    # Both parsers made; no cycle collection (at 200 sections its passes were half the
    # HTML rendering, over objects that live until the run ends).
    assert seen == [(2, False)]
