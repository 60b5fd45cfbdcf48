"""``cyp init DIR``: a new plan folder from the nation's scaffold (``templates/<nation>/
init.yaml``): plan.yaml, a README and one stub section per statutory requirement group,
each quoting the guidance and marked ``TODO``. The work is in ``scaffold.py``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .common import fail


def init(
    directory: Annotated[Path, typer.Argument(
        metavar="DIR", help="Folder for the new plan (created if missing; must be empty).")],
    nation: Annotated[str, typer.Option(help="Whose law applies: wales or england.")],
    authority: Annotated[str, typer.Option(
        help="The local authority that publishes the plan.")],
    period: Annotated[str, typer.Option(
        help="Plan period: financial years 2011-2014, or dates 2011-04-01:2014-03-31.")],
    partnership: Annotated[str | None, typer.Option(
        help="The partnership or Children's Trust Board.")] = None,
    title: Annotated[str | None, typer.Option(
        help="Title of the plan (default: '<authority> Children and Young People's Plan "
             "<years>').")] = None,
) -> None:
    """Start a new plan: plan.yaml and a stub per statutory requirement, marked TODO."""
    from ..scaffold import Options, ScaffoldError, init_plan

    try:
        options = Options.from_args(nation, authority, period, partnership, title)
        written = init_plan(directory, options)
    except ScaffoldError as exc:
        fail(str(exc))
    sections = sum(1 for rel in written if rel.startswith("sections/"))
    print(f"Created a plan for {options.authority} ({options.nation}, {options.start} to "
          f"{options.end}) in {directory}: plan.yaml, README.md and {sections} sections.")
    print(f"Next: fill in plan.yaml and the TODOs in {directory / 'sections'}, then run "
          f"'cyp lint {directory}'.")
