"""Figures in words: one way to print a value (with its unit) everywhere a plan's
numbers are published: the plan's sections and registers, and the annual review."""

from __future__ import annotations

# Units that only say "a count": the figure reads better without them.
_BARE_UNITS = {"", "number", "count", "n", "no.", "people", "children", "nifer"}


def number(value: float | int | None) -> str:
    """``62.1`` -> ``62.1``, ``70`` -> ``70``, ``66.0`` -> ``66.0`` (as written in the
    plan), ``12500`` -> ``12,500``. Computed values should be rounded first."""
    if value is None:
        return "?"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    text = repr(float(value))
    if "e" in text or "E" in text:
        return f"{value:,.6g}"
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-')):,}"
    return f"{sign}{whole}.{frac}" if frac else f"{sign}{whole}"


def rounded(value: float, places: int = 2) -> float | int:
    """Round a computed value for display: ``66.0527`` -> ``66.05``, ``70.0`` -> ``70``."""
    r = round(float(value), places)
    return int(r) if r.is_integer() else r


def with_unit(value: float | int | None, unit: str | None) -> str:
    """``62.1%``, ``55 per 10,000``, ``1,204`` (units that are only a count are left
    out)."""
    text = number(value)
    u = (unit or "").strip()
    if u.lower() in _BARE_UNITS:
        return text
    if u == "%" or u.startswith("%"):
        return text + u
    return f"{text} {u}"
