"""Figures in words: the one place that prints a number, an amount of money, a
percentage or a date for a published document (the plan's sections and registers,
and the annual review), in the edition's locale.

Digits, separators, currency and month names come from the CLDR data that Babel
ships (en-GB and cy-GB), not from hand-written patterns: "£410,000" in both
languages, "28 Mawrth 2011" in Welsh. Babel is imported on first use, so ``cyp lint``
(which never formats a figure) does not load it.

A figure from the plan prints with the decimals its author wrote (``66.0`` stays
``66.0``); a value cyp computes (the review's "expected by then") is first rounded
with :func:`like` to the precision of the figure it is compared with.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Any

# Units that only say "a count": the figure reads better without them, and a unit
# that starts with one ("number a year") keeps only the rest ("35 a year").
_BARE_UNITS = {"", "number", "count", "n", "no.", "people", "children", "nifer"}
_CURRENCIES = {"£": "GBP", "GBP": "GBP"}
# An edition's language -> the CLDR locale its figures follow.
LOCALES = {"en": "en_GB", "cy": "cy_GB"}


def locale_of(lang: str) -> str:
    """``en`` or ``en-GB`` -> ``en_GB``; a language cyp has no locale for is written
    as British English is."""
    base = lang.replace("-", "_").split("_")[0].lower()
    return LOCALES.get(base, "en_GB")


def places(value: float | int) -> int:
    """How many decimals the value was written with: ``66.0`` -> 1, ``70`` -> 0."""
    if isinstance(value, (int, bool)):
        return 0
    text = repr(float(value))
    if "e" in text or "E" in text:
        exponent = Decimal(text).as_tuple().exponent
        return max(0, -int(exponent)) if isinstance(exponent, int) else 0
    return len(text.partition(".")[2].rstrip()) if "." in text else 0


def _decimal(value: float | int) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(int(value))


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and \
        value == value and value not in (float("inf"), float("-inf"))


# A report prints the same few hundred figures many times; typed, since 66 and 66.0
# print differently.
@lru_cache(maxsize=4096, typed=True)
def number(value: float | int | None, lang: str = "en", decimals: int | None = None
           ) -> str:
    """``62.1`` -> ``62.1``, ``66.0`` -> ``66.0`` (as written in the plan), ``12500``
    -> ``12,500``, in the locale of ``lang``; ``decimals`` fixes the places."""
    if value is None:
        return "?"
    if not _finite(value):
        return str(value)
    from babel import numbers  # on first use: lint never loads Babel
    d = places(value) if decimals is None else decimals
    return str(numbers.format_decimal(_decimal(value), format=_pattern(d),
                                      locale=locale_of(lang), decimal_quantization=True))


def rounded(value: float, places: int = 2) -> float | int:
    """Round a computed value for display: ``66.0527`` -> ``66.05``, ``70.0`` -> ``70``."""
    r = round(float(value), places)
    return int(r) if r.is_integer() else r


def like(value: float, reference: float | int | None) -> float | int:
    """A computed value rounded to the precision of the figure it is compared with:
    75.49 against a target of 110 -> 75; 63.32 against 100.0 -> 63.3."""
    if reference is None or not _finite(reference):
        return rounded(value)
    d = places(reference)
    r = round(float(value), d)
    return int(r) if d == 0 else r


@lru_cache(maxsize=4096, typed=True)
def with_unit(value: float | int | None, unit: str | None, lang: str = "en",
              decimals: int | None = None) -> str:
    """A figure with its unit, in the locale of ``lang``: ``62.1%``, ``£410,000``,
    ``55 per 10,000``, ``35 a year``, ``1,204`` (units that only say "a count" are left
    out). The unit is given already in the edition's language."""
    u = (unit or "").strip()
    if value is None or not _finite(value):
        return number(value, lang, decimals)
    from babel import numbers  # on first use: lint never loads Babel
    d = places(value) if decimals is None else decimals
    locale = locale_of(lang)
    head, _, rest = u.partition(" ")
    if head in _CURRENCIES:
        text = numbers.format_currency(_decimal(value), _CURRENCIES[head],
                                       format="¤" + _pattern(d), locale=locale,
                                       currency_digits=False, decimal_quantization=True)
        return f"{text} {rest}".strip()
    if head.startswith("%"):
        text = numbers.format_percent(_decimal(value) / 100, format=_pattern(d) + "%",
                                      locale=locale, decimal_quantization=True)
        return text + u[1:]
    text = number(value, lang, d)
    if u.lower() in _BARE_UNITS:
        return text
    if head.lower() in _BARE_UNITS and rest:
        return f"{text} {rest}"
    return f"{text} {u}"


def long_date(day: dt.date | None, lang: str = "en") -> str:
    """``28 March 2011``, ``28 Mawrth 2011``: the locale's long date."""
    if day is None:
        return ""
    from babel import dates  # on first use: lint never loads Babel
    return str(dates.format_date(day, format="long", locale=locale_of(lang)))


def month_year(day: dt.date, lang: str = "en") -> str:
    """``March 2011``, ``Mawrth 2011``."""
    from babel import dates  # on first use: lint never loads Babel
    return str(dates.format_skeleton("yMMMM", day, locale=locale_of(lang)))
