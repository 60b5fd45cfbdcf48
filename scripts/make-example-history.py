#!/usr/bin/env python3
"""Create a small git history of the example plan, for ``cyp review``.

    python scripts/make-example-history.py DEST [--plan example-plan]

DEST (a new or empty folder) becomes a git repository holding a copy of the plan
folder under its own name (``DEST/example-plan``), with two commits:

1. the plan as published, without the figures of ``data/actuals.csv`` (they came
   later); tagged ``v2011`` (the year of ``published`` in plan.yaml);
2. a year later: the ``data/actuals.csv`` rows added, one target's value moved (made
   less ambitious: halfway back towards its baseline), one action in progress marked
   done, and one section's prose edited (a sentence deleted, a paragraph added).

Edits are made in place at the positions the plan model records, so the rest of each
file keeps its bytes and the review shows exactly these changes. Commits use fixed
dates and ``-c user.name=cyp -c user.email=cyp@example.invalid``: the same plan gives
the same history. Prints the repository's path and what changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cyp_cli.model.load import ACTUALS_CSV, load_plan  # noqa: E402
from cyp_cli.model.plan import Plan, Target  # noqa: E402

IDENTITY = ["-c", "user.name=cyp", "-c", "user.email=cyp@example.invalid",
            "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
            "-c", "init.defaultBranch=main"]
IGNORE = shutil.ignore_patterns("dist", "__pycache__", ".*")


def git(repo: Path, *args: str, when: dt.datetime | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if when is not None:
        stamp = when.isoformat()
        env.update(GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp)
    result = subprocess.run(["git", *IDENTITY, "-C", str(repo), *args], env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"make-example-history: git {' '.join(args)} failed: "
                 f"{result.stderr.strip()}")
    return result.stdout.strip()


def replace_at(plan_dir: Path, file: str, line: int, col: int, pattern: str,
               new: str) -> str:
    """Replace the token matching ``pattern`` at line:col of ``file``; the old token."""
    path = plan_dir / file
    lines = path.read_text(encoding="utf-8").split("\n")
    text = lines[line - 1]
    m = re.compile(pattern).match(text, col - 1)
    if m is None:
        sys.exit(f"make-example-history: nothing to replace at {file}:{line}:{col}")
    lines[line - 1] = text[: m.start()] + new + text[m.end():]
    path.write_text("\n".join(lines), encoding="utf-8")
    return m.group(0)


def pick_target(plan: Plan, with_figures: set[str]) -> Target:
    """A target with figures and a direction, preferably one with CSV figures."""
    usable = [t for t in plan.targets
              if t.direction in ("increase", "decrease") and not t.retired
              and t.baseline and t.target and t.baseline.value is not None
              and t.target.value is not None and t.target.pos.get("value")]
    if not usable:
        sys.exit("make-example-history: the plan has no target with a baseline and target")
    preferred = [t for t in usable if t.id in with_figures]
    return (preferred or usable)[0]


def moved_value(t: Target) -> str:
    """Halfway back from the target to the baseline, one decimal."""
    b, g = float(t.baseline.value), float(t.target.value)  # type: ignore[union-attr,arg-type]
    return f"{round((b + g) / 2, 1):.1f}"


def edit_prose(path: Path, body_line: int) -> str:
    """Delete the last sentence of the body's first prose paragraph (if it has more
    than one) and add a paragraph at the end. Returns a summary."""
    lines = path.read_text(encoding="utf-8").split("\n")
    head, body = lines[: body_line - 1], "\n".join(lines[body_line - 1:])
    paragraphs = re.split(r"(\n[ \t]*\n)", body)
    done = "added a paragraph"
    for i, para in enumerate(paragraphs):
        stripped = para.strip()
        if not stripped or stripped.startswith(("#", "-", "*", "|", ">", "<")) or \
                re.match(r"\d+\.", stripped):
            continue
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", para.rstrip())
        if len(sentences) > 1:
            paragraphs[i] = " ".join(sentences[:-1]) + para[len(para.rstrip()):]
            done = "deleted a sentence and added a paragraph"
        break
    body = "".join(paragraphs).rstrip("\n")
    body += ("\n\n## Progress in 2011-12\n\nIn the first year of the plan partners "
             "delivered most of the actions on time. The Partnership Board reviewed the "
             "figures in May 2012 and agreed the changes recorded in this version.\n")
    path.write_text("\n".join([*head, body]), encoding="utf-8")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="new or empty folder for the repository")
    parser.add_argument("--plan", type=Path, default=ROOT / "example-plan",
                        help="the plan folder to copy (default: example-plan)")
    args = parser.parse_args(argv)
    source, dest = args.plan.resolve(), args.dest.resolve()
    if not (source / "plan.yaml").is_file():
        sys.exit(f"make-example-history: {source} is not a plan (no plan.yaml)")
    if dest.exists() and any(dest.iterdir()):
        sys.exit(f"make-example-history: {dest} is not empty")
    if shutil.which("git") is None:
        sys.exit("make-example-history: git is not installed")
    dest.mkdir(parents=True, exist_ok=True)
    plan_dir = dest / source.name
    shutil.copytree(source, plan_dir, ignore=IGNORE)

    loaded = load_plan(plan_dir)
    plan = loaded.plan
    published = plan.file.published or dt.date(2011, 3, 31)
    first = dt.datetime.combine(published, dt.time(12, 0), dt.timezone.utc)
    second = first.replace(year=first.year + 1) + dt.timedelta(days=30)

    # Commit 1: as published, before the later figures.
    csv_path = plan_dir / ACTUALS_CSV
    csv_rows: list[str] = []
    if csv_path.exists():
        text = csv_path.read_text(encoding="utf-8")
        header, *csv_rows = text.split("\n")
        csv_rows = [r for r in csv_rows if r.strip()]
        csv_path.write_text(header + "\n", encoding="utf-8")
    git(dest, "init", "--quiet")
    git(dest, "add", "--all")
    git(dest, "commit", "--quiet", "-m", f"Publish the plan ({published.isoformat()})",
        when=first)
    tag = f"v{published.year}"
    git(dest, "tag", "-a", tag, "-m", f"Published plan, {published.isoformat()}", when=first)

    # Commit 2: a year later.
    changes = []
    if csv_rows:
        csv_path.write_text(header + "\n" + "\n".join(csv_rows) + "\n", encoding="utf-8")
        with_figures = {r.split(",", 1)[0] for r in csv_rows}
        changes.append(f"added {len(csv_rows)} rows to {ACTUALS_CSV}")
    else:
        with_figures = set()
    target = pick_target(plan, with_figures)
    pos = target.target.at("value")  # type: ignore[union-attr]
    new_value = moved_value(target)
    old_value = replace_at(plan_dir, pos.file, pos.line, pos.col, r"[-+]?\d+(\.\d+)?", new_value)
    changes.append(f"target '{target.id}' moved from {old_value} to {new_value}")
    action = next((a for a in plan.actions if a.status in ("in-progress", "planned")
                   and a.pos.get("status")), None)
    if action is not None:
        pos = action.at("status")
        old_status = replace_at(plan_dir, pos.file, pos.line, pos.col, r"[\w-]+", "done")
        changes.append(f"action '{action.id}' marked done (was {old_status})")
    section = plan.section(target.section) or plan.sections[0]
    changes.append(f"section '{section.id}': " + edit_prose(plan_dir / section.rel,
                                                             section.body_line))
    git(dest, "add", "--all")
    git(dest, "commit", "--quiet", "-m", "Annual review: figures for 2011-12 and updates",
        when=second)

    print(f"{dest}: {tag} ({published.isoformat()}) -> HEAD ({second.date().isoformat()})")
    print(f"plan: {plan_dir}")
    for change in changes:
        print(f"  {change}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
