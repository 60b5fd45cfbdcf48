"""Where a target stands: achieved, on track, off track or no data.

A target has a baseline (value at a period), a target (value at a later period) and a
direction (``increase``, ``decrease`` or ``maintain``). Its status is judged from the
**latest actual**: of the actuals whose period ends after the baseline period ends,
the one whose period is latest (periods are read by ``model/periods.py``: ``2010-11``
is 1 April 2010 to 31 March 2011). Each period stands for the date it ends, because a
figure for 2011-12 describes the position reached by 31 March 2012.

**No data**
    No actual after the baseline, or the target cannot be judged (baseline or target
    value or period missing or unreadable, or no direction).

**Achieved**
    ``increase``: the latest actual is at or above the target value.
    ``decrease``: the latest actual is at or below the target value.
    ``maintain``: the latest actual is within the tolerance of the target value:
    ``|actual - target| <= MAINTAIN_TOLERANCE * |target|`` (2% of the target value,
    e.g. 93.1 to 96.9 for a target of 95; exactly the target when it is 0).
    A target reached early counts as achieved.

**On track** (``increase`` and ``decrease`` only)
    Not achieved, and the latest actual is at or better than the straight line from
    the baseline to the target at the end of the actual's period. The line joins
    (end of the baseline period, baseline value) and (end of the target period, target
    value); its value on a date between is interpolated linearly in days:
    ``expected = baseline + (target - baseline) * days(baseline end -> actual end) /
    days(baseline end -> target end)``. "Better" is at or above the line for
    ``increase``, at or below it for ``decrease``. After the target period has ended
    the line stays at the target value, so a target not achieved by its date is off
    track.

**Off track**
    Anything else: below the line (``increase``), above it (``decrease``), outside the
    tolerance (``maintain``: a maintain target has no "on track" between), or not
    achieved when the baseline period does not end before the target period (there
    is no line to be on).

All functions are pure: they read model objects and return values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from ..figures import number, rounded
from ..model.periods import Span
from ..model.plan import Actual, Measure, Target

MAINTAIN_TOLERANCE = 0.02  # relative: 2% of the target value
_EPS = 1e-9  # a figure exactly on the line (up to float rounding) is on it


class Status(str, Enum):
    ACHIEVED = "achieved"
    ON_TRACK = "on track"
    OFF_TRACK = "off track"
    NO_DATA = "no data"

    @property
    def label(self) -> str:
        """Sentence-case label for tables ("On track")."""
        return self.value[0].upper() + self.value[1:]

    @property
    def slug(self) -> str:
        """For CSS classes: ``achieved``, ``on-track``, ``off-track``, ``no-data``."""
        return self.value.replace(" ", "-")


# Report order: the ones that need attention first.
STATUS_ORDER = (Status.OFF_TRACK, Status.ON_TRACK, Status.ACHIEVED, Status.NO_DATA)


@dataclass(frozen=True)
class Assessment:
    """A target's status and the figures it was judged on."""

    status: Status
    latest: Actual | None = None  # the actual judged (None: no data)
    expected: float | None = None  # the on-track line's value at latest's period end
    why: str = ""  # one sentence, for the report and for tests

    @property
    def label(self) -> str:
        return self.status.label


def _span(m: Measure | None) -> Span | None:
    return m.span if m is not None and m.period is not None else None


def actuals_after_baseline(target: Target, actuals: Iterable[Actual] | None = None
                           ) -> list[Actual]:
    """The actuals (``target.actuals`` unless given) with a readable period ending
    after the baseline period ends, oldest first. Without a readable baseline period,
    every actual with a readable period."""
    base = _span(target.baseline)
    dated = [(span, a) for a in (target.actuals if actuals is None else actuals)
             if a.value is not None and (span := _span(a)) is not None
             and (base is None or span.end > base.end)]
    return [a for _, a in sorted(dated, key=lambda pair: pair[0])]


def latest_actual(target: Target, actuals: Iterable[Actual] | None = None) -> Actual | None:
    """The latest actual after the baseline (see :func:`actuals_after_baseline`)."""
    chosen = actuals_after_baseline(target, actuals)
    return chosen[-1] if chosen else None


