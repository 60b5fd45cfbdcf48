"""Plan (+ coverage results) -> one document tree, the ``document`` stage of the
pipeline (docs/architecture.md).

:func:`build_document` is called once per edition; every renderer in ``render/`` reads
the tree it returns, so HTML, DOCX and PDF carry the same parts, ids and links. The
order of work matters: the plan's own anchors (section ids and ``anchor_id(section,
slug)`` for every heading, exactly as lint resolves links) are reserved first, then the
build's ids (register rows, generated parts) are handed out around them.

An edition in another language (``languages: [en, cy]``) is the same document in that
language: its sections are the twins (``foo.cy.md``: their titles and bodies), their
structured data (themes, partners, targets, actions) is the source's, worded through
the edition's :class:`~.context.Context` (``indicator_cy``, ``name_cy``, ``values_cy``),
and every fixed word comes from the language's catalogue. Nothing falls back to English.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model.markdown import anchor_id
from ..model.outline import outline
from ..model.plan import Plan, Section
from .accessibility import accessibility_part
from .annexes import coverage_part, glossary_part, partners_part, uncrc_part
from .context import Context, language_name
from .errors import BuildError
from .front import foreword_part, formats_part, glance_part
from .indexes import index_part
from .nodes import Cover, Document, Image, Part
from .registers import actions_register, targets_register
from .sections import section_part
from .strings import catalogue, format_date

if TYPE_CHECKING:
    from ..coverage import Result
    from ..regimes import Nation, Regime

#: ``Context.problem``: a plan problem with its file and line.
Problem = Callable[[str, str, int], None]

__all__ = ["EDITIONS", "BuildError", "Document", "build_document", "edition_sections"]

EDITIONS = ("plan", "children")


def edition_sections(plan: Plan, lang: str,
                     problem: Problem | None = None) -> list[Section]:
    """The sections of one language's edition, in publication order: the primary
    language's, or each one's twin carrying the source's structured front matter
    (the twin's own title, body and ``children:`` summary). A missing twin is a
    ``problem`` (lint's E001; only a forced draft gets this far, and shows the source)."""
    if lang == plan.primary_language:
        return list(plan.sections)
    twins = plan.translations.get(lang, {})
    out = []
    for source in plan.sections:
        twin = twins.get(source.id)
        if twin is None:
            if problem is not None:
                problem(f"no {language_name(lang)} translation of this section (expected "
                        f"{source.rel[:-3]}.{lang}.md); the draft shows the source",
                        source.rel, source.meta.at().line)
            out.append(source)
        else:
            out.append(twin_section(source, twin))
    return out


def twin_section(source: Section, twin: Section) -> Section:
    """A twin as its edition shows it: the twin's file, title, body and summary for
    children; everything structured (themes, tiers, partner, targets, actions,
    coverage) from the source, which lint checked the twin agrees with (E002)."""
    meta = source.meta.replace(title=twin.meta.title or source.meta.title,
                               children=twin.meta.children, audience=twin.meta.audience)
    section = Section(twin.path, twin.rel, meta, twin.body, twin.body_line, lang=twin.lang,
                      variant=twin.variant)
    section.__dict__["markdown"] = twin.markdown  # parsed once, as lint saw it
    return section


def build_document(
    plan: Plan,
    *,
    nation: Nation | None = None,
    coverage: list[Result] | None = None,
    regime: Regime | None = None,
    lang: str | None = None,
    draft: bool = False,
    warnings: list[str] | None = None,
    edition: str = "plan",
    errors: int = 0,
) -> Document:
    """Assemble one edition: ``edition`` "plan" (the whole plan) or "children" (the
    children's edition, see ``children.py``) in ``lang``. ``draft`` (a forced build)
    turns plan problems that lint would have refused into plain text and notes in
    ``warnings``; otherwise the first such problem raises :class:`BuildError` naming
    its file and line. A language without complete wording is always an error.
    ``errors``: how many lint errors a forced draft has (its notice says so).

    Every page of a draft is marked: a forced build, a consultation draft (with its
    closing date) or a plan whose ``status`` is draft; a final plan is not."""
    lang = lang or plan.primary_language
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition '{edition}' (known: {', '.join(EDITIONS)})")
    ctx = Context(plan, [], catalogue(lang), nation=nation,
                  coverage=list(coverage or []), regime=regime, force=draft, lang=lang)
    ctx.sections = edition_sections(plan, lang, ctx.problem)
    if edition == "children":
        from .children import children_document
        from .front import full_plan_part

        doc = children_document(ctx)
        doc.parts.append(full_plan_part(ctx))
    else:
        doc = _plan_document(ctx)
    doc.mark, doc.notice = marking(ctx, draft, errors)
    doc.draft = bool(doc.mark)
    if warnings is not None:
        warnings.extend(ctx.warnings)
    return doc


def marking(ctx: Context, forced: bool, errors: int) -> tuple[str, str]:
    """The word on every page and the notice on the cover, or ("", "") for a final
    plan. Errors come first: a forced build says the plan has errors, exactly."""
    f = ctx.plan.file
    if forced and errors:
        return ctx.s("status.draft_mark"), ctx.s("status.errors_note")
    if f.plan_status == "consultation":
        note = (ctx.s("status.consultation_note_closes",
                      date=format_date(f.consultation_closes, ctx.strings))
                if f.consultation_closes else ctx.s("status.consultation_note"))
        return ctx.s("status.consultation_mark"), note
    if forced or f.plan_status == "draft":
        return ctx.s("status.draft_mark"), ctx.s("status.draft_note")
    return "", ""


def plan_title(ctx: Context) -> str:
    f = ctx.plan.file
    return ctx.text(f, "title", "the plan's title") or ctx.plan.root.name


def _plan_document(ctx: Context) -> Document:
    plan, sections, lang, draft = ctx.plan, ctx.sections, ctx.lang, ctx.force
    _reserve_plan_anchors(ctx)
    _hand_out_build_ids(ctx)

    root = plan.root.resolve()
    by_rel = {s.rel: s for s in plan.all_sections()}
    # The front (issue 10): other formats, foreword, the plan at a glance.
    front = [formats_part(ctx), foreword_part(ctx), glance_part(ctx)]
    parts: list[Part] = [p for p in front if p is not None]
    parts += [section_part(ctx, e.section, by_rel, root, e) for e in outline(sections)]
    # Generated back matter, as plan.yaml's publish: chooses; a part with nothing to
    # show (an index with no rows, a UNCRC annex no section tags) is never printed.
    wanted = plan.file.publishes
    back: list[Part | None] = []
    if wanted("indexes"):
        back.append(index_part(ctx))
    if wanted("registers"):
        if any(s.meta.targets for s in sections):
            back.append(targets_register(ctx))
        if any(s.meta.actions for s in sections):
            back.append(actions_register(ctx))
    if wanted("coverage"):
        back.append(coverage_part(ctx))
    if wanted("uncrc"):
        back.append(uncrc_part(ctx))
    if wanted("glossary"):
        back.append(glossary_part(ctx))
    if wanted("partners"):
        back.append(partners_part(ctx))
    parts += [p for p in back if p is not None and p.blocks]
    # The accessibility statement: the HTML page's by default, every format's when
    # plan.yaml says true, none when false.
    statement = plan.file.publish.accessibility if plan.file.publish else None
    web_parts = [accessibility_part(ctx)] if statement is None else []
    if statement:
        parts.append(accessibility_part(ctx))

    f = plan.file
    title = plan_title(ctx)
    return Document(
        lang=lang,
        lang_tag=str(ctx.strings.get("lang_tag", lang)),
        nation=plan.nation or "",
        title=title,
        authority=ctx.text(f, "authority", "the authority's name"),
        cover=cover(ctx, title, root),
        parts=parts,
        strings=ctx.strings,
        draft=draft,
        accent=(f.branding.colour or "") if f.branding else "",
        main_id=ctx.part_ids["main"],
        contents_id=ctx.part_ids["contents"],
        sources={p.id: p.source for p in parts if p.source},
        contents=plan.file.publishes("contents"),
        web_parts=web_parts,
    )


def _reserve_plan_anchors(ctx: Context) -> None:
    for s in ctx.sections:
        part = ctx.ids.reserve(s.id)
        ctx.part_of[s.rel] = part
        ctx.section_ids.setdefault(s.id, part)
        ids = []
        for h in s.markdown.headings:
            hid = ctx.ids.reserve(anchor_id(s.id, h.slug))
            ctx.anchors.setdefault((s.id, h.slug), hid)
            ids.append(hid)
        ctx.heading_ids[s.rel] = ids


def _hand_out_build_ids(ctx: Context) -> None:
    for key, wanted in (("main", "main"), ("contents", "contents"), ("index", "index"),
                        ("targets", "targets-register"), ("actions", "actions-register"),
                        ("coverage", "statutory-coverage"), ("uncrc", "uncrc"),
                        ("glossary", "glossary"), ("partners", "partners")):
        ctx.part_ids[key] = ctx.ids.new(wanted)
    # Rows other parts link to exist only when their part is published.
    registers = ctx.plan.file.publishes("registers")
    for p in ctx.plan.file.partners if ctx.plan.file.publishes("partners") else []:
        if p.id and p.id not in ctx.partner_ids:
            ctx.partner_ids[p.id] = ctx.ids.new(f"partner-{p.id}")
    for s in ctx.sections:
        part = ctx.part_of[s.rel]
        for t in s.meta.targets:
            ctx.target_ids[id(t)] = (ctx.ids.new(f"target-{t.id}"),
                                     ctx.ids.new(f"{part}--target-{t.id}"))
        for a in s.meta.actions:
            ctx.action_ids[id(a)] = (ctx.ids.new(f"action-{a.id}"),
                                     ctx.ids.new(f"{part}--action-{a.id}"))
            if (registers and a.partner in ctx.plan.partners
                    and a.partner not in ctx.partner_action_ids):
                ctx.partner_action_ids[a.partner] = ctx.ids.new(f"actions-{a.partner}")


def cover(ctx: Context, title: str, root: Path, period_key: str = "cover.period") -> Cover:
    f = ctx.plan.file
    period = f.period
    period_text = (ctx.s(period_key, start=format_date(period.start, ctx.strings),
                         end=format_date(period.end, ctx.strings))
                   if period is not None else "")
    published = (ctx.s("cover.published", date=format_date(f.published, ctx.strings))
                 if f.published else ctx.s("cover.unpublished"))
    logos: list[Image] = []
    branding = f.branding
    if branding is not None:
        wanted = []
        if branding.logo:
            # logo_alt has no other-language field: an edition in another language
            # names the logo by the authority's name in that language.
            alt = (branding.logo_alt if ctx.lang in ("en", ctx.primary) else "") or \
                ctx.text(f, "authority", "the authority's name") or title
            wanted.append((branding.logo, alt, branding.at("logo")))
        for n, path in enumerate(branding.partner_logos):
            alt = Path(path).stem.replace("-", " ").replace("_", " ")
            wanted.append((path, alt, branding.at("partner_logos", n)))
        for rel, alt, pos in wanted:
            image = _plan_image(ctx, root, rel, alt, pos)
            if image is not None:
                logos.append(image)
    authority = ctx.text(f, "authority", "the authority's name")
    partnership = ctx.text(f, "partnership", "the partnership's name")
    return Cover(title, authority, partnership, period_text, published, logos)


def _plan_image(ctx: Context, root: Path, rel: str, alt: str, pos: Any) -> Image | None:
    path = (root / rel).resolve()
    if not path.is_relative_to(root):
        ctx.problem(f"branding image '{rel}' points outside the plan folder", pos.file, pos.line)
    elif not path.is_file():
        ctx.problem(f"branding image '{rel}': file not found", pos.file, pos.line)
    else:
        return Image(path, path.relative_to(root).as_posix(), alt, where=f"{pos.file}:{pos.line}")
    return None
