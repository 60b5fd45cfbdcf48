"""Which statutory requirements a plan meets, and the evidence that meets them.

Evaluates each requirement's ``met_by`` machine test (docs/checklists.md) against the
plan model. ``cyp lint`` turns unmet requirements into S-codes, ``--coverage`` prints
the table with its evidence, and ``cyp build`` prints the same results as the coverage
appendix, so all three always agree.

A requirement is met by what a reader can see, never by a tag alone (docs/checklists.md,
"Judging rules"): a section counts only when its body has written substance
(``substance.py``), a target or action only when it is complete and valid, and an item
serves its own themes or else its section's first theme only.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any, NamedTuple

from .model.plan import Action, Located, Plan, Section, Target
from .model.record import Localised
from .model.spec import Obj
from .regimes import Nation, Requirement
from .substance import Paragraph, first_substance

KINDS = ("section", "target", "action", "consultation", "plan")
# What a target or action must give to count as evidence: without a figure, an owner or
# a date it is a plan still being written (partial data: accepted, but not yet evidence).
NEEDS: dict[type, tuple[str, ...]] = {
    Target: ("id", "indicator", "direction", "baseline", "target"),
    Action: ("id", "action", "partner", "due"),
}


class Evidence(NamedTuple):
    """One thing a reader can find that meets (part of) a requirement."""

    kind: str  # one of KINDS
    label: str  # the section's title, the indicator, the action, the consultee, the field
    file: str  # relative to the plan root
    line: int
    section: str = ""  # the section id (section, target, action)
    ref: str = ""  # the consultee id (consultation) or the dotted field (plan)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class Result(NamedTuple):
    """Whether a plan meets one requirement, and the evidence."""

    requirement: Requirement
    met: bool
    evidence: list[Evidence]
    why: str = ""  # when unmet: the first condition that failed, in words
    gap: str = ""  # when unmet: the kind of that condition (covered, section, items, ...)

    @property
    def by(self) -> list[str]:
        """Section ids of the evidence, and "plan.yaml" for plan facts (older callers)."""
        out = [e.section if e.section else "plan.yaml" for e in self.evidence]
        return list(dict.fromkeys(out))


def invalid_fields(item: Located, needs: tuple[str, ...] = ()) -> list[str]:
    """Keys of ``item`` that failed the schema (written but unread: a wrong type), or
    that are in ``needs`` but missing. A measure's value must be a number (not ``tbc``)."""
    bad = []
    written = item.pos
    for key, attr, lang, record in _attrs(type(item)):
        # Only a key required here, one the author wrote or a nested record can fail
        # (most keys of most items are none of these: a 2000-section plan has 8000
        # targets and actions, each asked this).
        if not record and key not in written and key not in needs:
            continue
        value = getattr(item, attr, None)
        if lang:  # a Welsh twin (``indicator_cy``): the Welsh of the attribute's value
            value = value.get(lang) if isinstance(value, Localised) else None
        if value is None:
            if key in needs or key in written:
                bad.append(key)
        elif isinstance(value, Located):  # a measure: complete, with a number
            if invalid_fields(value, ("value",)):
                bad.append(key)
        elif key in needs and (value == "" or value == []):
            bad.append(key)
    if "value" in needs and hasattr(item, "value") and not isinstance(
            getattr(item, "value", None), (int, float)):
        bad.append("value")
    return list(dict.fromkeys(bad))


_ATTRS: dict[type, tuple[tuple[str, str, str, bool], ...]] = {}


def _attrs(cls: type[Located]) -> tuple[tuple[str, str, str, bool], ...]:
    """(key, attribute, language of a twin, whether it holds a record) for each field
    of a record class, worked out once per class."""
    found = _ATTRS.get(cls)
    if found is None:
        found = _ATTRS[cls] = tuple((k, f.attr, f.lang, isinstance(f.type, Obj))
                                    for k, f in cls.FIELDS.items())
    return found


