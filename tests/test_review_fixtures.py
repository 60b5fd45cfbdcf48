"""Helpers for the review tests: tiny plans written in tmp and real git repositories.

Imported by test_gitio.py, test_review_*.py and test_targets_io.py (pytest puts this
folder on sys.path). The few tests here check the helpers themselves.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

from cyp_cli.model.load import load_plan

IDENTITY = ["-c", "user.name=cyp", "-c", "user.email=cyp@example.invalid",
            "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
            "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"]


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    result = subprocess.run(["git", *IDENTITY, "-C", str(repo), *args], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"git {args}: {result.stderr}"
    return result.stdout.strip()


def commit_all(repo: Path, message: str, date: str | None = None, tag: str | None = None
               ) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--allow-empty", "-m", message, date=date)
    if tag:
        git(repo, "tag", tag)
    return git(repo, "rev-parse", "HEAD")


def init_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "--quiet")
    return path


PARTNERS = [
    {"id": "council", "name": "Test Council", "statutory": True},
    {"id": "health", "name": "Test Health Board", "statutory": True},
]


def plan_yaml(nation: str = "wales", **extra: Any) -> str:
    data: dict[str, Any] = {
        "nation": nation,
        "title": f"Test {nation} plan",
        "authority": "Test Council",
        "period": {"start": "2011-04-01", "end": "2014-03-31"},
        "published": "2011-03-28",
        "partners": PARTNERS,
    }
    data.update(extra)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def target(tid: str, base: tuple[float, str] = (50, "2009-10"),
           goal: tuple[float, str] = (60, "2013-14"), direction: str = "increase",
           actuals: list[tuple[str, float]] | None = None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": tid, "indicator": f"Indicator {tid}", "unit": "%", "direction": direction,
        "baseline": {"value": base[0], "period": base[1]},
        "target": {"value": goal[0], "period": goal[1]},
        "source": "Test data",
    }
    if actuals:
        data["actuals"] = [{"period": p, "value": v} for p, v in actuals]
    data.update(extra)
    return data


def action(aid: str, partner: str = "council", due: str = "2012-03-31",
           status: str = "planned", **extra: Any) -> dict[str, Any]:
    return {"id": aid, "action": f"Do {aid}", "partner": partner, "due": due,
            "status": status, **extra}


def section(title: str, body: str = "Some words here.\n", **meta: Any) -> str:
    front = yaml.safe_dump({"title": title, **meta}, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n\n{body}"


def write_plan(root: Path, sections: dict[str, str], nation: str = "wales",
               actuals_csv: str | None = None, **extra: Any) -> Path:
    """Write plan.yaml and ``sections/<name>.md`` files; replaces sections/."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "plan.yaml").write_text(plan_yaml(nation, **extra), encoding="utf-8")
    folder = root / "sections"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    for name, text in sections.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    if actuals_csv is not None:
        (root / "data").mkdir(exist_ok=True)
        (root / "data" / "actuals.csv").write_text(actuals_csv, encoding="utf-8")
    return root


def tree_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (including .git), for 'nothing changed'."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def status(repo: Path) -> str:
    return git(repo, "status", "--porcelain", "--untracked-files=all")


# --- tests of the helpers ----------------------------------------------------------------


def test_tiny_plans_load_cleanly(tmp_path: Path) -> None:
    for nation in ("wales", "england"):
        root = write_plan(tmp_path / nation, {
            "10-a": section("A", targets=[target("t1", actuals=[("2010-11", 52)])],
                            actions=[action("a1")]),
        }, nation=nation)
        loaded = load_plan(root)
        assert [d for d in loaded.diagnostics if d.level.value == "error"] == []
        assert loaded.plan.nation == nation
        assert [t.id for t in loaded.plan.targets] == ["t1"]


def test_git_helper_commits_and_tags(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    (repo / "f.txt").write_text("x")
    sha = commit_all(repo, "one", date="2011-03-28T12:00:00+00:00", tag="v1")
    assert git(repo, "rev-parse", "v1") == sha
    assert status(repo) == ""
