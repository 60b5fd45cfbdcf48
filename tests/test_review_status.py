"""Target status: hand-computed cases for increase, decrease and maintain.

Periods stand for the date they end: 2009-10 ends 2010-03-31, 2013-14 ends 2014-03-31
(1461 days later: 2012 is a leap year), 2011-12 ends 2012-03-31 (731 days after the
baseline's end).
"""

from __future__ import annotations

import datetime as dt

import pytest

from cyp_cli.model.plan import Actual, Measure, Target
from cyp_cli.review.status import (
    MAINTAIN_TOLERANCE,
    Status,
    actuals_after_baseline,
    assess,
    expected_at,
    is_achieved,
    latest_actual,
)


def make(direction: str, base: tuple[float, str], goal: tuple[float, str],
         *actuals: tuple[str, float]) -> Target:
    return Target(
        id="t", indicator="x", direction=direction,
        baseline=Measure(value=base[0], period=base[1]),
        target=Measure(value=goal[0], period=goal[1]),
        actuals=[Actual(period=p, value=v) for p, v in actuals],
    )


# --- increase: 62.1 in 2009-10 -> 70 by 2013-14 ---------------------------------------------

# expected(2011-12) = 62.1 + 7.9 * 731 / 1461 = 66.05270...
# expected(2010-11) = 62.1 + 7.9 * 365 / 1461 = 64.07365...
INCREASE = ((62.1, "2009-10"), (70, "2013-14"))


def test_expected_at_hand_computed() -> None:
    t = make("increase", *INCREASE)
    assert expected_at(t, dt.date(2012, 3, 31)) == pytest.approx(62.1 + 7.9 * 731 / 1461)
    assert expected_at(t, dt.date(2012, 3, 31)) == pytest.approx(66.052704, abs=1e-6)
    assert expected_at(t, dt.date(2011, 3, 31)) == pytest.approx(64.073648, abs=1e-6)
    # At, before and after the ends: flat.
    assert expected_at(t, dt.date(2010, 3, 31)) == 62.1
    assert expected_at(t, dt.date(2009, 1, 1)) == 62.1
    assert expected_at(t, dt.date(2014, 3, 31)) == 70
    assert expected_at(t, dt.date(2016, 1, 1)) == 70


@pytest.mark.parametrize(("period", "value", "status"), [
    ("2011-12", 66.0, Status.OFF_TRACK),   # below 66.0527
    ("2011-12", 66.1, Status.ON_TRACK),    # above 66.0527
    ("2011-12", 70, Status.ACHIEVED),      # reached early
    ("2011-12", 71.5, Status.ACHIEVED),
    ("2010-11", 64.0, Status.OFF_TRACK),   # below 64.0736
    ("2010-11", 64.1, Status.ON_TRACK),
    ("2010-11", 55.0, Status.OFF_TRACK),   # got worse
    ("2013-14", 69.9, Status.OFF_TRACK),   # due now, not reached
    ("2013-14", 70.0, Status.ACHIEVED),
    ("2014-15", 69.0, Status.OFF_TRACK),   # after the target period
    ("2014-15", 70.5, Status.ACHIEVED),
])
def test_increase(period: str, value: float, status: Status) -> None:
    a = assess(make("increase", *INCREASE, (period, value)))
    assert a.status is status, a.why
    assert a.latest is not None and a.latest.period == period


def test_on_track_why_names_the_line() -> None:
    a = assess(make("increase", *INCREASE, ("2011-12", 66.1)))
    assert a.expected == pytest.approx(66.052704, abs=1e-6)
    assert a.why == ("2011-12: 66.1 is at or above the straight line to the target "
                     "(66.05 expected by then)")
    off = assess(make("increase", *INCREASE, ("2011-12", 66.0)))
    assert off.why == ("2011-12: 66.0 is below the straight line to the target "
                       "(66.05 expected by then)")


def test_exactly_on_the_line_is_on_track() -> None:
    # 2013 ends 2013-12-31, 2015 ends 2015-12-31 (730 days); 2014 ends half way.
    t = make("increase", (50, "2013"), (60, "2015"), ("2014", 55))
    assert expected_at(t, dt.date(2014, 12, 31)) == 55
    assert assess(t).status is Status.ON_TRACK
    t = make("decrease", (60, "2013"), (50, "2015"), ("2014", 55))
    assert assess(t).status is Status.ON_TRACK


def test_latest_actual_wins_whatever_the_order() -> None:
    t = make("increase", *INCREASE, ("2011-12", 60.0), ("2010-11", 64.5))
    a = assess(t)
    assert a.latest.period == "2011-12" and a.status is Status.OFF_TRACK
    assert [x.period for x in actuals_after_baseline(t)] == ["2010-11", "2011-12"]


def test_actuals_at_or_before_the_baseline_do_not_count() -> None:
    t = make("increase", *INCREASE, ("2009-10", 80), ("2008-09", 90))
    assert latest_actual(t) is None
    a = assess(t)
    assert a.status is Status.NO_DATA and a.why == "no figure since the baseline (2009-10)"


