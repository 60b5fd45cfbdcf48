"""``cyp review`` end to end: real git repositories built in tmp, the command run as a
user runs it, the report read back (HTML as text and tables, DOCX with python-docx,
PDF with pypdf).

The Done-when of issue 5: from two revisions of a copy of the example where one
target's value moved and one section was removed, the report flags the moved target
with old and new values, gives every target a status, and names the removed section;
an unknown revision exits non-zero with a clear message.
"""

from __future__ import annotations

import html as htmllib
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import browser
import docx
import published_text
import pypdf
import pytest
from test_review_fixtures import (
    commit_all,
    git,
    init_repo,
    section,
    status,
    target,
    tree_hashes,
    write_plan,
)

from cyp_cli import gitio
from cyp_cli.review import Review, compare

ROOT = Path(__file__).resolve().parent.parent
HISTORY = ROOT / "scripts" / "make-example-history.py"
STATUSES = {"Achieved", "On track", "Off track", "No data"}


def cyp(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "cyp_cli", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)
    assert "Traceback" not in done.stderr + done.stdout
    return done


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    """The one clear line a failure prints (exit 2, no traceback, nothing written)."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cyp: "), done.stderr
    return lines[0]


class _Tables(HTMLParser):
    """Every table of a page: caption -> rows of cell texts (SVG text left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._in_caption = False
        self._svg = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "svg":
            self._svg += 1
        elif tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self._svg -= 1
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._rows is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption or ""] = self._rows
            self._rows = None

    def handle_data(self, data: str) -> None:
        if self._svg:
            return
        if self._in_caption:
            self._caption = (self._caption or "") + data
        elif self._cell is not None:
            self._cell.append(data)


def tables(page: Path) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tables


def body_rows(table: list[list[str]]) -> list[list[str]]:
    return table[1:]


