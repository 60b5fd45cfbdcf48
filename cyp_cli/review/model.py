"""The review model: what ``compare(old, new)`` finds, ready to be rendered.

Plain dataclasses holding model objects (``Target``, ``Action``, ``Section``,
``Requirement``) and plain values. Nothing here renders; ``document/`` turns a
:class:`Review` into the report. Display strings (figures with units) are given where
the wording matters for honesty (old and new values side by side), so every renderer
prints them the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..coverage import Result
from ..model.plan import Action, Actual, Plan, Section, Target
from ..regimes import Requirement
from .redline import Run
from .status import STATUS_ORDER, Assessment, Status

Item = TypeVar("Item", Target, Action, Section)


def current(new: Item | None, old: Item | None) -> Item:
    """A matched item's current version: the new one, or the old one if it was dropped
    (an item is matched only when at least one version has it)."""
    if new is not None:
        return new
    if old is None:
        raise ValueError("an item matched in neither version")
    return old

# --- targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One field of a target that differs between the versions."""

    field: str  # target.value | target.period | baseline.value | baseline.period |
    #             direction | indicator | unit
    label: str  # "Target value"
    old: Any  # raw values as in the plans
    new: Any
    old_text: str  # for display, with the unit: "70%"
    new_text: str
    goalpost: bool  # target, baseline or direction: a moved goalpost
    easier: bool | None = None  # True: the change makes the target easier to meet
    #                             (lower for increase, higher for decrease, later);
    #                             False: harder; None: neither or cannot tell


@dataclass
class TargetReview:
    """A target matched by id across the versions."""

    id: str
    old: Target | None  # None: added in the new version
    new: Target | None  # None: not in the new version at all
    actuals: list[Actual]  # both versions' actuals, one per period, oldest first
    assessment: Assessment  # against the current definition (new, else old)
    original: Assessment | None = None  # against the old definition, when it moved
    changes: list[Change] = field(default_factory=list)

    @property
    def target(self) -> Target:
        """The current definition: the new version's, or the old one if dropped."""
        return current(self.new, self.old)

    @property
    def status(self) -> Status:
        return self.assessment.status

    @property
    def indicator(self) -> str:
        return self.target.indicator or self.id

    @property
    def unit(self) -> str | None:
        return self.target.unit

    @property
    def section(self) -> str:
        return self.target.section

    @property
    def added(self) -> bool:
        return self.old is None and self.new is not None

    @property
    def dropped(self) -> bool:
        """Was in use in the old version and is gone or retired in the new one."""
        was_active = self.old is not None and not self.old.retired
        return was_active and (self.new is None or bool(self.new.retired))

    @property
    def reason(self) -> str | None:
        """Why it was dropped: the new version's ``retired`` text."""
        return self.new.retired if self.new is not None and self.new.retired else None

    @property
    def unexplained(self) -> bool:
        """Dropped with no recorded reason: flagged in the report."""
        return self.dropped and not self.reason

    @property
    def active(self) -> bool:
        """In use in the new version (present and not retired)."""
        return self.new is not None and not self.new.retired

    @property
    def moved(self) -> list[Change]:
        return [c for c in self.changes if c.goalpost]

    @property
    def goalposts_moved(self) -> bool:
        return bool(self.moved) and self.old is not None and self.new is not None


# --- actions ---------------------------------------------------------------------------

# Report order within a partner: what needs attention first.
ACTION_GROUPS = ("overdue", "in-progress", "planned", "done", "dropped", "removed")


@dataclass
class ActionReview:
    id: str
    old: Action | None
    new: Action | None
    group: str  # one of ACTION_GROUPS

    @property
    def action(self) -> Action:
        return current(self.new, self.old)

    @property
    def status(self) -> str | None:
        return self.new.status if self.new else None

    @property
    def old_status(self) -> str | None:
        return self.old.status if self.old else None

    @property
    def status_changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.status != self.new.status

    @property
    def due_changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.due != self.new.due


@dataclass
class PartnerActions:
    partner: str  # partner id ("" if none given)
    name: str  # partner's name (or the id when unknown)
    groups: dict[str, list[ActionReview]]  # ACTION_GROUPS order, empty groups left out

    @property
    def actions(self) -> list[ActionReview]:
        return [a for g in self.groups.values() for a in g]


# --- sections --------------------------------------------------------------------------


@dataclass
class SectionDiff:
    id: str
    old: Section | None
    new: Section | None
    moved_file: bool = False  # same id, another file
    retitled: bool = False  # same id, another title
    moved: bool = False  # same id, another place in the outline (parent or appendix)
    changed: bool = False  # the prose changed (words, not only wrapping)
    runs: list[Run] = field(default_factory=list)  # word-level redline when changed
    inserted: int = 0  # words
    deleted: int = 0

    @property
    def added(self) -> bool:
        return self.old is None

    @property
    def removed(self) -> bool:
        return self.new is None

    @property
    def renamed(self) -> bool:
        return self.moved_file or self.retitled

    @property
    def kind(self) -> str:
        """added | removed | renamed | moved | changed | unchanged (renamed, then moved,
        win over changed; check ``changed`` too)."""
        if self.added:
            return "added"
        if self.removed:
            return "removed"
        if self.renamed:
            return "renamed"
        if self.moved:
            return "moved"
        return "changed" if self.changed else "unchanged"

    @property
    def title(self) -> str:
        return current(self.new, self.old).title


# --- statutory coverage ----------------------------------------------------------------


