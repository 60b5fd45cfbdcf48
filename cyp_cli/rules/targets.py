"""T: targets are measurable and honest.

Periods are read by ``model/periods.py`` (``2010-11`` is the financial year from
1 April 2010). A target's period must fall inside the plan period; its baseline must
come before it; the direction must agree with the numbers; figures need a source.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Level, did_you_mean
from ..model.load import ACTUALS_CSV
from . import rule
from .context import Context

E, W = Level.ERROR, Level.WARNING


@rule("T001", E, "Target period outside the plan period")
def target_outside_period(ctx: Context) -> Iterator[Diagnostic]:
    """A target must be due within the plan period, or the plan promises nothing
    it can be held to.

    FAIL (plan period 2011-04-01 to 2014-03-31)::

        target: {value: 80, period: 2015-16}

    PASS::

        target: {value: 80, period: 2013-14}
    """
    period = ctx.plan.file.period
    span = period.span if period else None
    if span is None:
        return
    for t in ctx.plan.targets:
        if t.target and t.target.span and not t.target.span.within(span):
            yield Diagnostic.at(
                t.target.at("period"), "T001", E,
                f"target '{t.id}' is for {t.target.period}, outside the plan period "
                f"{span.start} to {span.end}",
            )


@rule("T002", E, "Baseline not before the target")
def baseline_after_target(ctx: Context) -> Iterator[Diagnostic]:
    """The baseline describes where things stood before the work; its period must
    end before the target's period ends.
    """
    for t in ctx.plan.targets:
        b, g = t.baseline, t.target
        if b and g and b.span and g.span and b.span.end >= g.span.end:
            yield Diagnostic.at(
                b.at("period"), "T002", E,
                f"target '{t.id}': baseline period {b.period} is not before the target "
                f"period {g.period}",
            )


@rule("T003", E, "Direction disagrees with baseline and target")
def direction_mismatch(ctx: Context) -> Iterator[Diagnostic]:
    """``direction: increase`` needs a target above the baseline, ``decrease`` one
    below it, ``maintain`` the same value. A mismatch usually means a typo in a
    figure, or a target that would count getting worse as success.

    FAIL::

        direction: decrease
        baseline: {value: 12.4, period: 2009-10}
        target: {value: 14.0, period: 2013-14}
    """
    for t in ctx.plan.targets:
        if not (t.baseline and t.target and t.direction):
            continue
        b, g = t.baseline.value, t.target.value
        if b is None or g is None:
            continue
        ok = {"increase": g > b, "decrease": g < b, "maintain": g == b}[t.direction]
        if not ok:
            yield Diagnostic.at(
                t.at("direction"), "T003", E,
                f"target '{t.id}' says {t.direction} but goes from {b} to {g}",
            )


@rule("T004", W, "Target without a data source")
def missing_source(ctx: Context) -> Iterator[Diagnostic]:
    """Each target should name where its figures come from, so the annual review can
    be checked against the same source.
    """
    for t in ctx.plan.targets:
        if not t.source:
            yield Diagnostic.at(t.at("id"), "T004", W, f"target '{t.id}' has no 'source'")


@rule("T005", W, "Actual not after the baseline")
def actual_before_baseline(ctx: Context) -> Iterator[Diagnostic]:
    """A measured actual should be for a period after the baseline's; an earlier one
    is usually the baseline entered twice or a mistyped period.
    """
    for t in ctx.plan.targets:
        if not (t.baseline and t.baseline.span):
            continue
        for a in t.actuals:
            if a.span and a.span.end <= t.baseline.span.end:
                yield Diagnostic.at(
                    a.at("period"), "T005", W,
                    f"target '{t.id}': actual for {a.period} is not after the baseline "
                    f"period {t.baseline.period}",
                )


@rule("T006", E, "data/actuals.csv disagrees with front matter")
def csv_conflict(ctx: Context) -> Iterator[Diagnostic]:
    """``data/actuals.csv`` and a section's front matter give different values for
    the same target and period. Front matter wins in the build; fix one of them.
    """
    targets = {t.id: t for t in ctx.plan.targets}
    for target_id, actual in ctx.plan.csv_actuals:
        t = targets.get(target_id)
        if t is None:
            continue
        for a in t.actuals:
            if a.origin != ACTUALS_CSV and a.period == actual.period and a.value != actual.value:
                yield Diagnostic.at(
                    actual.at(), "T006", E,
                    f"target '{target_id}' {actual.period}: {actual.value} here but "
                    f"{a.value} in {t.section} (line {a.at().line})",
                )


@rule("T007", E, "data/actuals.csv row is invalid")
def csv_unknown_target(ctx: Context) -> Iterator[Diagnostic]:
    """Each row of ``data/actuals.csv`` needs a known target id, a period and a
    number (header ``target,period,value,source``). The loader reports malformed
    rows; this rule reports target ids that no section defines.
    """
    targets = {t.id for t in ctx.plan.targets}
    for target_id, actual in ctx.plan.csv_actuals:
        if target_id not in targets:
            yield Diagnostic.at(
                actual.at(), "T007", E,
                f"no target '{target_id}' in the plan" + did_you_mean(target_id, targets),
            )


@rule("T008", E, "Unreadable period")
def bad_period(ctx: Context) -> Iterator[Diagnostic]:
    """Periods are written ``2010-11`` (financial year from 1 April), ``2011``
    (calendar year), ``2011-Q2`` or an ISO date. Anything else cannot be compared.
    """
    for t in ctx.plan.targets:
        measures = [("baseline", t.baseline), ("target", t.target)]
        measures += [("actual", a) for a in t.actuals]
        for name, m in measures:
            if m is not None and m.period is not None and m.span is None:
                yield Diagnostic.at(
                    m.at("period") if m.pos.get("period") else m.at(), "T008", E,
                    f"target '{t.id}': {name} period '{m.period}' is not a period "
                    "(write e.g. 2011-12 for a financial year)",
                )


@rule("T009", W, "Target figures to be confirmed")
def incomplete_target(ctx: Context) -> Iterator[Diagnostic]:
    """A baseline or target figure not known yet (``value: tbc``), or a figure with no
    period. The plan builds and shows "to be confirmed"; the annual review cannot
    judge progress until both figures and periods are set. One finding per target
    names everything missing; a ``note`` says why.

    WARN::

        baseline: {value: tbc, note: first survey in autumn 2011}
        target: {value: 80, period: 2013-14}
    """
    for t in ctx.plan.targets:
        if t.missing:
            notes = [m.note for m in (t.baseline, t.target) if m is not None and m.note]
            yield Diagnostic.at(
                t.at("id"), "T009", W,
                f"target '{t.id}' has no " + ", ".join(t.missing) + " yet"
                + (f" ({'; '.join(notes)})" if notes else ""),
            )
