"""The document tree: what a published plan is made of, independent of any format.

``document/`` builds one tree from the plan model; every renderer in ``render/`` walks
the same tree (HTML through jinja2, DOCX and PDF through a Pandoc AST), so the three
formats cannot drift apart. The node set is deliberately small: what Markdown bodies
and the generated registers need, no more. Each class has a ``kind`` the templates
dispatch on.

Ids (``Heading.id``, ``Row.id``, ``Cell.id``) are unique across the whole document;
links inside it are ``Link(href="#id", internal=True)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

# --- inlines -----------------------------------------------------------------------


@dataclass(slots=True)
class Text:
    text: str
    kind: ClassVar[str] = "text"


@dataclass(slots=True)
class Code:
    text: str
    kind: ClassVar[str] = "code"


@dataclass(slots=True)
class SoftBreak:
    kind: ClassVar[str] = "softbreak"


@dataclass(slots=True)
class LineBreak:
    kind: ClassVar[str] = "linebreak"


@dataclass(slots=True)
class Emph:
    content: list[Inline]
    kind: ClassVar[str] = "emph"


@dataclass(slots=True)
class Strong:
    content: list[Inline]
    kind: ClassVar[str] = "strong"


@dataclass(slots=True)
class Strike:
    content: list[Inline]
    kind: ClassVar[str] = "strike"


@dataclass(slots=True)
class Link:
    """``href`` is ``#id`` when ``internal``, otherwise an http(s), mailto or tel URL:
    nothing else is ever put in a link (unsafe or unresolvable links become text)."""

    href: str
    content: list[Inline]
    internal: bool = False
    title: str = ""
    kind: ClassVar[str] = "link"


@dataclass(slots=True)
class Image:
    """An image file inside the plan folder. ``rel`` is its path relative to the plan
    root (with '/'); renderers embed it (HTML, DOCX) or copy it (PDF)."""

    path: Path
    rel: str
    alt: str
    title: str = ""
    where: str = ""  # "file:line" where the plan names it, for error messages
    kind: ClassVar[str] = "image"


@dataclass(slots=True)
class Inserted:
    """Words added in a redline (the review report). ``label`` is the catalogue's
    "inserted:" (with its space): HTML reads it to screen readers only (``<ins>`` with
    a visually hidden label), DOCX and PDF print it, so an insertion is never marked
    by colour or underline alone. ``end`` announces where it ends (HTML; on paper a
    closing bracket does). ``label_lang``: the labels' language when the paragraph
    around them is in another one (see ``Para.lang``)."""

    content: list[Inline]
    label: str
    end: str = ""
    label_lang: str = ""
    kind: ClassVar[str] = "inserted"


@dataclass(slots=True)
class Deleted:
    """Words removed in a redline; see :class:`Inserted` (``<del>``, "deleted:")."""

    content: list[Inline]
    label: str
    end: str = ""
    label_lang: str = ""
    kind: ClassVar[str] = "deleted"


@dataclass(slots=True)
class Badge:
    """A status in words ("Off track"), with a ``tone`` renderers may colour by
    (``achieved``, ``on-track``, ``off-track``, ``no-data``, ``flag``). The words
    always show: colour only supplements them."""

    text: str
    tone: str = ""
    kind: ClassVar[str] = "badge"


Inline = (Text | Code | SoftBreak | LineBreak | Emph | Strong | Strike | Link | Image
          | Inserted | Deleted | Badge)

# --- blocks ------------------------------------------------------------------------


@dataclass(slots=True)
class Heading:
    """``level`` 1 is a part (a section of the plan or a generated part); the plan's
    title sits above them on the cover. HTML shifts by one (the title is the h1)."""

    level: int
    id: str
    content: list[Inline]
    kind: ClassVar[str] = "heading"

    @property
    def text(self) -> str:
        return plain_text(self.content)


@dataclass(slots=True)
class Para:
    content: list[Inline]
    # The paragraph's language when it is not the document's (BCP 47, e.g. "en-GB"):
    # the review's Welsh report quotes the plan's English text in its redline.
    lang: str = ""
    kind: ClassVar[str] = "para"


@dataclass(slots=True)
class Plain:
    """A paragraph in a tight list item: no paragraph spacing."""

    content: list[Inline]
    kind: ClassVar[str] = "plain"


@dataclass(slots=True)
class BulletList:
    items: list[list[Block]]
    kind: ClassVar[str] = "bullet_list"


@dataclass(slots=True)
class OrderedList:
    items: list[list[Block]]
    start: int = 1
    kind: ClassVar[str] = "ordered_list"


@dataclass(slots=True)
class Quote:
    blocks: list[Block]
    kind: ClassVar[str] = "quote"


@dataclass(slots=True)
class CodeBlock:
    text: str
    lang: str = ""
    kind: ClassVar[str] = "code_block"


@dataclass(slots=True)
class Rule:
    kind: ClassVar[str] = "rule"


@dataclass(slots=True)
class Cell:
    content: list[Inline]
    header: bool = False  # th (a column header in the head, a row header in the body)
    align: str = ""  # "", "left", "right", "center"
    id: str = ""  # an anchor on the cell (a register row), target of links
    kind: ClassVar[str] = "cell"


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    kind: ClassVar[str] = "row"


@dataclass(slots=True)
class Table:
    """A table with one header row. ``caption`` names it; when the Markdown gave none,
    ``labelled_by`` is the id of the heading it sits under (HTML uses it as the
    table's accessible name)."""

    head: list[Row]
    body: list[Row]
    caption: list[Inline] = field(default_factory=list)
    labelled_by: str = ""
    row_headers: bool = False  # first cell of each body row is a row header
    id: str = ""
    widths: list[float] = field(default_factory=list)  # column shares (sum <= 1), or none
    kind: ClassVar[str] = "table"


@dataclass(slots=True)
class Figure:
    """A chart generated by cyp (the review's turn-the-curve charts): ``svg`` is a
    complete ``<svg>`` element built by ``review/charts.py``, which escapes every
    piece of text in it, so HTML may inline it as it is. ``alt`` is its text
    alternative (the trend in words) and ``caption`` shows the same words on the page,
    so nobody depends on the picture. HTML inlines the SVG; DOCX and PDF embed it as
    an image with ``alt`` as its alternative text."""

    id: str
    svg: str
    alt: str
    caption: list[Inline]
    title: str = ""
    kind: ClassVar[str] = "figure"


Block = (Heading | Para | Plain | BulletList | OrderedList | Quote | CodeBlock | Rule | Table
         | Figure)

# --- the document ------------------------------------------------------------------


@dataclass(slots=True)
class Part:
    """A part: one section of the plan, or a generated index, register or annex.
    ``source`` is the section file it came from ('' for generated parts). ``depth`` 2
    is a sub-section of the part before it (its heading is level 2, its body's
    headings one deeper); ``number`` is its label in the outline ("8.1", "A"), already
    in the heading's words."""

    heading: Heading
    blocks: list[Block]
    source: str = ""
    number: str = ""
    depth: int = 1
    kind: ClassVar[str] = "part"

    @property
    def id(self) -> str:
        return self.heading.id

    @property
    def title(self) -> str:
        return self.heading.text


@dataclass(slots=True)
class Cover:
    title: str
    authority: str
    partnership: str
    period: str  # already worded, e.g. "Plan period: 1 April 2011 to 31 March 2014"
    published: str
    logos: list[Image] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """One edition of the plan, in one language."""

    lang: str  # catalogue language, e.g. "en"
    lang_tag: str  # BCP 47 tag for readers and screen readers, e.g. "en-GB"
    nation: str
    title: str
    authority: str
    cover: Cover
    parts: list[Part]
    strings: dict[str, object]
    draft: bool = False
    # "plan" (the full plan), "children" (the children's edition: larger type) or
    # "review" (the annual review report, document/review.py); renderers style by it.
    edition: str = "plan"
    accent: str = ""  # branding colour (#rrggbb), decoration only
    main_id: str = "main"  # ids the HTML page needs, unique against the plan's own
    contents_id: str = "contents"
    # Where each section's part starts, for error messages: part id -> section file.
    sources: dict[str, str] = field(default_factory=dict)
    # The marking of a draft (``draft``): the word on every page and the notice on
    # the cover. Empty: the catalogue's "draft" and "draft_note".
    mark: str = ""
    notice: str = ""
    contents: bool = True  # print a contents list (plan.yaml publish: contents)
    # Parts only the HTML page publishes, after ``parts`` (the accessibility statement
    # by default): other renderers never see them.
    web_parts: list[Part] = field(default_factory=list)
    # The same edition in the plan's other languages, for the HTML page's link to
    # each: (href, lang_tag, label in that language). Filled by render/.
    alternates: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def draft_mark(self) -> str:
        return self.mark or self.s("draft")

    @property
    def draft_notice(self) -> str:
        return self.notice or self.s("draft_note")

    def outline(self) -> list[tuple[Part, list[Part]]]:
        """The parts as the contents lists them: each top-level part with its
        sub-sections."""
        out: list[tuple[Part, list[Part]]] = []
        for part in self.parts:
            if part.depth > 1 and out:
                out[-1][1].append(part)
            else:
                out.append((part, []))
        return out

    def s(self, key: str, **values: object) -> str:
        """A fixed string from the language's catalogue, with ``{name}`` filled in."""
        text: Any = self.strings  # nested mappings, as deep as the key has parts
        for part in key.split("."):
            text = text[part]
        return str(text).format(**values) if values else str(text)

    def images(self) -> list[Image]:
        """Every image in the document (cover logos first), for renderers that copy
        or embed files."""
        found: list[Image] = list(self.cover.logos)
        for part in self.parts:
            _collect_images(part.blocks, found)
        return found


def _collect_images(blocks: list[Block], out: list[Image]) -> None:
    for b in blocks:
        if isinstance(b, (Para, Plain, Heading)):
            _inline_images(b.content, out)
        elif isinstance(b, (BulletList, OrderedList)):
            for item in b.items:
                _collect_images(item, out)
        elif isinstance(b, Quote):
            _collect_images(b.blocks, out)
        elif isinstance(b, Table):
            for row in (*b.head, *b.body):
                for cell in row.cells:
                    _inline_images(cell.content, out)


def _inline_images(inlines: list[Inline], out: list[Image]) -> None:
    for i in inlines:
        if isinstance(i, Image):
            out.append(i)
        elif isinstance(i, (Emph, Strong, Strike, Link, Inserted, Deleted)):
            _inline_images(i.content, out)


def plain_text(inlines: list[Inline]) -> str:
    """The words of some inlines, without formatting (for titles and alt text)."""
    out = []
    for i in inlines:
        if isinstance(i, (Text, Code)):
            out.append(i.text)
        elif isinstance(i, (SoftBreak, LineBreak)):
            out.append(" ")
        elif isinstance(i, Image):
            out.append(i.alt)
        elif isinstance(i, (Emph, Strong, Strike, Link, Inserted, Deleted)):
            out.append(plain_text(i.content))
        elif isinstance(i, Badge):
            out.append(i.text)
    return "".join(out)
