"""SARIF 2.1.0, as GitHub code scanning accepts it: one run, the rules that fired
(with help text from their docstrings), and one result per finding."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..diagnostics import Diagnostic, Level
from ..rules import all_rules

if TYPE_CHECKING:
    from ..check import Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}


def format(report: Report, diagnostics: list[Diagnostic]) -> str:
    registry = all_rules()
    codes = sorted({d.code for d in diagnostics})
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
    for d in diagnostics:
        data = dict(d.data)
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
        if data:
            result["properties"] = data
        results.append(result)
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cyp", "version": __version__,
                "rules": rules,
            }},
            "results": results,
            # The regime the plan was judged by (the same object as JSON's "regime").
            "properties": {"regime": report.regime_data()},
        }],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
