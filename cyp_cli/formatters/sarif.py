"""SARIF 2.1.0, as GitHub code scanning accepts it: one run for the whole lint run
(however many plans it named), the rules that fired (with help text from their
docstrings), and one result per finding. The run's ``properties.plans`` name each
plan and the regime it was judged by; each result's ``properties.plan`` says which
plan it belongs to."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..diagnostics import Diagnostic, Level
from ..rules import all_rules

if TYPE_CHECKING:
    from . import Run

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}


def format(runs: Sequence[Run], *, color: bool = False) -> str:
    registry = all_rules()
    codes = sorted({d.code for _, diagnostics in runs for d in diagnostics})
    rules: list[dict[str, Any]] = []
    for code in codes:
        r = registry.get(code)
        rules.append({
            "id": code,
            "name": (r.summary if r else code).replace(" ", ""),
            "shortDescription": {"text": r.summary if r else code},
            "fullDescription": {"text": r.doc.split("\n\n")[0] if r else code},
            "help": {"text": r.doc if r else code, "markdown": r.doc if r else code},
            "defaultConfiguration": {"level": LEVEL[r.level] if r else "warning"},
            "properties": {"tags": [r.family if r else "cyp"]},
        })
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for report, diagnostics in runs:
        for d in diagnostics:
            results.append(_result(d, index, str(report.plan.root)))
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cyp", "version": __version__,
                "rules": rules,
            }},
            "results": results,
            # The regime each plan was judged by (the same object as JSON's "regime").
            "properties": {"plans": [
                {"plan": str(report.plan.root), "regime": report.regime_data()}
                for report, _ in runs]},
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _result(d: Diagnostic, index: dict[str, int], plan: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": LEVEL[d.level],
        "message": {"text": d.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": d.file, "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": d.line, "startColumn": d.col},
            }
        }],
    }
    result["properties"] = {"plan": plan, **dict(d.data)}
    return result
