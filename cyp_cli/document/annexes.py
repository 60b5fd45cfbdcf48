"""The closing parts: statutory coverage (the very results ``cyp lint --coverage``
prints, from ``coverage.evaluate``), the UNCRC annex and the glossary of partners."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model.plan import Section
from .context import Context
from .nodes import Block, Cell, Heading, Inline, Para, Part, Row, Table, Text
from .regime import regime_blocks

if TYPE_CHECKING:
    from ..coverage import Evidence, Result
    from ..regimes import Requirement


def _head(ctx: Context, *keys: str) -> list[Row]:
    return [Row([Cell([Text(ctx.s(k))], header=True) for k in keys])]


def _where(ctx: Context, result: Result) -> list[Inline]:
    """Where the plan meets a requirement, for the public: the sections by title, the
    sections holding its targets and actions, the consultation, the plan's dates. Never
    rule codes, file names or the plan's keys (issue 12: the appendix is for readers)."""
    if not result.met:
        return [Text(ctx.s(f"coverage.gap.{result.gap or 'covered'}"))]
    groups: list[list[Inline]] = []
    by_kind: dict[str, list[Evidence]] = {}
    for e in result.evidence:
        by_kind.setdefault(e.kind, []).append(e)
    sections = _sections(ctx, by_kind.get("section", []))
    if sections:
        groups.append(ctx.section_links(sections))
    for kind in ("target", "action"):
        holders = _sections(ctx, by_kind.get(kind, []))
        if holders:
            groups.append([Text(ctx.s(f"coverage.{kind}s_in") + " "),
                           *ctx.section_links(holders)])
    who = list(dict.fromkeys(e.ref for e in by_kind.get("consultation", [])))
    if who:
        names = ctx.s("list_separator").join(ctx.vocab_label("consultees", w) for w in who)
        groups.append([Text(ctx.s("coverage.consulted", who=names))])
    facts = list(dict.fromkeys(e.ref for e in by_kind.get("plan", [])))
    if facts:
        what = ctx.s("list_separator").join(
            ctx.s(f"coverage.facts.{f.replace('.', '_')}") for f in facts)
        groups.append([Text(ctx.s("coverage.plan_facts", what=what))])
    out: list[Inline] = []
    for group in groups:
        if out:
            out.append(Text(ctx.s("coverage.group_separator")))
        out.extend(group)
    return out or [Text(ctx.s("answer_yes"))]


def _sections(ctx: Context, evidence: list[Evidence]) -> list[Section]:
    ids = dict.fromkeys(e.section for e in evidence if e.section)
    return [s for s in (ctx.by_id(i) for i in ids) if s is not None]


def coverage_part(ctx: Context) -> Part | None:
    if ctx.nation is None or not ctx.coverage:
        return None
    regime = ctx.regime_name()
    # One cited document (Wales): name it once above the table, cite parts in rows.
    documents = {r.requirement.citation.document for r in ctx.coverage}
    single = len(documents) == 1
    rows = []
    for result in ctx.coverage:
        req = result.requirement
        rows.append(Row([
            Cell([Text(ctx.requirement_summary(req))], header=True),
            Cell([Text(ctx.s(f"coverage.levels.{req.level}"))]),
            Cell([Text(_citation(ctx, req, single))]),
            Cell([Text(ctx.s("answer_yes") if result.met else ctx.s("answer_no"))]),
            Cell(_where(ctx, result)),
        ]))
    blocks: list[Block] = [Para([Text(ctx.s("coverage.intro", regime=regime))]),
                           *regime_blocks(ctx)]
    if single:
        title = ctx.document_title(documents.pop())
        blocks.append(Para([Text(ctx.s("coverage.document", document=title))]))
    blocks += [
        Table(_head(ctx, "coverage.requirement", "coverage.level", "coverage.citation",
                    "coverage.met", "coverage.where"),
              rows, caption=[Text(ctx.s("coverage.caption", regime=regime))],
              row_headers=True, widths=[0.3, 0.09, 0.26, 0.07, 0.28]),
    ]
    heading = Heading(1, ctx.part_ids["coverage"], [Text(ctx.s("coverage.title"))])
    return Part(heading, blocks)


