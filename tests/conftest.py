"""Shared fixtures: a factory for small, valid Welsh plans written into ``tmp_path``.

``make_plan(tmp_path)`` writes a plan that lints with no findings outside the statutory
(S) family; tests then add or break one thing and look for one code at one line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PLAN_YAML = """\
# A minimal Welsh plan for tests.
nation: wales
title: Test Children and Young People's Plan 2011-14
authority: Test County Council
period:
  start: 2011-04-01
  end: 2014-03-31
published: 2011-03-28
partners:
  - id: council
    name: Test County Council
    statutory: true
    type: local-authority
  - id: health-board
    name: Test Health Board
    statutory: true
    type: health-board
"""

INTRO = """\
---
title: Introduction
order: 1
core_aim: 1
responsible_partner: council
---
## Our plan

This plan sets out what we will do. See [health](02-health.md#what-we-will-do).
"""

HEALTH = """\
---
title: Health and well-being
order: 2
core_aim: 3
responsible_partner: health-board
---
## What we will do

We will improve children's health.
"""

DEFAULT_SECTIONS: dict[str, str | bytes] = {"01-intro.md": INTRO, "02-health.md": HEALTH}


def write_plan(
    root: Path,
    sections: dict[str, str | bytes] | None = None,
    plan_yaml: str | bytes | None = PLAN_YAML,
) -> Path:
    """Write a plan folder at ``root``. ``sections`` maps file names (under
    ``sections/``) to text or raw bytes; None gives the two default sections and
    ``{}`` an empty sections folder. ``plan_yaml=None`` writes no plan.yaml.
    Text is written byte for byte (no newline translation)."""
    root.mkdir(parents=True, exist_ok=True)
    if plan_yaml is not None:
        _write(root / "plan.yaml", plan_yaml)
    folder = root / "sections"
    folder.mkdir(exist_ok=True)
    for name, content in (DEFAULT_SECTIONS if sections is None else sections).items():
        _write(folder / name, content)
    return root


def _write(path: Path, content: str | bytes) -> None:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


@pytest.fixture
def make_plan():
    """``make_plan(tmp_path, sections={...}, plan_yaml=...) -> Path`` of the plan."""

    def factory(
        tmp_path: Path,
        sections: dict[str, str | bytes] | None = None,
        plan_yaml: str | bytes | None = PLAN_YAML,
        name: str = "plan",
    ) -> Path:
        return write_plan(tmp_path / name, sections, plan_yaml)

    return factory
