"""Editions (issue 6): a Welsh edition wholly in Welsh, and the children's edition.

The bilingual fixture (tests/fixtures/bilingual-mini) is built once, as the plan and
the children's edition in both languages and all three formats. The Welsh edition
takes every fixed word from render/strings/cy.yaml, which must have exactly the keys
of en.yaml; titles and bodies from the twins; targets, actions, partners, vocabulary
labels and requirement summaries from their Welsh fields. Anything Welsh that is
missing stops the build with the key, or the file and line, to add it at: never an
English fallback. The browser checks (axe, lang, links) are in test_editions_browser.py.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from plancopy import ENGLAND, FIXTURES, copy_plan, edit, line_of

from cyp_cli.check import check_plan
from cyp_cli.document import BuildError, build_document
from cyp_cli.document import strings as catalogue_module
from cyp_cli.document.nodes import Document, plain_text
from cyp_cli.document.strings import catalogue_problems, leaves
from cyp_cli.model.load import load_plan

BILINGUAL = FIXTURES / "bilingual-mini"
MINI = FIXTURES / "build-mini"
STRINGS = Path(catalogue_module.__file__).resolve().parent.parent / "render" / "strings"
HEALTH = "sections/02-health.md"


def cyp(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "cyp_cli", *args], capture_output=True,
                          text=True, timeout=300)
    assert "Traceback" not in done.stderr + done.stdout
    return done


def catalogue_file(name: str) -> dict[str, Any]:
    return yaml.safe_load((STRINGS / name).read_text(encoding="utf-8"))


def keys(data: dict[str, Any], prefix: str = "") -> set[str]:
    """Every key path of a catalogue, inner mappings included."""
    out = set()
    for key, value in data.items():
        out.add(prefix + str(key))
        if isinstance(value, dict):
            out |= keys(value, f"{prefix}{key}.")
    return out


def visible_text(page: str) -> str:
    """What a reader meets: text, the page title, alt text and link titles. Text
    marked as English inside a Welsh page (the link to the English edition) is read
    in English, so it is left out."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    if '<html lang="cy' in page:
        page = re.sub(r'<(?!html\b)(\w+)\b[^>]*\blang="en[^"]*"[^>]*>.*?</\1>', " ", page,
                      flags=re.S)
    attributes = " ".join(re.findall(r'\b(?:alt|title|aria-label)="([^"]*)"', page))
    text = re.sub(r"<[^>]+>", " ", page)
    return html.unescape(f"{text} {attributes}")


def pieces(value: Any) -> list[str]:
    """The words of a catalogue value between its {placeholders} (each list item)."""
    parts = value if isinstance(value, list) else re.split(r"\{[^}]*\}", str(value))
    return [p.strip() for p in parts if re.search(r"[A-Za-z]{3,}", p)]


