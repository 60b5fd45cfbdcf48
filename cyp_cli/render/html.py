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
from ..document.nodes import Document
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
    html = template.render(doc=doc, css=_css(), accent=accent, image_src=data_uri)
    # Control characters are not allowed in HTML text; lint reports them (M007), and a
    # forced build drops them rather than publish them.
    return CONTROL.sub("", html).encode("utf-8")