class Judge:
    """The plan as evidence: written substance per section, valid items per theme.
    Computed once per plan and shared by every requirement."""

    def __init__(self, plan: Plan, nation: Nation) -> None:
        self.plan, self.nation = plan, nation
        self.theme_field = nation.theme_field
        self._substance: dict[str, Paragraph | None] = {}
        # Requirements ask the same questions of every section and item (a tag's
        # values, an item's evidence): each is answered once per plan, keyed by the
        # object's identity (the plan holds them all while the judge lives).
        self._tags: dict[str, dict[str, list[int]]] = {}
        self._evidence: dict[int, Evidence] = {}

    def substance(self, section: Section) -> Paragraph | None:
        """The section's first paragraph of written text, if any."""
        if section.rel not in self._substance:
            self._substance[section.rel] = first_substance(
                section.body, section.body_line, self.nation.id)
        return self._substance[section.rel]

    def section_evidence(self, section: Section) -> Evidence | None:
        para = self.substance(section)
        if para is None:
            return None
        return Evidence("section", section.title, section.rel, para.line, section.id)

    @cached_property
    def covers(self) -> dict[str, list[Section]]:
        out: dict[str, list[Section]] = {}
        for s in self.plan.sections:
            for req_id in s.meta.covers:
                out.setdefault(req_id, []).append(s)
        return out

    def problems(self, item: Target | Action) -> list[str]:
        """Why an item does not count as evidence ([] when it does)."""
        bad = invalid_fields(item, NEEDS[type(item)])
        if isinstance(item, Action) and item.partner and item.partner not in self.plan.partners:
            bad.append("partner")
        return list(dict.fromkeys(bad))

    def themes(self, item: Target | Action, section: Section) -> list[Any]:
        """The item's own themes, else its section's first theme only."""
        own = getattr(item, self.theme_field, None) or []
        if own:
            return list(own)
        first = section.tag(self.theme_field)
        return first[:1]

    @cached_property
    def items(self) -> list[tuple[str, Target | Action, Section, list[Any], list[str]]]:
        """(kind, item, section, themes, problems) for every target and action."""
        out = []
        for s in self.plan.sections:
            for kind, items in (("target", s.meta.targets), ("action", s.meta.actions)):
                for item in items:
                    out.append((kind, item, s, self.themes(item, s), self.problems(item)))
        return out

    def tagged(self, name: str) -> dict[str, list[int]]:
        """Positions in the plan's sections of those tagged with each value of the tag
        field ``name`` (as a string), in order: a requirement asking for sections
        tagged so reads them off instead of asking every section."""
        found = self._tags.get(name)
        if found is None:
            found = self._tags[name] = {}
            for i, section in enumerate(self.plan.sections):
                for value in dict.fromkeys(str(h) for h in section.tag(name)):
                    found.setdefault(value, []).append(i)
        return found

    @cached_property
    def by_theme(self) -> dict[str, dict[str | None, list[int]]]:
        """Positions in :attr:`items` by kind and theme (as a string), in order; under
        None, every item of the kind."""
        out: dict[str, dict[str | None, list[int]]] = {}
        for i, (kind, _, _, themes, _) in enumerate(self.items):
            index = out.setdefault(kind, {})
            index.setdefault(None, []).append(i)
            for theme in dict.fromkeys(map(str, themes)):
                index.setdefault(theme, []).append(i)
        return out

    def evidence(self, kind: str, item: Target | Action, section: Section) -> Evidence:
        """:meth:`item_evidence`, made once per item (evidence is immutable)."""
        found = self._evidence.get(id(item))
        if found is None:
            found = self._evidence[id(item)] = self.item_evidence(kind, item, section)
        return found

    @cached_property
    def _valid(self) -> dict[tuple[int, str], list[Evidence]]:
        out: dict[tuple[int, str], list[Evidence]] = {}
        for k, item, s, _, bad in self.items:
            if not bad:
                out.setdefault((id(s), k), []).append(self.evidence(k, item, s))
        return out

    def valid(self, section: Section, kind: str) -> list[Evidence]:
        return list(self._valid.get((id(section), kind), []))

    @staticmethod
    def item_evidence(kind: str, item: Target | Action, section: Section) -> Evidence:
        label = (item.indicator if isinstance(item, Target) else item.action) or item.id or ""
        return Evidence(kind, str(label), section.rel, item.at().line, section.id)


