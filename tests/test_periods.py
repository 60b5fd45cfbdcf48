import datetime as dt

import pytest

from cyp_cli.model.periods import Span, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2010-11", dt.date(2010, 4, 1), dt.date(2011, 3, 31)),
        ("2010/11", dt.date(2010, 4, 1), dt.date(2011, 3, 31)),
        ("1999-00", dt.date(1999, 4, 1), dt.date(2000, 3, 31)),
        ("2011", dt.date(2011, 1, 1), dt.date(2011, 12, 31)),
        ("2011-Q2", dt.date(2011, 4, 1), dt.date(2011, 6, 30)),
        ("2011-04", dt.date(2011, 4, 1), dt.date(2011, 4, 30)),
        ("2012-02", dt.date(2012, 2, 1), dt.date(2012, 2, 29)),
        ("2011-06-30", dt.date(2011, 6, 30), dt.date(2011, 6, 30)),
    ],
)
def test_periods_read_as_spans(text: str, start: dt.date, end: dt.date) -> None:
    assert parse_period(text) == Span(start, end)


def test_financial_year_wins_over_month_when_both_read() -> None:
    # "2011-12" is the 2011-12 financial year, not December 2011: plans report by year.
    assert parse_period("2011-12") == Span(dt.date(2011, 4, 1), dt.date(2012, 3, 31))


@pytest.mark.parametrize("text", ["", "soon", "2010-13", "2011-Q5", "2011-02-30", "20111"])
def test_nonsense_is_not_a_period(text: str) -> None:
    assert parse_period(text) is None


def test_within() -> None:
    plan = Span(dt.date(2011, 4, 1), dt.date(2014, 3, 31))
    assert parse_period("2013-14").within(plan)
    assert not parse_period("2014-15").within(plan)
