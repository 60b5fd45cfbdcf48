"""``cyp schema``: the plan contract as JSON Schema, generated from the model's field
specs (``model/spec.py``), so the schema and the loader cannot disagree; and the
checklist format (``templates/<nation>/checklist*.yaml``) from ``regimes.py``'s."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated, Any

import typer


class Part(str, Enum):
    section = "section"
    plan = "plan"
    checklist = "checklist"


def build_schema(part: str, nation: str | None = None) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of section front matter or plan.yaml. Given a
    nation, vocabulary fields list their allowed values."""
    from ..model.plan import FrontMatter, PlanFile
    from ..model.spec import Obj

    if part == "checklist":
        from ..regimes import checklist_schema

        return checklist_schema()

    vocab = None
    if nation:
        from ..regimes import load_nation

        n = load_nation(nation)
        vocab = {k: list(v.values) for k, v in n.vocabularies.items()}
    cls = FrontMatter if part == "section" else PlanFile
    schema = Obj(cls).schema(vocab)
    title = "section front matter" if part == "section" else "plan.yaml"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"cyp-{part}{'-' + nation if nation else ''}.schema.json",
        "title": f"cyp {title}" + (f" ({nation})" if nation else ""),
        **schema,
    }


def schema(
    part: Annotated[Part, typer.Argument(
        help="section (front matter), plan (plan.yaml) or checklist (a nation's checklist)")]
    = Part.section,
    nation: Annotated[str | None, typer.Option(
        help="Fill in the nation's vocabularies (wales, england).")] = None,
) -> None:
    """Print the JSON Schema of section front matter, plan.yaml or a checklist."""
    print(json.dumps(build_schema(part.value, nation), indent=2, ensure_ascii=False))
