"""What a target's period means, as a span of dates.

Plans report by financial year (1 April to 31 March) or academic year, written
``2010-11``. We read:

- ``2010-11``: the financial year 1 April 2010 to 31 March 2011 (the second part must be
  the next year's last two digits; ``2010/11`` is accepted too);
- ``2011``: the calendar year;
- ``2011-Q2``: a calendar quarter;
- ``2011-04`` (a month that is not a year suffix) and ``2011-04-01``: that month or day.

Anything else is not a period (rule T008), and so is a year outside 1000-9998:
``9999-00`` would end in the year 10000, which no date can hold, and a period next to
the calendar's edge leaves no room for the arithmetic that charts and reviews do.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

# re.ASCII: \d would otherwise take Arabic-Indic and other digits int() reads.
_FY = re.compile(r"^(\d{4})[-/](\d{2})$", re.ASCII)
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.I | re.ASCII)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII)
FIRST_YEAR, LAST_YEAR = 1000, 9998


class Span(NamedTuple):
    """A span of days, both ends included."""

    start: dt.date
    end: dt.date

    def within(self, other: Span) -> bool:
        return other.start <= self.start and self.end <= other.end


def _last_day(year: int, month: int) -> int:
    """The number of days in the month (calendar.monthrange's answer, without the
    import on lint's start-up path)."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def parse_period(text: str) -> Span | None:
    span = _parse(str(text).strip())
    if span is None or not (span.start.year >= FIRST_YEAR and span.end.year <= LAST_YEAR):
        return None
    return span


@lru_cache(maxsize=4096)  # a plan writes a few dozen distinct periods thousands of times
def _parse(text: str) -> Span | None:
    if m := _FY.match(text):
        year, suffix = int(m[1]), int(m[2])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return None
        if (year + 1) % 100 == suffix:
            return Span(dt.date(year, 4, 1), dt.date(year + 1, 3, 31))
        if 1 <= suffix <= 12:
            last = _last_day(year, suffix)
            return Span(dt.date(year, suffix, 1), dt.date(year, suffix, last))
        return None
    if m := _YEAR.match(text):
        year = int(m[1])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return None
        return Span(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if m := _QUARTER.match(text):
        year, q = int(m[1]), int(m[2])
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return None
        first = 3 * (q - 1) + 1
        last = _last_day(year, first + 2)
        return Span(dt.date(year, first, 1), dt.date(year, first + 2, last))
    if _DATE.match(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            return None
        return Span(day, day)
    return None
