"""S: the statutory checklist of the nation's regime (``templates/<nation>/``).

One code per level: S100 for *must* (a legal duty), S200 for *should* (guidance the
partners must have regard to), S300 for *advisory* items (non-statutory; off unless
selected with ``--select S300``). The message names the requirement id and cites
the paragraph. ``--ignore`` also takes a requirement id.

When the plan's date (``--as-of``, by default the period start) falls outside the
regime's in-force dates, statutory errors are reported as warnings, saying why, unless
plan.yaml sets ``strict: true``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..coverage import Result
from ..diagnostics import Diagnostic, Level
from . import rule
from .context import Context

E, W, INFO = Level.ERROR, Level.WARNING, Level.INFO


def _unmet(ctx: Context, level: str) -> Iterator[Diagnostic]:
    for result in ctx.coverage:
        req = result.requirement
        if result.met or req.level != level:
            continue
        yield _diagnostic(ctx, result)


def _diagnostic(ctx: Context, result: Result) -> Diagnostic:
    req = result.requirement
    f = ctx.plan.file
    pos = f.key_at("nation")
    for alternative in req.met_by:
        if "plan" in alternative:
            pos = f.key_at(alternative["plan"]["field"].split(".")[0])
        elif "consultation" in alternative and f.pos.get("consultation:key"):
            pos = f.key_at("consultation")
    if result.gap in ("covered", "section"):
        # A section that claims the requirement but has no written text yet: point at
        # its 'covers' entry, where the author looks.
        for section in ctx.plan.sections:
            if req.id in section.meta.covers:
                pos = section.meta.at("covers", section.meta.covers.index(req.id))
                break
    level = Level.from_requirement(req.level)
    # Each finding names the instrument it comes from: regulations and guidance apply
    # together, and a reader must tell a legal duty's source from the guidance's.
    source = f"{req.source_short}, " if req.source_short else ""
    message = f"{req.id}: {req.summary} [{source}{req.citation.part}]"
    if result.why:
        message += f": {result.why}"
    return Diagnostic.at(pos, req.code, level, message, requirement=req.id,
                         citation=str(req.citation), source=req.source)


@rule("S100", E, "Statutory duty not met (must)")
def must(ctx: Context) -> Iterator[Diagnostic]:
    """A requirement the law imposes ("must") is not met by the plan. The message
    cites the regulation or guidance paragraph. Each requirement says how it is met:
    ``cyp lint --coverage`` shows all of them and which sections meet them.

    A requirement is met by what a reader can see, never by a tag alone: a section
    counts only when it has written text (not only headings, TODOs or the text
    ``cyp init`` wrote), a target or action only when it is complete and valid. The
    message says what is missing. ``cyp explain S100 --nation wales|england`` (or run
    inside a plan) gives the nation's typical fix.
    """
    yield from _unmet(ctx, "must")


@rule("S200", W, "Statutory guidance not followed (should)")
def should(ctx: Context) -> Iterator[Diagnostic]:
    """A "should" of the statutory guidance is not met. Partners must have regard to
    it; departing from it needs a reason, so it is a warning.
    """
    yield from _unmet(ctx, "should")


@rule("S300", INFO, "Advisory checklist item not met", default=False)
def advisory(ctx: Context) -> Iterator[Diagnostic]:
    """A non-statutory checklist item (e.g. England's Annex F) is not met. Off unless
    selected: ``cyp lint --select S300``.
    """
    yield from _unmet(ctx, "advisory")
