"""``cyp review``: the annual review report from two versions of the plan.

The versions are git revisions read through git itself (``gitio``: never a checkout,
never the working tree or the index) or folders holding a copy of the plan; the new
side defaults to the plan folder as it stands. ``review.compare`` matches the two,
``document.review`` makes one document tree per language and the plan's own renderers
write it as HTML, DOCX and PDF, atomically, to ``--out`` (default ``PLAN/dist``).
Nothing heavy is imported until the command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import (
    choices,
    existing,
    fail,
    output_folder,
    parse_date,
    require_build_tools,
    shown,
    write_line,
    write_outputs,
)
from .options import ALL_FORMATS, Formats, OutFolder, PlanFolder

if TYPE_CHECKING:  # imported when the command runs
    import datetime as dt

    from ..document.nodes import Document
    from ..gitio import Revision
    from ..model.plan import Plan
    from ..render import Output

OUTPUT_STEM = "review"


def review(
    plan: PlanFolder = None,
    from_: Annotated[str | None, typer.Option(
        "--from", help="The old version: a git tag, branch or commit, or a folder holding "
        "the old plan (default: the most recent tag).")] = None,
    to: Annotated[str | None, typer.Option(
        "--to", help="The new version, as --from (default: the plan folder as it stands "
        "now).")] = None,
    format: Formats = ALL_FORMATS,
    out: OutFolder = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="Language of the report, e.g. en or cy (default: each language "
        "of the plan).")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Judge actions overdue as at this ISO date (default: today).")
    ] = None,
) -> None:
    """Review the plan: what was promised, what happened, what changed.

    Writes review.html, review.docx and review.pdf in the plan's primary language, and
    review.<lang>.<ext> for its other languages. Exit status: 0 written, 1 a build
    failure, 2 unusable input (unknown revision, not a plan, plans of two nations, no
    history or no tags) or missing tools.
    """
    require_build_tools()
    from ..diagnostics import InputError
    from ..document.errors import BuildError
    from ..document.review import review_languages
    from ..render import FORMATS

    formats = choices(format, "--format", FORMATS)
    day = parse_date(as_of, "--as-of")
    known = review_languages()
    if lang is not None and lang not in known:
        fail(f"--lang: cyp has no wording for a review in '{lang}' (it has "
             f"{', '.join(known)})")
    start = existing(plan)
    try:
        old, new, root = _read(start, from_, to)
        outputs = _report(old, new, formats, lang, known, day)
    except InputError as exc:
        d = exc.diagnostic
        fail(f"{shown(Path(d.file))}: {d.message}" if d.code == "F000" else str(d))
    except BuildError as exc:
        fail(str(exc), exc.exit_code)
    out_dir = output_folder(out, root)
    print(f"compared {old.label} with {new.label}")
    write_outputs(out_dir, outputs)


class _Side:
    """One version: its plan, how the report names it, where it came from."""

    def __init__(self, revision: Revision, label: str, working_copy: bool = False) -> None:
        self.revision = revision
        self.label = label
        self.working_copy = working_copy

    @property
    def plan(self) -> Plan:
        return self.revision.plan


def _read(start: Path, from_: str | None, to: str | None) -> tuple[_Side, _Side, Path]:
    """Both versions and the plan folder the outputs go under."""
    from .. import gitio
    from ..diagnostics import InputError
    from ..model.load import find_root, load_plan

    try:
        root = find_root(start)
    except InputError:
        if to is None:  # the new side is the working copy: it must be a plan
            raise
        root = start.resolve()  # the plan may exist only in history
    if from_ is None:
        from_ = gitio.default_from(root, to)
    old_rev = gitio.read_revision(root, from_)
    old = _Side(old_rev, old_rev.label)
    if to is None:
        new = _Side(gitio.Revision(load_plan(root), str(root)), "working copy", True)
    else:
        new_rev = gitio.read_revision(root, to)
        new = _Side(new_rev, new_rev.label)
    for side in (old, new):
        errors = [d for d in side.revision.loaded.diagnostics if d.level.value == "error"]
        if errors:
            sys.stderr.write(f"cyp: warning: the plan at {side.label} has {len(errors)} "
                             f"problem{'s' if len(errors) != 1 else ''} reading it (first: "
                             f"{errors[0]}); the review may be incomplete\n")
    return old, new, root


def _report(old: _Side, new: _Side, formats: list[str], lang: str | None,
            known: list[str], day: dt.date | None) -> list[Output]:
    """Every format of every language of the report, in memory."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from ..document.review import build_review_document, review_strings, version_label
    from ..render import Output, render
    from ..review import compare

    result = compare(old.plan, new.plan, as_of=day)
    plan_langs = list(new.plan.file.languages or ["en"])
    if lang is not None:
        langs = [lang]
    else:
        langs = [x for x in plan_langs if x in known]
        for x in plan_langs:
            if x not in known:
                sys.stderr.write(f"cyp: warning: no review wording in '{x}'; writing "
                                 f"{', '.join(langs) or 'en'}\n")
        langs = langs or ["en"]
    # The primary language's report is review.html (the annual review's one name,
    # issue 5); other languages add theirs: review.cy.html.
    primary = plan_langs[0]
    outputs: list[Output] = []
    for language in langs:
        strings = review_strings(language)
        for side, attr in ((old, "old_label"), (new, "new_label")):
            r = side.revision
            # The old version is named by its publication date when it has one.
            published = side.plan.file.published if side is old else None
            setattr(result, attr, version_label(strings, r.rev, r.commit, r.date,
                                                side.working_copy, published))
        warnings: list[str] = []
        doc = build_review_document(result, lang=language, warnings=warnings)

        def one(fmt: str, doc: Document = doc, language: str = language,
                warnings: list[str] = warnings) -> Output:
            began = time.perf_counter()
            data = render(doc, fmt, warnings)
            name = (f"{OUTPUT_STEM}.{fmt}" if language == primary
                    else f"{OUTPUT_STEM}.{language}.{fmt}")
            return Output(name, fmt, language, data, time.perf_counter() - began)

        if len(formats) == 1:
            outputs.append(one(formats[0]))
        else:
            with ThreadPoolExecutor(max_workers=len(formats)) as pool:
                outputs += list(pool.map(one, formats))
        for w in warnings:
            write_line(f"warning: {w}")
    return outputs
