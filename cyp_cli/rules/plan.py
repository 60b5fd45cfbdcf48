"""P: plan.yaml facts as a whole: dates, sections, consultation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Level, allowed
from ..model.load import SECTIONS_DIR
from . import rule
from .context import Context

if TYPE_CHECKING:
    from ..model.plan import Consultation, Partner

E, W = Level.ERROR, Level.WARNING


@rule("P001", E, "Plan period ends before it starts")
def period_order(ctx: Context) -> Iterator[Diagnostic]:
    """``period.end`` must be after ``period.start``.

    FAIL::

        period: {start: 2014-03-31, end: 2011-04-01}
    """
    p = ctx.plan.file.period
    if p and p.start and p.end and p.end <= p.start:
        yield Diagnostic.at(p.at("end"), "P001", E,
                            f"period ends {p.end}, before it starts {p.start}")


@rule("P002", E, "No sections")
def no_sections(ctx: Context) -> Iterator[Diagnostic]:
    """A plan keeps its text in ``sections/*.md``; there is none (or none readable)."""
    if not ctx.plan.sections:
        yield Diagnostic.at(ctx.plan.file.at(), "P002", E,
                            f"the plan has no readable sections in {SECTIONS_DIR}/")


@rule("P003", W, "Published after the period started")
def published_late(ctx: Context) -> Iterator[Diagnostic]:
    """A plan is published before the period it covers begins, so that partners and
    the public know the priorities from day one. (The statutory deadlines themselves
    are S requirements.)
    """
    f = ctx.plan.file
    if f.published and f.period and f.period.start and f.published > f.period.start:
        yield Diagnostic.at(f.at("published"), "P003", W,
                            f"published {f.published}, after the period started "
                            f"{f.period.start}")


@rule("P004", W, "Consultation entry incomplete")
def consultation_incomplete(ctx: Context) -> Iterator[Diagnostic]:
    """Each consultation entry should say when and how the consultee was involved,
    and what they said: the record is evidence that the duty to consult was met.
    """
    for c in ctx.plan.file.consultation:
        # A key given with an unreadable value already has its F004 finding.
        missing = [k for k in ("when", "how", "response")
                   if not getattr(c, k) and k not in c.pos]
        if missing:
            yield Diagnostic.at(c.at(), "P004", W,
                                f"consultation with '{c.consultee}' has no "
                                + ", ".join(f"'{m}'" for m in missing))


@rule("P005", W, "Unknown consultee or partner type")
def unknown_plan_vocabulary(ctx: Context) -> Iterator[Diagnostic]:
    """Consultees and partner types are checked against the nation's vocabularies
    (``consultees``, ``partner_type``), because statutory tests look consultees up by
    id. A consultee outside the list is allowed but cannot meet a requirement. The
    message lists the allowed ids and the nearest one, ignoring case (``LSCB`` ->
    ``lscb``).
    """
    checks: list[tuple[str, str, Consultation | Partner]] = [
        ("consultees", "consultee", c) for c in ctx.plan.file.consultation]
    checks += [("partner_type", "type", p) for p in ctx.plan.file.partners]
    for vocab_name, key, item in checks:
        vocab = ctx.nation.vocabularies.get(vocab_name)
        value = getattr(item, key)
        if vocab and value and value not in vocab.values:
            yield Diagnostic.at(item.at(key), "P005", W,
                                f"'{key}' {value!r} is not in the {ctx.nation.name} "
                                f"{vocab_name.replace('_', ' ')} list"
                                + allowed(value, vocab.values))


@rule("P006", E, "Duplicate partner id")
def duplicate_partner(ctx: Context) -> Iterator[Diagnostic]:
    """Partner ids must be unique: sections and actions refer to partners by id."""
    seen: set[str] = set()
    for p in ctx.plan.file.partners:
        if p.id in seen:
            yield Diagnostic.at(p.at("id"), "P006", E, f"partner id '{p.id}' is used twice")
        seen.add(p.id or "")


@rule("P007", W, "Consultation draft without a closing date")
def consultation_without_close(ctx: Context) -> Iterator[Diagnostic]:
    """A plan with ``status: consultation`` is printed as a consultation draft with
    the date consultation closes, so readers know by when to respond.

    FAIL::

        status: consultation

    PASS::

        status: consultation
        consultation_closes: 2011-02-28
    """
    f = ctx.plan.file
    if f.plan_status == "consultation" and not f.consultation_closes:
        yield Diagnostic.at(f.at("status"), "P007", W,
                            "the plan is a consultation draft with no "
                            "'consultation_closes' date")
