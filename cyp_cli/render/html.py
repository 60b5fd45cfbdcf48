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
    Code,
    Deleted,
    Document,
    Emph,
    Image,
    Inline,
    Inserted,
    Link,
    Strike,
    Strong,
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
                           inlines=inlines)
    # Control characters are not allowed in HTML text; lint reports them (M007), and a
    # forced build drops them rather than publish them.
    return CONTROL.sub("", html).encode("utf-8")


def inlines(items: list[Inline]) -> Markup:
    """A run of inline nodes as HTML, every text and attribute from the plan escaped.
    Python rather than a template macro: the template called its macro some 20,000
    times for 200 sections, most of the page's rendering time."""
    from markupsafe import Markup

    out: list[str] = []
    _inline_html(items, out)
    return Markup("".join(out))


def _inline_html(items: list[Inline], out: list[str]) -> None:
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
