"""The command line as users meet it: a real process, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from plancopy import ENGLAND, copy_plan, cyp, edit, line_of

SAFE = "sections/11-stay-safe.md"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return copy_plan(ENGLAND, tmp_path / "plan")


def test_clean_plan_exits_0(plan: Path) -> None:
    done = cyp("lint", str(plan))
    assert done.returncode == 0, done.stdout
    assert "0 errors, 0 warnings" in done.stdout


def test_findings_exit_1_and_warnings_only_with_strict(plan: Path) -> None:
    edit(plan / SAFE, '    source: "SSDA903 return"\n', "")
    assert cyp("lint", str(plan)).returncode == 0
    assert cyp("lint", "--strict", str(plan)).returncode == 1
    edit(plan / SAFE, "tier: [2, 3, 4]", "tier: two")
    done = cyp("lint", str(plan))
    assert done.returncode == 1
    assert f"{plan.name}/{SAFE}:{line_of(plan / SAFE, 'tier: two')}:7: F008" in done.stdout


def test_default_path_is_the_plan_around_cwd(plan: Path) -> None:
    done = cyp("lint", cwd=plan / "sections")
    assert done.returncode == 0 and "plan: 0 errors" in done.stdout


def test_files_lint_in_the_context_of_their_plan(plan: Path) -> None:
    edit(plan / SAFE, "tier: [2, 3, 4]", "tier: two")
    edit(plan / "sections/10-be-healthy.md", "order: 10", "order: ten")
    done = cyp("lint", "sections/10-be-healthy.md", cwd=plan)
    assert done.returncode == 1
    assert "sections/10-be-healthy.md:" in done.stdout
    assert SAFE not in done.stdout  # only the named file's findings (plus statutory ones)


def test_usage_errors_exit_2(plan: Path, tmp_path: Path) -> None:
    assert cyp("lint", str(tmp_path / "nowhere")).returncode == 2
    (tmp_path / "empty").mkdir()
    done = cyp("lint", str(tmp_path / "empty"))
    assert done.returncode == 2 and "no plan.yaml" in done.stderr
    done = cyp("lint", "--format", "xml", str(plan))
    assert done.returncode == 2 and "unknown format 'xml'" in done.stderr
    done = cyp("lint", "--as-of", "31/03/2012", str(plan))
    assert done.returncode == 2 and "--as-of takes an ISO date" in done.stderr


def test_select_ignore_statistics_and_output(plan: Path) -> None:
    edit(plan / SAFE, '    source: "SSDA903 return"\n', "")
    edit(plan / SAFE, "tier: [2, 3, 4]", "tier: [2, 3, 9]")
    assert cyp("lint", "--ignore", "F008", str(plan)).returncode == 0
    assert cyp("lint", "--select", "T", str(plan)).returncode == 0
    stats = cyp("lint", "--statistics", str(plan)).stdout.splitlines()
    assert [s.split()[:3] for s in stats] == [["1", "F008", "error"], ["1", "T004", "warning"]]
    out = plan / "report.json"
    assert cyp("lint", "-f", "json", "-o", str(out), str(plan)).returncode == 1
    assert json.loads(out.read_text())["summary"]["error"] == 1


def test_coverage_lists_every_requirement_with_its_citation(plan: Path) -> None:
    import datetime as dt

    from cyp_cli.regimes import load_nation

    done = cyp("lint", "--coverage", str(plan))
    england = load_nation("england")
    day = dt.date(2011, 4, 1)  # the plan's period start: a voluntary 2011-14 plan
    reqs = england.applicable(england.regime_for(day)[0], day)
    assert reqs and all(r.source in ("regs-2010", "guidance-2010") for r in reqs)
    for req in reqs:
        assert req.id in done.stdout and req.citation.part in done.stdout
    table = json.loads(cyp("lint", "--coverage", "-f", "json", str(plan)).stdout)
    assert len(table) == len(reqs)
    row = next(r for r in table if r["id"] == "england.outcome.stay-safe")
    assert row["met"] and row["by"] == ["11-stay-safe"]


def test_explain_and_rules() -> None:
    done = cyp("explain", "T003")
    assert done.returncode == 0 and "direction: decrease" in done.stdout
    done = cyp("explain", "england.reg8")
    assert done.returncode == 0 and "Citation:" in done.stdout
    assert cyp("explain", "Z999").returncode == 2
    listing = cyp("rules", "--nation", "wales").stdout
    assert "S300" in listing and "wales.core-aim.7" in listing


@pytest.mark.parametrize("part", ["section", "plan"])
def test_schema_validates_the_fixture(part: str) -> None:
    import jsonschema

    schema = json.loads(cyp("schema", part, "--nation", "england").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    if part == "plan":
        docs = [yaml.safe_load((ENGLAND / "plan.yaml").read_text())]
    else:
        docs = [yaml.safe_load(p.read_text().split("---")[1])
                for p in sorted((ENGLAND / "sections").glob("*.md"))]
    for doc in docs:
        doc = json.loads(json.dumps(doc, default=str))  # dates as ISO strings
        errors = [e.message for e in validator.iter_errors(doc)]
        assert errors == []
    bad = {"title": "x", "tier": "two"} if part == "section" else {"nation": "scotland"}
    assert list(validator.iter_errors(bad))


def test_lint_imports_nothing_from_the_build() -> None:
    code = ("import sys, runpy; sys.argv=['cyp','lint','--help'];\n"
            "from cyp_cli.cli.main import app\n"
            "try: app()\nexcept SystemExit: pass\n"
            "from cyp_cli.check import lint_path\n"
            f"lint_path({str(ENGLAND)!r})\n"
            "heavy = [m for m in ('jinja2','pypandoc','typst','rich') if m in sys.modules]\n"
            "print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


#: What a lint answered from its cache must not import: the parsers (the cache holds
#: their results), and modules that cost milliseconds of a start-up budget of about
#: fifty (docs/performance.md): dataclasses and inspect (the classes on lint's path are
#: named tuples and records), shutil (argparse asks it for the terminal's width).
SLOW_AT_START = ("markdown_it", "yaml", "dataclasses", "inspect", "shutil", "typer")


def test_a_lint_answered_from_the_cache_stays_off_slow_imports(plan: Path,
                                                                tmp_path: Path) -> None:
    import os

    code = ("import sys\nfrom cyp_cli.cli import run\ntry:\n"
            f"    run(['lint', {str(plan)!r}])\nexcept SystemExit:\n    pass\n"
            f"print(sorted(set({SLOW_AT_START!r}) & set(sys.modules)))")
    env = {**os.environ, "CYP_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("CYP_NO_CACHE", None)
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, cwd=tmp_path).stdout.splitlines()[-1] for _ in "12"]
    assert "'markdown_it'" in runs[0] and "'yaml'" in runs[0]  # the first run parses
    assert runs[1] == "[]"


def test_lint_help_fits_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    done = cyp("lint", "--help")
    assert done.returncode == 0
    assert max(map(len, done.stdout.splitlines())) <= 48
    monkeypatch.setenv("COLUMNS", "200")
    assert max(map(len, cyp("lint", "--help").stdout.splitlines())) > 100


def test_publishing_without_the_build_extra_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    from cyp_cli.cli.common import UsageError, require_build_tools

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "typst" else real(name, *a))
    with pytest.raises(UsageError) as caught:
        require_build_tools()
    assert caught.value.code == 2
    assert "typst missing): pip install 'cyp[build]'" in caught.value.message


@pytest.mark.parametrize("format", ["json", "sarif"])
def test_two_plans_make_one_document(plan: Path, tmp_path: Path, format: str) -> None:
    other = copy_plan(ENGLAND, tmp_path / "other")
    edit(other / SAFE, "responsible_partner: council", "responsible_partner: counsil")
    done = cyp("lint", str(plan), str(other), "--format", format)
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)  # one document: two back to back would not parse
    if format == "json":
        assert doc["version"] == 2
        assert [Path(p["plan"]).name for p in doc["plans"]] == ["plan", "other"]
        assert [p["summary"]["error"] for p in doc["plans"]] == [0, 1]
        assert doc["summary"]["error"] == 1
        assert doc["plans"][1]["diagnostics"][0]["code"] == "F010"
    else:
        (run,) = doc["runs"]
        assert [Path(p["plan"]).name for p in run["properties"]["plans"]] == [
            "plan", "other"]
        (result,) = [r for r in run["results"] if r["ruleId"] == "F010"]
        assert Path(result["properties"]["plan"]).name == "other"


def test_coverage_json_of_two_plans_is_one_list(plan: Path, tmp_path: Path) -> None:
    other = copy_plan(ENGLAND, tmp_path / "other")
    done = cyp("lint", "--coverage", "-f", "json", str(plan), str(other))
    table = json.loads(done.stdout)
    assert {Path(r["plan"]).name for r in table} == {"plan", "other"}


def test_version_is_answered_without_typer() -> None:
    from cyp_cli import __version__

    assert cyp("--version").stdout == f"cyp {__version__}\n"
    code = ("import sys, runpy; sys.argv = ['cyp', '--version']\n"
            "try:\n    runpy.run_module('cyp_cli', run_name='__main__')\n"
            "except SystemExit:\n    pass\n"
            "assert 'typer' not in sys.modules, 'typer imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "--version" in cyp("--help").stdout


@pytest.mark.parametrize(("choice", "no_color", "coloured"), [
    ("always", "", True), ("always", "1", True), ("never", "", False),
    ("auto", "", False),  # not a terminal
])
def test_color_option_and_no_color(plan: Path, choice: str, no_color: str,
                                   coloured: bool) -> None:
    import os

    edit(plan / SAFE, "responsible_partner: council", "responsible_partner: counsil")
    env = {**os.environ, "NO_COLOR": no_color}
    done = subprocess.run([sys.executable, "-m", "cyp_cli", "lint", str(plan),
                           "--color", choice], capture_output=True, text=True, env=env)
    assert ("\x1b[" in done.stdout) is coloured


def test_use_color_follows_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyp_cli.cli.common import UsageError, use_color

    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color("auto", to_terminal=True)
    assert use_color("always", to_terminal=False)
    monkeypatch.setenv("NO_COLOR", "")  # set but empty: no effect (no-color.org)
    assert use_color("auto", to_terminal=True)
    with pytest.raises(UsageError):
        use_color("sometimes", to_terminal=True)


def test_typer_commands_report_usage_errors_in_one_line(plan: Path) -> None:
    for args in (["build", str(plan), "--format", "odt"],
                 ["review", str(plan), "--as-of", "June"],
                 ["build", str(plan / "nowhere")]):
        done = cyp(*args)
        assert done.returncode == 2, args
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("cyp: "), done.stderr


def test_lint_runs_without_cycle_collection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan lives until lint ends, so the collector would only rescan it as it
    grows (a third of the time unpickling 2000 parsed sections): lint turns it off
    before reading the plan."""
    import gc

    import cyp_cli.model.load as load_module
    from cyp_cli.cli.lint import main

    seen = []
    real = load_module.load_plan

    def spying(*a, **k):
        seen.append(gc.isenabled())
        return real(*a, **k)

    monkeypatch.setattr(load_module, "load_plan", spying)
    monkeypatch.setenv("CYP_NO_CACHE", "1")
    try:
        main([str(ENGLAND), "--format", "json"])
    finally:
        gc.enable()  # lint turns it off for its process; this one goes on
    assert seen == [False]
