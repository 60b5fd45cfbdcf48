"""``cyp import SOURCE DIR``: an existing plan (DOCX, ODT, HTML or Markdown) brought
into the plan folder contract as a draft, with ``import-report.md`` listing every
inference. The work is in ``importer/``; see docs/import.md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import fail

SHOWN_WARNINGS = 10


def import_(
    source: Annotated[Path, typer.Argument(
        metavar="SOURCE", help="The plan to import: .docx, .odt, .html or .md.")],
    directory: Annotated[Path, typer.Argument(
        metavar="DIR", help="Folder for the imported plan (created if missing; must be "
                            "empty).")],
    nation: Annotated[str, typer.Option(help="Whose law applies: wales or england.")],
    authority: Annotated[str | None, typer.Option(
        help="The local authority (default: read from the document).")] = None,
    period: Annotated[str | None, typer.Option(
        help="Plan period: 2011-2014 or 2011-04-01:2014-03-31 (default: read from the "
             "document).")] = None,
    split_level: Annotated[int | None, typer.Option(
        "--split-level", help="Heading level that starts a section (default: the level "
                              "of the core aim or outcome headings).")] = None,
) -> None:
    """Import an existing plan from Word, OpenDocument, HTML or Markdown as a draft."""
    import sys

    from ..importer import REPORT, ImportFailure, Options, import_plan

    try:
        outcome = import_plan(source, directory, Options(nation, authority, period,
                                                         split_level))
    except ImportFailure as exc:
        fail(str(exc))
    report = outcome.report
    for warning in report.warnings[:SHOWN_WARNINGS]:
        sys.stderr.write(f"cyp import: warning: {warning}\n")
    if len(report.warnings) > SHOWN_WARNINGS:
        sys.stderr.write(f"cyp import: {len(report.warnings) - SHOWN_WARNINGS} more "
                         f"warnings in {directory / REPORT}\n")
    print(f"Imported {source} into {directory}: {outcome.sections} sections, "
          f"{outcome.targets} targets, {outcome.actions} actions, {outcome.partners} "
          f"partners (status: draft).")
    print(f"Next: check the {len(report.to_check)} inferences listed in "
          f"{directory / REPORT}, then run 'cyp lint {directory}'.")
