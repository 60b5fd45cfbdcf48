"""Stable JSON for tools and scripts (``docs/json-output.md`` documents it).

Version 1::

    {"version": 1, "tool": "cyp", "tool_version": "...",
     "plan": "path", "nation": "wales",
     "regime": {"id", "name", "in_force", "as_of", "duty", "from", "until",
                "statement", "judged_by", "secondary_sources",
                "sources": [{"id", "name", "title", "from", "until", "in_force",
                             "text"}]},
     "summary": {"error": 0, "warning": 0, "info": 0},
     "diagnostics": [{"file", "line", "column", "code", "level", "message",
                      "requirement"?, "citation"?, "source"?}]}

Fields are only added, never renamed or removed, within a version.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..diagnostics import Diagnostic, Level

if TYPE_CHECKING:
    from ..check import Report


def diagnostic_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "file": d.file, "line": d.line, "column": d.col, "code": d.code,
        "level": d.level.value, "message": d.message, **dict(d.data),
    }


def format(report: Report, diagnostics: list[Diagnostic]) -> str:
    doc = {
        "version": 1,
        "tool": "cyp",
        "tool_version": __version__,
        "plan": str(report.plan.root),
        "nation": report.plan.nation,
        "regime": report.regime_data(),
        "summary": {level.value: report.count(level) for level in Level},
        "diagnostics": [diagnostic_dict(d) for d in diagnostics],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
