"""The example plan as a council publishes it (issue 10), read back from the real
outputs (HTML as text, DOCX with python-docx, PDF with pypdf): the front parts
(other formats, foreword with signatories, the plan at a glance), the accessibility
statement (HTML only by default), the link between the language editions, the
children's edition's way to the full plan; a Welsh edition with no English from the
data or the catalogue; and nothing from the tool (its file names, rule codes,
commands) in any published text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import browser
import published_text
import pytest
from plancopy import EXAMPLE

from cyp_cli.model.load import load_plan

STEMS = ("plan.en", "plan.cy", "plan.children.en", "plan.children.cy")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (EXAMPLE / "plan.yaml").is_file():
        pytest.skip("example-plan not present")
    out = tmp_path_factory.mktemp("published")
    for extra in ((), ("--edition", "children")):
        done = subprocess.run([sys.executable, "-m", "cyp_cli", "build", str(EXAMPLE),
                               "-o", str(out), *extra], capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stderr
    return out


def test_front_parts_in_every_format(built: Path) -> None:
    for lang, words in (("en", ("Other formats and languages", "Foreword", "Signed by",
                                "Sian Morgan", "Lead Director for Children and Young People",
                                "At a glance", "The core aims at a glance",
                                "plant.cyp@ynysfawr.example", "01234 567890")),
                        ("cy", ("Fformatau ac ieithoedd eraill", "Rhagair",
                                "Llofnodwyd gan", "Cyfarwyddwr Arweiniol",
                                "Y cynllun yn gryno", "Y nodau craidd yn gryno",
                                "plant.cyp@ynysfawr.example"))):
        for fmt, text in published_text.texts(built / f"plan.{lang}").items():
            for w in words:
                assert w in text, (lang, fmt, w)


def test_accessibility_statement_is_in_the_html_only(built: Path) -> None:
    for lang, title in (("en", "Accessibility statement"), ("cy", "Datganiad hygyrchedd")):
        found = published_text.texts(built / f"plan.{lang}")
        assert title in found["html"] and title not in found["docx"] + found["pdf"]
    en = published_text.texts(built / "plan.en")["html"]
    assert ("Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018") in en
    assert "Web Content Accessibility Guidelines version 2.1 at level AA" in en
    assert "every abbreviation explained in the glossary" in en
    page = (built / "plan.en.html").read_text(encoding="utf-8")
    assert 'href="#accessibility"' in page  # in the contents


def test_each_language_edition_links_the_other(built: Path) -> None:
    for stem, other, tag, label in (
            ("plan.en", "plan.cy.html", "cy-GB", "Darllenwch y cynllun hwn yn Gymraeg"),
            ("plan.cy", "plan.en.html", "en-GB", "Read this plan in English"),
            ("plan.children.cy", "plan.children.en.html", "en-GB",
             "Read this plan in English")):
        page = (built / f"{stem}.html").read_text(encoding="utf-8")
        link = f'<a href="{other}" hreflang="{tag}" lang="{tag}">{label}</a>'
        assert link in page.replace("&#39;", "'"), stem
        assert (built / other).is_file()


def test_childrens_edition_says_how_to_ask_for_the_full_plan(built: Path) -> None:
    en = published_text.texts(built / "plan.children.en")["html"]
    assert "Ask for the full plan" in en and "You can ask for the full plan" in en
    assert "Children and Young People's Partnership Team" in en
    cy = published_text.texts(built / "plan.children.cy")["html"]
    assert "Gofyn am y cynllun llawn" in cy and "Tîm Partneriaeth Plant a Phobl Ifanc" in cy


def test_welsh_plan_has_no_english_from_data_or_catalogue(built: Path) -> None:
    plan = load_plan(EXAMPLE).plan
    f = plan.file
    objects = [f, *plan.targets, *plan.actions, *plan.partners.values(), *f.glossary,
               *(a for t in plan.targets for a in t.actuals)]
    if f.foreword is not None:
        objects += [f.foreword, *f.foreword.signatories]
    if f.contact is not None:
        objects.append(f.contact)
    terms = published_text.english_terms(objects, ["en"])
    # The terms that were printed in English before issue 10's fix are among them.
    assert "Careers Wales, pupil destinations survey" in terms and "Foreword" in terms
    for stem in ("plan.cy", "plan.children.cy"):
        for fmt, text in published_text.texts(built / stem, drop_lang="en").items():
            found = published_text.found_in(terms, text)
            assert not found, (stem, fmt, found[:8])


# The tool's own words: its files, rule codes and commands.
TOOL_WORDS = re.compile(r"plan\.yaml|actuals\.csv|\.md\b|\bcyp (lint|build)\b|"
                        r"\b[FLTAPMSEC]\d{3}\b|docs/|front matter|source_cy|_cy\b")


def test_nothing_from_the_tool_in_published_text(built: Path) -> None:
    for stem in STEMS:
        for fmt, text in published_text.texts(built / stem).items():
            found = sorted({m.group(0) for m in TOOL_WORDS.finditer(text)})
            assert not found, (stem, fmt, found)


@pytest.mark.browser
def test_every_edition_passes_axe(built: Path) -> None:
    browser.require_browser()
    with browser.browser() as b:
        for stem in STEMS:
            page, requests = browser.open_page(b, built / f"{stem}.html")
            violations = browser.axe_violations(page)
            assert violations == [], f"{stem}: " + browser.describe(violations)
            assert browser.dangling_links(page) == [] and requests == [], stem
