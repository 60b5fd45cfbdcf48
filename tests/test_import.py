"""``cyp import``: the example plan's round trip through DOCX (measured with
``importer/fidelity.py``), a Word-style plan cyp did not make, HTML and Markdown, and
bad inputs that must fail in one line with nothing written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
import yaml
from import_docs import HTML, MARKDOWN, png, word_plan
from plancopy import EXAMPLE, build

from cyp_cli.check import check_plan
from cyp_cli.importer.fidelity import compare
from cyp_cli.model.load import load_plan

GENERATED = {"Contents", "Index", "Targets register", "Actions register",
             "Statutory coverage", "UN Convention on the Rights of the Child", "Partners"}


def cyp_import(source: Path, dest: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "cyp_cli", "import", str(source), str(dest),
                           "--nation", "wales", *extra], capture_output=True, text=True,
                          timeout=300)
    assert "Traceback" not in done.stderr + done.stdout
    return done


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def f_errors(root: Path) -> list[str]:
    loaded = load_plan(root)
    report = check_plan(loaded)
    return [str(d) for d in [*loaded.diagnostics, *report.diagnostics]
            if d.code.startswith("F")]


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("roundtrip")
    source = build(EXAMPLE, tmp / "built", "docx")
    done = cyp_import(source, tmp / "plan")
    assert done.returncode == 0, done.stderr
    return tmp / "plan"


def test_welsh_edition_is_read_with_the_welsh_catalogue(round_trip: Path) -> None:
    """Column names, month names and status labels of the Welsh edition come from
    cy.yaml, so its targets and actions are read as the English edition's are."""
    done = cyp_import(round_trip.parent / "built" / "plan.cy.docx", round_trip.parent / "cy")
    assert done.returncode == 0, done.stderr
    original = load_plan(EXAMPLE).plan
    welsh = load_plan(round_trip.parent / "cy").plan
    assert [s.title for s in welsh.sections] == [
        original.translations["cy"][s.id].title for s in original.sections]
    targets = {t.id: t for t in original.targets}
    same_t = [t for t in welsh.targets if t.id in targets
              and (t.baseline.value, t.baseline.period, t.target.value, t.target.period)
              == (targets[t.id].baseline.value, targets[t.id].baseline.period,
                  targets[t.id].target.value, targets[t.id].target.period)]
    actions = {a.id: a for a in original.actions}
    same_a = [a for a in welsh.actions if a.id in actions
              and (a.partner, a.due, a.status) == (actions[a.id].partner, actions[a.id].due,
                                                   actions[a.id].status)]
    assert len(same_t) >= 0.95 * len(original.targets)
    assert len(same_a) >= 0.95 * len(original.actions)


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("word")
    done = cyp_import(word_plan(tmp / "plan.docx"), tmp / "plan")
    assert done.returncode == 0, done.stderr
    return tmp / "plan"


# --- the example, out to DOCX and back ------------------------------------------------


def test_round_trip_fidelity(round_trip: Path) -> None:
    found = compare(EXAMPLE, round_trip)
    print(found)
    assert found.titles == 1.0
    assert found.words >= 0.98
    assert found.targets >= 0.95
    assert found.actions >= 0.95


def test_round_trip_keeps_generated_back_matter_out(round_trip: Path) -> None:
    plan = load_plan(round_trip).plan
    assert not {s.title for s in plan.sections} & GENERATED
    original = load_plan(EXAMPLE).plan
    assert [p.id for p in plan.file.partners] == [p.id for p in original.file.partners]
    # The register supplied what the sections' tables do not show: each target's source
    # (the register shows the latest figure's source where it has its own).
    sources = {t.id: {t.source, *(a.source for a in t.actuals if a.source)}
               for t in original.targets}
    assert all(t.source in sources[t.id] for t in plan.targets)


def _internal_links(root: Path, in_tables: bool) -> list[str]:
    return [link for s in load_plan(root).plan.sections for line in s.body.splitlines()
            if in_tables or not line.startswith("|")
            for link in re.findall(r"\]\((?!https?:)([^)]+)\)", line)]


def test_round_trip_links_land_where_they_did(round_trip: Path) -> None:
    """Links between sections survive (cyp's DOCX keeps their targets as bookmarks
    between paragraphs, which pandoc drops); links inside tables become text."""
    imported = _internal_links(round_trip, True)
    assert len(imported) == len(_internal_links(EXAMPLE, False)) > 30
    loaded = load_plan(round_trip)
    assert [d for d in check_plan(loaded).diagnostics if d.code.startswith("L")] == []
    assert "18-safeguarding.md#our-safeguarding-priorities" in imported