# --- the example's history: a moved target, a removed section ---------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The example plan's two-commit history (scripts/make-example-history.py: a
    target's value moved), plus a third commit that removes one section; the report
    from v2011 to HEAD in all three formats."""
    if not (ROOT / "example-plan" / "plan.yaml").is_file():
        pytest.skip("example-plan not present")
    tmp = tmp_path_factory.mktemp("review-example")
    repo = tmp / "history"
    done = subprocess.run([sys.executable, str(HISTORY), str(repo)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    plan = repo / "example-plan"
    head = gitio.read_revision(plan, "HEAD").plan
    changed = {t.section for t in head.targets if t.id} | {"10-core-aim-1-flying-start"}
    removed = next(s for s in reversed(head.sections) if s.id not in changed)
    git(repo, "rm", "--quiet", f"example-plan/{removed.rel}")
    commit_all(repo, "Remove a section", date="2012-05-20T12:00:00+00:00")
    before = tree_hashes(repo)
    out = tmp / "out"
    done = cyp("review", str(plan), "--from", "v2011", "--to", "HEAD", "--out", str(out),
               "--as-of", "2012-06-01")
    assert done.returncode == 0, done.stderr
    assert tree_hashes(repo) == before and status(repo) == ""  # never touched
    review = compare(gitio.read_revision(plan, "v2011").plan,
                     gitio.read_revision(plan, "HEAD").plan)
    langs = list(review.new.file.languages or ["en"])
    # review.html in the primary language, review.cy.html for Welsh (issue 5 names
    # the annual review report review.html).
    names = {lang: "review" if lang == langs[0] else f"review.{lang}" for lang in langs}
    return {"repo": repo, "plan": plan, "out": out, "removed": removed, "review": review,
            "stdout": done.stdout, "names": names, "en": out / f"{names['en']}.html"}


def test_writes_html_docx_and_pdf(example: dict) -> None:
    out: Path = example["out"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{stem}.{fmt}" for stem in example["names"].values() for fmt in ("html", "docx", "pdf"))
    assert "wrote" in example["stdout"] and "v2011" in example["stdout"]


def test_moved_target_is_flagged_with_old_and_new_values(example: dict) -> None:
    review: Review = example["review"]
    [moved] = review.moved
    [change] = moved.changes
    found = tables(example["en"])
    rows = body_rows(found["Changes to targets: old and new values"])
    [row] = [r for r in rows if r[0] == moved.indicator]
    assert row[1:] == ["Target value", change.old_text, change.new_text, "Made easier"]
    assert change.old_text != change.new_text
    status_rows = body_rows(
        found["Status against the old and the new definition of each moved target"])
    assert [r[0] for r in status_rows] == [row[0]]
    assert set(status_rows[0][1:]) <= STATUSES
    summary = dict(map(tuple, body_rows(found["What changed between the two versions"])))
    assert summary["Targets whose goalposts moved"] == "1"


def test_every_target_has_a_status(example: dict) -> None:
    review: Review = example["review"]
    found = tables(example["en"])
    head, *rows = found["Every target in use, with its status (off track first)"]
    assert head == ["Target", "Baseline", "Target", "Latest figure", "Expected by then",
                    "Status"]
    assert sorted(r[0] for r in rows) == sorted(t.indicator for t in review.active_targets)
    assert all(r[-1] in STATUSES for r in rows)
    # Off track first, then on track, achieved, no data.
    order = ["Off track", "On track", "Achieved", "No data"]
    ranks = [order.index(r[-1]) for r in rows]
    assert ranks == sorted(ranks)
    by_status = dict(map(tuple, body_rows(found["Targets in use, by status"])))
    assert sum(int(v) for v in by_status.values()) == len(rows)
    # Targets the removed section held are dropped, with a status and the flag.
    removed = example["removed"]
    gone = [t for t in review.dropped_targets if t.section == removed.id]
    if gone:
        dropped = body_rows(found["Targets in use in the old version and dropped from the "
                                  "new one"])
        assert {r[0] for r in dropped} >= {t.indicator for t in gone}
        assert all(r[1] in STATUSES and r[2] == "No reason recorded" for r in dropped)


def test_removed_section_is_named(example: dict) -> None:
    removed = example["removed"]
    found = tables(example["en"])
    rows = body_rows(found["Sections added, removed, renamed or changed"])
    [row] = [r for r in rows if r[0] == removed.title]
    assert row[1] == "Removed"
    assert row[2] == removed.title and row[3] == "–"  # no file names in the report
    summary = dict(map(tuple, body_rows(found["What changed between the two versions"])))
    assert summary["Sections removed"] == "1"
    # The edited section's redline marks both kinds of change, with text labels.
    page = example["en"].read_text(encoding="utf-8")
    assert '<del><span class="visually-hidden">deleted: </span>' in page
    assert '<ins><span class="visually-hidden">inserted: </span>' in page


def test_docx_reads_back(example: dict) -> None:
    review: Review = example["review"]
    document = docx.Document(str(example["en"].with_suffix(".docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for title in ("Summary", "Progress against targets",
                  "Targets changed since the plan was published",
                  "Trends: turn-the-curve charts", "Progress on actions, by partner",
                  "Changes to the plan's text",
                  "Child poverty objectives and Annex A indicators"):
        assert title in headings
    text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert review.moved[0].indicator in text
    assert example["removed"].title in text
    assert document.core_properties.language == "en-GB"
    # Each chart is an image with its trend in words as alternative text.
    assert len(document.inline_shapes) >= 1


def test_pdf_reads_back(example: dict) -> None:
    reader = pypdf.PdfReader(str(example["en"].with_suffix(".pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Targets changed since the plan was published" in flat and "Summary" in flat
    assert "[deleted:" in flat and "[inserted:" in flat
    assert reader.metadata.title.startswith("Annual review: ")


def test_welsh_report_of_a_bilingual_plan(example: dict) -> None:
    if "cy" not in example["names"]:
        pytest.skip("the example plan is not bilingual")
    review: Review = example["review"]
    page = (example["out"] / f"{example['names']['cy']}.html").read_text(encoding="utf-8")
    assert '<html lang="cy-GB">' in page
    assert "Targedau a newidiwyd ers cyhoeddi&#39;r cynllun" in page
    assert review.moved[0].target.indicator.in_("cy") in page.replace("&#39;", "'")
    assert "Targets changed" not in page and "Off track" not in page


# --- publishable: figures, colophon, rendered text, Welsh throughout (issue 10) -------------


def outputs(example: dict, lang: str) -> dict[str, str]:
    """The report's text in each format, as a reader (or a screen reader) gets it:
    the HTML's text with the charts' SVG text and the DOCX's alternative texts."""
    return published_text.texts(example["out"] / example["names"][lang])


