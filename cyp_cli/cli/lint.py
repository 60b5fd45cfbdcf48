"""``cyp lint``: check plans against the contract and their nation's statutory
checklist.

Lint runs on every commit, so its start-up is budgeted: this module parses its own
arguments with argparse and ``cli/__init__.py`` dispatches ``cyp lint`` here before
typer is imported. (typer now pulls in pydantic: measured here, ``import typer`` costs
~85 ms, more than all of lint's own work on a 20-section plan.) Nothing here imports
the build.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections import Counter
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .common import (
    COLOR_CHOICES,
    EXIT_FINDINGS,
    EXIT_OK,
    fail,
    parse_date,
    plan_root,
    report_file,
    use_color,
)

if TYPE_CHECKING:  # for annotations only: lint's start-up imports these lazily
    from collections.abc import Sequence

    from ..check import Report
    from ..diagnostics import Diagnostic

DESCRIPTION = """Check plans: front matter, links, targets, actions and the statutory
checklist. Exit status: 0 clean (warnings allowed unless --strict), 1 findings,
2 usage or unreadable input."""


def parser() -> argparse.ArgumentParser:
    # argparse makes a formatter for every argument it is given, and its own asks
    # shutil for the terminal's width (shutil imports bz2, lzma and zlib: 3 ms of a
    # warm lint). Building needs no width; help and errors get argparse's own (below).
    p = argparse.ArgumentParser(prog="cyp lint", description=DESCRIPTION,
                                formatter_class=partial(argparse.HelpFormatter, width=80))
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="plan folders or files in them (default: the plan containing the "
                        "current folder); files are linted in the context of their plan")
    p.add_argument("-f", "--format", default="text",
                   help="text, json, sarif or github (default: text); json and sarif "
                        "give one document for all the plans named")
    p.add_argument("--select", action="append", metavar="CODES",
                   help="only these codes or prefixes (comma-separated; repeatable)")
    p.add_argument("--ignore", action="append", metavar="CODES",
                   help="skip these codes, prefixes or requirement ids")
    p.add_argument("--statistics", action="store_true",
                   help="count findings per code instead of listing them")
    p.add_argument("--coverage", action="store_true",
                   help="print the statutory requirement table")
    p.add_argument("--as-of", metavar="DATE",
                   help="judge the plan as of this ISO date (default: the period start)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--no-cache", action="store_true",
                   help="re-read every file (the cache lives outside the plan; "
                        "CYP_NO_CACHE=1 does the same)")
    p.add_argument("--color", default="auto", metavar="WHEN",
                   help=f"colour the text output: {', '.join(COLOR_CHOICES)} (default: "
                        "auto, on a terminal unless NO_COLOR is set)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="write the report to a file instead of stdout")
    p.formatter_class = argparse.HelpFormatter
    return p


def main(argv: list[str]) -> int:
    """Run ``cyp lint`` with ``argv`` (the arguments after ``lint``); returns the exit
    status, or raises :class:`~cyp_cli.cli.common.UsageError` (exit 2)."""
    args = parser().parse_args(argv)  # first: --help and usage errors import nothing more
    if args.no_cache:
        os.environ["CYP_NO_CACHE"] = "1"

    from .. import formatters
    from ..check import Selection, check_plan, describe_unknown, is_code, unknown_codes
    from ..diagnostics import InputError, Level
    from ..model.load import load_plan
    try:
        render = formatters.get(args.format)
    except ValueError as exc:
        fail(str(exc))
    color = use_color(args.color, args.output is None and sys.stdout.isatty())
    day = parse_date(args.as_of, "--as-of")
    selection = Selection(_codes(args.select), _codes(args.ignore))
    # A code that selects nothing is a usage error: a typo must never turn lint off.
    # Requirement ids (ignore only) are known once the plan's nation is read.
    checked: tuple[tuple[str, Sequence[str], tuple[str, ...] | None], ...] = (
        ("--select", selection.select, None), ("--ignore", selection.ignore, ()))
    for option, codes, ids in checked:
        for _, code, hint in unknown_codes(codes, ids):
            if ids is None or is_code(code):
                fail(describe_unknown(option, code, hint))

    # Group the paths by plan, remembering which files were named (None: the whole plan).
    plans: dict[Path, set[str] | None] = {}
    for p in args.paths or [Path.cwd()]:
        root = plan_root(p)
        if p.resolve().is_dir() or p.name == "plan.yaml":
            plans[root] = None
        else:
            named = plans.setdefault(root, set())
            if named is not None:
                named.add(p.resolve().relative_to(root).as_posix())
    if args.output is not None:
        report_file(args.output, list(plans))

    # Lint's objects (the plan, its parsed bodies) live until the run ends, so the
    # cycle collector only rescans them as they grow: on 2000 sections its passes were
    # a third of the time spent unpickling the parsed sections. Reference counting
    # still frees everything else.
    gc.disable()
    failed = False
    runs: list[tuple[Report, list[Diagnostic]]] = []
    for root, files in plans.items():
        try:
            report = check_plan(load_plan(root, use_cache=True), selection, day, files)
        except InputError as exc:
            fail(exc.diagnostic)
        if report.as_of_refused is not None:
            fail(report.as_of_refused)
        known = sorted(report.nation.known_ids) if report.nation else []
        for _, code, hint in unknown_codes(selection.ignore, known):
            fail(describe_unknown("--ignore", code, hint))
        runs.append((report, [_display(root, d) for d in report.diagnostics]))
        worst = {Level.ERROR} | ({Level.WARNING} if args.strict else set())
        failed = failed or any(d.level in worst for d in report.diagnostics)
    if args.coverage:
        out = _coverage(runs, args.format)
    elif args.statistics:
        out = "\n".join(_statistics(shown) for _, shown in runs)
    else:
        out = render(runs, color=color)
    if args.output is not None:
        from ..fsutil import write_atomic

        write_atomic(args.output, (out + "\n").encode())
    elif out:
        print(out)
    return EXIT_FINDINGS if failed else EXIT_OK


def _codes(values: list[str] | None) -> list[str]:
    """``--select A,B --select C`` -> [A, B, C]."""
    return [c.strip() for v in values or [] for c in v.split(",") if c.strip()]


def _display(root: Path, d: Diagnostic) -> Diagnostic:
    """Name files relative to the current folder, so editors and CI can open them."""
    rel = os.path.relpath(root / d.file)
    return d._replace(file=Path(rel).as_posix())


def _statistics(diagnostics: list[Diagnostic]) -> str:
    counts = Counter((d.code, d.level.value) for d in diagnostics)
    from ..rules import all_rules

    registry = all_rules()
    return "\n".join(
        f"{n:5d}  {code}  {level:7s}  {registry[code].summary if code in registry else ''}"
        for (code, level), n in counts.most_common()
    )


def _coverage(runs: list[tuple[Report, list[Diagnostic]]], format: str) -> str:
    """The requirement table of each plan; as JSON, one list for the whole run, each
    entry naming its plan."""
    if format == "json":
        import json

        return json.dumps([entry for report, _ in runs for entry in _coverage_json(report)],
                          indent=2, ensure_ascii=False)
    return "\n".join(text for report, _ in runs if (text := _coverage_text(report)))


def _coverage_json(report: Report) -> list[dict[str, Any]]:
    results = report.context.coverage if report.context is not None else []
    return [
        {"plan": str(report.plan.root), "id": r.requirement.id,
         "level": r.requirement.level, "met": r.met,
         "by": r.by, "why": r.why or None, "summary": r.requirement.summary,
         "citation": str(r.requirement.citation),
         "evidence": [{"kind": e.kind, "label": e.label, "file": e.file,
                       "line": e.line, "section": e.section or None}
                      for e in r.evidence]}
        for r in results
    ]


def _coverage_text(report: Report) -> str:
    """The requirement table: id, level, met or not, the evidence (file:line) or what
    is missing, and the citation."""
    if report.context is None:
        return ""
    results = report.context.coverage
    if not results:
        return report.regime_line
    met = sum(r.met for r in results)
    lines = [f"{met} of {len(results)} requirements met: {report.regime_line}", ""]
    width = max(len(r.requirement.id) for r in results) if results else 10
    pad = " " * width
    for r in results:
        status = "met    " if r.met else "NOT MET"
        lines.append(f"{r.requirement.id:<{width}}  {r.requirement.level:<8}  {status}  "
                     f"{r.requirement.summary} [{r.requirement.citation.short}]")
        if not r.met:
            lines.append(f"{pad}  missing: {r.why}")
        # The first few of each kind, so actions are not hidden behind many targets.
        kinds: dict[str, list[Any]] = {}
        for e in r.evidence:
            kinds.setdefault(e.kind, []).append(e)
        for kind, found in kinds.items():
            for e in found[:EVIDENCE_SHOWN]:
                lines.append(f"{pad}  {e.kind:<12} {e.where}  {_short(e.label)}")
            if len(found) > EVIDENCE_SHOWN:
                lines.append(f"{pad}  {'':<12} ... and {len(found) - EVIDENCE_SHOWN} more "
                             f"{kind}s (--format json lists them all)")
    return "\n".join(lines)


EVIDENCE_SHOWN = 3  # of each kind per requirement in the text table; JSON lists all


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
