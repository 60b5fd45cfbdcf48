"""GitHub Actions workflow commands: each finding becomes an annotation on the pull
request (``::error file=...,line=...,col=...,title=CODE::message``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..diagnostics import CONTROL, Level

if TYPE_CHECKING:
    from . import Run

COMMAND = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def _escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    # A control character would reach the log raw (ESC rewrites the runner's terminal).
    text = CONTROL.sub(lambda m: f"%{ord(m[0]):02X}", text)
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format(runs: Sequence[Run], *, color: bool = False) -> str:
    return "\n".join(
        f"::{COMMAND[d.level]} file={_escape(d.file, True)},line={d.line},col={d.col},"
        f"title={_escape(d.code, True)}::{_escape(d.message)}"
        for _, diagnostics in runs for d in diagnostics
    )
