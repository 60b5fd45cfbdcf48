"""Options more than one typer command takes, declared once. (``cyp lint`` declares
its own in ``lint.parser``: it never imports typer.)"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

PlanFolder = Annotated[Path | None, typer.Argument(
    help="The plan folder (default: the plan containing the current folder).")]

OutFolder = Annotated[str | None, typer.Option(
    "--out", "-o", help="Output folder (default: PLAN/dist).")]

Formats = Annotated[str, typer.Option(
    "--format", "-f", help="Formats, comma-separated: html, docx, pdf.")]

ALL_FORMATS = "html,docx,pdf"
