"""``cyp init``: a new plan from the nation's scaffold lints as a to-do list (TODO
findings and the statutory gaps of an empty plan, nothing from the scaffold itself),
loads without F diagnostics, builds as a draft, and is never written over anything."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from plancopy import cyp

from cyp_cli import scaffold
from cyp_cli.check import check_plan
from cyp_cli.coverage import Judge
from cyp_cli.diagnostics import InputError
from cyp_cli.model.load import load_plan
from cyp_cli.regimes import load_nation
from cyp_cli.scaffold import Options, ScaffoldError, parse_period, render, write_plan

NATIONS = ["wales", "england"]
ALLOWED = {"M005", "S100", "S200"}
# The guidance documents the scaffolds quote (beside the repository, as in nation.yaml).
REFERENCE = Path(os.environ.get("CYP_REFERENCE_DIR",
                                Path(__file__).resolve().parents[2] / "shared" / "reference"))


def init(dest: Path, nation: str, *extra: str, period: str = "2011-2014") -> \
        subprocess.CompletedProcess[str]:
    return cyp("init", str(dest), "--nation", nation, "--authority", "Test County Council",
               "--period", period, *extra)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", params=NATIONS)
def fresh(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """(nation, a plan just written by cyp init for it)."""
    dest = tmp_path_factory.mktemp(request.param) / "plan"
    done = init(dest, request.param)
    assert done.returncode == 0, done.stderr
    return request.param, dest


# --- what a fresh plan is ---------------------------------------------------------


def test_fresh_plan_lints_with_todos_and_statutory_gaps_only(fresh: tuple[str, Path]) -> None:
    _, fresh_plan = fresh
    report = check_plan(load_plan(fresh_plan))
    codes = {d.code for d in report.diagnostics}
    assert codes <= ALLOWED, sorted(codes - ALLOWED)
    assert {"M005", "S100"} <= codes
    stubs = {f"sections/{p.name}" for p in (fresh_plan / "sections").glob("*.md")}
    todo_files = {d.file for d in report.diagnostics if d.code == "M005"}
    assert todo_files == stubs  # every stub is on the to-do list
    # ... and only its TODO paragraphs are: the guidance quotes carry no markers
    assert all(d.message.startswith("TODO: ") for d in report.diagnostics
               if d.code == "M005")


def test_fresh_plan_loads_without_diagnostics_and_round_trips(
    fresh: tuple[str, Path],
) -> None:
    nation, fresh_plan = fresh
    loaded = load_plan(fresh_plan)
    assert loaded.diagnostics == []
    f = loaded.plan.file
    assert f.nation == nation
    assert f.authority == "Test County Council"
    assert f.title == "Test County Council Children and Young People's Plan 2011-2014"
    assert (f.period.start, f.period.end) == (dt.date(2011, 4, 1), dt.date(2014, 3, 31))
    assert f.languages == ["en"] and f.consultation == [] and f.strict is False
    assert [(p.id, p.name, p.statutory, p.type) for p in f.partners] == [
        ("council", "Test County Council", True, "local-authority")]
    assert f.partnership is None and f.published is None
    assert all(not s.meta.targets and not s.meta.actions for s in loaded.plan.sections)
    # the YAML is what a person would write: comments kept, no YAML 1.2-only syntax
    text = (fresh_plan / "plan.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Test County Council Children")
    assert "\n# published: " in text and "\nconsultation: []\n" in text
    assert yaml.safe_load(text)["period"] == {"start": dt.date(2011, 4, 1),
                                              "end": dt.date(2014, 3, 31)}


@pytest.mark.parametrize("nation", NATIONS)
def test_a_fresh_plan_fails_lint_with_its_to_do_list(tmp_path: Path, nation: str) -> None:
    assert init(tmp_path / "p", nation).returncode == 0
    done = cyp("lint", str(tmp_path / "p"))
    assert done.returncode == 1, done.stdout
    assert re.search(r"\d+ errors, \d+ warnings", done.stdout)
    assert " M005 error TODO" in done.stdout


def test_england_statutory_gaps_depend_on_the_regime_dates(tmp_path: Path) -> None:
    # SI 2010/591 is in force 2010-04-01 to 2010-10-30 (templates/england/nation.yaml):
    # a plan starting inside those dates has statutory errors ...
    assert init(tmp_path / "in", "england", period="2010-2013").returncode == 0
    inside = cyp("lint", "--select", "S", str(tmp_path / "in"))
    assert inside.returncode == 1 and " S100 error " in inside.stdout
    # ... one starting after the revocation is voluntary: its gaps are warnings
    # (strict: false), and errors again with strict: true.
    assert init(tmp_path / "out", "england").returncode == 0
    done = cyp("lint", "--select", "S", str(tmp_path / "out"))
    assert done.returncode == 0 and " S100 warning " in done.stdout
    assert "not in force" in done.stdout


@pytest.mark.parametrize("nation", NATIONS)
def test_the_shape_comment_is_valid_once_uncommented(tmp_path: Path, nation: str) -> None:
    dest = tmp_path / "plan"
    assert init(dest, nation).returncode == 0
    stub = next(p for p in sorted((dest / "sections").glob("1*.md"))
                if "\n# targets:\n" in p.read_text(encoding="utf-8"))
    text = stub.read_text(encoding="utf-8")
    front, body = text.split("\n---\n", 1)
    start = front.index("\n# targets:\n")
    block = "\n".join(line[2:] for line in front[start + 1:].split("\n"))
    stub.write_text(front[:start] + "\n" + block + "\n---\n" + body, encoding="utf-8")
    report = check_plan(load_plan(dest))
    codes = {d.code for d in report.diagnostics}
    assert codes <= ALLOWED, [str(d) for d in report.diagnostics if d.code not in ALLOWED]
    theme = load_plan(dest).plan.section(stub.stem)
    assert theme is not None and theme.meta.targets and theme.meta.actions
    # The shape's items are complete and valid, so they count as evidence; Wales's core
    # aim needs only them, England's outcome duty also needs written text (still TODO).
    plan = load_plan(dest).plan
    judge = Judge(plan, load_nation(nation))
    assert judge.items and all(not bad for *_, bad in judge.items)
    unmet = {d.message.split(":")[0] for d in report.diagnostics}
    assert ("wales.core-aim.1" in unmet) is False


def test_options_are_written(tmp_path: Path) -> None:
    dest = tmp_path / "plan"
    done = init(dest, "wales", "--partnership", "Test CYP Partnership",
                "--title", "Growing Up Well: our Plan", period="2011-04-01:2014-03-31")
    assert done.returncode == 0, done.stderr
    f = load_plan(dest).plan.file
    assert f.partnership == "Test CYP Partnership"
    assert f.title == "Growing Up Well: our Plan"
    assert "# partnership:" not in (dest / "plan.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("nation", NATIONS)
def test_output_is_deterministic(tmp_path: Path, nation: str) -> None:
    assert init(tmp_path / "a", nation).returncode == 0
    assert init(tmp_path / "b", nation).returncode == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    options = Options.from_args(nation, "Test County Council", "2011-2014")
    assert render(options) == render(options)


@pytest.mark.parametrize("nation", NATIONS)
def test_fresh_plan_builds_as_a_draft(tmp_path: Path, nation: str) -> None:
    dest = tmp_path / "plan"
    assert init(dest, nation).returncode == 0
    done = cyp("build", str(dest), "--force", "--format", "html")
    assert done.returncode == 0, done.stderr
    html = (dest / "dist" / "plan.html").read_text(encoding="utf-8")
    assert "DRAFT" in html or nation == "england"  # England 2011-14 has no lint errors
    assert "Guidance:" not in html  # HTML comments are dropped


# --- refusing, and writing all or nothing -------------------------------------------


def test_non_empty_folder_is_refused_and_untouched(tmp_path: Path) -> None:
    dest = tmp_path / "plan"
    dest.mkdir()
    (dest / "notes.md").write_text("mine\n", encoding="utf-8")
    before = tree(tmp_path)
    done = init(dest, "wales")
    assert done.returncode == 2
    assert "not empty" in done.stderr and "notes.md" in done.stderr
    assert tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]  # no temporary folder


def test_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plan").write_text("x", encoding="utf-8")
    done = init(tmp_path / "plan", "wales")
    assert done.returncode == 2 and "not a folder" in done.stderr


def test_empty_folder_is_filled_in_place(tmp_path: Path) -> None:
    dest = tmp_path / "plan"
    dest.mkdir()
    inode = dest.stat().st_ino
    assert init(dest, "england").returncode == 0
    assert dest.stat().st_ino == inode  # the same folder (it may be a working directory)
    assert (dest / "plan.yaml").is_file() and (dest / "README.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan"]


def test_missing_parents_are_created_with_normal_permissions(tmp_path: Path) -> None:
    dest = tmp_path / "plans" / "2011" / "cardiff"
    assert init(dest, "wales").returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert dest.stat().st_mode & 0o777 == 0o777 & ~umask


def test_failure_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = render(Options.from_args("wales", "Test County Council", "2011-2014"))

    def broken(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(scaffold.os, "rename", broken)
    with pytest.raises(ScaffoldError, match="No space left"):
        write_plan(tmp_path / "new" / "plan", files)
    assert list(tmp_path.iterdir()) == []  # no plan, no temporary folder, no parent


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2011"], "--period takes financial years such as 2011-2014"),
    (["--period", "2014-2011"], "ends before it starts"),
    (["--period", "2011-04-01:2011-02-30"], "not a real date"),
    (["--period", "11-14"], "not '11-14'"),
    (["--nation", "scotland"], "unknown nation 'scotland' (known: england, wales)"),
    (["--authority", "  "], "--authority must not be empty"),
])
def test_bad_arguments_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    options = {"--nation": "wales", "--authority": "Test County Council",
               "--period": "2011-2014"}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = [x for kv in options.items() for x in kv]
    done = cyp("init", str(tmp_path / "plan"), *argv)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "plan").exists()


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2011-2014", dt.date(2011, 4, 1), dt.date(2014, 3, 31)),
    ("2011-14", dt.date(2011, 4, 1), dt.date(2014, 3, 31)),
    ("2011/14", dt.date(2011, 4, 1), dt.date(2014, 3, 31)),
    ("1999-02", dt.date(1999, 4, 1), dt.date(2002, 3, 31)),
    (" 2011-04-01:2014-03-31 ", dt.date(2011, 4, 1), dt.date(2014, 3, 31)),
    ("2011-09-01:2012-08-31", dt.date(2011, 9, 1), dt.date(2012, 8, 31)),
])
def test_parse_period(text: str, start: dt.date, end: dt.date) -> None:
    assert parse_period(text) == (start, end)


# --- the scaffold data ------------------------------------------------------------


def _normalise(text: str) -> str:
    text = text.translate(str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾*"))  # footnote marks
    text = re.sub(r"(?m)^[ \t]*[-•·][ \t]+", "", text)  # list bullets
    return " ".join(text.split())


@pytest.mark.parametrize("nation", NATIONS)
def test_every_quote_is_in_the_source_document(nation: str) -> None:
    sc = scaffold.load_scaffold(nation)
    name = next(d["reference"] for d in sc.nation.documents.values() if "reference" in d)
    source = REFERENCE / name
    if not source.is_file():
        pytest.skip(f"reference document {source} not available")
    text = _normalise(source.read_text(encoding="utf-8"))
    quotes = [g.quote for s in sc.stubs for g in s.guidance]
    quotes += [g.quote for s in sc.stubs for h in s.headings for g in h.guidance]
    assert len(quotes) > 20
    for quote in quotes:
        for fragment in quote.replace(" [sic]", "").split(" ... "):
            assert fragment in text, f"not in {name}: {fragment[:120]}"


@pytest.mark.parametrize("nation", NATIONS)
def test_every_requirement_group_has_a_stub(nation: str) -> None:
    sc = scaffold.load_scaffold(nation)
    theme = sc.nation.theme_field
    themed = {v for s in sc.stubs for v in
              (s.front_matter.get(theme) if isinstance(s.front_matter.get(theme), list)
               else [s.front_matter.get(theme)]) if v is not None}
    assert themed == set(sc.nation.themes.values)  # one stub per core aim / outcome
    covered = {c for s in sc.stubs for c in s.covers}
    # The stubs serve a plan for the current cycle (from 1 April 2011): the
    # requirements of the regime then (an older regime's are not scaffolded).
    day = dt.date(2011, 4, 1)
    applicable = sc.nation.applicable(sc.nation.regime_for(day)[0], day)
    needs_covers = {r.id for r in applicable
                    if r.level != "advisory" and {"covered": True} in r.met_by}
    assert needs_covers <= covered, sorted(needs_covers - covered)


def test_a_bad_scaffold_is_reported_by_file(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    real = scaffold.templates_dir() / "wales" / "init.yaml"
    (tmp_path / "wales").mkdir()
    bad = real.read_text(encoding="utf-8").replace(
        "covers: [wales.needs-analysis, ", "covers: [wales.needs-analysys, ")
    (tmp_path / "wales" / "init.yaml").write_text(bad, encoding="utf-8")
    monkeypatch.setattr(scaffold, "templates_dir", lambda: tmp_path)
    monkeypatch.setattr(scaffold, "available", lambda: ["wales"])
    with pytest.raises(InputError,
                       match=re.escape("'wales.needs-analysys' is not in checklist.yaml")):
        scaffold.load_scaffold("wales")