def test_money_and_computed_figures_in_the_locale(example: dict) -> None:
    for lang in example["names"]:
        for fmt, text in outputs(example, lang).items():
            assert "£410,000 (2009-10)" in text and "£650,000" in text, (lang, fmt)
            assert not re.search(r"\d £(?!\d)", text), (lang, fmt)  # not "410,000 £"
            # "Expected by then" at the precision of the target it leads to.
            for raw in ("75.49", "1,064.89", "63.32", "469,958.93"):
                assert raw not in text, (lang, fmt, raw)
            assert "1,065" in text and "63.3%" in text, (lang, fmt)


def test_report_names_versions_by_date_not_commit(example: dict) -> None:
    repo = example["repo"]
    commits = git(repo, "rev-list", "--all").split()
    for lang in example["names"]:
        for fmt, text in outputs(example, lang).items():
            for commit in commits:
                assert commit[:7] not in text, (lang, fmt)
            assert "HEAD" not in text and "made with cyp" not in text.lower(), (lang, fmt)
    en = outputs(example, "en")["html"]
    assert ("This review compares the plan published on 28 March 2011 with the version of "
            "20 May 2012.") in en
    assert "Figures and actions as at 1 June 2012" in en
    # Hashes stay in the machine-readable line the command prints.
    assert commits[0][:7] in example["stdout"]


def test_tracked_changes_show_rendered_text(example: dict) -> None:
    for fmt, text in outputs(example, "en").items():
        assert "## " not in text and "**" not in text and "](" not in text, fmt
        assert "Progress in 2011-12" in text, fmt


def test_no_ids_in_tables(example: dict) -> None:
    review: Review = example["review"]
    ids = {t.id for t in review.targets} | {d.id for d in review.sections}
    for fmt, text in outputs(example, "en").items():
        found = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
        assert not found, (fmt, found[:5])


def test_every_chart_has_its_values_as_text(example: dict) -> None:
    found = tables(example["en"])
    page = example["en"].read_text(encoding="utf-8")
    charts = re.findall(r"<title id=\"[^\"]+\">([^<]+)</title>", page)
    assert len(charts) == len(review_charts(example["review"]))
    for title in charts:
        indicator = htmllib.unescape(title).removesuffix(": baseline, actuals and target")
        rows = found[f"Figures in the chart: {indicator}"]
        assert rows[0] == ["Period", "What it is", "Figure"] and len(rows) >= 4


def _english_terms(review: Review) -> set[str]:
    """English words a Welsh report must not print (tests/published_text.py); the
    plan's English prose is quoted in the redline (marked as English): a word it
    quotes may appear."""
    plan = review.new
    quoted = " ".join(text for d in review.sections for _, text in d.runs)
    return published_text.english_terms(
        [*plan.targets, *plan.actions, *plan.partners.values()], ["review.en"], quoted)


def test_welsh_report_has_no_english_from_data_or_catalogue(example: dict) -> None:
    if "cy" not in example["names"]:
        pytest.skip("the example plan is not bilingual")
    terms = _english_terms(example["review"])
    assert "per 1,000 women aged 15-17" in terms and "Per cent" in terms
    for fmt, text in outputs(example, "cy").items():
        found = published_text.found_in(terms, text)
        assert not found, (fmt, found[:8])