def test_round_trip_lints_without_f_errors_and_builds(round_trip: Path,
                                                      tmp_path: Path) -> None:
    assert f_errors(round_trip) == []
    assert yaml.safe_load((round_trip / "plan.yaml").read_text())["status"] == "draft"
    assert build(round_trip, tmp_path / "out", "html", "--force").is_file()


# --- a Word-style plan cyp did not make ------------------------------------------------


def test_word_sections_contents_page_and_numbering(word: Path) -> None:
    titles = [s.title for s in load_plan(word).plan.sections]
    assert titles == ["About this plan", "Introduction", "Core Aim 1: A flying start in life",
                      "Core Aim 3: Health and emotional well-being", "Monitoring"]
    files = sorted((word / "sections").iterdir())
    assert "Contents" not in "".join(f.read_text() for f in files)
    monitoring = front(next(f for f in files if "monitoring" in f.name))
    assert monitoring["appendix"] is True


def test_word_action_table_with_merged_header(word: Path) -> None:
    fm = front(next((word / "sections").glob("*core-aim-1*")))
    assert fm["core_aim"] == 1
    actions = {a["action"]: a for a in fm["actions"]}
    first = actions["Open a new childcare setting in Aberlas"]
    assert (first["partner"], first["due"], first["status"]) == (
        "flying-start-team", "2013-03", "in-progress")
    second = actions["Run parenting groups in Welsh and English"]
    assert (second["partner"], str(second["due"]), second["status"]) == (
        "local-health-board", "2014-03-31", "planned")
    third = actions["Review the family information service"]
    assert "due" not in third and third["status"] == "done"
    partners = {p["id"]: p for p in yaml.safe_load((word / "plan.yaml").read_text())["partners"]}
    assert partners["local-health-board"]["type"] == "health-board"
    # From the introduction's list of partners (the council is already known).
    assert list(partners) == ["council", "ynys-las-youth-service", "heddlu-las-police",
                              "flying-start-team", "local-health-board"]
    assert (partners["ynys-las-youth-service"]["type"], partners["heddlu-las-police"]["type"]) \
        == ("youth-service", "police")


def test_word_monitoring_table_with_years_across(word: Path) -> None:
    fm = front(next((word / "sections").glob("*monitoring*")))
    targets = {t["indicator"]: t for t in fm["targets"]}
    breast = targets["Babies breastfed at birth (%)"]
    assert breast["baseline"] == {"value": 55.8, "period": "2011-12"}
    assert breast["target"] == {"value": 62, "period": "2014-15"}
    assert (breast["direction"], breast["unit"]) == ("increase", "%")
    teen = targets["Conceptions to young women aged 15-17 (per 1,000)"]
    assert teen["target"]["value"] == "tbc" and "not given" in teen["target"]["note"]


def test_word_glossary_images_lists_and_footnotes(word: Path) -> None:
    plan = yaml.safe_load((word / "plan.yaml").read_text())
    assert [g["term"] for g in plan["glossary"]] == ["CAMHS", "NEET"]
    assert sorted(p.name for p in (word / "images").iterdir()) == ["image1.png", "image2.png"]
    aim1 = next((word / "sections").glob("*core-aim-1*")).read_text()
    assert "![Bar chart of breastfeeding rates](../images/image1.png)" in aim1
    intro = next((word / "sections").glob("*introduction*")).read_text()
    assert "- more babies breastfed\n- fewer teenage conceptions" in intro
    assert "1.  listen to young people" in intro
    assert "## Notes" in intro and "Children Act 2004, section 26." in intro


def test_word_report_lists_every_guess(word: Path) -> None:
    report = (word / "import-report.md").read_text()
    plan = yaml.safe_load((word / "plan.yaml").read_text())
    for partner in plan["partners"][1:]:  # every partner made up from a lead column
        assert f"new partner '{partner['id']}'" in report
    for phrase in ("sections split at heading level 1", "typed contents page",
                   "authority: 'Ynys Las County Council'", "period 2012-04-01 to 2015-03-31",
                   "core_aim 1", "core_aim 3", "baseline: the first year with a value",
                   "target: the last year column", "values between baseline and target",
                   "target is tbc", "direction 'maintain' written as a placeholder",
                   "due date 'Ongoing' could not be read", "unit '%' from the indicator",
                   "'Delivery Lead' as partner", "2 glossary entries", "footnote",
                   "marked as an appendix", "has no alt text", "About this plan"):
        assert phrase in report, phrase


def test_word_plan_lints_without_f_errors_and_builds(word: Path, tmp_path: Path) -> None:
    assert f_errors(word) == []
    assert build(word, tmp_path / "out", "html", "--force").is_file()


