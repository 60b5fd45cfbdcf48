"""A section body, from the markdown-it tokens lint already parsed, to document nodes.

This is the only place Markdown becomes document content, and it reads
``section.markdown.tokens`` (the same parse lint checked) rather than parsing again.
Here the publishing rules are applied once for every format:

- a heading's id is ``anchor_id(section, slug)``, the slug lint computed;
- ``other.md#heading`` becomes ``#other--heading`` (resolved as lint resolves it); in
  an edition in another language, a link to the source file's heading lands on the
  twin's heading in the same place (the twins share their outline);
- only http(s), mailto and tel links leave the document; ``javascript:``, ``data:`` and
  anything unresolvable are refused (lint's L001-L003), or shown as plain text in a
  forced draft;
- raw HTML is kept as visible text, never passed through; HTML comments are dropped;
- images must be files inside the plan folder;
- a paragraph ``Table: words`` right after a table is its caption (Pandoc's
  convention); otherwise the table is named by the heading it sits under.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..model.links import SAFE_SCHEMES, resolve
from ..model.markdown import MAX_BLOCK_CHARS, MAX_NESTING, inline_depth
from ..model.plan import Section
from .context import Context
from .nodes import (
    Block,
    BulletList,
    Cell,
    Code,
    CodeBlock,
    Emph,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    OrderedList,
    Para,
    Plain,
    Quote,
    Row,
    Rule,
    SoftBreak,
    Strike,
    Strong,
    Table,
    Text,
)

_OPEN: dict[str, type[Emph] | type[Strong] | type[Strike]] = {
    "em_open": Emph, "strong_open": Strong, "s_open": Strike}
_CLOSE = {"em_close", "strong_close", "s_close"}
_CAPTION_PREFIXES = ("Table: ", ": ")


class SectionBody:
    """Converts one section's token stream; ``convert()`` returns its blocks."""

    def __init__(self, ctx: Context, section: Section, by_rel: dict[str, Section],
                 root: Path, heading_shift: int = 0) -> None:
        self.ctx = ctx
        self.heading_shift = heading_shift  # the children's edition nests bodies deeper
        self.section = section
        self.by_rel = by_rel
        self.root = root
        self.body = section.markdown
        self.heading_ids = iter(ctx.heading_ids.get(section.rel, []))
        self.link_index = 0  # position in self.body.links (links and images, in order)
        self.last_heading = ctx.part_of[section.rel]
        self.line = section.body_line

    def convert(self) -> list[Block]:
        blocks, _ = self._blocks(self.body.tokens, 0, "")
        return blocks

    # --- blocks --------------------------------------------------------------------

    def _blocks(self, tokens: list[Any], i: int, stop: str) -> tuple[list[Block], int]:
        out: list[Block] = []
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            kind = tok.type
            if tok.map:
                self.line = self.section.body_line + tok.map[0]
            if kind == stop:
                return out, i + 1
            if kind == "heading_open":
                hid = next(self.heading_ids, None) or self.ctx.ids.new(self.section.id)
                self.last_heading = hid
                level = min(int(tok.tag[1]) + self.heading_shift, 6)
                out.append(Heading(level, hid, self._inlines(tokens[i + 1])))
                i += 3
            elif kind == "paragraph_open":
                content = self._inlines(tokens[i + 1])
                out.append(Plain(content) if tok.hidden else Para(content))
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                close = kind.replace("_open", "_close")
                items: list[list[Block]] = []
                i += 1
                while i < n and tokens[i].type == "list_item_open":
                    item, i = self._blocks(tokens, i + 1, "list_item_close")
                    items.append(item)
                i += 1  # the list's close token
                assert tokens[i - 1].type == close
                if kind == "bullet_list_open":
                    out.append(BulletList(items))
                else:
                    out.append(OrderedList(items, int(tok.attrs.get("start", 1))))
            elif kind == "blockquote_open":
                inner, i = self._blocks(tokens, i + 1, "blockquote_close")
                out.append(Quote(inner))
            elif kind in ("fence", "code_block"):
                lang = tok.info.split()[0] if tok.info.strip() else ""
                out.append(CodeBlock(tok.content.rstrip("\n"), lang))
                i += 1
            elif kind == "hr":
                out.append(Rule())
                i += 1
            elif kind == "html_block":
                raw = tok.content.strip("\n")
                if not raw.lstrip().startswith("<!--"):
                    out.append(Para(_lines_as_text(raw)))
                i += 1
            elif kind == "table_open":
                table, i = self._table(tokens, i + 1)
                i = self._caption(tokens, i, table)
                out.append(table)
            else:
                i += 1
        return out, i

    def _table(self, tokens: list[Any], i: int) -> tuple[Table, int]:
        head: list[Row] = []
        body: list[Row] = []
        rows = head
        while tokens[i].type != "table_close":
            kind = tokens[i].type
            if kind == "tbody_open":
                rows = body
            elif kind == "tr_open":
                rows.append(Row([]))
            elif kind in ("th_open", "td_open"):
                style = str(tokens[i].attrs.get("style", ""))
                align = style.removeprefix("text-align:") if style else ""
                content = self._inlines(tokens[i + 1])
                rows[-1].cells.append(Cell(content, header=rows is head, align=align))
                i += 2
            i += 1
        return Table(head, body, labelled_by=self.last_heading), i + 1

    def _caption(self, tokens: list[Any], i: int, table: Table) -> int:
        """Take a following ``Table: words`` paragraph as the table's caption."""
        if i + 2 < len(tokens) and tokens[i].type == "paragraph_open":
            text = tokens[i + 1].content
            for prefix in _CAPTION_PREFIXES:
                if text.startswith(prefix):
                    caption = self._inlines(tokens[i + 1])
                    first = caption[0] if caption else None
                    if isinstance(first, Text) and first.text.startswith(prefix):
                        first.text = first.text[len(prefix):]
                    table.caption = caption
                    return i + 3
        return i

    # --- inlines -------------------------------------------------------------------

    def _inlines(self, tok: Any) -> list[Inline]:
        # Lint's M008. A forced draft shows a too-deep block as plain text, and only the
        # start of a too-long one: either would take the publishing tools minutes.
        if len(tok.content) > MAX_BLOCK_CHARS:
            cut = tok.content[:MAX_BLOCK_CHARS]
            return [*_lines_as_text(cut), Text(f" [... {len(tok.content) - len(cut):,} "
                                              "more characters not shown: M008]")]
        if inline_depth(tok.children) > MAX_NESTING:
            return _lines_as_text(tok.content)
        root: list[Inline] = []
        stack: list[list[Inline]] = [root]
        links: list[tuple[Link | None, list[Inline]]] = []
        for child in tok.children or ():
            kind = child.type
            top = stack[-1]
            if kind in ("text", "text_special"):
                _add_text(top, child.content)
            elif kind == "softbreak":
                top.append(SoftBreak())
            elif kind == "hardbreak":
                top.append(LineBreak())
            elif kind == "code_inline":
                top.append(Code(child.content))
            elif kind in _OPEN:
                node = _OPEN[kind]([])
                top.append(node)
                stack.append(node.content)
            elif kind in _CLOSE:
                if len(stack) > 1:
                    stack.pop()
            elif kind == "link_open":
                content: list[Inline] = []
                link = self._link(str(child.attrs.get("href", "")),
                                  str(child.attrs.get("title", "") or ""))
                links.append((link, content))
                stack.append(content)
            elif kind == "link_close":
                if links:
                    stack.pop()
                    link, content = links.pop()
                    if link is not None:
                        link.content = content
                        stack[-1].append(link)
                    else:
                        stack[-1].extend(content)
            elif kind == "image":
                top.append(self._image(child))
            elif kind == "html_inline":
                if not child.content.startswith("<!--"):
                    _add_text(top, child.content)
            elif child.content:
                _add_text(top, child.content)
        return root

    def _where(self, href: str) -> tuple[str, int]:
        """The source line of the next link or image (lint recorded them in order)."""
        links = self.body.links
        line = self.line
        # lint's scan keeps a target as written, the renderer's parser percent-encodes it
        if self.link_index < len(links) and unquote(links[self.link_index].href) == unquote(href):
            line = links[self.link_index].line
        self.link_index += 1
        return self.section.rel, line

    def _link(self, href: str, title: str) -> Link | None:
        file, line = self._where(href)
        raw = href.strip()
        scheme = urlsplit(raw).scheme.lower()
        if scheme:
            if scheme in SAFE_SCHEMES:
                return Link(raw, [], internal=False, title=title)
            self.ctx.problem(f"link '{href}': '{scheme}:' URLs are not published "
                             "(shown as plain text)", file, line)
            return None
        if not raw:
            self.ctx.problem("link has no target", file, line)
            return None
        found, fragment, problem = resolve(self.section, raw, self.by_rel, self.root)
        if found is None:
            why = problem or "the file it names is not a readable section"
            self.ctx.problem(f"link '{href}': {why}", file, line)
            return None
        target = (self.ctx.anchors.get((found.id, fragment)) if fragment
                  else self.ctx.section_ids.get(found.id))
        if target is None and fragment:
            target = self._twin_anchor(found, fragment)
        if target is None and self.ctx.unlinked_as_text:
            # The children's edition: a heading it does not hold goes to the section's
            # text for children; a section it does not hold is named, not linked.
            target = self.ctx.section_ids.get(found.id)
            if target is None:
                return None
        if target is None:
            reason = (f"no heading '#{fragment}' in {found.rel}" if fragment
                      else f"{found.rel} is not part of this edition")
            self.ctx.problem(f"link '{href}': {reason}", file, line)
            return None
        return Link("#" + target, [], internal=True, title=title)

    def _twin_anchor(self, found: Section, fragment: str) -> str | None:
        """A heading of ``found`` (a file in another language than this edition's)
        as the same-placed heading of the section this edition shows for it, when the
        two have the same number of headings."""
        shown = self.ctx.by_id(found.id)
        if shown is None or shown.rel == found.rel:
            return None
        theirs = [h.slug for h in found.markdown.headings]
        ours = shown.markdown.headings
        if fragment not in theirs or len(theirs) != len(ours):
            return None
        return self.ctx.anchors.get((found.id, ours[theirs.index(fragment)].slug))

    def _image(self, tok: Any) -> Inline:
        src = str(tok.attrs.get("src", ""))
        alt = "".join(c.content for c in tok.children or () if c.content) or tok.content
        title = str(tok.attrs.get("title", "") or "")
        file, line = self._where(src)
        parts = urlsplit(src)
        problem = ""
        if parts.scheme:
            problem = "only images saved in the plan folder are published"
        else:
            path = (self.section.path.parent / unquote(parts.path)).resolve()
            if not path.is_relative_to(self.root):
                problem = "points outside the plan folder"
            elif not path.is_file():
                problem = "file not found"
            else:
                if not alt.strip():  # M004; a tagged PDF cannot be made without it
                    self.ctx.problem(f"image '{src}' has no alt text", file, line)
                    alt = path.stem.replace("-", " ").replace("_", " ")
                return Image(path, path.relative_to(self.root).as_posix(), alt, title,
                             where=f"{file}:{line}")
        self.ctx.problem(f"image '{src}': {problem}", file, line)
        return Text(f"[{alt or src}]")


def _add_text(out: list[Inline], text: str) -> None:
    """Append text, joining it to the text before (markdown-it splits text at every
    delimiter it considered)."""
    if not text:
        return
    if out and isinstance(out[-1], Text):
        out[-1].text += text
    else:
        out.append(Text(text))


def _lines_as_text(raw: str) -> list[Inline]:
    out: list[Inline] = []
    for n, line in enumerate(raw.split("\n")):
        if n:
            out.append(LineBreak())
        out.append(Text(line))
    return out
