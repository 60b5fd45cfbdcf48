"""``cyp build``: publish the plan as accessible HTML, DOCX and PDF.

Lint first: a plan with errors is not published (``--force`` makes a draft marked as
having errors instead). plan.yaml's ``status`` marks a draft or a consultation draft
(with its closing date) on every page; a consultation draft's statutory gaps are
warnings (``check.py``), so it builds without ``--force``.
Nothing of the publishing tool chain (jinja2, pandoc, typst, rich) is imported at
module level, so ``cyp lint`` and ``cyp --help`` stay quick.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from .common import (
    EXIT_FINDINGS,
    choices,
    fail,
    output_folder,
    plan_root,
    require_build_tools,
    shown,
    write_line,
    write_outputs,
)
from .options import ALL_FORMATS, Formats, OutFolder, PlanFolder

SHOWN_ERRORS = 5


def build(
    plan: PlanFolder = None,
    format: Formats = ALL_FORMATS,
    out: OutFolder = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Build even when lint finds errors; every page says the plan has errors.")
    ] = False,
    edition: Annotated[str, typer.Option(
        "--edition", "-e",
        help="Editions to build, comma-separated: plan (the whole plan), children "
             "(a short version for children and young people, in larger type).")
    ] = "plan",
) -> None:
    """Build the plan: one document, as HTML, DOCX and PDF, cross-linked.

    Outputs are plan.html, plan.docx and plan.pdf; with several languages in
    plan.yaml, one edition per language (plan.en.html, plan.cy.html...), each wholly
    in its language. --edition children builds plan.children.<ext>
    (plan.children.<lang>.<ext>) from the sections' text for children. Exit status:
    0 built, 1 lint errors or a build failure (such as a missing Welsh string or
    text), 2 unusable input or missing tools.
    """
    require_build_tools()
    from ..check import check_plan
    from ..diagnostics import InputError, Level
    from ..document import EDITIONS
    from ..document.errors import BuildError
    from ..model.load import load_plan
    from ..render import FORMATS, render_editions

    formats = choices(format, "--format", FORMATS)
    editions = choices(edition, "--edition", EDITIONS)
    root = plan_root(plan)
    # As for lint (cli/lint.py): the plan, its parsed bodies and the document trees live
    # until the run ends, so the cycle collector only rescans them as they grow; at 200
    # sections its passes were half the HTML rendering. Reference counting still frees
    # everything else.
    gc.disable()
    _parsers_before_workers()
    try:
        report = check_plan(load_plan(root))
    except InputError as exc:
        fail(exc.diagnostic)
    shown_root = shown(root)

    errors = [d for d in report.diagnostics if d.level is Level.ERROR]
    if errors and not force:
        noun = "error" if len(errors) == 1 else "errors"
        lines = [f"cyp: {shown_root} has {len(errors)} lint {noun}; not building:"]
        lines += [f"  {d}" for d in errors[:SHOWN_ERRORS]]
        if len(errors) > SHOWN_ERRORS:
            lines.append(f"  ... and {len(errors) - SHOWN_ERRORS} more")
        lines.append(f"cyp: run 'cyp lint {shown_root}' to see every finding, or "
                     "'cyp build --force' for a draft marked as having errors")
        sys.stderr.write("\n".join(lines) + "\n")
        raise typer.Exit(EXIT_FINDINGS)
    status = report.plan.file.plan_status
    if force and errors:
        noun = "error" if len(errors) == 1 else "errors"
        write_line(f"building a DRAFT despite {len(errors)} lint {noun}; "
                   "every page says the plan has errors")
    elif status != "final" or force:
        kind = "consultation draft" if status == "consultation" else "DRAFT"
        write_line(f"building a {kind} (plan.yaml status: {status}); every page is marked")

    # Every language of plan.yaml gets its edition: a language cyp has no complete
    # wording for is a build error (document/strings.py), never a skipped edition.
    languages = list(dict.fromkeys(report.plan.file.languages or ["en"]))

    warnings: list[str] = []
    out_dir = output_folder(out, root)
    try:
        with _progress(len(editions) * len(languages) * (len(formats) + 1)) as step:
            outputs = render_editions(report, formats, draft=force, languages=languages,
                                      warnings=warnings, step=step, editions=editions)
    except BuildError as exc:
        fail(str(exc), exc.exit_code)
    finally:
        for w in warnings:
            write_line(f"warning: {w}")
    write_outputs(out_dir, outputs)


def _parsers_before_workers() -> None:
    """Make both Markdown parsers (lint's scan, the build's full one) before the plan is
    read: a large plan is parsed in forked workers (model/load.py), which then inherit
    them instead of each importing markdown-it and building its own (40-80 ms of CPU
    a worker), and the build needs the full parser anyway."""
    from ..model.markdown import parser

    parser(scan=True)
    parser()


class _progress:
    """A rich progress bar on a terminal; nothing at all otherwise (CI, pipes)."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None  # a rich Progress, on a terminal
        self.task: Any = None
        self.started = False

    def __enter__(self) -> Callable[[str], None]:
        import os

        if sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(),
                                TimeElapsedColumn(), transient=True,
                                console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task("building", total=self.total)
        return self.step

    def step(self, description: str) -> None:
        if self.bar is None:
            return
        if self.started:
            self.bar.advance(self.task)
        self.started = True
        self.bar.update(self.task, description=description)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