def test_actuals_passed_in_replace_the_targets_own() -> None:
    t = make("increase", *INCREASE, ("2010-11", 50))
    other = [Actual(period="2011-12", value=69)]
    assert assess(t).status is Status.OFF_TRACK
    assert assess(t, other).status is Status.ON_TRACK
    assert assess(t, []).status is Status.NO_DATA


# --- decrease: 12.0 in 2010 -> 9.0 by 2013 (calendar years) -----------------------------------

# 2010-12-31 -> 2013-12-31 is 1096 days. expected(2011) = 12 - 3 * 365 / 1096 = 11.000912...
# expected(2012-Q2, ends 2012-06-30, 547 days) = 12 - 3 * 547 / 1096 = 10.502737...
DECREASE = ((12.0, "2010"), (9.0, "2013"))


@pytest.mark.parametrize(("period", "value", "status"), [
    ("2011", 11.0, Status.ON_TRACK),       # at or below 11.0009
    ("2011", 11.01, Status.OFF_TRACK),
    ("2011", 12.5, Status.OFF_TRACK),
    ("2012-Q2", 10.5, Status.ON_TRACK),    # below 10.5027
    ("2012-Q2", 10.6, Status.OFF_TRACK),
    ("2012", 9.0, Status.ACHIEVED),
    ("2012", 8.2, Status.ACHIEVED),
    ("2013", 9.1, Status.OFF_TRACK),
])
def test_decrease(period: str, value: float, status: Status) -> None:
    t = make("decrease", *DECREASE, (period, value))
    assert assess(t).status is status, assess(t).why


def test_decrease_expected_hand_computed() -> None:
    t = make("decrease", *DECREASE)
    assert expected_at(t, dt.date(2011, 12, 31)) == pytest.approx(12 - 3 * 365 / 1096)
    assert expected_at(t, dt.date(2012, 6, 30)) == pytest.approx(10.502737, abs=1e-6)


# --- maintain: 95 in 2009-10, keep at 95 by 2013-14; tolerance 2% = 1.9 ------------------------


@pytest.mark.parametrize(("value", "status"), [
    (95, Status.ACHIEVED),
    (93.1, Status.ACHIEVED),   # 95 - 1.9
    (96.9, Status.ACHIEVED),   # 95 + 1.9
    (93.0, Status.OFF_TRACK),
    (97.0, Status.OFF_TRACK),  # no preferred side: outside the band is off track
])
def test_maintain(value: float, status: Status) -> None:
    assert MAINTAIN_TOLERANCE == 0.02
    t = make("maintain", (95, "2009-10"), (95, "2013-14"), ("2011-12", value))
    assert assess(t).status is status


def test_maintain_zero_means_exactly_zero() -> None:
    t = make("maintain", (0, "2009-10"), (0, "2013-14"), ("2011-12", 0))
    assert assess(t).status is Status.ACHIEVED
    t = make("maintain", (0, "2009-10"), (0, "2013-14"), ("2011-12", 0.1))
    assert assess(t).status is Status.OFF_TRACK


def test_maintain_tolerance_is_a_parameter() -> None:
    t = make("maintain", (100, "2009-10"), (100, "2013-14"), ("2011-12", 104))
    assert assess(t).status is Status.OFF_TRACK
    assert assess(t, tolerance=0.05).status is Status.ACHIEVED


# --- what cannot be judged -------------------------------------------------------------------


def test_no_data_cases() -> None:
    assert assess(make("increase", *INCREASE)).status is Status.NO_DATA
    t = make("increase", *INCREASE, ("2011-12", 66))
    t.direction = None
    assert assess(t).why == "the target has no direction"
    t = make("increase", *INCREASE, ("2011-12", 66))
    t.baseline = None
    assert assess(t).status is Status.NO_DATA
    t = make("increase", (62.1, "sometime"), (70, "2013-14"), ("2011-12", 66))
    assert assess(t).status is Status.NO_DATA
    t = make("increase", *INCREASE, ("not a period", 66))
    assert assess(t).status is Status.NO_DATA


def test_baseline_not_before_target_has_no_line() -> None:
    # Baseline and target for the same period (lint rule T002): no line to be on.
    t = make("increase", (60, "2012-13"), (70, "2012-13"), ("2013-14", 65))
    assert expected_at(t, dt.date(2013, 1, 1)) is None
    a = assess(t)
    assert a.status is Status.OFF_TRACK and "does not end before" in a.why
    t = make("increase", (60, "2012-13"), (70, "2012-13"), ("2013-14", 75))
    assert assess(t).status is Status.ACHIEVED


def test_is_achieved_rejects_unknown_direction() -> None:
    with pytest.raises(ValueError):
        is_achieved("sideways", 1, 1)


def test_status_words() -> None:
    assert [s.value for s in Status] == ["achieved", "on track", "off track", "no data"]
    assert Status.ON_TRACK.label == "On track"
    assert Status.NO_DATA.slug == "no-data"
