"""Plan (+ coverage results) -> one document tree, the ``document`` stage of the
pipeline (docs/architecture.md).

:func:`build_document` is called once per edition; every renderer in ``render/`` reads
the tree it returns, so HTML, DOCX and PDF carry the same parts, ids and links. The
order of work matters: the plan's own anchors (section ids and ``anchor_id(section,
slug)`` for every heading, exactly as lint resolves links) are reserved first, then the
build's ids (register rows, generated parts) are handed out around them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model.markdown import anchor_id
from ..model.plan import Plan, Section
from .annexes import coverage_part, partners_part, uncrc_part
from .context import Context
from .errors import BuildError
from .indexes import index_part
from .nodes import Cover, Document, Image, Part
from .registers import actions_register, targets_register
from .sections import section_part
from .strings import format_date, load_strings

__all__ = ["BuildError", "Document", "build_document", "edition_sections"]


def edition_sections(plan: Plan, lang: str) -> list[Section]:
    """The sections of one language's edition, in publication order: the primary
    language's, or each one's translation where it exists."""
    if lang == plan.primary_language:
        return list(plan.sections)
    twins = plan.translations.get(lang, {})
    return [twins.get(s.id, s) for s in plan.sections]


def build_document(
    plan: Plan,
    *,
    nation: Any = None,
    coverage: list[Any] | None = None,
    regime: Any = None,
    lang: str | None = None,
    draft: bool = False,
    warnings: list[str] | None = None,
) -> Document:
    """Assemble one edition. ``draft`` (a forced build) turns plan problems that lint
    would have refused into plain text and notes in ``warnings``; otherwise the first
    such problem raises :class:`BuildError` naming its file and line."""
    lang = lang or plan.primary_language
    sections = edition_sections(plan, lang)
    ctx = Context(plan, sections, load_strings(lang), nation=nation,
                  coverage=list(coverage or []), regime=regime, force=draft)
    _reserve_plan_anchors(ctx)
    _hand_out_build_ids(ctx)

    root = plan.root.resolve()
    by_rel = {s.rel: s for s in plan.all_sections()}
    parts: list[Part] = [section_part(ctx, s, by_rel, root) for s in sections]
    parts.append(index_part(ctx))
    if any(s.meta.targets for s in sections):
        parts.append(targets_register(ctx))
    if any(s.meta.actions for s in sections):
        parts.append(actions_register(ctx))
    coverage_appendix = coverage_part(ctx)
    if coverage_appendix is not None:
        parts.append(coverage_appendix)
    parts.append(uncrc_part(ctx))
    parts.append(partners_part(ctx))

    f = plan.file
    title = (f.title_cy if lang == "cy" and f.title_cy else f.title) or plan.root.name
    doc = Document(
        lang=lang,
        lang_tag=str(ctx.strings.get("lang_tag", lang)),
        nation=plan.nation or "",
        title=title,
        authority=f.authority or "",
        cover=_cover(ctx, title, root),
        parts=parts,
        strings=ctx.strings,
        draft=draft,
        accent=(f.branding.colour or "") if f.branding else "",
        main_id=ctx.part_ids["main"],
        contents_id=ctx.part_ids["contents"],
        sources={p.id: p.source for p in parts if p.source},
    )
    if warnings is not None:
        warnings.extend(ctx.warnings)
    return doc


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
                        ("partners", "partners")):
        ctx.part_ids[key] = ctx.ids.new(wanted)
    for p in ctx.plan.file.partners:
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
            if a.partner in ctx.plan.partners and a.partner not in ctx.partner_action_ids:
                ctx.partner_action_ids[a.partner] = ctx.ids.new(f"actions-{a.partner}")


def _cover(ctx: Context, title: str, root: Path) -> Cover:
    f = ctx.plan.file
    period = f.period
    period_text = (ctx.s("cover.period", start=format_date(period.start, ctx.strings),
                         end=format_date(period.end, ctx.strings))
                   if period is not None else "")
    published = (ctx.s("cover.published", date=format_date(f.published, ctx.strings))
                 if f.published else ctx.s("cover.unpublished"))
    logos: list[Image] = []
    branding = f.branding
    if branding is not None:
        wanted = []
        if branding.logo:
            wanted.append((branding.logo, branding.logo_alt or f.authority or title,
                           branding.at("logo")))
        for n, path in enumerate(branding.partner_logos):
            alt = Path(path).stem.replace("-", " ").replace("_", " ")
            wanted.append((path, alt, branding.at("partner_logos", n)))
        for rel, alt, pos in wanted:
            image = _plan_image(ctx, root, rel, alt, pos)
            if image is not None:
                logos.append(image)
    return Cover(title, f.authority or "", f.partnership or "", period_text, published, logos)


def _plan_image(ctx: Context, root: Path, rel: str, alt: str, pos: Any) -> Image | None:
    path = (root / rel).resolve()
    if not path.is_relative_to(root):
        ctx.problem(f"branding image '{rel}' points outside the plan folder", pos.file, pos.line)
    elif not path.is_file():
        ctx.problem(f"branding image '{rel}': file not found", pos.file, pos.line)
    else:
        return Image(path, path.relative_to(root).as_posix(), alt, where=f"{pos.file}:{pos.line}")
    return None