# --- HTML and Markdown --------------------------------------------------------------


def test_html_import(tmp_path: Path) -> None:
    (tmp_path / "plan.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "chart.png").write_bytes(png())
    done = cyp_import(tmp_path / "plan.html", tmp_path / "plan")
    assert done.returncode == 0, done.stderr
    plan = load_plan(tmp_path / "plan").plan
    assert plan.file.authority == "Bro Dawel County Borough Council"
    assert (plan.file.period.start.isoformat(), plan.file.period.end.isoformat()) == (
        "2011-04-01", "2014-03-31")
    assert [s.meta.core_aim for s in plan.sections] == [[], [2], [4]]
    (action,) = plan.actions
    assert (action.action, action.partner, str(action.due), action.status) == (
        "Run a reading recovery programme", "education-service", "2012-07-31", "planned")
    body = plan.sections[1].body
    assert "![Reading ages by year group](../images/chart.png)" in body
    assert (tmp_path / "plan" / "images" / "chart.png").read_bytes() == png()
    assert f_errors(tmp_path / "plan") == []


def test_markdown_import(tmp_path: Path) -> None:
    (tmp_path / "plan.md").write_text(MARKDOWN, encoding="utf-8")
    done = cyp_import(tmp_path / "plan.md", tmp_path / "plan", "--authority",
                      "Bro Dawel County Borough Council")
    assert done.returncode == 0, done.stderr
    plan = load_plan(tmp_path / "plan").plan
    assert [s.title for s in plan.sections] == ["Introduction", "Core aim 3: health",
                                                "Resources"]
    (target,) = plan.targets
    assert (target.baseline.value, target.baseline.period, target.target.value,
            target.target.period, target.unit, target.direction) == (
        58, "2009-10", 90, "2013-14", "%", "increase")
    assert f_errors(tmp_path / "plan") == []


def test_split_level_option(tmp_path: Path) -> None:
    (tmp_path / "plan.md").write_text("# Our plan 2011-2014\n\n## Part one\n\nText.\n\n"
                                      "### Detail\n\nMore.\n\n## Part two\n\nEnd.\n")
    done = cyp_import(tmp_path / "plan.md", tmp_path / "plan", "--authority", "X Council",
                      "--split-level", "3")
    assert done.returncode == 0, done.stderr
    sections = load_plan(tmp_path / "plan").plan.sections
    assert [s.title for s in sections] == ["Part one", "Detail", "Part two"]
    assert front(sections[1].path)["parent"] == sections[0].id


# --- bad input: one line, exit 2, nothing written ----------------------------------------


def _empty_docx(path: Path) -> None:
    docx.Document().save(str(path))


def _truncated_docx(path: Path) -> None:
    word_plan(path)
    path.write_bytes(path.read_bytes()[:3000])


BAD = {
    "plan.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
                 "old binary Word .doc"),
    "protected.docx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                                               + bytes(600)), "password-protected"),
    "corrupt.docx": (lambda p: p.write_bytes(b"PK\x03\x04 this is not a zip" * 20),
                     "not a readable DOCX"),
    "truncated.docx": (_truncated_docx, "not a readable DOCX"),
    "other.docx": (lambda p: p.write_bytes(b"just some text, not a document\n"),
                   "not a readable DOCX"),
    "empty.docx": (_empty_docx, "no text to import"),
    "zero.md": (lambda p: p.write_bytes(b""), "the file is empty"),
    "blank.html": (lambda p: p.write_text("<html><body><p> </p></body></html>"),
                   "no text to import"),
    "plan.rtf": (lambda p: p.write_text("{\\rtf1 hello}"), "cannot import '.rtf'"),
    "missing.docx": (lambda p: None, "no such file"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_one_line_exit_2_nothing_written(tmp_path: Path, name: str) -> None:
    make, message = BAD[name]
    source = tmp_path / name
    make(source)
    done = cyp_import(source, tmp_path / "plan", "--authority", "X Council", "--period",
                      "2011-2014")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and name in lines[0], done.stderr
    assert not (tmp_path / "plan").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [name] if source.exists() else [])


def test_non_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plan.md").write_text(MARKDOWN)
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "notes.txt").write_text("mine")
    done = cyp_import(tmp_path / "plan.md", tmp_path / "plan", "--authority", "X Council")
    assert done.returncode == 2 and "is not empty (notes.txt)" in done.stderr
    assert [p.name for p in (tmp_path / "plan").iterdir()] == ["notes.txt"]