def english_phrases() -> list[tuple[str, str]]:
    """(key, words) for every fixed English phrase of en.yaml that Welsh does not
    share: each piece of a string between its {placeholders}, each month name. A
    word both languages use ("Partner") is not English only, and is left out."""
    welsh = {p for _, value in leaves(catalogue_file("cy.yaml")) for p in pieces(value)}
    return [(key, piece) for key, value in leaves(catalogue_file("en.yaml"))
            if key != "lang_tag" for piece in pieces(value) if piece not in welsh]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both editions of the bilingual plan, in both languages, in every format."""
    out = tmp_path_factory.mktemp("editions") / "dist"
    done = cyp("build", str(BILINGUAL), "--edition", "plan,children", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def document(root: Path, lang: str, edition: str = "plan", nation: Any = None,
             draft: bool = False, warnings: list[str] | None = None,
             coverage: list[Any] | None = None) -> Document:
    report = check_plan(load_plan(root))
    return build_document(report.plan, nation=nation or report.nation,
                          coverage=report.context.coverage if coverage is None else coverage,
                          regime=report.regime, lang=lang, edition=edition, draft=draft,
                          warnings=warnings)


# --- the catalogue -------------------------------------------------------------------


def test_welsh_catalogue_has_exactly_the_keys_of_the_english_one() -> None:
    english, welsh = catalogue_file("en.yaml"), catalogue_file("cy.yaml")
    assert keys(welsh) == keys(english)
    for key, value in leaves(english):
        other = dict(leaves(welsh))[key]
        assert type(other) is type(value), key
        assert other, key
        if isinstance(value, list):
            assert len(other) == len(value), key
        else:  # the Welsh fills in no value the English does not provide
            wanted = set(re.findall(r"\{(\w+)\}", value))
            assert set(re.findall(r"\{(\w+)\}", other)) <= wanted, key
    assert dict(leaves(welsh))["months"] == [
        "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst",
        "Medi", "Hydref", "Tachwedd", "Rhagfyr"]
    assert welsh["lang_tag"].startswith("cy")
    # The same check the build makes, over every part catalogue (review.cy.yaml...).
    assert catalogue_problems("cy") == []


def test_a_missing_welsh_string_stops_the_build_naming_the_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in STRINGS.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    welsh = catalogue_file("cy.yaml")
    del welsh["targets"]["title"]
    (tmp_path / "cy.yaml").write_text(yaml.safe_dump(welsh, allow_unicode=True),
                                      encoding="utf-8")
    monkeypatch.setattr(catalogue_module, "STRINGS_DIR", tmp_path)
    catalogue_module.load_strings.cache_clear()
    try:
        with pytest.raises(BuildError) as caught:
            document(BILINGUAL, "cy")
        assert "cyp_cli/render/strings/cy.yaml: no 'targets.title'" in str(caught.value)
        with pytest.raises(BuildError):  # a forced draft cannot borrow English words
            document(BILINGUAL, "cy", draft=True)
        assert document(BILINGUAL, "en").lang == "en"
    finally:
        catalogue_module.load_strings.cache_clear()


def test_a_language_without_wording_is_an_error_not_a_skipped_edition(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "plan.yaml", "languages: [en]", "languages: [en, ga]")
    done = cyp("build", str(plan), "-f", "html", "-o", str(tmp_path / "out"), "--force")
    assert done.returncode == 1
    assert "cyp has no wording for language 'ga'" in done.stderr
    assert "cyp_cli/render/strings/ga.yaml" in done.stderr
    assert not (tmp_path / "out").exists()


# --- the Welsh edition ---------------------------------------------------------------


def test_one_edition_per_language_in_every_format(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(
        f"plan.{edition}{lang}.{fmt}" for edition in ("", "children.")
        for lang in ("en", "cy") for fmt in ("html", "docx", "pdf"))
    welsh = (built / "plan.cy.html").read_text(encoding="utf-8")
    english = (built / "plan.en.html").read_text(encoding="utf-8")
    assert '<html lang="cy-GB">' in welsh and '<html lang="en-GB">' in english


def test_no_fixed_english_string_in_the_welsh_html(built: Path) -> None:
    for name in ("plan.cy.html", "plan.children.cy.html"):
        text = visible_text((built / name).read_text(encoding="utf-8"))
        found = [(key, phrase) for key, phrase in english_phrases()
                 if re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", text)]
        assert found == [], name
    # ...while the English edition has them (the check can see what it looks for).
    text = visible_text((built / "plan.en.html").read_text(encoding="utf-8"))
    assert "Targets register" in text and "31 December 2011" in text


def test_welsh_edition_takes_its_words_from_twins_and_welsh_fields(built: Path) -> None:
    page = html.unescape((built / "plan.cy.html").read_text(encoding="utf-8"))
    # plan.yaml: title_cy, authority_cy, partnership_cy, partners' name_cy
    assert "<title>Cynllun Plant a Phobl Ifanc Mini Dwyieithog 2011-14</title>" in page
    assert '<p class="authority">Cyngor Sir Mini</p>' in page
    assert "Partneriaeth Plant a Phobl Ifanc Mini" in page
    assert "Gweithredu Gwirfoddol Mini" in page and "Mini Voluntary Action" not in page
    # twins: section titles and bodies; structured data from the source, in Welsh
    assert '<h2 id="02-health">2 Iechyd a lles</h2>' in page
    assert "Byddwn ni'n diogelu mwy o blant ifanc rhag y frech goch." in page
    assert "Plant sy'n byw mewn aelwydydd heb waith" in page  # indicator_cy
    assert "Dechrau clybiau cynilo mewn pum ysgol gynradd" in page  # action_cy
    assert "16.8% (2009-10)" in page and "14.5% (2013-14)" in page  # the source's figures
    # dates with Welsh month names; statuses, directions from the catalogue
    assert "31 Rhagfyr 2011" in page and "Cyfnod y cynllun: 1 Ebrill 2011 i 31 Mawrth 2014" in page
    assert "Wedi'i gwblhau" in page and "Lleihau" in page
    # English words of the plan stay out: the source's titles, indicators, actions
    for english in ("Health and well-being", "Children living in workless households",
                    "Start savings clubs", "We will protect more young children"):
        assert english not in page


def test_welsh_links_land_on_the_twins_headings(built: Path) -> None:
    page = (built / "plan.cy.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    hrefs = re.findall(r'href="#([^"]+)"', page)
    assert hrefs and all(h in ids for h in hrefs)
    assert '<a href="#02-health--beth-fyddwn-nin-ei-wneud">' in page  # twin to twin
    # The Welsh twin links to the English file's heading (#who-leads): the edition
    # takes the twin's heading in the same place.
    assert '<a href="#02-health--pwy-syn-arwain">iechyd</a>' in page


def test_welsh_vocabulary_labels_summaries_and_citations() -> None:
    """Index, coverage appendix, UNCRC annex and glossary: every label and summary in
    Welsh, from nation.yaml's values_cy and checklist.yaml's summary_cy."""
    report = check_plan(load_plan(BILINGUAL))
    nation = report.nation
    from cyp_cli.render.html import render_html

    page = visible_text(render_html(document(BILINGUAL, "cy")).decode("utf-8"))
    for vocab, value in (("core_aim", 3), ("tier", 2), ("uncrc", 24),
                         ("partner_type", "health-board")):
        welsh = nation.vocabularies[vocab].label(value, "cy")
        assert welsh != nation.vocabularies[vocab].label(value), (vocab, value)
        assert welsh in page
        assert nation.vocabularies[vocab].label(value) not in page
    for result in report.context.coverage:
        req = result.requirement
        assert req.summary_for("cy") in page and req.summary not in page
        assert req.citation.short_for("cy") in page and req.citation.short not in page
    assert report.regime.name_for("cy") in page and report.regime.name not in page


def test_welsh_docx_and_pdf_are_in_welsh(built: Path) -> None:
    import pypdf

    with zipfile.ZipFile(built / "plan.cy.docx") as docx:
        core = docx.read("docProps/core.xml").decode("utf-8")
        styles = docx.read("word/styles.xml").decode("utf-8")
        body = docx.read("word/document.xml").decode("utf-8")
    assert "<dc:language>cy-GB</dc:language>" in core
    assert "Cynllun Plant a Phobl Ifanc Mini Dwyieithog" in core
    assert 'w:val="cy-GB"' in styles
    assert "Cofrestr targedau" in body and "Targets register" not in body
    pdf = pypdf.PdfReader(built / "plan.cy.pdf")
    assert str(pdf.trailer["/Root"]["/Lang"]).startswith("cy")
    assert pdf.metadata.title.startswith("Cynllun Plant a Phobl Ifanc Mini")
    text = "".join(p.extract_text() for p in pdf.pages)
    assert "Cynnwys" in text and re.search(r"31\s+Rhagfyr\s+2011", text)
    assert "December" not in text and "Contents" not in text


@pytest.mark.parametrize(("file", "old", "new", "needle", "wanted"), [
    pytest.param(HEALTH, '    indicator_cy: "Plant sydd wedi cael dos cyntaf o MMR erbyn '
                 'eu hail ben-blwydd"\n', "", "indicator: \"Children with a first MMR",
                 "no Welsh text for target 'mmr-by-two': add 'indicator_cy'", id="indicator"),
    pytest.param("sections/03-child-poverty.md", '    action_cy: "Dechrau clybiau cynilo '
                 'mewn pum ysgol gynradd"\n', "", "action: \"Start savings clubs",
                 "no Welsh text for action 'savings-clubs': add 'action_cy'", id="action"),
    pytest.param("plan.yaml", "    name_cy: Gweithredu Gwirfoddol Mini\n", "",
                 "name: Mini Voluntary Action",
                 "no Welsh text for partner 'third-sector': add 'name_cy'", id="partner"),
    pytest.param("plan.yaml", "authority_cy: Cyngor Sir Mini\n", "", "authority: Mini",
                 "no Welsh text for the authority's name: add 'authority_cy'", id="authority"),
])
def test_missing_welsh_text_fails_the_build_at_its_file_and_line(
        tmp_path: Path, file: str, old: str, new: str, needle: str, wanted: str) -> None:
    plan = copy_plan(BILINGUAL, tmp_path / "plan")
    edit(plan / file, old, new)
    line = line_of(plan / file, needle)
    # Lint reports it (E005, issue 10); the build refuses the plan on lint's word.
    errors = [(d.file, d.line, d.code) for d in check_plan(load_plan(plan)).diagnostics
              if d.level.value == "error"]
    assert errors == [(file, line, "E005")]
    done = cyp("build", str(plan), "-f", "html", "-o", str(tmp_path / "out"))
    assert done.returncode == 1 and f"{file}:{line}" in done.stderr
    # With the rule ignored, the build's own check still stops at the same place.
    with (plan / "plan.yaml").open("a", encoding="utf-8") as f:
        f.write("lint: {ignore: [E005]}\n")
    done = cyp("build", str(plan), "-f", "html", "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert f"cyp: {file}:{line}: {wanted}" in done.stderr
    assert not (tmp_path / "out").exists()  # not even the complete English edition


def test_missing_welsh_nation_data_names_the_nation_file() -> None:
    report = check_plan(load_plan(BILINGUAL))
    nation = report.nation
    vocabularies = dict(nation.vocabularies)
    tier = vocabularies["tier"]
    vocabularies["tier"] = tier._replace(
        extra={k: v for k, v in tier.extra.items() if k != "values_cy"})
    with pytest.raises(BuildError) as caught:
        document(BILINGUAL, "cy", nation=nation._replace(vocabularies=vocabularies))
    assert str(caught.value).startswith("templates/wales/nation.yaml: no Welsh label for 1")
    assert "vocabularies.tier.values_cy" in str(caught.value)

    def without(result: Any, **change: Any) -> Any:
        if result.requirement.id != "wales.core-aim.3":
            return result
        return result._replace(requirement=result.requirement._replace(**change))

    coverage = [without(r, summaries=()) for r in report.context.coverage]
    with pytest.raises(BuildError) as caught:
        document(BILINGUAL, "cy", coverage=coverage)
    assert str(caught.value) == ("templates/wales/checklist.yaml: no Welsh summary for "
                                 "requirement 'wales.core-aim.3': add 'summary_cy' to it")
    coverage = [r if r.requirement.id != "wales.core-aim.3" else without(
        r, citation=r.requirement.citation._replace(paragraphs=()))
        for r in report.context.coverage]
    with pytest.raises(BuildError) as caught:
        document(BILINGUAL, "cy", coverage=coverage)
    assert str(caught.value) == (
        "templates/wales/checklist.yaml: no Welsh citation for requirement "
        "'wales.core-aim.3': add 'part_cy' and 'paragraph_cy' to its citation")


def test_a_forced_draft_without_a_twin_says_what_is_missing(tmp_path: Path) -> None:
    plan = copy_plan(BILINGUAL, tmp_path / "plan")
    (plan / "sections/02-health.cy.md").unlink()
    warnings: list[str] = []
    doc = document(plan, "cy", draft=True, warnings=warnings)
    assert doc.draft
    assert any("sections/02-health.md" in w and "expected sections/02-health.cy.md" in w
               for w in warnings), warnings


# --- the children's edition ----------------------------------------------------------


def test_childrens_edition_is_short_and_by_core_aim(built: Path) -> None:
    welsh = html.unescape((built / "plan.children.cy.html").read_text(encoding="utf-8"))
    english = html.unescape((built / "plan.children.en.html").read_text(encoding="utf-8"))
    for page in (welsh, english):
        assert '<body class="edition-children">' in page
        # parts: the introduction, then core aims 3, 6 and 7 (5 has no children's text),
        # then how to ask for the full plan
        assert re.findall(r'<h2 id="([^"]+)"', page) == [
            "contents", "about-this-plan", "core-aim-3", "core-aim-6", "core-aim-7",
            "full-plan"]
        # no registers, index or appendices
        for generated in ("targets-register", "actions-register", "statutory-coverage",
                          "uncrc", "index", "partners"):
            assert f'id="{generated}"' not in page
    assert "<title>Cynllun Plant a Phobl Ifanc Mini Dwyieithog 2011-14: i blant a phobl " \
           "ifanc</title>" in welsh
    assert "Dyma'r fersiwn fer o'n cynllun" in welsh  # the catalogue's introduction
    # a children's version (02-health.children.cy.md) and a summary (03's twin)
    assert '<h3 id="02-health">Cadw\'n iach</h3>' in welsh
    assert "Bydd nyrsys yn cynnal clinigau ychwanegol" in welsh
    assert "Does gan rai teuluoedd ddim digon o arian." in welsh
    assert "Nurses will run extra clinics" in english and "Staying healthy" in english
    # 02-health is told under core aim 3 and pointed to from core aim 6
    assert 'Gelli di ddarllen am hyn yma: <a href="#02-health">Cadw\'n iach</a>' in welsh
    assert english.count("Nurses will run extra clinics") == 1


def test_childrens_edition_is_in_larger_type(built: Path) -> None:
    import pypdf

    def body_size(path: Path) -> float:
        sizes: dict[float, int] = {}

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
            if text.strip():
                key = round(size * tm[0], 1)
                sizes[key] = sizes.get(key, 0) + len(text)

        for page in pypdf.PdfReader(path).pages[2:]:
            page.extract_text(visitor_text=visit)
        return max(sizes, key=sizes.__getitem__)

    assert body_size(built / "plan.children.en.pdf") > 1.25 * body_size(built / "plan.en.pdf")
    with zipfile.ZipFile(built / "plan.children.en.docx") as docx:
        children = docx.read("word/styles.xml").decode("utf-8")
    with zipfile.ZipFile(built / "plan.en.docx") as docx:
        plan = docx.read("word/styles.xml").decode("utf-8")
    size = r'<w:rPrDefault>.*?<w:sz w:val="(\d+)"'
    assert int(re.search(size, children, re.S).group(1)) > int(re.search(size, plan, re.S).group(1))
    assert document(BILINGUAL, "en", "children").edition == "children"


def test_childrens_edition_by_outcome_in_england(tmp_path: Path) -> None:
    done = cyp("build", str(ENGLAND), "--edition", "children", "-f", "html", "-o",
               str(tmp_path), "--force")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["plan.children.html"]
    page = html.unescape((tmp_path / "plan.children.html").read_text(encoding="utf-8"))
    assert re.findall(r'<h2 id="([^"]+)"', page)[:2] == ["contents", "about-this-plan"]
    assert '<h2 id="outcome-be-healthy">' in page
    assert "We want you to be healthy and happy." in page


def test_a_plan_without_childrens_text_has_no_childrens_edition(tmp_path: Path) -> None:
    done = cyp("build", str(MINI), "--edition", "children", "-f", "html", "-o", str(tmp_path))
    assert done.returncode == 1
    assert "the plan has no text for children" in done.stderr
    assert "foo.children.md" in done.stderr and "'children:' summary" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_childrens_text_missing_in_welsh_fails_naming_the_file(tmp_path: Path) -> None:
    plan = copy_plan(BILINGUAL, tmp_path / "plan")
    (plan / "sections/02-health.children.cy.md").unlink()
    done = cyp("build", str(plan), "--edition", "children", "-f", "html", "-o",
               str(tmp_path / "out"))
    assert done.returncode == 1
    assert ("cyp: sections/02-health.cy.md:1: this section has text for children in "
            "English but not in Welsh: write sections/02-health.children.cy.md") in done.stderr


def test_unknown_edition_is_a_usage_error(tmp_path: Path) -> None:
    done = cyp("build", str(BILINGUAL), "--edition", "poster", "-o", str(tmp_path))
    assert done.returncode == 2 and "--edition takes plan, children" in done.stderr


def test_catalogue_problems_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for path in STRINGS.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    welsh = catalogue_file("cy.yaml")
    welsh["months"] = welsh["months"][:11]
    welsh["cover"]["period"] = "Cyfnod: {dechrau}"
    welsh["extra"] = "Ychwanegol"
    (tmp_path / "cy.yaml").write_text(yaml.safe_dump(welsh, allow_unicode=True),
                                      encoding="utf-8")
    (tmp_path / "review.cy.yaml").unlink()
    monkeypatch.setattr(catalogue_module, "STRINGS_DIR", tmp_path)
    problems = catalogue_problems("cy")
    assert "cyp_cli/render/strings/cy.yaml: 'months' must be a list of 12" in problems
    assert ("cyp_cli/render/strings/cy.yaml: 'cover.period' uses {dechrau}, which is never "
            "filled in") in problems
    assert "cyp_cli/render/strings/cy.yaml: 'extra' is not in en.yaml" in problems
    if (tmp_path / "review.en.yaml").exists():
        assert ("cyp_cli/render/strings/review.cy.yaml is missing (it translates "
                "review.en.yaml)") in problems


def test_details_without_a_welsh_field_in_the_model_are_shown_as_written() -> None:
    """A free-text detail (resources, a data source, a unit) is worded through
    ``Context.free_text``: required in Welsh as soon as the model has a ``*_cy`` field
    for it, shown as written until then, and never questioned when it holds no words."""
    from cyp_cli.document.context import Context
    from cyp_cli.model.plan import Action, Located
    from cyp_cli.model.record import key, localised
    from cyp_cli.model.spec import TEXT

    plan = load_plan(BILINGUAL).plan
    ctx = Context(plan, [], {}, lang="cy")

    class Uncosted(Located):  # a detail the model has no Welsh field for
        resources: str | None = key(TEXT, "Money, people or other resources.")

    assert ctx.free_text(Uncosted(resources="Two advisers"), "resources") == "Two advisers"
    assert ctx.free_text(Action(resources="£12k"), "resources") == "£12k"
    assert ctx.free_text(Action(resources=localised("Two advisers", "Dau gynghorydd")),
                         "resources") == "Dau gynghorydd"
    with pytest.raises(BuildError) as caught:
        ctx.free_text(Action(resources="Two advisers", file="x.md", pos={"resources": (7, 5)}),
                      "resources", "the resources of action 'a'")
    assert str(caught.value).startswith("x.md:7: no Welsh text for the resources of action "
                                        "'a': add 'resources_cy'")


def test_actuals_csv_carries_welsh_sources(tmp_path: Path) -> None:
    """Issue 10: a figure from data/actuals.csv printed its English source in the
    Welsh register (the CSV had no Welsh column) and lint said nothing."""
    plan = copy_plan(BILINGUAL, tmp_path / "plan")
    (plan / "data").mkdir()
    csv = plan / "data" / "actuals.csv"
    csv.write_text("target,period,value,source\nmmr-by-two,2011-12,94.6,"
                   "\"Public Health Wales, COVER reports\"\n", encoding="utf-8")
    found = [(d.file, d.line, d.col, d.code) for d in check_plan(load_plan(plan)).diagnostics
             if d.code.startswith("E")]
    assert found == [("data/actuals.csv", 2, 4, "E005")]
    csv.write_text("target,period,value,source,source_cy\nmmr-by-two,2011-12,94.6,"
                   "\"Public Health Wales, COVER reports\",\"Iechyd Cyhoeddus Cymru, "
                   "adroddiadau COVER\"\n", encoding="utf-8")
    report = check_plan(load_plan(plan))
    assert not [d for d in report.diagnostics if d.code.startswith("E")]
    doc = build_document(report.plan, nation=report.nation, lang="cy",
                         coverage=report.context.coverage, regime=report.regime)
    register = next(p for p in doc.parts if p.id == "targets-register")
    text = " ".join(plain_text(c.content) for b in register.blocks
                    if hasattr(b, "body") for r in b.body for c in r.cells)
    assert "Iechyd Cyhoeddus Cymru, adroddiadau COVER" in text
    assert "Public Health Wales" not in text
