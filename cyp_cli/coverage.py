"""Which statutory requirements a plan meets, and where.

Evaluates each requirement's ``met_by`` machine test (docs/checklists.md) against the
plan model. ``cyp lint`` turns unmet requirements into S-codes, ``--coverage`` prints
the table, and ``cyp build`` prints the same results as the coverage appendix, so all
three always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .model.plan import Plan, Section
from .regimes import Nation, Requirement


@dataclass
class Result:
    requirement: Requirement
    met: bool
    by: list[str] = field(default_factory=list)  # section ids, or "plan.yaml"
    why: str = ""  # when unmet: the first condition that failed, in words


def _matches(section: Section, where: dict[str, Any]) -> bool:
    for name, wanted in where.items():
        have = section.tag(name)
        options = wanted if isinstance(wanted, list) else [wanted]
        if not any(str(o) in {str(h) for h in have} for o in options):
            return False
    return True


def _has(section: Section, item: str) -> bool:
    if item == "targets":
        return bool(section.meta.targets)
    if item == "actions":
        return bool(section.meta.actions)
    if item == "body":
        return bool(section.body.strip())
    raise ValueError(f"unknown 'has' item '{item}'")


def _plan_value(plan: Plan, path: str) -> Any:
    value: Any = plan.file
    for part in path.split("."):
        value = getattr(value, part.replace("-", "_"), None)
        if value is None:
            return None
    return value


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def covering(plan: Plan) -> dict[str, list[str]]:
    """Requirement id -> ids of the sections that list it in ``covers``."""
    out: dict[str, list[str]] = {}
    for s in plan.sections:
        for req_id in s.meta.covers:
            out.setdefault(req_id, []).append(s.id)
    return out


def _condition(plan: Plan, req: Requirement, kind: str, arg: Any,
               covers: dict[str, list[str]] | None = None) -> tuple[bool, list[str], str]:
    """(holds, where, why-not) for one condition."""
    if kind == "covered":
        by = (covering(plan) if covers is None else covers).get(req.id, [])
        return bool(by), list(by), "no section lists it in 'covers'"
    if kind == "section":
        where, has = arg.get("where", {}), arg.get("has", [])
        count = int(arg.get("count", 1))
        tagged = [s for s in plan.sections if _matches(s, where)]
        by = [s.id for s in tagged if all(_has(s, h) for h in has)]
        wants = ", ".join(f"{k}: {v}" for k, v in where.items()) or "any"
        if not tagged:
            return False, [], f"no section is tagged {wants}"
        if len(by) < count:
            need = " and ".join(has)
            return False, by, f"no section tagged {wants} has {need}" if not by else (
                f"{len(by)} of {count} sections tagged {wants} have {need}")
        return True, by, ""
    if kind == "consultation":
        who = arg["consultee"]
        found = any(c.consultee == who for c in plan.file.consultation)
        return found, ["plan.yaml"] if found else [], f"no consultation entry for '{who}'"
    if kind == "plan":
        name = arg["field"]
        value = _plan_value(plan, name)
        if value is None:
            return False, [], f"plan.yaml has no '{name}'"
        for op, expected in arg.items():
            if op == "field" or op == "exists":
                continue
            day = _as_date(value)
            if op == "equals":
                ok = str(value) == str(expected)
            elif op == "on_or_before":
                ok = day is not None and day <= _as_date(expected)  # type: ignore[operator]
            elif op == "on_or_after":
                ok = day is not None and day >= _as_date(expected)  # type: ignore[operator]
            elif op == "within_days_after":
                other = _as_date(_plan_value(plan, expected["field"]))
                if other is None or day is None:
                    return False, [], f"plan.yaml has no '{expected['field']}'"
                ok = 0 <= (day - other).days <= int(expected["days"])
            else:
                raise ValueError(f"unknown plan test '{op}'")
            if not ok:
                return False, [], f"'{name}' is {value}, not {op.replace('_', ' ')} {expected}"
        return True, ["plan.yaml"], ""
    raise ValueError(f"unknown condition '{kind}' in requirement {req.id}")


def evaluate(plan: Plan, nation: Nation) -> list[Result]:
    covers = covering(plan)
    results = []
    for req in nation.requirements:
        why = ""
        met_by: list[str] = []
        met = False
        for alternative in req.met_by:
            ok_all, where = True, []
            for kind, arg in alternative.items():
                ok, by, reason = _condition(plan, req, kind, arg, covers)
                if not ok:
                    ok_all, why = False, why or reason
                    break
                where.extend(by)
            if ok_all:
                met, met_by = True, where
                break
        # A section that says it covers a requirement is named even when the test is
        # structural, so the coverage table points readers to it.
        met_by.extend(s for s in covers.get(req.id, []) if s not in met_by)
        results.append(Result(req, met, list(dict.fromkeys(met_by)), "" if met else why))
    return results