def test_empty_folder_is_filled(tmp_path: Path) -> None:
    (tmp_path / "plan.md").write_text(MARKDOWN)
    (tmp_path / "plan").mkdir()
    done = cyp_import(tmp_path / "plan.md", tmp_path / "plan", "--authority", "X Council")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "plan" / "plan.yaml").is_file()


def test_a_failed_import_leaves_nothing(tmp_path: Path) -> None:
    """No period anywhere in the document: refused after reading, nothing written."""
    (tmp_path / "plan.md").write_text("# Introduction\n\nA plan without dates.\n")
    done = cyp_import(tmp_path / "plan.md", tmp_path / "out" / "plan", "--authority", "X")
    assert done.returncode == 2 and "--period" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


def test_odt_import(tmp_path: Path) -> None:
    from cyp_cli.render.pandoc import pandoc_path

    odt = tmp_path / "plan.odt"
    subprocess.run([pandoc_path(), "-f", "docx", "-t", "odt", str(word_plan(
        tmp_path / "plan.docx")), "-o", str(odt)], check=True)
    done = cyp_import(odt, tmp_path / "plan")
    assert done.returncode == 0, done.stderr
    plan = load_plan(tmp_path / "plan").plan
    assert len(plan.targets) == 3 and len(plan.actions) == 3
    assert len(list((tmp_path / "plan" / "images").iterdir())) == 2
    assert f_errors(tmp_path / "plan") == []


def test_parts_nest_their_themed_sections(tmp_path: Path) -> None:
    (tmp_path / "plan.md").write_text(
        "# Part A: Context\n\nIntro 2011-2014.\n\n## Introduction\n\nText.\n\n"
        "# Part B: Core aims\n\nThe aims.\n\n## Core aim 1: a flying start\n\nA.\n\n"
        "### Detail\n\nd\n\n## Core aim 2: education\n\nB.\n")
    done = cyp_import(tmp_path / "plan.md", tmp_path / "plan", "--authority", "X Council")
    assert done.returncode == 0, done.stderr
    sections = load_plan(tmp_path / "plan").plan.sections
    assert [s.title for s in sections] == ["Part A: Context", "Part B: Core aims",
                                           "Core aim 1: a flying start",
                                           "Core aim 2: education"]
    assert "## Introduction" in sections[0].body  # unthemed: stays in its part
    assert [front(s.path).get("parent") for s in sections] == [
        None, None, sections[1].id, sections[1].id]
    assert "## Detail" in sections[2].body
    assert f_errors(tmp_path / "plan") == []


def test_england_outcomes_and_a_title_heading(tmp_path: Path) -> None:
    (tmp_path / "plan.md").write_text(
        "# Our plan for Northshire 2010-2013\n\n## Introduction\n\nNorthshire County "
        "Council and partners.\n\n## Be healthy\n\nText.\n\n| Action | Lead | By when |\n"
        "|---|---|---|\n| Open clinics | Northshire NHS Trust | 2011 |\n\n"
        "## Staying safe\n\nMore.\n")
    done = subprocess.run([sys.executable, "-m", "cyp_cli", "import", str(tmp_path / "plan.md"),
                           str(tmp_path / "plan"), "--nation", "england"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    plan = load_plan(tmp_path / "plan").plan
    assert (plan.file.title, plan.file.authority) == ("Our plan for Northshire 2010-2013",
                                                      "Northshire County Council")
    assert [s.meta.outcome for s in plan.sections] == [[], ["be-healthy"], ["stay-safe"]]
    (action,) = plan.actions
    assert (action.partner, action.status) == ("northshire-nhs-trust", None)
    assert f_errors(tmp_path / "plan") == []


def test_bold_lines_are_headings_when_there_are_no_heading_styles(tmp_path: Path) -> None:
    doc = docx.Document()
    for title, text in (("Introduction", "Our plan for 2011 to 2014."),
                        ("Core Aim 2: Education", "Every child reads well."),
                        ("Core Aim 4: Play", "Safe places to play.")):
        doc.add_paragraph().add_run(title).bold = True
        doc.add_paragraph(text)
    doc.save(str(tmp_path / "plan.docx"))
    done = cyp_import(tmp_path / "plan.docx", tmp_path / "plan", "--authority", "X Council",
                      "--period", "2011-2014")
    assert done.returncode == 0, done.stderr
    plan = load_plan(tmp_path / "plan").plan
    assert [(s.title, s.meta.core_aim) for s in plan.sections] == [
        ("Introduction", []), ("Core Aim 2: Education", [2]), ("Core Aim 4: Play", [4])]
    assert "3 bold lines taken as headings" in (tmp_path / "plan" / "import-report.md").read_text()