# --- conditions -----------------------------------------------------------------------

Outcome = tuple[bool, list[Evidence], str]


def _matching(judge: Judge, where: dict[str, Any]) -> list[Section]:
    """The sections tagged, for each key of ``where``, with its value or one of its
    values (a list), in plan order."""
    sections = judge.plan.sections
    chosen: set[int] | None = None
    for name, wanted in where.items():
        index = judge.tagged(name)
        options = wanted if isinstance(wanted, list) else [wanted]
        these = {i for o in options for i in index.get(str(o), ())}
        chosen = these if chosen is None else chosen & these
    return [sections[i] for i in sorted(chosen)] if chosen is not None else list(sections)


def _plural(kind: str) -> str:
    return {"targets": "targets", "actions": "actions", "body": "written text"}[kind]


def _covered(judge: Judge, req: Requirement) -> Outcome:
    tagged = judge.covers.get(req.id, [])
    found = [e for s in tagged if (e := judge.section_evidence(s)) is not None]
    if found:
        return True, found, ""
    if tagged:
        files = ", ".join(s.rel for s in tagged)
        return False, [], (f"{files} lists it in 'covers' but has no written text yet "
                           "(only headings, TODO markers or the text cyp init wrote)")
    return False, [], "no section with written text lists it in 'covers'"


def _section(judge: Judge, arg: dict[str, Any]) -> Outcome:
    where, has = dict(arg.get("where", {})), list(arg.get("has", []))
    count = int(arg.get("count", 1))
    theme = arg.get("theme")
    tagged = [s for s in _matching(judge, where)
              if (theme is None or [str(t) for t in s.tag(judge.theme_field)[:1]]
                   == [str(theme)])]
    parts = [f"tagged {', '.join(f'{k}: {v}' for k, v in where.items())}"] if where else []
    if theme is not None:
        parts.append(f"whose first {judge.theme_field} is {theme}")
    wants = " and ".join(parts) or "at all"
    if not tagged:
        return False, [], f"no section {wants}"
    good: list[list[Evidence]] = []
    for s in tagged:
        found: list[Evidence] = []
        for h in has:
            if h == "body":
                e = judge.section_evidence(s)
                got = [e] if e else []
            elif h in ("targets", "actions"):
                got = judge.valid(s, h[:-1])
            else:
                raise ValueError(f"unknown 'has' item '{h}'")
            if not got:
                break
            found.extend(got)
        else:
            good.append(found or [Evidence("section", s.title, s.rel, s.body_line, s.id)])
    if len(good) < count:
        need = " and ".join(_plural(h) for h in has)
        if not good:
            return False, [], (f"no section {wants} has {need}"
                               + (" (only valid, complete items count)"
                                  if {"targets", "actions"} & set(has) else ""))
        return False, [], f"{len(good)} of {count} sections {wants} have {need}"
    return True, [e for found in good for e in found], ""


def _items(judge: Judge, arg: dict[str, Any]) -> Outcome:
    """Valid items of each kind in ``has`` serving ``theme`` (one theme, or a list:
    any of them, or with ``each: true`` every one of them)."""
    theme = arg.get("theme")
    has = list(arg.get("has", ["targets", "actions"]))
    if isinstance(theme, list) and arg.get("each"):
        evidence: list[Evidence] = []
        for one in theme:
            ok, got, why = _items(judge, {"theme": one, "has": has})
            if not ok:
                return False, [], why
            evidence.extend(got)
        return True, evidence, ""
    wanted = None if theme is None else {str(t) for t in (
        theme if isinstance(theme, list) else [theme])}
    evidence = []
    missing, incomplete = [], []
    for want in has:
        kind = {"targets": "target", "actions": "action"}.get(want)
        if kind is None:
            raise ValueError(f"unknown 'items' kind '{want}'")
        index = judge.by_theme.get(kind, {})
        at = index.get(None, []) if wanted is None else sorted(
            {i for theme in wanted for i in index.get(theme, [])})
        tagged = [(item, s, bad) for _, item, s, _, bad in map(judge.items.__getitem__, at)]
        good = [judge.evidence(kind, item, s) for item, s, bad in tagged if not bad]
        if not good:
            missing.append(want)
            for item, s, bad in tagged[:3]:
                incomplete.append(f"{s.rel}:{item.at().line} {kind} "
                                  f"'{item.id or '?'}' lacks {', '.join(bad)}")
        evidence.extend(good)
    if missing:
        names = " or ".join(str(t) for t in (theme if isinstance(theme, list) else [theme]))
        tag = f" serving {judge.theme_field} {names}" if theme is not None else ""
        why = (f"no valid, complete {' or '.join(missing)}{tag} (an item serves its own "
               f"{judge.theme_field}, else its section's first)")
        if incomplete:
            why += "; not counted: " + "; ".join(incomplete)
        return False, [], why
    return True, evidence, ""


