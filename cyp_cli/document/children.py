"""The children's edition (``cyp build --edition children``): a short, plain-language
document for children and young people, built from the text written for them.

England's guidance asks for a child-friendly version of the plan (5.38); Wales asks
for children's participation (core aim 5). The edition holds a cover, an introduction
from the catalogue (``children.intro``), then one part per core aim (Wales) or outcome
(England), in the nation's order, with the children's text of every section tagged
with it: the section's children's version (``foo.children.md``, ``foo.children.cy.md``)
or else its ``children:`` summary (the twin's, in another language). Themes with
nothing written for children are left out, and so are registers and appendices.
Renderers set it in larger type (``Document.edition == "children"``).

A section tagged with several themes is told once, under the first, and the later
themes point to it. A section whose children's text exists in one language but not
in this edition's is a problem (the edition never falls back to another language);
a plan with no children's text at all cannot have this edition.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from ..model.markdown import anchor_id
from ..model.plan import Plan, Section
from .body import SectionBody
from .context import Context, language_name
from .errors import BuildError
from .nodes import Block, Document, Heading, Link, Para, Part, Text

NO_CHILDREN_TEXT = (
    "the plan has no text for children, so there is no children's edition to build: "
    "write a children's version of a section (foo.children.md beside foo.md) or a "
    "'children:' summary in its front matter"
)


@dataclass
class ChildrenText:
    """What one section says to children in this edition."""

    section: Section  # the edition's section (the twin in another language)
    version: Section | None  # the children's version, if there is one
    summary: str  # else the children: summary

    @property
    def title(self) -> str:
        return self.version.title if self.version is not None else self.section.title

    @property
    def rel(self) -> str:
        return self.version.rel if self.version is not None else self.section.rel


def languages_with_text(plan: Plan, section_id: str) -> list[str]:
    """The languages in which a section has text for children."""
    found = [lang for lang, versions in plan.children.items() if section_id in versions]
    source = plan.section(section_id)
    if source is not None and source.meta.children:
        found.append(plan.primary_language)
    for lang, twins in plan.translations.items():
        twin = twins.get(section_id)
        if twin is not None and twin.meta.children:
            found.append(lang)
    return sorted(set(found))


def children_texts(ctx: Context) -> list[ChildrenText]:
    """The children's text of each section of this edition, in publication order."""
    plan = ctx.plan
    if not plan.children and not any(
            s.meta.children for s in plan.all_sections() if s.variant != "children"):
        raise BuildError(NO_CHILDREN_TEXT)
    versions = plan.children.get(ctx.lang, {})
    out = []
    for section in ctx.sections:
        version = versions.get(section.id)
        summary = (section.meta.children or "").strip()
        if version is not None or summary:
            out.append(ChildrenText(section, version, summary))
            continue
        elsewhere = languages_with_text(plan, section.id)
        if elsewhere:
            names = " and ".join(language_name(lang) for lang in elsewhere)
            suffix = "" if ctx.lang == ctx.primary else f".{ctx.lang}"
            expected = posixpath.join(posixpath.dirname(section.rel),
                                      f"{section.stem}.children{suffix}.md")
            ctx.problem(f"this section has text for children in {names} but not in "
                        f"{language_name(ctx.lang)}: write {expected} or a 'children:' "
                        "summary in this file's front matter", section.rel, 1)
    return out


def children_document(ctx: Context) -> Document:
    from . import cover, plan_title

    plan = ctx.plan
    root = plan.root.resolve()
    texts = children_texts(ctx)
    ctx.unlinked_as_text = True
    _reserve_anchors(ctx, texts)
    main_id, contents_id = ctx.ids.new("main"), ctx.ids.new("contents")

    theme = ctx.theme_field
    by_theme: dict[Any, list[ChildrenText]] = {}
    untagged: list[ChildrenText] = []
    for text in texts:
        values = text.section.tag(theme)
        for value in values:
            by_theme.setdefault(value, []).append(text)
        if not values:
            untagged.append(text)

    by_rel = {s.rel: s for s in plan.all_sections()}
    told: set[str] = set()

    def tell(text: ChildrenText) -> list[Block]:
        sid = ctx.section_ids[text.section.id]
        if text.section.id in told:
            link = Link("#" + sid, [Text(text.title)], internal=True)
            return [Para([Text(ctx.s("children.see_also")), link])]
        told.add(text.section.id)
        blocks: list[Block] = [Heading(2, sid, [Text(text.title)])]
        if text.version is not None:
            blocks += SectionBody(ctx, text.version, by_rel, root, heading_shift=1).convert()
        else:
            blocks += [Para([Text(" ".join(p.split()))])
                       for p in text.summary.split("\n\n") if p.strip()]
        return blocks

    about: list[Block] = [Para([Text(ctx.s("children.intro"))])]
    for text in untagged:
        about += tell(text)
    parts = [Part(Heading(1, ctx.ids.new("about-this-plan"),
                          [Text(ctx.s("children.about"))]), about)]
    for value in _theme_order(ctx, by_theme):
        heading = Heading(1, ctx.ids.new(f"{theme.replace('_', '-')}-{value}"), [Text(
            ctx.s(f"children.theme.{theme}", value=value, label=ctx.vocab_label(theme, value)))])
        blocks: list[Block] = []
        for text in by_theme[value]:
            blocks += tell(text)
        parts.append(Part(heading, blocks))

    f = plan.file
    title = ctx.s("children.title", title=plan_title(ctx))
    return Document(
        lang=ctx.lang,
        lang_tag=str(ctx.strings.get("lang_tag", ctx.lang)),
        nation=plan.nation or "",
        title=title,
        authority=ctx.text(f, "authority", "the authority's name"),
        cover=cover(ctx, title, root, period_key="children.period"),
        parts=parts,
        strings=ctx.strings,
        draft=ctx.force,
        edition="children",
        accent=(f.branding.colour or "") if f.branding else "",
        main_id=main_id,
        contents_id=contents_id,
        sources={ctx.section_ids[t.section.id]: t.rel for t in texts},
    )


def _reserve_anchors(ctx: Context, texts: list[ChildrenText]) -> None:
    """Each section's children's text is found at the section's own id, and the
    headings of a children's version at ``anchor_id(section, slug)``, as in the plan."""
    for text in texts:
        sid = ctx.ids.reserve(text.section.id)
        ctx.section_ids.setdefault(text.section.id, sid)
        ctx.part_of[text.rel] = sid
        ids = []
        if text.version is not None:
            for h in text.version.markdown.headings:
                hid = ctx.ids.reserve(anchor_id(text.section.id, h.slug))
                ctx.anchors.setdefault((text.section.id, h.slug), hid)
                ids.append(hid)
        ctx.heading_ids[text.rel] = ids


def _theme_order(ctx: Context, found: dict[Any, list[ChildrenText]]) -> list[Any]:
    """The nation's order of its themes, then anything else found (forced drafts)."""
    vocab = ctx.nation.vocabularies.get(ctx.theme_field) if ctx.nation is not None else None
    known = list(vocab.values) if vocab is not None else []
    return [v for v in known if v in found] + [v for v in found if v not in known]
