"""Part 6 of the report: sections added, removed, renamed and changed, and a
word-level redline of the changed text (:class:`~cyp_cli.document.nodes.Inserted` and
``Deleted`` carry text labels, so a change is never shown by colour or line alone)."""

from __future__ import annotations

from ...model.plan import Plan, Section
from ...review.model import SectionDiff
from ...review.redline import Run, split_paragraphs
from ..nodes import Block, Deleted, Emph, Heading, Inline, Inserted, Para, Part, Text
from .context import ReviewContext, row, table


def _where(ctx: ReviewContext, section: Section | None, plan: Plan) -> str:
    if section is None:
        return ctx.none
    twin = ctx.twin(plan, section.id) or section
    return twin.title


def _kinds(ctx: ReviewContext, d: SectionDiff) -> str:
    kinds = []
    if d.added:
        kinds.append("added")
    elif d.removed:
        kinds.append("removed")
    else:
        if d.renamed:
            kinds.append("renamed")
        if d.moved and d.new is not None:
            kinds.append("moved")
        if d.changed:
            kinds.append("changed")
    words = [ctx.r(f"sections.kinds.{k}") for k in kinds]
    if "moved" in kinds and d.new is not None:
        words[kinds.index("moved")] = _moved(ctx, d.new)
    return ctx.s("list_separator").join(words)


def _moved(ctx: ReviewContext, section: Section) -> str:
    """"Moved: now under Our priorities", an appendix, or at the top level."""
    if section.meta.parent:
        return ctx.r("sections.moved_under", parent=ctx.section_title(section.meta.parent))
    if section.meta.appendix:
        return ctx.r("sections.moved_appendix")
    return ctx.r("sections.moved_top")


def redline_inlines(ctx: ReviewContext, para: list[Run]) -> list[Inline]:
    """One paragraph of runs as inlines; the whitespace around a change stays outside
    its mark, so the label sits right before the words."""
    out: list[Inline] = []
    last = len(para) - 1
    for n, (op, text) in enumerate(para):
        if n == 0:
            text = text.lstrip()
        if n == last:
            text = text.rstrip()
        if op == "equal":
            if out and isinstance(out[-1], Text):
                out[-1].text += text
            elif text:
                out.append(Text(text))
            continue
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        if lead:
            out.append(Text(lead))
        key = "inserted" if op == "insert" else "deleted"
        node = Inserted if op == "insert" else Deleted
        out.append(node([Text(core)], ctx.r(f"sections.{key}"),
                        ctx.r(f"sections.{key}_end"), ctx.quoted_lang and ctx.lang_tag))
        if trail:
            out.append(Text(trail))
    return out


def redline_blocks(ctx: ReviewContext, runs: list[Run]) -> list[Block]:
    """The changed paragraphs of a redline; runs of unchanged paragraphs are left out
    and counted."""
    blocks: list[Block] = []
    skipped = 0

    def note() -> None:
        nonlocal skipped
        if skipped:
            key = "sections.unchanged_one" if skipped == 1 else "sections.unchanged_many"
            blocks.append(Para([Emph([Text(ctx.r(key, count=skipped))])]))
            skipped = 0

    for para in split_paragraphs(runs):
        if not any(op != "equal" for op, _ in para):
            skipped += 1
            continue
        note()
        blocks.append(Para(redline_inlines(ctx, para), lang=ctx.quoted_lang))
    note()
    return blocks


def sections(ctx: ReviewContext, pid: str) -> Part:
    review = ctx.rv
    blocks: list[Block] = [Para([Text(ctx.r("sections.intro"))])]
    listed = [d for d in review.sections if d.kind != "unchanged" or d.changed]
    if not listed:
        blocks.append(Para([Text(ctx.r("sections.none"))]))
    else:
        rows = []
        for d in listed:
            title = ctx.section_title(d.id, prefer_new=not d.removed)
            words = (ctx.r("sections.counts", inserted=d.inserted, deleted=d.deleted)
                     if d.changed else ctx.none)
            rows.append(row(title, _kinds(ctx, d), _where(ctx, d.old, review.old),
                            _where(ctx, d.new, review.new), words))
        blocks.append(table(
            ctx.r("sections.caption"),
            [ctx.r("sections.section"), ctx.r("sections.change"), ctx.r("sections.before"),
             ctx.r("sections.after"), ctx.r("sections.words")],
            rows, [0.26, 0.14, 0.22, 0.22, 0.16]))
    changed = [d for d in review.sections if d.changed and d.runs]
    if changed:
        blocks.append(Para([Text(ctx.r("sections.redline_intro"))]))
        for d in changed:
            blocks.append(Heading(2, ctx.ids.new(f"redline-{d.id}"),
                                  [Text(ctx.r("sections.redline_title",
                                              title=ctx.section_title(d.id)))]))
            blocks.extend(redline_blocks(ctx, d.runs))
    return Part(Heading(1, pid, [Text(ctx.r("sections.title"))]), blocks)
