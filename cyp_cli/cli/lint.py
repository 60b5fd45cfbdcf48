"""``cyp lint``: check plans against the contract and their nation's statutory
checklist. Fast enough for a pre-commit hook: nothing here imports the build."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from .common import EXIT_FINDINGS, EXIT_OK, fail, parse_date, split_codes


def lint(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Plan folders or files in them (default: the plan containing the current "
             "folder). Files are linted in the context of their plan.")] = None,
    format: Annotated[str, typer.Option("--format", "-f",
                      help="text, json, sarif or github")] = "text",
    select: Annotated[list[str] | None, typer.Option(
        help="Only these codes or prefixes (comma-separated; repeatable).")] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        help="Skip these codes, prefixes or requirement ids.")] = None,
    statistics: Annotated[bool, typer.Option(
        "--statistics", help="Count findings per code instead of listing them.")] = False,
    coverage: Annotated[bool, typer.Option(
        "--coverage", help="Print the statutory requirement table.")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Judge the plan as of this date (default: the period start).")] = None,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail on warnings too.")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report to a file instead of stdout.")] = None,
) -> None:
    """Check plans: front matter, links, targets, actions and the statutory checklist.

    Exit status: 0 clean (warnings allowed unless --strict), 1 findings, 2 usage or
    unreadable input.
    """
    from .. import formatters
    from ..check import Selection, check_plan
    from ..diagnostics import InputError, Level
    from ..model.load import find_root, load_plan

    try:
        render = formatters.get(format)
    except ValueError as exc:
        fail(str(exc))
    day = parse_date(as_of, "--as-of")
    selection = Selection(split_codes(select), split_codes(ignore))

    # Group the paths by plan, remembering which files were named.
    plans: dict[Path, set[str] | None] = {}
    for p in paths or [Path.cwd()]:
        if not p.exists():
            fail(f"{p}: no such file or folder")
        try:
            root = find_root(p)
        except InputError as exc:
            fail(exc.diagnostic)
        if p.resolve().is_dir() or p.name == "plan.yaml":
            plans[root] = None
        elif root not in plans or plans[root] is not None:
            named = plans.setdefault(root, set())
            assert named is not None
            named.add(p.resolve().relative_to(root).as_posix())

    if format == "text":
        from ..formatters import text
        text.color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")

    failed = False
    chunks = []
    for root, files in plans.items():
        try:
            report = check_plan(load_plan(root), selection, day, files)
        except InputError as exc:
            fail(exc.diagnostic)
        shown = [_display(root, d) for d in report.diagnostics]
        if coverage:
            chunks.append(_coverage(report, format))
        elif statistics:
            chunks.append(_statistics(shown))
        else:
            chunks.append(render(report, shown))
        worst = {Level.ERROR} | ({Level.WARNING} if strict else set())
        failed = failed or any(d.level in worst for d in report.diagnostics)
    text_out = "\n".join(c for c in chunks if c)
    if output is not None:
        from ..fsutil import write_atomic

        write_atomic(output, (text_out + "\n").encode())
    elif text_out:
        print(text_out)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


def _display(root: Path, d):
    """Name files relative to the current folder, so editors and CI can open them."""
    from dataclasses import replace

    rel = os.path.relpath(root / d.file)
    return replace(d, file=Path(rel).as_posix())


def _statistics(diagnostics: list) -> str:  # type: ignore[type-arg]
    counts = Counter((d.code, d.level.value) for d in diagnostics)
    from ..rules import all_rules

    registry = all_rules()
    return "\n".join(
        f"{n:5d}  {code}  {level:7s}  {registry[code].summary if code in registry else ''}"
        for (code, level), n in counts.most_common()
    )


def _coverage(report, format: str) -> str:
    """The requirement table: id, level, met or not, by which sections, citation."""
    if report.context is None:
        return ""
    results = report.context.coverage
    if format == "json":
        import json

        return json.dumps([
            {"id": r.requirement.id, "level": r.requirement.level, "met": r.met,
             "by": r.by, "why": r.why or None, "summary": r.requirement.summary,
             "citation": str(r.requirement.citation)}
            for r in results
        ], indent=2, ensure_ascii=False)
    met = sum(r.met for r in results)
    lines = [f"{report.regime.name}: {met} of {len(results)} requirements met "
             f"(as of {report.as_of})", ""]
    width = max(len(r.requirement.id) for r in results) if results else 10
    for r in results:
        status = "met    " if r.met else "NOT MET"
        where = ", ".join(r.by) if r.by else r.why
        lines.append(f"{r.requirement.id:<{width}}  {r.requirement.level:<8}  {status}  "
                     f"{where}")
        lines.append(f"{'':<{width}}  {r.requirement.summary} [{r.requirement.citation}]")
    return "\n".join(lines)