def expected_at(target: Target, day: dt.date) -> float | None:
    """The on-track line's value on ``day``: linear in days from (baseline period end,
    baseline value) to (target period end, target value), flat at the target value
    after it and at the baseline value before it. None if there is no line."""
    b, g = target.baseline, target.target
    bs, gs = _span(b), _span(g)
    if b is None or g is None or b.value is None or g.value is None or bs is None or gs is None:
        return None
    if gs.end <= bs.end:
        return None
    if day >= gs.end:
        return float(g.value)
    if day <= bs.end:
        return float(b.value)
    fraction = (day - bs.end).days / (gs.end - bs.end).days
    return float(b.value) + (float(g.value) - float(b.value)) * fraction


def is_achieved(direction: str, actual: float, target: float,
                tolerance: float = MAINTAIN_TOLERANCE) -> bool:
    if direction == "increase":
        return actual >= target - _EPS * max(1.0, abs(target))
    if direction == "decrease":
        return actual <= target + _EPS * max(1.0, abs(target))
    if direction == "maintain":
        return abs(actual - target) <= tolerance * abs(target) + _EPS * max(1.0, abs(target))
    raise ValueError(f"unknown direction '{direction}'")


def assess(target: Target, actuals: Iterable[Actual] | None = None, *,
           tolerance: float = MAINTAIN_TOLERANCE) -> Assessment:
    """The target's status from its latest actual (``target.actuals`` unless
    ``actuals`` is given, e.g. actuals gathered from two versions of the plan)."""
    b, g, direction = target.baseline, target.target, target.direction
    if direction not in ("increase", "decrease", "maintain"):
        return Assessment(Status.NO_DATA, why="the target has no direction")
    if g is None or g.value is None or _span(g) is None:
        return Assessment(Status.NO_DATA, why="the target has no readable target value "
                          "and period")
    if b is None or b.value is None or _span(b) is None:
        return Assessment(Status.NO_DATA, why="the target has no readable baseline value "
                          "and period")
    latest = latest_actual(target, actuals)
    if latest is None:
        return Assessment(Status.NO_DATA, why=f"no figure since the baseline ({b.period})")
    value, goal, latest_span, goal_span = latest.value, g.value, _span(latest), _span(g)
    # actuals_after_baseline keeps only actuals with a value and a readable period
    assert value is not None and latest_span is not None and goal_span is not None
    end = latest_span.end
    expected = expected_at(target, end)
    if is_achieved(direction, value, goal, tolerance):
        if direction == "maintain":
            why = (f"{latest.period}: {_num(value)} is within {tolerance:.0%} of the target "
                   f"{_num(goal)}")
        else:
            why = f"{latest.period}: {_num(value)} has reached the target {_num(goal)}"
        return Assessment(Status.ACHIEVED, latest, expected, why)
    if direction == "maintain":
        return Assessment(Status.OFF_TRACK, latest, expected,
                          f"{latest.period}: {_num(value)} is more than {tolerance:.0%} "
                          f"from the target {_num(goal)}")
    if expected is None:
        return Assessment(Status.OFF_TRACK, latest, None,
                          f"{latest.period}: {_num(value)} has not reached the target "
                          f"{_num(goal)}, and the baseline period does not end before the "
                          "target period")
    if end >= goal_span.end:
        return Assessment(Status.OFF_TRACK, latest, expected,
                          f"{latest.period}: {_num(value)}; the target {_num(goal)} was due "
                          f"by {g.period}")
    better = "at or above" if direction == "increase" else "at or below"
    on = (value >= expected - _EPS * max(1.0, abs(expected)) if direction == "increase"
          else value <= expected + _EPS * max(1.0, abs(expected)))
    if on:
        return Assessment(Status.ON_TRACK, latest, expected,
                          f"{latest.period}: {_num(value)} is {better} the straight line "
                          f"to the target ({_num(rounded(expected))} expected by then)")
    worse = "below" if direction == "increase" else "above"
    return Assessment(Status.OFF_TRACK, latest, expected,
                      f"{latest.period}: {_num(value)} is {worse} the straight line to the "
                      f"target ({_num(rounded(expected))} expected by then)")


def _num(value: float | int) -> str:
    return number(value)
