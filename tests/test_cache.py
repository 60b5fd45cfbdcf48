"""Lint's file cache: same answers warm and cold, and a changed file is re-read."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from plancopy import ENGLAND, copy_plan, edit

from cyp_cli.cache import FileCache
from cyp_cli.check import check_plan
from cyp_cli.model.load import load_plan

SAFE = "sections/11-stay-safe.md"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CYP_CACHE_DIR", str(folder))
    monkeypatch.delenv("CYP_NO_CACHE", raising=False)
    return folder


def lint(plan: Path) -> list[str]:
    return [str(d) for d in check_plan(load_plan(plan, use_cache=True)).diagnostics]


def test_warm_run_equals_cold_run_and_sees_changes(tmp_path: Path, cache_dir: Path) -> None:
    plan = copy_plan(ENGLAND, tmp_path / "plan")
    edit(plan / SAFE, "tier: [2, 3, 4]", "tier: [2, 3, 9]")
    cold = lint(plan)
    assert any("F008" in d for d in cold)
    assert list(cache_dir.glob("*.pickle"))
    assert lint(plan) == cold
    edit(plan / SAFE, "tier: [2, 3, 9]", "tier: [2, 3, 4]")
    assert not any("F008" in d for d in lint(plan))


def test_cached_objects_are_not_shared(tmp_path: Path, cache_dir: Path) -> None:
    plan = copy_plan(ENGLAND, tmp_path / "plan")
    (plan / "data").mkdir(exist_ok=True)
    (plan / "data/actuals.csv").write_text("target,period,value,source\n"
                                           "repeat-cp-plans,2011-12,13.2,LA\n")
    for _ in range(3):  # merging CSV actuals must not accumulate through the cache
        t = next(t for t in load_plan(plan, use_cache=True).plan.targets
                 if t.id == "repeat-cp-plans")
        assert [a.period for a in t.actuals] == ["2010-Q3", "2011-12"]


def test_damaged_or_foreign_cache_is_ignored(tmp_path: Path, cache_dir: Path) -> None:
    plan = copy_plan(ENGLAND, tmp_path / "plan")
    cold = lint(plan)
    for f in cache_dir.glob("*.pickle"):
        f.write_bytes(b"not a pickle")
    assert lint(plan) == cold
    store = FileCache(str(plan.resolve()))
    store.path.write_bytes(pickle.dumps(("cyp 0.0.0 format 0", {})))
    assert lint(plan) == cold


def test_no_cache_writes_nothing(tmp_path: Path, cache_dir: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CYP_NO_CACHE", "1")
    plan = copy_plan(ENGLAND, tmp_path / "plan")
    lint(plan)
    assert not cache_dir.exists()


def test_the_cache_is_keyed_by_the_code_that_wrote_it(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A change to the model's source (a field added, say) makes every entry stale,
    with no format number to remember to bump."""
    import cyp_cli.cache as cache

    plan = copy_plan(ENGLAND, tmp_path / "plan")
    lint(plan)
    (stored,) = cache_dir.glob("*.pickle")
    stamp, entries = pickle.loads(stored.read_bytes())
    assert entries and stamp == cache.code_stamp()

    code = tmp_path / "code"
    (code / "model").mkdir(parents=True)
    for name in ("diagnostics.py", "regimes.py", "cache.py"):
        (code / name).write_bytes((cache.PACKAGE / name).read_bytes())
    for source in (cache.PACKAGE / "model").glob("*.py"):
        (code / "model" / source.name).write_bytes(source.read_bytes())
    monkeypatch.setattr(cache, "PACKAGE", code)
    assert cache.code_stamp() == stamp
    with (code / "model" / "plan.py").open("a") as f:
        f.write("\n# a new field\n")
    assert cache.code_stamp() != stamp
    monkeypatch.setattr(cache, "_STAMP", [])
    assert FileCache(str(plan)).entries == {}