def _consultation(judge: Judge, arg: dict[str, Any]) -> Outcome:
    who = arg["consultee"]
    f = judge.plan.file
    found = [Evidence("consultation", _consultee_label(judge, who, c.when), f.file or
                      "plan.yaml", c.at().line, ref=who)
             for c in f.consultation if c.consultee == who and not invalid_fields(c)]
    if found:
        return True, found, ""
    vocab = judge.nation.vocabularies.get("consultees")
    label = vocab.label(who) if vocab else who
    return False, [], f"no consultation entry for '{who}' ({label})"


def _consultee_label(judge: Judge, who: str, when: Any) -> str:
    vocab = judge.nation.vocabularies.get("consultees")
    label = vocab.label(who) if vocab else who
    return f"{label} ({when})" if when else label


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


def _plan(judge: Judge, arg: dict[str, Any]) -> Outcome:
    plan = judge.plan
    name = arg["field"]
    value = _plan_value(plan, name)
    if value is None:
        return False, [], f"plan.yaml has no '{name}'"
    day = _as_date(value)
    for op, expected in arg.items():
        if op in ("field", "exists"):
            continue
        if op == "equals":
            ok = str(value) == str(expected)
        elif op == "on_or_before":
            ok = day is not None and (limit := _as_date(expected)) is not None \
                and day <= limit
        elif op == "on_or_after":
            ok = day is not None and (limit := _as_date(expected)) is not None \
                and day >= limit
        elif op in ("within_days_after", "no_later_than_days_after"):
            other = _as_date(_plan_value(plan, expected["field"]))
            if other is None or day is None:
                return False, [], f"plan.yaml has no '{expected['field']}'"
            days = (day - other).days
            ok = days <= int(expected["days"]) and (
                op == "no_later_than_days_after" or days >= 0)
        else:
            raise ValueError(f"unknown plan test '{op}'")
        if not ok:
            return False, [], f"'{name}' is {value}, not {op.replace('_', ' ')} {expected}"
    top = name.split(".")[0]
    f = plan.file
    line = f.at(top).line
    return True, [Evidence("plan", f"{name}: {value}", f.file or "plan.yaml", line,
                           ref=name)], ""


CONDITIONS = {"section": _section, "items": _items, "consultation": _consultation,
              "plan": _plan}


def _condition(judge: Judge, req: Requirement, kind: str, arg: Any) -> Outcome:
    if kind == "covered":
        return _covered(judge, req)
    test = CONDITIONS.get(kind)
    if test is None:
        raise ValueError(f"unknown condition '{kind}' in requirement {req.id}")
    return test(judge, arg)


def evaluate(plan: Plan, nation: Nation) -> list[Result]:
    judge = Judge(plan, nation)
    results = []
    for req in nation.requirements:
        why, gap = "", ""
        evidence: list[Evidence] = []
        met = False
        for alternative in req.met_by or ({"covered": True},):
            ok_all, found = True, []
            for kind, arg in alternative.items():
                ok, got, reason = _condition(judge, req, kind, arg)
                if not ok:
                    ok_all = False
                    if not why:
                        why, gap = reason, kind
                    break
                found.extend(got)
            if ok_all:
                met, evidence = True, found
                break
        results.append(Result(req, met, list(dict.fromkeys(evidence)),
                              "" if met else why, "" if met else gap))
    return results
