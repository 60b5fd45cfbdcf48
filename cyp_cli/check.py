"""Run the rules over a loaded plan: choose the regime, apply the selection, sort.

This is the ``check`` stage of the pipeline; ``cyp lint`` and ``cyp build`` (which
refuses to publish a plan with errors) both call :func:`check_plan`.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Level, did_you_mean
from .model.load import Loaded, load_plan
from .model.plan import Plan
from .regimes import Nation, Regime, load_nation
from .rules import Rule, all_rules
from .rules.context import Context

#: Findings that mean a source was not read at all (a YAML syntax error, no front
#: matter, an unreadable file). No selection hides them: with them hidden, a typo in
#: ``select`` would publish a plan with a section silently missing.
CONTENT_LOST = frozenset({"F001", "F006", "F007"})

#: What a rule code or code prefix looks like (``S``, ``T00``, ``M003``); anything else
#: in ``ignore`` must be a requirement id of the plan's nation.
_CODE = re.compile(r"[A-Z][0-9]{0,3}")


def is_code(value: str) -> bool:
    return bool(_CODE.fullmatch(value))


def unknown_codes(codes: Iterable[str], requirements: Iterable[str] | None = None,
                  ) -> list[tuple[int, str, str]]:
    """(index, code, hint) of each code that selects nothing: not a prefix of any rule
    code and, where ``requirements`` is given, not a requirement id either. A typo must
    be an error, never a selection of nothing."""
    registry = sorted(all_rules())
    known = set(requirements or ())
    bad = []
    for i, code in enumerate(codes):
        if is_code(code):
            if not any(c.startswith(code) for c in registry):
                bad.append((i, code, did_you_mean(code, registry)))
        elif code not in known:
            hint = did_you_mean(code, sorted(known | set(registry)))
            bad.append((i, code, hint))
    return bad


def describe_unknown(option: str, code: str, hint: str) -> str:
    return (f"{option}: '{code}' is not a rule code, a prefix of one or a requirement "
            f"id, so it would select nothing{hint}")


@dataclass
class Selection:
    """Which codes are on. Like ruff: ``select`` and ``ignore`` take codes or prefixes
    (``S``, ``T00``); ``ignore`` also takes requirement ids (``wales.annex-a.indicators``).
    Rules marked off by default (S300) run only when selected explicitly."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)

    def enabled(self, rule: Rule) -> bool:
        code = rule.code
        on = any(code.startswith(p) for p in self.select) if self.select else rule.default
        return on and not any(code.startswith(p) for p in self.ignore)

    def keeps(self, d: Diagnostic) -> bool:
        requirement = dict(d.data).get("requirement")
        if requirement and requirement in self.ignore:
            return False
        for pattern, codes in self.per_file_ignores.items():
            if fnmatch.fnmatch(d.file, pattern) and any(
                d.code.startswith(c) or c == requirement for c in codes
            ):
                return False
        return True


@dataclass
class Report:
    loaded: Loaded
    nation: Nation | None
    regime: Regime | None
    in_force: bool
    as_of: dt.date | None
    diagnostics: list[Diagnostic]
    context: Context | None = None

    @property
    def plan(self) -> Plan:
        return self.loaded.plan

    def count(self, level: Level) -> int:
        return sum(1 for d in self.diagnostics if d.level is level)

    @property
    def regime_line(self) -> str:
        if self.regime is None:
            return "no regime applied (plan.yaml has no valid 'nation')"
        line = f"{self.regime.name}, {self.regime.dates}; judged as of {self.as_of}"
        if not self.in_force:
            line += " (outside the regime's dates)"
        return line


def check_plan(
    loaded: Loaded,
    selection: Selection | None = None,
    as_of: dt.date | None = None,
    only_files: Iterable[str] | None = None,
) -> Report:
    """Run every enabled rule. ``only_files`` (paths relative to the plan) keeps the
    findings in those files plus statutory (S) findings, which concern the plan as a
    whole and which a change to any section can cause (pre-commit passes the changed
    files only)."""
    plan = loaded.plan
    config = plan.file.lint
    if selection is None:
        selection = Selection()
    nation = load_nation(plan.nation) if plan.nation else None
    config_errors = _check_config(plan, nation)
    if config is not None:
        selection = Selection(
            selection.select or config.select,
            [*config.ignore, *selection.ignore],
            {**config.per_file_ignores, **selection.per_file_ignores},
        )
    period = plan.file.period
    day = as_of or (period.start if period and period.start else None) or dt.date.today()
    found = [d for d in loaded.diagnostics if _on(d.code, selection)]
    regime = context = None
    in_force = False
    if nation is not None:
        regime, in_force = nation.regime_for(day)
        context = Context(plan, nation, regime, in_force, day)
        for rule in all_rules().values():
            if rule.check is not None and selection.enabled(rule):
                found.extend(rule.check(context))
        note = None
        if not in_force and not plan.file.strict:
            note = (f"{regime.name} is not in force on {day}: reported as a warning; "
                    "set 'strict: true' in plan.yaml to keep it an error")
        elif plan.file.plan_status == "consultation":
            # A consultation draft is published so that gaps can be pointed out; they
            # must be closed before the final plan (status: final) is published.
            note = ("the plan is a consultation draft: reported as a warning until "
                    "'status: final'")
        if note:
            found = [d.with_level(Level.WARNING, note)
                     if d.code.startswith("S") and d.level is Level.ERROR else d
                     for d in found]
    found = [d for d in found if selection.keeps(d)]
    found += config_errors
    found += [d for d in loaded.diagnostics if d.code in CONTENT_LOST]
    if only_files is not None:
        keep = set(only_files)
        found = [d for d in found if d.file in keep or d.code.startswith("S")]
    found = sorted(set(found), key=lambda d: (d.file != "plan.yaml", d.file, d.line, d.col,
                                              d.code, d.message))
    return Report(loaded, nation, regime, in_force, day, found, context)


def _check_config(plan: Plan, nation: Nation | None) -> list[Diagnostic]:
    """F004 at each code in plan.yaml's ``lint`` settings that selects nothing."""
    config = plan.file.lint
    if config is None:
        return []
    requirements = [r.id for r in nation.requirements] if nation else []
    lists = [("select", config.select, None),
             ("ignore", config.ignore, requirements)]
    lists += [(f"per-file-ignores.{glob}", codes, requirements)
              for glob, codes in config.per_file_ignores.items()]
    out = []
    for key, codes, known in lists:
        for i, code, hint in unknown_codes(codes, known):
            pos = config.at(key, i)
            out.append(Diagnostic(pos.file, pos.line, pos.col, "F004", Level.ERROR,
                                  describe_unknown(f"lint.{key}", code, hint)))
    return out


def _on(code: str, selection: Selection) -> bool:
    rule = all_rules().get(code)
    return rule is None or selection.enabled(rule)


def lint_path(path: Path | str, **kwargs: object) -> Report:
    """Load and check the plan at ``path`` (a convenience for tests and scripts)."""
    return check_plan(load_plan(path), **kwargs)  # type: ignore[arg-type]
