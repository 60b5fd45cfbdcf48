"""Compare two versions of a plan: ``compare(old, new) -> Review``.

Matching is by id everywhere: targets by target ``id``, actions by action ``id``,
sections by section ``id`` (front matter ``id``, else the file name). An item whose id
is missing in one version was added or removed; an id kept with another file name or
title is a rename.

- **Targets** get a status (``review/status.py``) from the latest actual of *both*
  versions (the new version's figure wins for a period both give; figures may come
  from front matter or ``data/actuals.csv``), judged against the current definition.
  Where the target, baseline or direction moved, the status against the old
  definition is given too (``TargetReview.original``), so a lowered target cannot turn
  "off track" into "achieved" unseen.
- A target is **dropped** when the old version used it and the new one has lost it
  or keeps it with ``retired: "why"``. Only the ``retired`` text counts as a recorded
  reason; a target that simply disappeared is flagged.
- **Actions** are grouped by partner (the new version's owner): overdue (due before
  ``as_of`` and neither done nor dropped), in progress, planned, done, dropped, and
  actions that disappeared without being marked dropped.
- **Sections**: added, removed, renamed (same id, new file or title), changed (the
  words of the prose differ; re-wrapping is not a change), with a word-level redline.
- **Coverage**: the nation's requirements evaluated on both versions
  (``coverage.evaluate``): newly met, newly missing.
- **Statutory progress**: Wales: the three child poverty strategic objectives
  (requirements ``wales.child-poverty.objective.*``, the sections that cover them and
  their targets) and the Annex A indicators (targets whose ``ref`` is an Annex A id,
  sections covering ``wales.annex-a.indicators``); England: the regulation 8 items
  (requirements ``england.reg8*``). Requirement ids are read from the nation's
  checklist, so new items under those prefixes are picked up.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from ..coverage import evaluate
from ..diagnostics import Diagnostic, InputError, Level
from ..figures import with_unit
from ..model.plan import Action, Actual, Measure, Plan, Section, Target
from ..regimes import Nation, load_nation
from .model import (
    ACTION_GROUPS,
    ActionReview,
    Change,
    CoverageChange,
    Item,
    PartnerActions,
    RequirementChange,
    Review,
    SectionDiff,
    StatutoryGroup,
    StatutoryItem,
    TargetReview,
    current,
)
from .redline import changed as runs_changed
from .redline import counts, prose, redline
from .status import assess

NATION_NAMES = {"wales": "Welsh", "england": "English"}


def compare(old: Plan, new: Plan, *, as_of: dt.date | None = None, old_label: str = "",
            new_label: str = "") -> Review:
    """The review of ``new`` against ``old`` (see the module docstring). ``as_of``
    (default today) decides which actions are overdue. InputError if the plans are of
    different nations."""
    nation_id = _nation_of(old, new)
    nation = load_nation(nation_id) if nation_id else None
    if nation is not None:
        # Both versions are judged by the regime of the new version's period start
        # (as lint judges it), so the review compares like with like.
        period = new.file.period
        day = period.start if period and period.start else dt.date.today()
        nation = nation.view(nation.regime_for(day)[0], day)
    targets = compare_targets(old, new)
    by_id = {t.id: t for t in targets}
    coverage = compare_coverage(old, new, nation) if nation else None
    return Review(
        nation=nation_id,
        old=old,
        new=new,
        old_label=old_label or old.file.title or "old",
        new_label=new_label or new.file.title or "new",
        as_of=as_of or dt.date.today(),
        targets=targets,
        actions=compare_actions(old, new, as_of or dt.date.today()),
        sections=compare_sections(old, new),
        coverage=coverage,
        statutory=statutory_groups(new, nation, coverage, by_id) if nation else [],
    )


def _nation_of(old: Plan, new: Plan) -> str | None:
    a, b = old.nation, new.nation
    if a and b and a != b:
        raise InputError(Diagnostic(
            "plan.yaml", 1, 1, "F000", Level.ERROR,
            f"cannot compare plans of different nations: the old version is a "
            f"{NATION_NAMES.get(a, a)} plan (nation: {a}), the new one "
            f"{NATION_NAMES.get(b, b)} (nation: {b})"))
    return b or a


# --- targets -----------------------------------------------------------------------------


def _by_id(items: Iterable[Item]) -> dict[str, Item]:
    out: dict[str, Item] = {}
    for item in items:
        if item.id:
            out.setdefault(item.id, item)  # a duplicate id (lint error): first wins
    return out


def _csv_rows(plan: Plan, target_id: str) -> list[Actual]:
    return [a for tid, a in plan.csv_actuals if tid == target_id]


def merged_actuals(target_id: str, old: Target | None, new: Target | None,
                   old_plan: Plan, new_plan: Plan) -> list[Actual]:
    """Every actual of the target in either version, one per period (the new
    version's first, front matter before data/actuals.csv), oldest first."""
    seen: set[object] = set()
    out: list[Actual] = []
    sources: list[Iterable[Actual]] = [
        new.actuals if new else [], _csv_rows(new_plan, target_id),
        old.actuals if old else [], _csv_rows(old_plan, target_id),
    ]
    for source in sources:
        for a in source:
            key = a.span if a.span is not None else str(a.period).strip()
            if a.value is None or key in seen:
                continue
            seen.add(key)
            out.append(a)
    return sorted(out, key=lambda a: (a.span is None, a.span or 0, str(a.period)))


def _same_period(a: Measure | None, b: Measure | None) -> bool:
    pa = a.period if a else None
    pb = b.period if b else None
    if pa is None or pb is None:
        return pa == pb
    sa = a.span if a is not None else None
    sb = b.span if b is not None else None
    if sa is not None and sb is not None:
        return sa == sb
    return str(pa).strip() == str(pb).strip()


def _value(m: Measure | None) -> float | None:
    return m.value if m is not None else None


def _same_value(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return float(a) == float(b)


def _later(a: Measure | None, b: Measure | None) -> bool | None:
    sa = a.span if a is not None and a.period is not None else None
    sb = b.span if b is not None and b.period is not None else None
    if sa is None or sb is None:
        return None
    return sb.end > sa.end


def target_changes(old: Target, new: Target) -> list[Change]:
    """What differs between two versions of a target (moved goalposts first)."""
    out: list[Change] = []
    ou, nu = old.unit, new.unit
    direction = new.direction or old.direction
    ov, nv = _value(old.target), _value(new.target)
    if not _same_value(ov, nv):
        easier = None
        if ov is not None and nv is not None and direction in ("increase", "decrease"):
            easier = (nv < ov) if direction == "increase" else (nv > ov)
        out.append(Change("target.value", "Target value", ov, nv, with_unit(ov, ou),
                          with_unit(nv, nu), True, easier))
    if not _same_period(old.target, new.target):
        op = old.target.period if old.target else None
        np_ = new.target.period if new.target else None
        out.append(Change("target.period", "Target period", op, np_, str(op), str(np_),
                          True, _later(old.target, new.target)))
    bo, bn = _value(old.baseline), _value(new.baseline)
    if not _same_value(bo, bn):
        out.append(Change("baseline.value", "Baseline value", bo, bn, with_unit(bo, ou),
                          with_unit(bn, nu), True))
    if not _same_period(old.baseline, new.baseline):
        op = old.baseline.period if old.baseline else None
        np_ = new.baseline.period if new.baseline else None
        out.append(Change("baseline.period", "Baseline period", op, np_, str(op), str(np_),
                          True))
    if (old.direction or None) != (new.direction or None):
        out.append(Change("direction", "Direction", old.direction, new.direction,
                          str(old.direction), str(new.direction), True))
    if (old.indicator or "").split() != (new.indicator or "").split():
        out.append(Change("indicator", "Indicator", old.indicator, new.indicator,
                          old.indicator or "", new.indicator or "", False))
    if (ou or "").strip() != (nu or "").strip():
        out.append(Change("unit", "Unit", ou, nu, ou or "", nu or "", False))
    return out


def compare_targets(old: Plan, new: Plan) -> list[TargetReview]:
    """Every target of either version, matched by id: the new version's order, then
    targets only the old version had."""
    olds = _by_id(old.targets)
    news = _by_id(new.targets)
    order = list(news) + [i for i in olds if i not in news]
    out = []
    for tid in order:
        o, n = olds.get(tid), news.get(tid)
        actuals = merged_actuals(tid, o, n, old, new)
        assessment = assess(current(n, o), actuals)
        changes = target_changes(o, n) if o is not None and n is not None else []
        original = None
        if o is not None and any(c.goalpost for c in changes):
            original = assess(o, actuals)
        out.append(TargetReview(tid, o, n, actuals, assessment, original, changes))
    return out


# --- actions -----------------------------------------------------------------------------


def action_group(action: Action, as_of: dt.date) -> str:
    """overdue | in-progress | planned | done | dropped."""
    status = action.status or "planned"
    if status in ("done", "dropped"):
        return status
    if action.due is not None and action.due < as_of:
        return "overdue"
    return status if status in ("in-progress", "planned") else "planned"


def compare_actions(old: Plan, new: Plan, as_of: dt.date) -> list[PartnerActions]:
    """Actions by partner (partners in plan.yaml order, unknown ones after), each
    partner's actions grouped in ACTION_GROUPS order, plan order within a group."""
    olds = _by_id(old.actions)
    news = _by_id(new.actions)
    reviews: list[ActionReview] = []
    for aid, n in news.items():
        reviews.append(ActionReview(aid, olds.get(aid), n, action_group(n, as_of)))
    for aid, o in olds.items():
        if aid not in news:
            group = "dropped" if o.status == "dropped" else "removed"
            reviews.append(ActionReview(aid, o, None, group))
    partner_order = [p.id for p in new.file.partners if p.id]
    partner_order += [p.id for p in old.file.partners if p.id and p.id not in partner_order]
    names = {p.id: p.name or p.id for p in old.file.partners if p.id}
    names.update({p.id: p.name or p.id for p in new.file.partners if p.id})
    by_partner: dict[str, list[ActionReview]] = {}
    for r in reviews:
        by_partner.setdefault(r.action.partner or "", []).append(r)
    keys = [p for p in partner_order if p in by_partner]
    keys += sorted(k for k in by_partner if k not in keys)
    out = []
    for key in keys:
        groups = {g: [r for r in by_partner[key] if r.group == g] for g in ACTION_GROUPS}
        out.append(PartnerActions(key, names.get(key, key or "No partner named"),
                                  {g: items for g, items in groups.items() if items}))
    return out


# --- sections ----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


def place(section: Section) -> tuple[str | None, bool]:
    """Where a section sits in the outline: its part (``parent``) and whether it is
    an appendix. Anchors are ids, so a move never breaks a link."""
    return section.meta.parent, bool(section.meta.appendix)


def section_diff(old: Section | None, new: Section | None) -> SectionDiff:
    sid = current(new, old).id
    diff = SectionDiff(sid, old, new)
    if old is None or new is None:
        return diff
    diff.moved_file = old.rel != new.rel
    diff.retitled = " ".join(old.title.split()) != " ".join(new.title.split())
    # Numbers shift whenever a section is added; a move is a new place in the tree.
    diff.moved = place(old) != place(new)
    if _words(old.body) != _words(new.body):
        runs = redline(prose(old.body), prose(new.body))
        diff.changed = runs_changed(runs)
        diff.runs = runs
        diff.inserted, diff.deleted = counts(runs)
    return diff


def compare_sections(old: Plan, new: Plan) -> list[SectionDiff]:
    """Primary-language sections matched by id: the new plan's order, then removed
    ones in the old plan's order."""
    olds: dict[str, Section] = {}
    for s in old.sections:
        olds.setdefault(s.id, s)
    news: dict[str, Section] = {}
    for s in new.sections:
        news.setdefault(s.id, s)
    out = [section_diff(olds.get(sid), s) for sid, s in news.items()]
    out += [section_diff(s, None) for sid, s in olds.items() if sid not in news]
    return out


# --- coverage and statutory progress -------------------------------------------------------


def compare_coverage(old: Plan, new: Plan, nation: Nation) -> CoverageChange:
    then = {r.requirement.id: r for r in evaluate(old, nation)}
    now = {r.requirement.id: r for r in evaluate(new, nation)}
    return CoverageChange([RequirementChange(req, then.get(req.id), now.get(req.id))
                           for req in nation.requirements])


def _covering(plan: Plan, req_id: str) -> list[str]:
    return [s.id for s in plan.sections if req_id in s.meta.covers]


def _section_targets(plan: Plan, section_ids: list[str],
                     by_id: dict[str, TargetReview]) -> list[TargetReview]:
    out = []
    for sid in section_ids:
        section = plan.section(sid)
        for t in section.meta.targets if section else []:
            if t.id in by_id and by_id[t.id] not in out:
                out.append(by_id[t.id])
    return out


def _requirement_items(plan: Plan, nation: Nation, coverage: CoverageChange | None,
                       prefix: str, by_id: dict[str, TargetReview]) -> list[StatutoryItem]:
    items = []
    for req in nation.requirements:
        if req.id != prefix and not req.id.startswith(prefix + "."):
            continue
        change = coverage.get(req.id) if coverage else None
        sections = _covering(plan, req.id)
        if change and change.now:
            # The sections holding its evidence (text, targets, actions), after those
            # that claim it in 'covers'.
            sections += [e.section for e in change.now.evidence
                         if e.section and e.section not in sections]
        items.append(StatutoryItem(req.id, req.summary, change, sections,
                                   _section_targets(plan, sections, by_id)))
    return items


def _annex_a(nation: Nation) -> dict[str, str]:
    vocab = nation.vocabularies.get("annex_a")
    return {str(k).lower(): str(v) for k, v in vocab.values.items()} if vocab else {}


def statutory_groups(plan: Plan, nation: Nation, coverage: CoverageChange | None,
                     by_id: dict[str, TargetReview]) -> list[StatutoryGroup]:
    """The nation's annual-review items, read from the new version of the plan."""
    if nation.id == "wales":
        objectives = StatutoryGroup(
            "wales.child-poverty.objectives",
            "Child poverty strategic objectives",
            _requirement_items(plan, nation, coverage, "wales.child-poverty.objective",
                               by_id))
        annex_req = "wales.annex-a.indicators"
        labels = _annex_a(nation)
        refs: dict[str, list[TargetReview]] = {}
        for t in by_id.values():
            ref = (t.target.ref or "").strip().lower()
            if t.active and (ref in labels or (not labels and re.fullmatch(r"a\d+", ref))):
                refs.setdefault(ref, []).append(t)
        items = [StatutoryItem(key, labels.get(key, key), None, [], refs.get(key, []))
                 for key in (list(labels) or sorted(refs))]
        annex = StatutoryGroup("wales.annex-a", "Annex A child poverty indicators", items,
                               _covering(plan, annex_req),
                               coverage.get(annex_req) if coverage else None)
        return [objectives, annex]
    if nation.id == "england":
        return [StatutoryGroup(
            "england.reg8", "Regulation 8: annual review of the plan",
            _requirement_items(plan, nation, coverage, "england.reg8", by_id))]
    return []

