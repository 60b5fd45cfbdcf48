"""Document tree -> one self-contained HTML page.

jinja2 runs sandboxed with autoescape on: the template can only read the tree, and
every string from the plan is escaped on the way out (raw HTML in a body is already
text in the tree). The stylesheet is inlined and images become data URIs, so the file
makes no network requests and needs no JavaScript; a Content-Security-Policy meta tag
keeps it that way whatever a browser is given.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..diagnostics import CONTROL
from ..document.nodes import (
    Badge,
    Block,
    BulletList,
    Code,
    CodeBlock,
    Deleted,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    Inserted,
    Link,
    OrderedList,
    Para,
    Plain,
    Quote,
    Rule,
    Strike,
    Strong,
    Table,
    Text,
)
from .images import data_uri

if TYPE_CHECKING:  # imported lazily at run time: lint never loads jinja2
    from jinja2.sandbox import SandboxedEnvironment
    from markupsafe import Markup

TEMPLATES = Path(__file__).resolve().parent / "templates"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    from ..document import nodes

    node_types = frozenset(
        v for v in vars(nodes).values() if isinstance(v, type) and v.__module__ == nodes.__name__
    )

    class Sandbox(SandboxedEnvironment):
        """The standard sandbox, with a quick yes for the public fields of document
        nodes (plain dataclasses): the template reads ~100 of them per section, and
        the general check costs more than the rest of the rendering."""

        def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
            if type(obj) in node_types and not attr.startswith("_"):
                return True
            return super().is_safe_attribute(obj, attr, value)

        def getattr(self, obj: Any, attribute: str) -> Any:
            # The same answer as the sandbox's for a node's public field, without its
            # str.format and safety checks on each of ~140,000 reads (200 sections):
            # a third of the rendering.
            if type(obj) in node_types and not attribute.startswith("_"):
                try:
                    return getattr(obj, attribute)
                except AttributeError:
                    pass
            return super().getattr(obj, attribute)

    return Sandbox(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )


@lru_cache(maxsize=1)
def _css() -> Markup:
    from markupsafe import Markup

    css = (TEMPLATES / "plan.css").read_text(encoding="utf-8")
    assert "</" not in css, "the stylesheet must not close its <style> element"
    return Markup(css)


def render_html(doc: Document) -> bytes:
    """The page as UTF-8 bytes."""
    from markupsafe import Markup

    template = _environment().get_template("plan.html.j2")
    # The accent colour is the one plan value written into CSS: accept #rrggbb only.
    accent = Markup(doc.accent) if _COLOUR.match(doc.accent or "") else ""
    html = template.render(doc=doc, css=_css(), accent=accent, image_src=data_uri,
                           blocks=_Blocks().html)
    # Control characters are not allowed in HTML text; lint reports them (M007), and a
    # forced build drops them rather than publish them.
    return CONTROL.sub("", html).encode("utf-8")


class _Blocks:
    """Block nodes as HTML, in Python rather than a template macro (the macro calls
    were most of the page's rendering time), every text and attribute from the plan
    escaped as autoescape would. One per page: tables without an id are numbered
    through the page for their caption ids."""

    def __init__(self) -> None:
        self.tables = 0

    def html(self, items: list[Block]) -> Markup:
        from markupsafe import Markup

        out: list[str] = []
        self._blocks(items, out)
        return Markup("".join(out))

    def _blocks(self, items: list[Block], out: list[str]) -> None:
        from markupsafe import escape

        for b in items:
            if isinstance(b, Para):
                out.append(f'<p lang="{escape(b.lang)}">' if b.lang else "<p>")
                _inline_html(b.content, out)
                out.append("</p>\n")
            elif isinstance(b, Plain):
                _inline_html(b.content, out)
                out.append("\n")
            elif isinstance(b, Heading):
                level = min(b.level + 1, 6)
                out.append(f'<h{level} id="{escape(b.id)}">')
                _inline_html(b.content, out)
                out.append(f"</h{level}>\n")
            elif isinstance(b, (BulletList, OrderedList)):
                if isinstance(b, BulletList):
                    tag = "ul"
                    out.append("<ul>\n")
                else:
                    tag = "ol"
                    out.append(f'<ol start="{b.start}">\n' if b.start != 1 else "<ol>\n")
                for item in b.items:
                    out.append("<li>")
                    self._blocks(item, out)
                    out.append("</li>\n")
                out.append(f"</{tag}>\n")
            elif isinstance(b, Table):
                self._table(b, out)
            elif isinstance(b, Quote):
                out.append("<blockquote>\n")
                self._blocks(b.blocks, out)
                out.append("</blockquote>\n")
            elif isinstance(b, CodeBlock):
                lang = f' class="language-{escape(b.lang)}"' if b.lang else ""
                out.append(f"<pre><code{lang}>{escape(b.text)}</code></pre>\n")
            elif isinstance(b, Rule):
                out.append("<hr>\n")
            elif isinstance(b, Figure):
                # The SVG is cyp's own (review/charts.py escapes every text in it); its
                # <title> names it, and the caption shows its text alternative to all.
                out.append(f'<figure class="chart" id="{escape(b.id)}">\n{b.svg}\n'
                           "<figcaption>")
                _inline_html(b.caption, out)
                out.append("</figcaption>\n</figure>\n")

    def _table(self, b: Table, out: list[str]) -> None:
        """A wide table scrolls in its own region, never the page (WCAG 2.1 1.4.10
        Reflow): the region is focusable, so keyboard users can scroll it, and named by
        the table's caption or the heading it sits under."""
        from markupsafe import escape

        self.tables += 1
        caption_id = f"{b.id or f'table-{self.tables}'}-caption"
        name_id = caption_id if b.caption else b.labelled_by
        region = f' role="region" aria-labelledby="{escape(name_id)}"' if name_id else ""
        out.append(f'<div class="table-scroll"{region} tabindex="0">\n<table')
        if b.id:
            out.append(f' id="{escape(b.id)}"')
        if not b.caption and b.labelled_by:
            out.append(f' aria-labelledby="{escape(b.labelled_by)}"')
        out.append(">\n")
        if b.caption:
            out.append(f'<caption id="{escape(caption_id)}">')
            _inline_html(b.caption, out)
            out.append("</caption>\n")
        out.append("<thead>\n")
        for row in b.head:
            out.append("<tr>")
            for c in row.cells:
                align = f' class="align-{escape(c.align)}"' if c.align else ""
                out.append(f'<th scope="col"{align}>')
                _inline_html(c.content, out)
                out.append("</th>")
            out.append("</tr>\n")
        out.append("</thead>\n<tbody>\n")
        for row in b.body:
            out.append("<tr>")
            for n, c in enumerate(row.cells):
                header = c.header or (n == 0 and b.row_headers)
                tag = "th" if header else "td"
                out.append(f"<{tag}")
                if header:
                    out.append(' scope="row"')
                if c.id:
                    out.append(f' id="{escape(c.id)}"')
                if c.align:
                    out.append(f' class="align-{escape(c.align)}"')
                out.append(">")
                _inline_html(c.content, out)
                out.append(f"</{tag}>")
            out.append("</tr>\n")
        out.append("</tbody>\n</table>\n</div>\n")


def _inline_html(items: list[Inline], out: list[str]) -> None:
    """A run of inline nodes as HTML onto ``out``, every text and attribute escaped."""
    from markupsafe import escape

    for i in items:
        k = i.kind
        if isinstance(i, Text):
            out.append(escape(i.text))
        elif k == "softbreak":
            out.append("\n")
        elif isinstance(i, Link):
            out.append(f'<a href="{escape(i.href)}"')
            if i.title:
                out.append(f' title="{escape(i.title)}"')
            out.append(">")
            _inline_html(i.content, out)
            out.append("</a>")
        elif isinstance(i, (Emph, Strong, Strike)):
            tag = _TAGS[k]
            out.append(f"<{tag}>")
            _inline_html(i.content, out)
            out.append(f"</{tag}>")
        elif isinstance(i, Code):
            out.append(f"<code>{escape(i.text)}</code>")
        elif k == "linebreak":
            out.append("<br>")
        elif isinstance(i, Image):
            title = f' title="{escape(i.title)}"' if i.title else ""
            out.append(f'<img src="{escape(data_uri(i))}" alt="{escape(i.alt)}"{title}>')
        elif isinstance(i, (Inserted, Deleted)):
            tag = "ins" if k == "inserted" else "del"
            lang = f' lang="{escape(i.label_lang)}"' if i.label_lang else ""
            out.append(f'<{tag}><span class="visually-hidden"{lang}>{escape(i.label)}</span>')
            _inline_html(i.content, out)
            if i.end:
                out.append(f'<span class="visually-hidden"{lang}>{escape(i.end)}</span>')
            out.append(f"</{tag}>")
        elif isinstance(i, Badge):
            tone = f" status-{escape(i.tone)}" if i.tone else ""
            out.append(f'<strong class="status{tone}">{escape(i.text)}</strong>')


_TAGS = {"emph": "em", "strong": "strong", "strike": "del"}
