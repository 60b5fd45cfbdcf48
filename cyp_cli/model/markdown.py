"""A section body as markdown-it-py tokens: headings with their anchors, links and
images with their source lines. Build renders from the same token stream, and
:func:`slugify` is the one definition of a heading's anchor, so a link lint accepts is
a link build can resolve.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from .record import Record, attr

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=2)
def parser(scan: bool = False) -> MarkdownIt:
    """CommonMark plus GFM tables and strikethrough; raw HTML is *recognised* (so
    lint can report it) and escaped at render time.

    ``scan=True`` gives the same parser with the core ``inline`` stage switched off:
    lint then parses inline content only where it can hold a heading, link, image or
    HTML, which halves lint's parsing time. Build uses the full parser.
    """
    # Imported here: a lint run answered from the cache never needs markdown-it.
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # markdown-it silently leaves javascript:/data: links as text; we want them as
    # link tokens so lint can name them (L003) and render can refuse them. (Replacing
    # the method on the instance is markdown-it-py's documented way; mypy forbids it.)
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # documented hook
    if scan:
        md.disable("inline")
        # Keep hrefs as written (not percent-encoded): lint names them in messages and
        # finds their column on the line; Welsh anchors are full of ŵ and â.
        md.normalizeLink = lambda url: url  # type: ignore[method-assign]  # as validateLink
        # Tables only regroup lines: their cells' links are found as paragraph text.
        md.disable("table")
    return md


_PUNCT = re.compile(r"[^\w\- ]", re.UNICODE)


def slugify(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.
    Accented letters are kept (Welsh headings: ``ŵ``, ``â``)."""
    text = unicodedata.normalize("NFC", text).strip().lower()
    return _PUNCT.sub("", text).replace(" ", "-")


class Heading(NamedTuple):
    """A heading of a section body."""

    level: int
    text: str
    slug: str  # unique within the section (GitHub's -1, -2 suffixes)
    line: int


class Link(NamedTuple):
    """A link or image of a section body."""

    href: str
    text: str
    line: int
    col: int
    image: bool = False


class Body(Record):
    """A section body's Markdown, parsed once."""

    text: str = attr(default="")
    headings: list[Heading] = attr(factory=list)
    links: list[Link] = attr(factory=list)  # links and images
    html: list[tuple[int, str]] = attr(factory=list)  # (line, raw html)
    # (line, why) of blocks too deep or too long to publish (rule M008)
    too_complex: list[tuple[int, str]] = attr(factory=list)

    @property
    def slugs(self) -> set[str]:
        return {h.slug for h in self.headings}

    @cached_property
    def tokens(self) -> list[Any]:
        """The full token stream (every inline token parsed), for rendering."""
        return parser().parse(self.text)


#: Limits on one block of text. Emphasis nested a thousand deep overflows the
#: renderers' recursion, and a 100,000-character paragraph takes pandoc and typst
#: minutes; no plan needs either (block nesting is capped by markdown-it at 20).
MAX_NESTING = 32
MAX_BLOCK_CHARS = 20_000
_DELIMITERS = "*_~["


def inline_depth(children: list[Any] | None) -> int:
    """How deep emphasis, links and strikethrough nest in an inline token's children."""
    depth = deepest = 0
    for child in children or []:
        depth += child.nesting
        deepest = max(deepest, depth)
    return deepest


def _too_complex(tok: Any, md: Any, env: dict[str, Any]) -> str | None:
    content = tok.content
    if len(content) > MAX_BLOCK_CHARS:
        return (f"a block of {len(content):,} characters (at most {MAX_BLOCK_CHARS:,}): "
                "split it into paragraphs")
    if sum(content.count(c) for c in _DELIMITERS) <= MAX_NESTING:
        return None  # too few delimiters to nest that deep: skip the inline parse
    if tok.children is None or (not tok.children and content):
        tok.children = []
        md.inline.parse(content, md, env, tok.children)
    depth = inline_depth(tok.children)
    if depth > MAX_NESTING:
        return (f"emphasis or links nested {depth} deep (at most {MAX_NESTING}): "
                "simplify the text")
    return None


def _inline_text(token: Any) -> str:
    return "".join(
        c.content for c in (token.children or []) if c.type in ("text", "code_inline")
    )


def _needs_inline(content: str, env: dict[str, Any]) -> bool:
    return "](" in content or "<" in content or (bool(env.get("references")) and "[" in content)


def parse_body(text: str, file: str = "", first_line: int = 1) -> Body:
    """Headings, links, images and raw HTML of a body whose first line is
    ``first_line`` of ``file``."""
    md = parser(scan=True)
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    for i, tok in enumerate(tokens):
        if tok.type == "inline" and (
            tokens[i - 1].type == "heading_open" or _needs_inline(tok.content, env)
        ):
            tok.children = []
            md.inline.parse(tok.content, md, env, tok.children)
    body = Body(text=text)
    lines = text.split("\n")
    seen: dict[str, int] = {}
    for i, tok in enumerate(tokens):
        line0 = tok.map[0] if tok.map else 0
        if tok.type == "heading_open":
            title = _inline_text(tokens[i + 1])
            slug = slugify(title)
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            unique = f"{slug}-{n}" if n else slug
            body.headings.append(Heading(int(tok.tag[1]), title, unique, first_line + line0))
        elif tok.type == "html_block":
            body.html.append((first_line + line0, tok.content.strip()))
        elif tok.type == "inline":
            why = _too_complex(tok, md, env)
            if why:
                body.too_complex.append((first_line + line0, why))
            _collect_inline(tok, line0, lines, first_line, body)
    return body


def _collect_inline(tok: Any, line0: int, lines: list[str], first_line: int, body: Body) -> None:
    children = tok.children or []
    # markdown-it maps blocks, not inline tokens: a link's line is the block's first
    # line plus the line breaks before it, and its column the n-th '](' on that line
    # (n: the links already found there), so each link of a paragraph has its own place.
    span = tok.map or (line0, line0 + 1)
    k = span[0]
    on_line = 0
    for j, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            k, on_line = k + 1, 0
            continue
        if child.type == "html_inline":
            body.html.append((first_line + k, child.content))
        if child.type not in ("link_open", "image"):
            continue
        attr = "src" if child.type == "image" else "href"
        href = str(child.attrs.get(attr, ""))
        if child.type == "image":
            text = child.content
        else:
            text = ""
            for nxt in children[j + 1 :]:
                if nxt.type == "link_close":
                    break
                text += nxt.content
        line, col = _place_link(lines, k, on_line, href) if k < len(lines) else (k, 1)
        on_line += 1
        body.links.append(Link(href, text, first_line + line, col, child.type == "image"))


def _place_link(lines: list[str], k: int, nth: int, href: str) -> tuple[int, int]:
    """(0-based line, 1-based column of the target) of the ``nth`` link on line ``k``;
    when the line has fewer '](' (a reference link), the column of the target on that
    line, else column 1."""
    text = lines[k]
    at = -1
    for _ in range(nth + 1):
        at = text.find("](", at + 1)
        if at < 0:
            break
    if at >= 0:
        return k, at + 3
    needle = "](" + href if href else "]("
    at = text.find(needle)
    return (k, at + 3) if at >= 0 else (k, 1)


def anchor_id(section_id: str, slug: str = "") -> str:
    """The id of a section (``slug`` empty) or of a heading in it, in an assembled
    document. Section ids are unique (F009) and contain no ``--`` boundary clash with
    slugs, so the pair is unique too. Build gives headings these ids; links between
    sections (``other.md#slug``) are rewritten to ``#other--slug``."""
    return f"{section_id}--{slug}" if slug else section_id
