"""Reading cells (``importer/values.py``): measures, periods, due dates, statuses and
directions; a cell that does not say gives None, never a made-up value."""

from __future__ import annotations

import pytest

from cyp_cli.importer import values


@pytest.mark.parametrize(("cell", "expected"), [
    ("41.2 per 1,000 women aged 15-17 (2009-10)", (41.2, "per 1,000 women aged 15-17", "2009-10")),
    ("58.0% (2009-10)", (58.0, "%", "2009-10")),
    ("1,230", (1230.0, None, None)),
    ("79 (31 March 2010)", (79.0, None, "2010")),
    ("6.0%", (6.0, "%", None)),
    ("TBC", (None, None, None)),
    ("– ", (None, None, None)),
    ("to be set when the national measure is published", (None, None, None)),
    ("2012", (None, None, None)),  # a year is not a value
])
def test_measure(cell: str, expected: tuple) -> None:
    m = values.measure(cell)
    assert (m.value, m.unit, m.period) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2009-10", "2009-10"), ("2009/10", "2009-10"), ("2009/2010", "2009-10"),
    ("2012", "2012"), ("2009-14", None), ("Target", None),
])
def test_normal_period(text: str, expected: str | None) -> None:
    assert values.normal_period(text) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("31 March 2012", ("2012-03-31", "day")),
    ("1st September 2013", ("2013-09-01", "day")),
    ("2012-03-31", ("2012-03-31", "day")),
    ("31/03/2014", ("2014-03-31", "day")),
    ("March 2013", ("2013-03", "month")),
    ("Sept 2013", ("2013-09", "month")),
    ("2012-13", ("2013-03-31", "financial year")),
    ("2014", ("2014", "year")),
    ("Ongoing", (None, "")),
    ("31 Febtober 2012", ("2012", "year")),
])
def test_due(cell: str, expected: tuple) -> None:
    assert values.due(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("Done", "done"), ("Completed", "done"), ("In progress", "in-progress"),
    ("On track", "in-progress"), ("Not started", "planned"), ("Planned", "planned"),
    ("Cancelled", "dropped"), ("Amber", None), ("", None),
])
def test_status(cell: str, expected: str | None) -> None:
    assert values.status(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("Decrease", "decrease"), ("Reduce the rate", "decrease"), ("Increase", "increase"),
    ("Maintain", "maintain"), ("Improve", None), ("", None),
])
def test_direction(cell: str, expected: str | None) -> None:
    assert values.direction(cell) == expected
