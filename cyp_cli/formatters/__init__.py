"""Output formats for diagnostics, one module each. Every formatter is a function
``format(report, diagnostics) -> str`` registered in :data:`FORMATS`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..check import Report
    from ..diagnostics import Diagnostic

Formatter = Callable[["Report", "list[Diagnostic]"], str]

FORMATS = ("text", "json", "sarif", "github")


def get(name: str) -> Formatter:
    if name not in FORMATS:
        raise ValueError(f"unknown format '{name}' (choose from {', '.join(FORMATS)})")
    return importlib.import_module(f"{__name__}.{name}").format  # type: ignore[no-any-return]
