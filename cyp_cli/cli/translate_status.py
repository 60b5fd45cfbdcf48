"""``cyp translate-status``: each section's translation state, for the translation
team (a table, or CSV for a spreadsheet)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer


def translate_status(
    plan: Annotated[Path, typer.Argument(help="The plan folder.")] = Path("."),
    csv_out: Annotated[bool, typer.Option("--csv", help="Write CSV to stdout.")] = False,
) -> None:
    """List each section's translation: missing, stale (source changed since) or current.

    Exit status 1 when any translation is missing or stale, so it can gate a release.
    """
    from ..model.load import load_plan
    from ..translations import twin_states

    loaded = load_plan(plan)
    states = twin_states(loaded.plan)
    if not states:
        print("plan.yaml lists one language: nothing to translate", file=sys.stderr)
        raise typer.Exit(0)
    rows = [(s.source.rel, s.lang, s.state,
             s.twin.rel if s.twin else s.expected_file,
             s.source_changed.isoformat() if s.source_changed else "",
             s.twin_changed.isoformat() if s.twin_changed else "") for s in states]
    header = ("section", "language", "state", "translation", "source_changed",
              "translation_changed")
    if csv_out:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
    else:
        width = max(len(r[0]) for r in rows)
        for r in rows:
            print(f"{r[0]:<{width}}  {r[1]}  {r[2]:<7}  {r[3]}")
        counts = {k: sum(1 for r in rows if r[2] == k) for k in ("current", "stale", "missing")}
        print(", ".join(f"{n} {k}" for k, n in counts.items()))
    raise typer.Exit(1 if any(s.state != "current" for s in states) else 0)