@pytest.mark.browser
def test_example_reports_pass_axe(example: dict) -> None:
    browser.require_browser()
    with browser.browser() as b:
        for stem in example["names"].values():
            page, requests = browser.open_page(b, example["out"] / f"{stem}.html")
            violations = browser.axe_violations(page)
            dangling = browser.dangling_links(page)
            charts = page.evaluate(
                "() => [...document.querySelectorAll('figure svg')].filter(s => "
                "s.querySelector('title') && !s.querySelector('desc') && "
                "s.closest('figure').querySelector('figcaption').textContent.trim()).length")
            assert violations == [], f"{stem}: " + browser.describe(violations)
            assert dangling == [] and requests == []
            assert charts == len(review_charts(example["review"]))


def review_charts(review: Review) -> list[str]:
    """Targets that get a chart: in use or dropped, with a figure since the baseline."""
    from cyp_cli.review.charts import plotted

    return [t.id for t in review.targets if (t.active or t.dropped)
            and plotted(t.target, t.actuals)]


# --- errors: one clear line, exit 2, nothing written ---------------------------------------


def _two_versions(tmp_path: Path, nation: str = "wales") -> tuple[Path, Path]:
    repo = init_repo(tmp_path / "repo")
    plan = repo / "plan"
    write_plan(plan, {"10-a": section("Alpha", targets=[
        target("t1", goal=(60, "2013-14"), actuals=[("2010-11", 53)])])}, nation=nation)
    commit_all(repo, "publish", date="2011-03-28T12:00:00+00:00", tag="v2011")
    write_plan(plan, {"10-a": section("Alpha", targets=[
        target("t1", goal=(55, "2013-14"), actuals=[("2010-11", 53)])])}, nation=nation)
    commit_all(repo, "review", date="2012-04-20T12:00:00+00:00")
    return repo, plan


def test_unknown_revision_exits_2_with_a_clear_message(tmp_path: Path) -> None:
    _, plan = _two_versions(tmp_path)
    line = one_error_line(cyp("review", str(plan), "--from", "v2099", "--to", "HEAD",
                              "--out", str(tmp_path / "out")))
    assert "unknown revision 'v2099'" in line
    assert "did you mean 'v2011'" in line
    assert not (tmp_path / "out").exists()


