"""``cyp build`` as users meet it: outputs named and placed, lint errors refused with
a pointer to ``cyp lint``, failures that leave dist/ as it was, drafts, one-line
errors, and lint never importing the publishing tool chain."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from plancopy import FIXTURES, copy_plan, edit, line_of

MINI = FIXTURES / "build-mini"
HEALTH = "sections/02-health.md"


def cyp(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "cyp_cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)
    assert "Traceback" not in done.stderr + done.stdout
    return done


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the mini plan built once, in all three formats, into its dist/."""
    plan = copy_plan(MINI, tmp_path_factory.mktemp("cli") / "plan")
    done = cyp("build", cwd=plan)
    assert done.returncode == 0, done.stderr
    return plan


def test_default_build_writes_three_files_into_dist(built: Path) -> None:
    dist = built / "dist"
    assert sorted(p.name for p in dist.iterdir()) == ["plan.docx", "plan.html", "plan.pdf"]
    assert (dist / "plan.pdf").read_bytes().startswith(b"%PDF-")
    assert (dist / "plan.docx").read_bytes().startswith(b"PK")
    assert (dist / "plan.html").read_bytes().startswith(b"<!DOCTYPE html>")
    mode = (dist / "plan.html").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044  # readable by a web server, not owner-only


def test_sources_are_never_modified(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    before = {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()}
    assert cyp("build", str(plan), "--format", "html,docx").returncode == 0
    after = {p: p.read_bytes() for p in plan.rglob("*") if p.is_file() and "dist" not in p.parts}
    assert after == before


def test_lint_errors_refuse_the_build_and_leave_dist_unchanged(tmp_path: Path,
                                                               built: Path) -> None:
    plan = copy_plan(built, tmp_path / "plan")
    import shutil

    shutil.copytree(built / "dist", plan / "dist")
    before = snapshot(plan / "dist")
    edit(plan / HEALTH, "(01-introduction.md#our-plan)", "(01-introduction.md#our-plans)")
    done = cyp("build", str(plan))
    assert done.returncode == 1
    line = line_of(plan / HEALTH, "#our-plans")
    assert f"{HEALTH}:{line}:" in done.stderr and "L002" in done.stderr
    assert "has 1 lint error; not building" in done.stderr
    assert "run 'cyp lint " in done.stderr and "--force" in done.stderr
    assert snapshot(plan / "dist") == before


def test_build_failure_names_the_line_and_leaves_dist_unchanged(tmp_path: Path,
                                                                built: Path) -> None:
    """Lint is told to ignore the missing image (L004), so the build itself finds it."""
    plan = copy_plan(built, tmp_path / "plan")
    import shutil

    shutil.copytree(built / "dist", plan / "dist")
    before = snapshot(plan / "dist")
    (plan / "images/chart.png").unlink()
    with (plan / "plan.yaml").open("a", encoding="utf-8") as fh:
        fh.write("lint:\n  ignore: [L004]\n")
    done = cyp("build", str(plan))
    assert done.returncode == 1
    line = line_of(plan / "sections/01-introduction.md", "![")
    assert done.stderr.strip() == (
        f"cyp: sections/01-introduction.md:{line}: image '../images/chart.png': file not found")
    assert snapshot(plan / "dist") == before


def test_a_damaged_image_is_named_with_its_line(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    (plan / "images/chart.png").write_bytes(b"not a picture")
    line = line_of(plan / "sections/01-introduction.md", "![")
    refused = cyp("build", str(plan), "--format", "pdf")  # lint finds it first (L004)
    assert refused.returncode == 1
    assert f"sections/01-introduction.md:{line}:" in refused.stderr
    assert "L004" in refused.stderr and "not a valid PNG" in refused.stderr
    done = cyp("build", str(plan), "--format", "pdf", "--force")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"cyp: sections/01-introduction.md:{line}: image 'images/chart.png': is not a "
        "valid PNG file")
    assert not (plan / "dist").exists()


def test_force_builds_a_draft(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / HEALTH, "(01-introduction.md#our-plan)", "(01-introduction.md#our-plans)")
    done = cyp("build", str(plan), "--force", "--format", "html,docx", "--out",
               str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "building a DRAFT despite 1 lint error" in done.stderr
    assert f"warning: {HEALTH}:" in done.stderr  # the broken link, shown as text
    html = (tmp_path / "out/plan.html").read_text(encoding="utf-8")
    assert "draft-banner" in html and "01-introduction--our-plans" not in html


def test_output_folder_and_formats(tmp_path: Path) -> None:
    out = tmp_path / "published"
    done = cyp("build", str(MINI), "-f", "pdf,html", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["plan.html", "plan.pdf"]
    assert done.stdout.count("wrote ") == 2


def test_usage_errors(tmp_path: Path) -> None:
    done = cyp("build", str(MINI), "--format", "html,epub", "-o", str(tmp_path))
    assert done.returncode == 2 and "--format takes html, docx, pdf" in done.stderr
    done = cyp("build", str(tmp_path / "nowhere"))
    assert done.returncode == 2 and done.stderr.startswith("cyp: ")
    done = cyp("build", str(tmp_path))
    assert done.returncode == 2 and "not a plan" in done.stderr


def test_several_languages_name_files_by_language(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "plan.yaml", "languages: [en]", "languages: [en, cy]")
    for section in (plan / "sections").glob("*.md"):
        title = section.read_text(encoding="utf-8").split("title: ", 1)[1].split("\n", 1)[0]
        section.with_suffix(".cy.md").write_text(
            f"---\ntitle: {title} (cy)\n---\nTestun.\n", encoding="utf-8")
    done = cyp("build", str(plan), "-f", "html", "-o", str(tmp_path / "out"), "--force")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plan.cy.html",
                                                                   "plan.en.html"]
    # A draft names what the Welsh edition still lacks (tests/test_editions.py has
    # the complete bilingual plan, and the errors a published build stops on).
    assert "no Welsh text for the plan's title: add 'title_cy'" in done.stderr


def test_output_names() -> None:
    from cyp_cli.render import output_name

    assert output_name("pdf", "en", False) == "plan.pdf"
    assert output_name("pdf", "cy", True) == "plan.cy.pdf"
    assert output_name("html", "en", False, "children") == "plan.children.html"
    assert output_name("docx", "cy", True, "children") == "plan.children.cy.docx"


def test_lint_never_imports_the_publishing_tool_chain() -> None:
    code = (
        "import sys\n"
        "from cyp_cli.cli import run\n"
        "try:\n"
        f"    run(['lint', {str(MINI)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "import cyp_cli.cli.main\n"
        "heavy = {'jinja2', 'typst', 'pypandoc', 'rich', 'cyp_cli.render', 'cyp_cli.document'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


@pytest.mark.parametrize("settings", ["  select: [S100]\n", "  ignore: [F]\n",
                                      "  select: [S10O]\n"])
def test_a_section_not_read_refuses_the_build_whatever_the_selection(
        tmp_path: Path, settings: str) -> None:
    """Issue 9: a selection typo or an F-ignore must not publish a plan with a section
    silently missing; under --force the plan is a DRAFT."""
    plan = copy_plan(MINI, tmp_path / "plan")
    (plan / "plan.yaml").write_text((plan / "plan.yaml").read_text() + "lint:\n" + settings)
    (plan / "sections" / "09-broken.md").write_text("---\ntitle: Broken\nx: [1, 2\n---\nA.\n")
    done = cyp("build", str(plan), "--format", "html")
    assert done.returncode == 1, done.stderr
    assert "09-broken.md:3:" in done.stderr and "F001" in done.stderr
    assert not (plan / "dist").exists()
    forced = cyp("build", str(plan), "--format", "html", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "DRAFT" in (plan / "dist" / "plan.html").read_text()


def test_control_characters_do_not_fail_a_forced_build(tmp_path: Path) -> None:
    """Issue 9: typst has no glyph for ESC and DOCX's XML does not allow it; lint
    reports it (M007) and a forced build drops it from every format."""
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / HEALTH, "We will protect more", "We\x1b[2K will\x07 protect more")
    refused = cyp("build", str(plan))
    assert refused.returncode == 1 and "M007" in refused.stderr
    assert "\x1b" not in refused.stderr
    done = cyp("build", str(plan), "--force")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (plan / "dist").iterdir()) == [
        "plan.docx", "plan.html", "plan.pdf"]


def test_builds_killed_at_random_points_leave_dist_wholly_old_or_new(tmp_path: Path) -> None:
    """Issue 9: SIGINT, SIGTERM and SIGKILL at random (seeded) moments of a real build.
    dist/ is always the old set (every byte as it was) or the new one (every file
    changed, the new text in the HTML); after SIGINT and SIGTERM nothing temporary is
    left beside dist/ or in the temporary folder; what SIGKILL leaves, the next build
    removes."""
    import random
    import shutil
    import signal
    import time

    rng = random.Random(2011)
    plan = copy_plan(MINI, tmp_path / "plan")
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    cmd = [sys.executable, "-m", "cyp_cli", "build", str(plan)]
    start = time.perf_counter()
    assert subprocess.run(cmd, env=env, capture_output=True).returncode == 0
    span = time.perf_counter() - start
    old = {p.name: p.read_bytes() for p in (plan / "dist").iterdir()}
    saved = tmp_path / "old-dist"
    shutil.copytree(plan / "dist", saved)
    edit(plan / HEALTH, "We will protect more", "We will now protect more")

    def leftovers() -> list[str]:
        beside = [p.name for p in plan.iterdir() if p.name.startswith(".dist")]
        return beside + [p.name for p in tmp.iterdir()]

    for n in range(9):
        sig = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)[n % 3]
        before = set(tmp.iterdir())
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if n < 3:  # a random moment of the whole run
            time.sleep(rng.uniform(0.3, 1.1) * span)
        else:  # a random moment while typst works on the plan's text in a temporary folder
            deadline = time.perf_counter() + 60
            while not set(tmp.iterdir()) - before and proc.poll() is None:
                assert time.perf_counter() < deadline
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.2))
        proc.send_signal(sig)
        proc.communicate(timeout=120)
        now = {p.name: p.read_bytes() for p in (plan / "dist").iterdir()}
        assert sorted(now) == sorted(old), (sig, sorted(now))
        same = sorted(name for name in now if now[name] == old[name])
        assert same in ([], sorted(now)), (sig, same)  # never some old and some new
        if not same:
            assert "We will now protect more" in now["plan.html"].decode()
        if sig != signal.SIGKILL:
            assert leftovers() == [], (sig, leftovers())
        else:  # the next run removes what the killed one left
            done = subprocess.run([*cmd, "--format", "html"], env=env, capture_output=True)
            assert done.returncode == 0 and leftovers() == [], leftovers()
        shutil.rmtree(plan / "dist")
        shutil.copytree(saved, plan / "dist")