@dataclass
class RequirementChange:
    requirement: Requirement
    then: Result | None
    now: Result | None

    @property
    def met_then(self) -> bool:
        return bool(self.then and self.then.met)

    @property
    def met_now(self) -> bool:
        return bool(self.now and self.now.met)

    @property
    def newly_met(self) -> bool:
        return self.met_now and not self.met_then

    @property
    def newly_missing(self) -> bool:
        return self.met_then and not self.met_now


@dataclass
class CoverageChange:
    items: list[RequirementChange]

    @property
    def newly_met(self) -> list[RequirementChange]:
        return [i for i in self.items if i.newly_met]

    @property
    def newly_missing(self) -> list[RequirementChange]:
        return [i for i in self.items if i.newly_missing]

    @property
    def still_missing(self) -> list[RequirementChange]:
        return [i for i in self.items if not i.met_then and not i.met_now]

    @property
    def met_then(self) -> int:
        return sum(i.met_then for i in self.items)

    @property
    def met_now(self) -> int:
        return sum(i.met_now for i in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    def get(self, req_id: str) -> RequirementChange | None:
        return next((i for i in self.items if i.requirement.id == req_id), None)


@dataclass
class StatutoryItem:
    """One objective, indicator or regulation item and what the plan reports on it."""

    key: str  # requirement id, or Annex A indicator id (a1 ... a6)
    label: str  # what it is, in words
    requirement: RequirementChange | None = None
    sections: list[str] = field(default_factory=list)  # ids of sections covering it (new)
    targets: list[TargetReview] = field(default_factory=list)

    @property
    def reported(self) -> bool:
        return bool(self.sections or self.targets)


@dataclass
class StatutoryGroup:
    """Wales: the child poverty strategic objectives, the Annex A indicators.
    England: the regulation 8 review items."""

    id: str  # wales.child-poverty.objectives | wales.annex-a | england.reg8
    title: str
    items: list[StatutoryItem]
    sections: list[str] = field(default_factory=list)  # sections covering the group
    requirement: RequirementChange | None = None  # the group's own requirement, if any

    @property
    def empty(self) -> bool:
        """The plan reports nothing on this group (a renderer may say so or skip it)."""
        return not self.sections and not any(i.reported for i in self.items)


# --- the review --------------------------------------------------------------------------


@dataclass
class Summary:
    targets_by_status: dict[Status, int]  # active targets, STATUS_ORDER
    targets_active: int
    targets_moved: int
    targets_added: int
    targets_dropped: int
    targets_dropped_unexplained: int
    sections_added: int
    sections_removed: int
    sections_renamed: int
    sections_changed: int
    actions_by_group: dict[str, int]
    coverage_met_then: int | None
    coverage_met_now: int | None
    coverage_total: int | None
    requirements_newly_met: int
    requirements_newly_missing: int


@dataclass
class Review:
    nation: str | None
    old: Plan
    new: Plan
    old_label: str
    new_label: str
    as_of: dt.date
    targets: list[TargetReview]  # new plan's order, then those only in the old plan
    actions: list[PartnerActions]
    sections: list[SectionDiff]  # new plan's order, removed ones after
    coverage: CoverageChange | None  # None when the nation is unknown
    statutory: list[StatutoryGroup]

    @property
    def moved(self) -> list[TargetReview]:
        """Moved goalposts: targets in both versions whose target, baseline or
        direction changed."""
        return [t for t in self.targets if t.goalposts_moved]

    @property
    def added_targets(self) -> list[TargetReview]:
        return [t for t in self.targets if t.added]

    @property
    def dropped_targets(self) -> list[TargetReview]:
        return [t for t in self.targets if t.dropped]

    @property
    def active_targets(self) -> list[TargetReview]:
        return [t for t in self.targets if t.active]

    @property
    def sections_added(self) -> list[SectionDiff]:
        return [s for s in self.sections if s.added]

    @property
    def sections_removed(self) -> list[SectionDiff]:
        return [s for s in self.sections if s.removed]

    @property
    def sections_renamed(self) -> list[SectionDiff]:
        return [s for s in self.sections if not s.added and not s.removed and s.renamed]

    @property
    def sections_moved(self) -> list[SectionDiff]:
        return [s for s in self.sections if s.moved]

    @property
    def sections_changed(self) -> list[SectionDiff]:
        return [s for s in self.sections if s.changed]

    def target(self, target_id: str) -> TargetReview | None:
        return next((t for t in self.targets if t.id == target_id), None)

    def section(self, section_id: str) -> SectionDiff | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def summary(self) -> Summary:
        active = self.active_targets
        by_status = {s: sum(t.status is s for t in active) for s in STATUS_ORDER}
        groups = {g: 0 for g in ("overdue", "in-progress", "planned", "done", "dropped",
                                 "removed")}
        for p in self.actions:
            for g, items in p.groups.items():
                groups[g] += len(items)
        cov = self.coverage
        return Summary(
            targets_by_status=by_status,
            targets_active=len(active),
            targets_moved=len(self.moved),
            targets_added=len(self.added_targets),
            targets_dropped=len(self.dropped_targets),
            targets_dropped_unexplained=sum(t.unexplained for t in self.targets),
            sections_added=len(self.sections_added),
            sections_removed=len(self.sections_removed),
            sections_renamed=len(self.sections_renamed),
            sections_changed=len(self.sections_changed),
            actions_by_group=groups,
            coverage_met_then=cov.met_then if cov else None,
            coverage_met_now=cov.met_now if cov else None,
            coverage_total=cov.total if cov else None,
            requirements_newly_met=len(cov.newly_met) if cov else 0,
            requirements_newly_missing=len(cov.newly_missing) if cov else 0,
        )