def _citation(ctx: Context, req: Requirement, single: bool) -> str:
    """Where the requirement is: part and paragraph, in the edition's language, after
    the document's title when several documents are cited."""
    where = ctx.citation(req)
    return where if single else f"{ctx.document_title(req.citation.document)}: {where}"


def uncrc_part(ctx: Context) -> Part:
    tagged: dict[int, list[Section]] = {}
    for s in ctx.sections:
        for article in s.meta.uncrc:
            tagged.setdefault(article, []).append(s)
    if not tagged:  # an annex of dashes tells the reader nothing: left out
        return Part(Heading(1, ctx.part_ids["uncrc"], [Text(ctx.s("uncrc.title"))]), [])
    vocab = (ctx.nation.vocabularies.get("uncrc") if ctx.nation is not None else None)
    articles = sorted(set(vocab.values if vocab else ()) | set(tagged), key=_article_key)
    rows = [
        Row([
            Cell([Text(ctx.s("uncrc.article_number", number=a))], header=True),
            Cell([Text(ctx.vocab_label("uncrc", a))]),
            Cell(ctx.section_links(tagged.get(a, []))),
        ])
        for a in articles
    ]
    blocks: list[Block] = [
        Para([Text(ctx.s("uncrc.intro"))]),
        Table(_head(ctx, "uncrc.article", "uncrc.name", "uncrc.sections"), rows,
              caption=[Text(ctx.s("uncrc.caption"))], row_headers=True,
              widths=[0.16, 0.4, 0.44]),
    ]
    return Part(Heading(1, ctx.part_ids["uncrc"], [Text(ctx.s("uncrc.title"))]), blocks)


def _article_key(article: object) -> tuple[int, str]:
    try:
        return int(str(article)), ""
    except ValueError:
        return 10**6, str(article)


def glossary_part(ctx: Context) -> Part:
    """plan.yaml's ``glossary``, in the edition's language (``term_cy``,
    ``meaning_cy``), in the order written. No entries: no blocks, no part."""
    rows = [
        Row([Cell([Text(ctx.text(g, "term", "a glossary term"))], header=True),
             Cell([Text(ctx.text(g, "meaning", "a glossary meaning"))])])
        for g in ctx.plan.file.glossary if g.term and g.meaning
    ]
    blocks: list[Block] = []
    if rows:
        blocks = [Table(_head(ctx, "glossary.term", "glossary.meaning"), rows,
                        caption=[Text(ctx.s("glossary.caption"))], row_headers=True,
                        widths=[0.3, 0.7])]
    return Part(Heading(1, ctx.part_ids["glossary"], [Text(ctx.s("glossary.title"))]), blocks)


def partners_part(ctx: Context) -> Part:
    leads: dict[str, list[Section]] = {}
    for s in ctx.sections:
        if s.meta.responsible_partner:
            leads.setdefault(s.meta.responsible_partner, []).append(s)
    rows = []
    for p in ctx.plan.file.partners:
        if not p.id:
            continue
        rows.append(Row([
            Cell([Text(ctx.partner_name(p.id))], header=True, id=ctx.partner_ids.get(p.id, "")),
            Cell([Text(ctx.vocab_label("partner_type", p.type) if p.type else ctx.s("none"))]),
            Cell([Text(ctx.s("answer_yes") if p.statutory else ctx.s("answer_no"))]),
            Cell(ctx.section_links(leads.get(p.id, []))),
        ]))
    if not rows:
        return Part(Heading(1, ctx.part_ids["partners"], [Text(ctx.s("partners.title"))]), [])
    table = Table(_head(ctx, "partners.name", "partners.type", "partners.statutory",
                        "partners.leads"),
                  rows, caption=[Text(ctx.s("partners.caption"))], row_headers=True,
                  widths=[0.34, 0.22, 0.12, 0.32])
    return Part(Heading(1, ctx.part_ids["partners"], [Text(ctx.s("partners.title"))]), [table])