@pytest.mark.parametrize("out, words", [("", "empty"), (".", "holds the plan"),
                                        ("..", "holds the plan"),
                                        ("sections/out", "sections/"),
                                        ("data", "data/")])
def test_out_folders_that_would_take_the_plan_along_are_refused(tmp_path: Path, out: str,
                                                                words: str) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    before = {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()}
    done = cyp("build", "--format", "html", "--out", out, cwd=plan)
    assert done.returncode == 2 and words in done.stderr, done.stderr
    assert {p: p.read_bytes() for p in plan.rglob("*") if p.is_file()} == before


def test_a_rebuild_keeps_a_private_output_private(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    assert cyp("build", str(plan), "--format", "html").returncode == 0
    (plan / "dist" / "plan.html").chmod(0o600)
    edit(plan / HEALTH, "We will protect more", "We will now protect more")
    assert cyp("build", str(plan), "--format", "html,docx").returncode == 0
    assert (plan / "dist" / "plan.html").stat().st_mode & 0o777 == 0o600
    assert "now protect" in (plan / "dist" / "plan.html").read_text()
    assert (plan / "dist" / "plan.docx").stat().st_mode & 0o077 != 0  # new: readable


def test_a_forced_build_of_pathological_markdown_is_quick_and_whole(tmp_path: Path) -> None:
    """Issue 9: lint reports M008; a forced draft neither overflows the renderers'
    recursion (emphasis 10,000 deep) nor takes minutes (a 100,000-character word)."""
    import time

    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / HEALTH, "We will protect more",
         "_" * 10_000 + "deep" + "_" * 10_000 + "\n\n" + "[a](b" * 20_000
         + "\n\nWe will protect more")
    refused = cyp("build", str(plan))
    assert refused.returncode == 1 and "M008" in refused.stderr
    start = time.perf_counter()
    done = cyp("build", str(plan), "--force")
    assert done.returncode == 0, done.stderr
    assert time.perf_counter() - start < 60
    assert "more characters not shown" in (plan / "dist" / "plan.html").read_text()


def test_the_largest_figures_lint_accepts_build_and_review(tmp_path: Path) -> None:
    """Found re-testing issue 9: 1.0e+308 passed lint, then broke the locale-aware
    printing of the build and the review with an internal error."""
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / HEALTH, "baseline: {value: 93.4,", "baseline: {value: 999999999999999,")
    assert cyp("lint", str(plan), "--select", "F").returncode == 0
    done = cyp("build", str(plan), "--format", "html", "--force")
    assert done.returncode == 0, done.stderr
    done = cyp("review", str(plan), "--from", str(MINI), "--format", "html",
               "--out", str(tmp_path / "review"))
    assert done.returncode == 0, done.stderr
