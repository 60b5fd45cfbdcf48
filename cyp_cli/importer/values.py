"""Reading values out of table cells: a measure (``41.2 per 1,000 (2009-10)``), a
period, a due date, a status and a direction. Each reader returns None when the cell
does not say; the caller writes ``tbc`` with a reason, never a made-up value."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model.periods import parse_period

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_NUMBER = re.compile(r"(?<![\w.])[-−]?\d[\d,]*(?:\.\d+)?(?![\d])")
_PERIOD = re.compile(r"\b((?:19|20)\d{2}(?:\s*[-/–]\s*(?:\d{2}|(?:19|20)\d{2}))?)\b")
_PAREN_PERIOD = re.compile(r"\(\s*([^()]*?\d{4}[^()]*?)\s*\)\s*$")
_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([^\W\d_]+)\.?,?\s+(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b([^\W\d_]+)\.?,?\s+(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_EMPTY = {"", "-", "–", "—", "--", "n/a", "na", "tbc", "tbd", "?", "unknown", "not known",
          "none", "nil"}


def is_blank(cell: str) -> bool:
    return cell.strip().lower().strip(".") in _EMPTY


def normal_period(text: str) -> str | None:
    """A period as the contract writes it (``2009-10``, ``2012``), if ``text`` is one."""
    raw = re.sub(r"\s+", "", text).replace("–", "-").replace("/", "-")
    m = re.fullmatch(r"((?:19|20)\d{2})-((?:19|20)?\d{2})", raw)
    if m:
        first, second = int(m[1]), m[2]
        if len(second) == 4:
            if int(second) != first + 1:
                return None
            second = second[2:]
        candidate = f"{first}-{second}"
        return candidate if parse_period(candidate) else None
    if re.fullmatch(r"(?:19|20)\d{2}", raw):
        return raw
    return None


def find_period(text: str) -> str | None:
    """The last period written in ``text`` (``Target 2013-14`` -> ``2013-14``)."""
    found = None
    for m in _PERIOD.finditer(text):
        p = normal_period(m[1])
        if p:
            found = p
    return found


@dataclass(frozen=True)
class Measure:
    value: float | None
    unit: str | None
    period: str | None


def number(text: str) -> float | None:
    m = _NUMBER.search(text)
    if not m:
        return None
    try:
        return float(m[0].replace(",", "").replace("−", "-"))
    except ValueError:
        return None


def measure(cell: str) -> Measure:
    """``41.2 per 1,000 women (2009-10)`` -> 41.2, ``per 1,000 women``, ``2009-10``.
    A value that is a period only (``2012``) is not read as a number."""
    text = " ".join(cell.split())
    period = None
    m = _PAREN_PERIOD.search(text)
    if m and (p := normal_period(m[1]) or find_period(m[1])):
        period = p
        text = text[: m.start()].strip()
    if is_blank(text):
        return Measure(None, None, period)
    m2 = _NUMBER.search(text)
    if not m2 or normal_period(m2[0]):
        return Measure(None, None, period)
    try:
        value = float(m2[0].replace(",", "").replace("−", "-"))
    except ValueError:
        return Measure(None, None, period)
    unit = (text[: m2.start()] + text[m2.end():]).strip(" ,;:") or None
    return Measure(value, unit, period)


def due(cell: str, months: dict[str, int] | None = None) -> tuple[str | None, str]:
    """A due date as the contract writes it (``2012-03-31``, ``2012-03``, ``2012``)
    and how it was read (``day``, ``month``, ``year``, ``financial year`` or ``''``).
    ``months`` adds month names (other languages') to the English ones."""
    text = " ".join(cell.split())
    names = {**MONTHS, **(months or {})}
    if m := _ISO.search(text):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day"
        except ValueError:
            pass
    if m := _DAY_MONTH_YEAR.search(text):
        month = names.get(m[2].lower())
        if month:
            try:
                return dt.date(int(m[3]), month, int(m[1])).isoformat(), "day"
            except ValueError:
                pass
    if m := _SLASH_DATE.search(text):  # UK order: day/month/year
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat(), "day"
        except ValueError:
            pass
    for m in _MONTH_YEAR.finditer(text):
        month = names.get(m[1].lower())
        if month:
            return f"{int(m[2]):04d}-{month:02d}", "month"
    period = find_period(text)
    if period and "-" in period:  # a financial year: due at its end
        span = parse_period(period)
        if span:
            return span.end.isoformat(), "financial year"
    if period:
        return period, "year"
    return None, ""


_STATUS_WORDS = (  # first match wins: "not started" is planned, not in progress
    ("dropped", ("dropped", "cancelled", "canceled", "withdrawn", "stopped", "abandoned")),
    ("planned", ("planned", "not started", "not yet started", "proposed", "to start",
                 "scheduled")),
    ("in-progress", ("in progress", "in-progress", "on track", "ongoing", "on-going",
                     "started", "underway", "under way", "delayed", "behind")),
    ("done", ("done", "complete", "completed", "achieved", "delivered", "met", "finished")),
)


def status(cell: str, labels: dict[str, str] | None = None) -> str | None:
    low = " ".join(cell.lower().split())
    if labels and low in labels:
        return labels[low]
    for value, words in _STATUS_WORDS:
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in words):
            return value
    return None


def direction(cell: str, labels: dict[str, str] | None = None) -> str | None:
    low = cell.lower()
    if labels and " ".join(low.split()) in labels:
        return labels[" ".join(low.split())]
    if re.search(r"\b(decrease|reduce|reduction|lower|fewer|down|less)\b", low):
        return "decrease"
    if re.search(r"\b(increase|raise|higher|more|up)\b", low):
        return "increase"
    if re.search(r"\b(maintain|sustain|keep|stable|hold)\b", low):
        return "maintain"
    return None
