"""Stable JSON for tools and scripts: one document for the whole lint run, however
many plans it named.

Version 2::

    {"version": 2, "tool": "cyp", "tool_version": "...",
     "summary": {"error": 0, "warning": 0, "info": 0},       # the whole run
     "plans": [                                             # one entry per plan
       {"plan": "path", "nation": "wales",
        "regime": {"id", "name", "in_force", "as_of", "duty", "from", "until",
                   "statement", "judged_by", "secondary_sources",
                   "sources": [{"id", "name", "title", "from", "until", "in_force",
                                "text"}]},
        "summary": {"error": 0, "warning": 0, "info": 0},
        "diagnostics": [{"file", "line", "column", "code", "level", "message",
                         "requirement"?, "citation"?, "source"?}]}]}

Version 1 (cyp before the one-document run) printed one version-1 document per plan,
back to back, with the plan's fields at the top level; version 2 moved them into
``plans``. Fields are only added, never renamed or removed, within a version.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..diagnostics import Diagnostic, Level

if TYPE_CHECKING:
    from ..check import Report
    from . import Run

VERSION = 2


def diagnostic_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "file": d.file, "line": d.line, "column": d.col, "code": d.code,
        "level": d.level.value, "message": d.message, **dict(d.data),
    }


def plan_dict(report: Report, diagnostics: list[Diagnostic]) -> dict[str, Any]:
    return {
        "plan": str(report.plan.root),
        "nation": report.plan.nation,
        "regime": report.regime_data(),
        "summary": {level.value: report.count(level) for level in Level},
        "diagnostics": [diagnostic_dict(d) for d in diagnostics],
    }


def format(runs: Sequence[Run], *, color: bool = False) -> str:
    doc = {
        "version": VERSION,
        "tool": "cyp",
        "tool_version": __version__,
        "summary": {level.value: sum(report.count(level) for report, _ in runs)
                    for level in Level},
        "plans": [plan_dict(report, diagnostics) for report, diagnostics in runs],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