def test_not_a_plan(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    line = one_error_line(cyp("review", str(folder), "--from", "v1"))
    assert "plan.yaml" in line
    _, plan = _two_versions(tmp_path)
    line = one_error_line(cyp("review", str(plan), "--from", str(folder), "--to", "HEAD"))
    assert "is not a plan" in line


def test_plans_of_two_nations(tmp_path: Path) -> None:
    wales = write_plan(tmp_path / "wales", {"10-a": section("A")})
    england = write_plan(tmp_path / "england", {"10-a": section("A")}, nation="england")
    line = one_error_line(cyp("review", str(england), "--from", str(wales),
                              "--out", str(tmp_path / "out")))
    assert "different nations" in line
    assert not (tmp_path / "out").exists()


def test_no_history_and_no_tags(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    plan = write_plan(repo / "plan", {"10-a": section("A")})
    line = one_error_line(cyp("review", str(plan), "--from", "HEAD"))
    assert "no commits" in line
    commit_all(repo, "first")
    line = one_error_line(cyp("review", str(plan)))
    assert "no tags" in line
    outside = write_plan(tmp_path / "loose", {"10-a": section("A")})
    line = one_error_line(cyp("review", str(outside), "--from", "v1"))
    assert "not in a git repository" in line


@pytest.mark.parametrize("args,words", [
    (["--format", "odt"], "--format takes html, docx, pdf"),
    (["--as-of", "May 2012"], "--as-of takes an ISO date"),
    (["--lang", "fr"], "no wording for a review in 'fr'"),
])
def test_bad_options(tmp_path: Path, args: list[str], words: str) -> None:
    _, plan = _two_versions(tmp_path)
    assert words in one_error_line(cyp("review", str(plan), "--from", "v2011", *args))


# --- defaults, languages, outputs ------------------------------------------------------------


def test_defaults_latest_tag_to_the_working_copy_into_plan_dist(tmp_path: Path) -> None:
    repo, plan = _two_versions(tmp_path)
    (repo / ".gitignore").write_text("dist/\n")
    commit_all(repo, "ignore dist")
    # An uncommitted edit: the default new side is the plan as it stands.
    text = (plan / "sections" / "10-a.md").read_text()
    (plan / "sections" / "10-a.md").write_text(text.replace("value: 55", "value: 52"))
    before = tree_hashes(repo / ".git")
    done = cyp("review", "--format", "html", cwd=plan / "sections")
    assert done.returncode == 0, done.stderr
    page = plan / "dist" / "review.html"
    assert page.is_file()
    assert tree_hashes(repo / ".git") == before
    rows = body_rows(tables(page)["Changes to targets: old and new values"])
    assert [r[2:4] for r in rows] == [["60%", "52%"]]
    html = page.read_text(encoding="utf-8")
    assert "compares the plan published on 28 March 2011 with the plan as it stands now" in html


def test_bilingual_plan_gets_one_report_per_language(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    plan = repo / "plan"
    write_plan(plan, {"10-a": section("Alpha", targets=[target("t1")])},
               languages=["en", "cy"], title_cy="Cynllun prawf")
    (plan / "sections" / "10-a.cy.md").write_text(section("Alffa"), encoding="utf-8")
    commit_all(repo, "publish", tag="v2011")
    write_plan(plan, {"10-a": section("Alpha", targets=[target("t1", goal=(58, "2013-14"))],
                                      body="New words.\n")},
               languages=["en", "cy"], title_cy="Cynllun prawf")
    (plan / "sections" / "10-a.cy.md").write_text(section("Alffa"), encoding="utf-8")
    commit_all(repo, "review")
    out = tmp_path / "out"
    done = cyp("review", str(plan), "--from", "v2011", "--to", "HEAD", "--format", "html",
               "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["review.cy.html", "review.html"]
    welsh = (out / "review.cy.html").read_text(encoding="utf-8")
    assert '<html lang="cy-GB">' in welsh
    assert "Adolygiad blynyddol: Cynllun prawf" in welsh
    assert "Targedau a newidiwyd ers cyhoeddi&#39;r cynllun" in welsh and "Alffa" in welsh
    only = tmp_path / "only"
    done = cyp("review", str(plan), "--from", "v2011", "--to", "HEAD", "--format", "html",
               "--lang", "cy", "--out", str(only))
    assert done.returncode == 0, done.stderr
    assert [p.name for p in only.iterdir()] == ["review.cy.html"]


def test_english_plan_reports_regulation_8(tmp_path: Path) -> None:
    _, plan = _two_versions(tmp_path, nation="england")
    out = tmp_path / "out"
    done = cyp("review", str(plan), "--from", "v2011", "--to", "HEAD", "--format", "html",
               "--out", str(out))
    assert done.returncode == 0, done.stderr
    html = htmllib.unescape((out / "review.html").read_text(encoding="utf-8"))
    assert "Regulation 8: annual review" in html
    assert "Child poverty" not in html


def test_folders_as_versions(tmp_path: Path) -> None:
    old = write_plan(tmp_path / "old", {"10-a": section("A", targets=[target("t1")]),
                                        "20-b": section("B")})
    new = write_plan(tmp_path / "new", {"10-a": section("A", targets=[target("t1")])})
    out = tmp_path / "out"
    done = cyp("review", str(new), "--from", str(old), "--format", "html", "--out", str(out))
    assert done.returncode == 0, done.stderr
    rows = body_rows(tables(out / "review.html")["Sections added, removed, renamed or "
                                                 "changed"])
    assert [(r[0], r[1]) for r in rows] == [("B", "Removed")]
