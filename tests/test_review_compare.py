"""compare(old, new): plans read from real git histories built in tmp."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_review_fixtures import (
    action,
    commit_all,
    init_repo,
    section,
    status,
    target,
    tree_hashes,
    write_plan,
)

from cyp_cli import gitio
from cyp_cli.diagnostics import InputError
from cyp_cli.model.load import load_plan
from cyp_cli.review import compare
from cyp_cli.review.compare import action_group, merged_actuals
from cyp_cli.review.model import Review
from cyp_cli.review.status import Status

AS_OF = dt.date(2012, 5, 1)
CP_OBJ = "wales.child-poverty.objective.workless-households"


def _welsh_v1(moved_goal: float = 60) -> dict[str, str]:
    return {
        "10-flying-start": section(
            "Flying start", core_aim=1,
            targets=[
                target("t-moved", goal=(moved_goal, "2013-14"), actuals=[("2010-11", 52)]),
                target("t-period", base=(20, "2009-10"), goal=(10, "2012-13"),
                       direction="decrease"),
                target("t-same", actuals=[("2010-11", 53)]),
                target("t-silent"),
                target("t-reason"),
            ],
            actions=[
                action("a-overdue", due="2011-12-31", status="planned"),
                action("a-done", partner="health", due="2012-03-31", status="in-progress"),
                action("a-dropped", status="dropped", reason="Funding ended"),
                action("a-removed", partner="health"),
                action("a-future", due="2013-03-31", status="planned"),
                action("a-progress", due="2013-03-31", status="in-progress"),
            ],
            body="Every family gets health visiting.\n\nFlying Start runs in two areas.\n"),
        "17-child-poverty": section(
            "Child poverty strategy", core_aim=7,
            covers=[CP_OBJ, "wales.annex-a.indicators"],
            targets=[target("cp-workless", base=(20, "2009-10"), goal=(16, "2013-14"),
                            direction="decrease", ref="a2", actuals=[("2010-11", 19.5)])],
            actions=[action("cp-a1", due="2013-03-31")]),
        "20-play": section("Play", id="play", core_aim=4),
        "30-needs": section("Needs assessment", covers=["wales.needs-analysis"]),
        "40-text": section("Words", body="The partnership will meet four times a year.\n"),
    }


def _welsh_v2() -> dict[str, str]:
    return {
        "10-flying-start": section(
            "Flying start", core_aim=1,
            targets=[
                target("t-moved", goal=(55, "2013-14"), actuals=[("2010-11", 52)]),
                target("t-period", base=(21, "2009-10"), goal=(10, "2013-14"),
                       direction="decrease"),
                target("t-same"),
                target("t-reason", retired="The survey is no longer run"),
                target("t-new", actuals=[("2011-12", 58)]),
            ],
            actions=[
                action("a-overdue", due="2011-12-31", status="planned"),
                action("a-done", partner="health", due="2012-03-31", status="done"),
                action("a-dropped", status="dropped", reason="Funding ended"),
                action("a-future", due="2013-03-31", status="planned"),
                action("a-progress", due="2013-03-31", status="in-progress"),
                action("a-new", partner="yot", due="2013-03-31", status="planned"),
            ],
            body="Every family gets health visiting.\n\nFlying Start runs in three areas.\n"),
        "17-child-poverty": section(
            "Child poverty strategy", core_aim=7,
            covers=[CP_OBJ, "wales.annex-a.indicators"],
            targets=[target("cp-workless", base=(20, "2009-10"), goal=(16, "2013-14"),
                            direction="decrease", ref="a2", actuals=[("2010-11", 19.5)])],
            actions=[action("cp-a1", due="2013-03-31")]),
        "25-play-and-leisure": section("Play and leisure", id="play", core_aim=4),
        "40-text": section("Words", body="The partnership will meet\nfour times a year.\n"),
        "50-vision": section("Vision", covers=["wales.priorities.statement"]),
    }


V2_CSV = "target,period,value,source\nt-moved,2011-12,54.5,Survey\nt-same,2011-12,57,\n"


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Review]:
    repo = init_repo(tmp_path_factory.mktemp("welsh") / "repo")
    plan = write_plan(repo / "plan", _welsh_v1())
    commit_all(repo, "publish", date="2011-03-28T12:00:00+00:00", tag="v2011")
    write_plan(plan, _welsh_v2(), actuals_csv=V2_CSV)
    commit_all(repo, "annual review", date="2012-04-20T12:00:00+00:00")
    before = tree_hashes(repo)
    old = gitio.read_revision(plan, gitio.default_from(plan))
    new = gitio.read_revision(plan, "HEAD")
    assert tree_hashes(repo) == before and status(repo) == ""
    review = compare(old.plan, new.plan, as_of=AS_OF, old_label=old.label,
                     new_label=new.label)
    return repo, review


# --- targets --------------------------------------------------------------------------------


def test_every_target_has_a_status(welsh: tuple[Path, Review]) -> None:
    _, r = welsh
    ids = [t.id for t in r.targets]
    assert ids == ["t-moved", "t-period", "t-same", "t-reason", "t-new", "cp-workless",
                   "t-silent"]
    assert all(isinstance(t.status, Status) for t in r.targets)
    assert r.target("t-new").status is Status.ON_TRACK  # 58 in 2011-12, line at 55.0
    assert r.target("t-period").status is Status.NO_DATA


def test_moved_target_old_and_new_side_by_side(welsh: tuple[Path, Review]) -> None:
    _, r = welsh
    assert [t.id for t in r.moved] == ["t-moved", "t-period"]
    moved = r.target("t-moved")
    [change] = moved.changes
    assert (change.field, change.old_text, change.new_text) == ("target.value", "60%", "55%")
    assert change.easier is True  # lower target for an increase
    # 54.5 in 2011-12 (from data/actuals.csv): on track for 55, off track for the old 60.
    assert moved.assessment.latest.value == 54.5
    assert moved.status is Status.ON_TRACK
    assert moved.original is not None and moved.original.status is Status.OFF_TRACK
    period = r.target("t-period")
    fields = {c.field: (c.old, c.new, c.easier) for c in period.changes}
    assert fields == {"target.period": ("2012-13", "2013-14", True),
                      "baseline.value": (20, 21, None)}
    assert r.target("t-same").changes == [] and r.target("t-same").original is None


def test_actuals_from_both_versions(welsh: tuple[Path, Review]) -> None:
    _, r = welsh
    same = r.target("t-same")
    # 2010-11 only in the old front matter; 2011-12 only in the new data/actuals.csv.
    assert [(a.period, a.value) for a in same.actuals] == [("2010-11", 53), ("2011-12", 57)]
    assert same.assessment.latest.period == "2011-12"


def test_added_and_dropped_targets(welsh: tuple[Path, Review]) -> None:
    _, r = welsh
    assert [t.id for t in r.added_targets] == ["t-new"]
    dropped = {t.id: t for t in r.dropped_targets}
    assert set(dropped) == {"t-reason", "t-silent"}
    assert dropped["t-reason"].reason == "The survey is no longer run"
    assert not dropped["t-reason"].unexplained
    assert dropped["t-silent"].reason is None and dropped["t-silent"].unexplained
    assert dropped["t-silent"].new is None and dropped["t-silent"].section == "10-flying-start"
    assert {t.id for t in r.active_targets} == {"t-moved", "t-period", "t-same", "t-new",
                                                 "cp-workless"}


# --- actions --------------------------------------------------------------------------------


def test_actions_grouped_by_partner_overdue_first(welsh: tuple[Path, Review]) -> None:
    _, r = welsh
    by_partner = {p.partner: p for p in r.actions}
    assert [p.partner for p in r.actions] == ["council", "health", "yot"]
    council = by_partner["council"]
    assert list(council.groups) == ["overdue", "in-progress", "planned", "dropped"]
    assert [a.id for a in council.groups["overdue"]] == ["a-overdue"]
    assert [a.id for a in council.groups["planned"]] == ["a-future", "cp-a1"]
    assert council.name == "Test Council"
    health = by_partner["health"]
    assert list(health.groups) == ["done", "removed"]
    [done] = health.groups["done"]
    assert done.status_changed and (done.old_status, done.status) == ("in-progress", "done")
    assert [a.id for a in health.groups["removed"]] == ["a-removed"]
    # A partner not in plan.yaml is kept, named by its id.
    assert by_partner["yot"].name == "yot"


def test_action_group_rules() -> None:
    from cyp_cli.model.plan import Action

    def grp(status: str, due: dt.date) -> str:
        return action_group(Action(id="a", status=status, due=due), dt.date(2012, 5, 1))

    assert grp("planned", dt.date(2012, 4, 30)) == "overdue"
    assert grp("in-progress", dt.date(2012, 4, 30)) == "overdue"
    assert grp("in-progress", dt.date(2012, 5, 1)) == "in-progress"  # due today: not yet
    assert grp("done", dt.date(2010, 1, 1)) == "done"
    assert grp("dropped", dt.date(2010, 1, 1)) == "dropped"
    assert grp("planned", dt.date(2013, 1, 1)) == "planned"


# --- sections -------------------------------------------------------------------------------


def test_sections_added_removed_renamed_changed(welsh: tuple[Path, Review]) -> None:
    _, r = welsh
    assert [s.id for s in r.sections_added] == ["50-vision"]
    assert [s.id for s in r.sections_removed] == ["30-needs"]
    assert r.section("30-needs").title == "Needs assessment"
    [renamed] = r.sections_renamed
    assert renamed.id == "play" and renamed.moved_file and renamed.retitled
    assert (renamed.old.rel, renamed.new.rel) == ("sections/20-play.md",
                                                  "sections/25-play-and-leisure.md")
    assert (renamed.old.title, renamed.new.title) == ("Play", "Play and leisure")
    assert not renamed.changed
    [changed] = r.sections_changed
    assert changed.id == "10-flying-start"
    assert [(op, t) for op, t in changed.runs if op != "equal"] == [
        ("delete", "two "), ("insert", "three ")]
    assert (changed.inserted, changed.deleted) == (1, 1)
    # Re-wrapping a paragraph is not a change.
    assert r.section("40-text").kind == "unchanged"


# --- coverage and statutory progress ------------------------------------------------------------


def test_coverage_then_and_now(welsh: tuple[Path, Review]) -> None:
    _, r = welsh
    cov = r.coverage
    assert cov is not None and cov.total > 40
    assert "wales.needs-analysis" in [i.requirement.id for i in cov.newly_missing]
    assert "wales.priorities.statement" in [i.requirement.id for i in cov.newly_met]
    assert cov.met_now == cov.met_then  # one gained, one lost
    s = r.summary
    assert s.requirements_newly_met == 1 and s.requirements_newly_missing == 1


def test_welsh_child_poverty_objectives_and_annex_a(welsh: tuple[Path, Review]) -> None:
    _, r = welsh
    groups = {g.id: g for g in r.statutory}
    assert list(groups) == ["wales.child-poverty.objectives", "wales.annex-a"]
    objectives = groups["wales.child-poverty.objectives"]
    assert [i.key for i in objectives.items] == [
        "wales.child-poverty.objective.workless-households",
        "wales.child-poverty.objective.skills",
        "wales.child-poverty.objective.inequalities"]
    workless = objectives.items[0]
    assert workless.sections == ["17-child-poverty"]
    assert [t.id for t in workless.targets] == ["cp-workless"]
    assert workless.requirement.met_now and workless.reported
    assert not objectives.items[1].reported
    annex = groups["wales.annex-a"]
    assert [i.key for i in annex.items] == ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert [t.id for t in annex.items[1].targets] == ["cp-workless"]
    assert "workless households" in annex.items[1].label
    assert annex.sections == ["17-child-poverty"] and annex.requirement.met_now
    assert not annex.empty


def test_summary(welsh: tuple[Path, Review]) -> None:
    _, r = welsh
    s = r.summary
    assert s.targets_active == 5 and sum(s.targets_by_status.values()) == 5
    assert list(s.targets_by_status) == [Status.OFF_TRACK, Status.ON_TRACK, Status.ACHIEVED,
                                         Status.NO_DATA]
    assert (s.targets_moved, s.targets_added, s.targets_dropped,
            s.targets_dropped_unexplained) == (2, 1, 2, 1)
    assert (s.sections_added, s.sections_removed, s.sections_renamed,
            s.sections_changed) == (1, 1, 1, 1)
    assert s.actions_by_group["overdue"] == 1 and s.actions_by_group["removed"] == 1


def test_labels(welsh: tuple[Path, Review]) -> None:
    _, r = welsh
    assert r.old_label.startswith("v2011 (") and r.new_label.startswith("HEAD (")
    assert r.nation == "wales" and r.as_of == AS_OF


# --- England ----------------------------------------------------------------------------------


def test_english_plan_reg8(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    plan = write_plan(repo / "plan", {
        "10-healthy": section("Be healthy", outcome="be-healthy",
                              targets=[target("e1", actuals=[("2010-11", 55)])],
                              actions=[action("e-a1")]),
    }, nation="england")
    commit_all(repo, "publish", tag="v2011")
    write_plan(plan, {
        "10-healthy": section("Be healthy", outcome="be-healthy",
                              targets=[target("e1", actuals=[("2010-11", 55)])],
                              actions=[action("e-a1", status="done")]),
        "30-review": section("Annual review", covers=["england.reg8"],
                             body="The Board reviews the plan each April.\n"),
    }, nation="england")
    commit_all(repo, "review")
    old = gitio.read_revision(plan, "v2011")
    new = gitio.read_revision(plan, "HEAD")
    r = compare(old.plan, new.plan, as_of=AS_OF)
    assert r.nation == "england"
    [group] = r.statutory
    assert group.id == "england.reg8"
    [item] = group.items
    assert item.key == "england.reg8" and item.sections == ["30-review"]
    assert item.requirement.newly_met
    assert r.target("e1").status is Status.ON_TRACK  # 55 in 2010-11, line at 52.5
    assert [s.id for s in r.sections_added] == ["30-review"]


def test_plans_of_different_nations_refused(tmp_path: Path) -> None:
    wales = load_plan(write_plan(tmp_path / "w", {"10-a": section("A")})).plan
    england = load_plan(write_plan(tmp_path / "e", {"10-a": section("A")},
                                   nation="england")).plan
    with pytest.raises(InputError) as exc:
        compare(wales, england)
    message = exc.value.diagnostic.message
    assert "different nations" in message and "Welsh" in message and "English" in message


def test_removed_section_and_moved_target_from_folders(tmp_path: Path) -> None:
    """The issue's 'done when': one target's value moved, one section removed."""
    old = load_plan(write_plan(tmp_path / "old", _welsh_v1())).plan
    v2 = _welsh_v1(moved_goal=58)
    del v2["20-play"]
    new = load_plan(write_plan(tmp_path / "new", v2)).plan
    r = compare(old, new, as_of=AS_OF)
    [moved] = r.moved
    assert moved.id == "t-moved" and moved.changes[0].old_text == "60%"
    assert moved.changes[0].new_text == "58%"
    assert [s.id for s in r.sections_removed] == ["play"]
    assert r.sections_removed[0].title == "Play"
    assert all(t.status in Status for t in r.targets)


def test_merged_actuals_prefer_the_new_version(tmp_path: Path) -> None:
    old = load_plan(write_plan(tmp_path / "old", {
        "10-a": section("A", targets=[target("t", actuals=[("2010-11", 51)])])},
        actuals_csv="target,period,value\nt,2011-12,52\nt,2012-13,53\n")).plan
    new = load_plan(write_plan(tmp_path / "new", {
        "10-a": section("A", targets=[target("t", actuals=[("2010/11", 55)])])},
        actuals_csv="target,period,value\nt,2011-12,56\n")).plan
    got = merged_actuals("t", old.targets[0], new.targets[0], old, new)
    assert [(a.period, a.value) for a in got] == [("2010/11", 55), ("2011-12", 56),
                                                  ("2012-13", 53)]


def test_identical_versions_and_unknown_nation(tmp_path: Path) -> None:
    root = write_plan(tmp_path / "p", _welsh_v1())
    plan = load_plan(root).plan
    r = compare(plan, load_plan(root).plan, as_of=AS_OF)
    s = r.summary
    assert (s.targets_moved, s.targets_added, s.targets_dropped, s.sections_added,
            s.sections_removed, s.sections_renamed, s.sections_changed) == (0,) * 7
    assert not r.coverage.newly_met and not r.coverage.newly_missing
    # A plan.yaml without a valid nation: no coverage or statutory groups, still a review.
    (root / "plan.yaml").write_text((root / "plan.yaml").read_text().replace(
        "nation: wales", "nation: scotland"))
    odd = load_plan(root).plan
    assert odd.nation is None
    r = compare(odd, odd, as_of=AS_OF)
    assert r.coverage is None and r.statutory == [] and r.summary.coverage_total is None
