"""``cyp targets export`` and ``cyp targets import``: the targets register as a
spreadsheet for the data officer, and the figures back into ``data/actuals.csv``."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_FINDINGS, fail, report_file

app = typer.Typer(help="Export the targets register; import actuals from a spreadsheet.",
                  no_args_is_help=True)


class Format(str, Enum):
    csv = "csv"


@app.command("export")
def export(
    plan: Annotated[Path, typer.Argument(help="The plan folder.")] = Path("."),
    format: Annotated[Format, typer.Option("--format", help="Only csv for now.")] = Format.csv,
    output: Annotated[Path | None, typer.Option("--output", "-o",
                                                help="Write to FILE instead of stdout.")] = None,
    plain: Annotated[bool, typer.Option(
        "--plain", help="No BOM and \\n line ends (for scripts rather than Excel).")] = False,
) -> None:
    """Write the targets register as CSV: one row per target and period, with the
    figures already recorded; fill in 'value' (and 'source') and import it back."""
    from ..fsutil import write_atomic
    from ..model.load import load_plan
    from ..targets_io import export_targets

    loaded = load_plan(plan)
    if output is not None:
        report_file(output, [loaded.plan.root], "the register")
    text = export_targets(loaded.plan, excel=not plain)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text.encode("utf-8"))
        print(f"wrote {output}", file=sys.stderr)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The filled-in CSV.")],
    plan: Annotated[Path, typer.Argument(help="The plan folder.")] = Path("."),
    dry_run: Annotated[bool, typer.Option("--dry-run",
                                          help="Check the file; write nothing.")] = False,
) -> None:
    """Check a filled-in register and add its new figures to data/actuals.csv.

    Nothing is written if any row is wrong (unknown target, malformed number or period,
    a figure that disagrees with one already recorded); each problem is reported with
    its line. Exit status: 0 imported (or nothing new), 1 problems found.
    """
    from ..model.load import load_plan
    from ..targets_io import import_actuals

    if not file.is_file():
        why = ("is a folder: name the CSV file" if file.is_dir() else
               "is not a regular file" if file.exists() else "no such file")
        fail(f"{file}: {why}")
    report = import_actuals(load_plan(plan).plan, file, dry_run=dry_run)
    for d in report.diagnostics:
        print(d)
    if not report.ok:
        fail(f"{len(report.diagnostics)} problem(s); nothing written", EXIT_FINDINGS)
    verb = "would add" if dry_run else "added"
    print(f"{verb} {len(report.added)} figure(s) to data/actuals.csv; "
          f"{report.unchanged} already recorded, {report.blank} blank rows skipped",
          file=sys.stderr)
