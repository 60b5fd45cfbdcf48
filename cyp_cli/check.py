"""Run the rules over a loaded plan: choose the regime, apply the selection, sort.

This is the ``check`` stage of the pipeline; ``cyp lint`` and ``cyp build`` (which
refuses to publish a plan with errors) both call :func:`check_plan`.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from .diagnostics import Diagnostic, Level, did_you_mean
from .model.load import Loaded, load_plan
from .model.plan import Plan
from .regimes import Nation, Regime, Source, load_nation
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


class Selection(NamedTuple):
    """Which codes are on. Like ruff: ``select`` and ``ignore`` take codes or prefixes
    (``S``, ``T00``); ``ignore`` also takes requirement ids (``wales.annex-a.indicators``).
    Rules marked off by default (S300) run only when selected explicitly."""

    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    per_file_ignores: Mapping[str, Sequence[str]] = MappingProxyType({})

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


class Report(NamedTuple):
    """The outcome of checking a plan: what was read and found."""

    loaded: Loaded
    nation: Nation | None
    regime: Regime | None
    in_force: bool
    as_of: dt.date | None
    diagnostics: list[Diagnostic]
    context: Context | None = None
    # Set when the caller's as_of fell outside the plan's period (so was not used).
    as_of_refused: Diagnostic | None = None

    @property
    def plan(self) -> Plan:
        return self.loaded.plan

    def count(self, level: Level) -> int:
        return sum(1 for d in self.diagnostics if d.level is level)

    @property
    def sources(self) -> list[Source]:
        """The instruments the plan was judged by (a voluntary plan: its good practice)."""
        if self.nation is None or self.regime is None or self.regime.duty == "none":
            return []
        return self.nation.sources_of(self.regime)

    @property
    def regime_line(self) -> str:
        """The regime applied, in one sentence, for lint's summary and --coverage."""
        return regime_line(self.nation, self.regime, self.in_force, self.as_of)

    def regime_data(self) -> dict[str, object] | None:
        """The regime applied, for JSON and SARIF (docs/json-output.md)."""
        return regime_data(self.nation, self.regime, self.in_force, self.as_of)


def regime_line(nation: Nation | None, regime: Regime | None, in_force: bool,
                as_of: dt.date | None) -> str:
    """Which law a plan was judged by: the regime, its dates, its sources with theirs,
    and the day it was judged on; a voluntary or pre-duty plan gets its sentence."""
    if nation is None or regime is None:
        return "no regime applied (plan.yaml has no valid 'nation')"
    if regime.duty == "none":
        return f"{regime.name}, {regime.dates}: no statutory checklist applies"
    judged = nation.judged_by(regime)
    sources = "; ".join(_source_words(s, as_of) for s in nation.sources_of(regime))
    line = f"{regime.name}, {regime.dates}"
    if regime.duty == "voluntary":
        line += f"; applied as good practice: {judged.name}, sources: {sources}"
    else:
        line += f"; sources: {sources}"
    if judged.secondary:
        line += "; built from secondary sources (docs/checklists.md)"
    line += f"; judged as of {as_of}"
    if not in_force:
        line += " (outside the regime's dates)"
    return line


def _source_words(source: Source, day: dt.date | None) -> str:
    start = source.start.isoformat() if source.start else "..."
    until = source.until.isoformat() if source.until else "now"
    words = f"{source.short} ({start} to {until}"
    if day is not None and not source.in_force(day):
        words += ", not in force then"
    return words + ")"


def regime_data(nation: Nation | None, regime: Regime | None, in_force: bool,
                as_of: dt.date | None) -> dict[str, object] | None:
    if nation is None or regime is None:
        return None
    judged = nation.judged_by(regime)
    return {
        "id": regime.id, "name": regime.name, "in_force": in_force,
        "as_of": as_of.isoformat() if as_of else None,
        "duty": regime.duty,
        "from": regime.start.isoformat() if regime.start else None,
        "until": regime.until.isoformat() if regime.until else None,
        "statement": regime.statement or None,
        "judged_by": judged.id if regime.duty != "none" else None,
        "secondary_sources": judged.secondary if regime.duty != "none" else False,
        "sources": [] if regime.duty == "none" else [{
            "id": s.id, "name": s.short, "title": s.title,
            "from": s.start.isoformat() if s.start else None,
            "until": s.until.isoformat() if s.until else None,
            "in_force": s.in_force(as_of) if as_of else None,
            "text": "primary" if s.primary else "secondary",
        } for s in nation.sources_of(regime)],
    }


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
    day, refused = _judging_day(plan, as_of)
    found = [d for d in loaded.diagnostics if _on(d.code, selection)]
    regime = context = None
    in_force = False
    if nation is not None:
        regime, in_force = nation.regime_for(day)
        # Coverage sees only the requirements of the regime (and its dated changes in
        # effect on ``day``); a section may still cite any of the nation's ids.
        context = Context(plan, nation.view(regime, day), regime, in_force, day)
        for rule in all_rules().values():
            if rule.check is not None and selection.enabled(rule):
                found.extend(rule.check(context))
        note = ""
        if regime.duty == "voluntary" and not plan.file.strict:
            note = (f"{regime.name}: applied as good practice, reported as a warning; "
                    "set 'strict: true' in plan.yaml to keep it an error")
        elif not in_force and not plan.file.strict:
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
    unique = {d.key: d for d in reversed(found)}  # the first of each, data and all
    found = sorted(unique.values(), key=lambda d: (d.file != "plan.yaml", d.file, d.line,
                                                   d.col, d.code, d.message))
    return Report(loaded, nation, regime, in_force, day, found, context, refused)


def _judging_day(plan: Plan, as_of: dt.date | None) -> tuple[dt.date, Diagnostic | None]:
    """The day the plan is judged on: its period start, or ``as_of`` when that falls
    inside the period. A plan is judged by the law of its own period, so a day outside
    it is not used: the period start is, and the second value says why (``cyp lint``
    refuses such a date with that message; other callers may show it)."""
    period = plan.file.period
    start = period.start if period else None
    end = period.end if period else None
    if as_of is None:
        return start or dt.date.today(), None
    if (start and as_of < start) or (end and as_of > end):
        pos = plan.file.key_at("period")
        return start or as_of, Diagnostic(
            (plan.root / pos.file).as_posix(), pos.line, pos.col, "F000", Level.ERROR,
            f"--as-of {as_of} is outside the plan's period ({start} to {end}): a plan is "
            "judged by the law in force during its own period; give a date inside it")
    return as_of, None


def _check_config(plan: Plan, nation: Nation | None) -> list[Diagnostic]:
    """F004 at each code in plan.yaml's ``lint`` settings that selects nothing."""
    config = plan.file.lint
    if config is None:
        return []
    requirements = sorted(nation.known_ids) if nation else []
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


def lint_path(path: Path | str, selection: Selection | None = None,
              as_of: dt.date | None = None) -> Report:
    """Load and check the plan at ``path`` (a convenience for tests and scripts)."""
    return check_plan(load_plan(path), selection, as_of)
