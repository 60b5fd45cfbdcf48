"""M: Markdown that publishes well and accessibly (WCAG 2.1 AA in HTML, tagged PDF).

The section's ``title`` is its top heading, so bodies start at ``##``.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import CONTROL, Diagnostic, Level, printable
from ..substance import todo
from . import rule
from .context import Context

E, W, INFO = Level.ERROR, Level.WARNING, Level.INFO


@rule("M001", W, "Heading level skipped")
def heading_skip(ctx: Context) -> Iterator[Diagnostic]:
    """Headings go down one level at a time (``##`` then ``###``); screen-reader users
    navigate by heading level, and a skipped level reads as missing content.
    """
    for s in ctx.plan.all_sections():
        level = 1  # the title
        for h in s.markdown.headings:
            if h.level > level + 1:
                yield Diagnostic(s.rel, h.line, 1, "M001", W,
                                 f"heading '{h.text}' is level {h.level} after level {level}")
            level = h.level


@rule("M002", E, "Top-level heading in a section body")
def h1_in_body(ctx: Context) -> Iterator[Diagnostic]:
    """The front-matter ``title`` is the section's heading; a ``#`` heading in the
    body would give the published document two headings at the same level.
    """
    for s in ctx.plan.all_sections():
        for h in s.markdown.headings:
            if h.level == 1:
                yield Diagnostic(s.rel, h.line, 1, "M002", E,
                                 f"'# {h.text}': start body headings at '##' "
                                 "(the title is the top heading)")


@rule("M003", E, "Link without text or target")
def empty_link(ctx: Context) -> Iterator[Diagnostic]:
    """A link needs words that say where it goes (WCAG 2.4.4) and a target."""
    for s in ctx.plan.all_sections():
        for link in s.markdown.links:
            if link.image:
                continue
            if not link.href:
                yield Diagnostic(s.rel, link.line, link.col, "M003", E, "link has no target")
            elif not link.text.strip():
                yield Diagnostic(s.rel, link.line, link.col, "M003", E,
                                 f"link to '{link.href}' has no text")


@rule("M004", E, "Image without alt text")
def image_alt(ctx: Context) -> Iterator[Diagnostic]:
    """Every image needs a text alternative (WCAG 1.1.1): ``![Chart of ...](x.png)``."""
    for s in ctx.plan.all_sections():
        for link in s.markdown.links:
            if link.image and not link.text.strip():
                yield Diagnostic(s.rel, link.line, link.col, "M004", E,
                                 f"image '{link.href}' has no alt text")


@rule("M005", E, "TODO marker")
def todo_marker(ctx: Context) -> Iterator[Diagnostic]:
    """``TODO``, ``FIXME`` or ``TBC`` left in the text. An error, because a plan must
    not be published with one: ``cyp init`` writes TODOs into every stub, so a fresh
    plan fails lint with its own to-do list, and ``cyp build --force`` builds it as a
    draft.
    """
    for s in ctx.plan.all_sections():
        if not todo(s.body):
            continue
        for n, line in enumerate(s.body.split("\n")):
            if m := todo(line):
                rest = line[m.start():].strip()
                yield Diagnostic(s.rel, s.body_line + n, m.start() + 1, "M005", E, rest[:100])


@rule("M006", W, "Raw HTML")
def raw_html(ctx: Context) -> Iterator[Diagnostic]:
    """Raw HTML is shown as text in the published plan, never passed through: it could
    break accessibility or carry scripts. Use Markdown instead. (HTML comments are
    allowed: they are dropped.)
    """
    for s in ctx.plan.all_sections():
        for line, html in s.markdown.html:
            if html.startswith("<!--"):
                continue
            yield Diagnostic(s.rel, line, 1, "M006", W,
                             f"raw HTML {html[:40]!r} will be shown as text")


@rule("M007", E, "Control character")
def control_character(ctx: Context) -> Iterator[Diagnostic]:
    """A control character (ESC, BEL, NUL, backspace, a C1 control...) in a body or a
    title: invisible in an editor, not allowed in HTML, and on a terminal it can rewrite
    what is shown (``ESC[2K`` erases a line). Usually pasted from another program;
    delete it. (The published HTML drops them; lint output shows them as ``\\x1b``.)
    """
    for s in ctx.plan.all_sections():
        if CONTROL.search(s.title or ""):
            pos = s.meta.at("title")
            yield Diagnostic.at(pos, "M007", E, f"control character in the title: "
                                f"{_shown(s.title or '')}")
        if not CONTROL.search(s.body):
            continue
        for n, line in enumerate(s.body.split("\n")):
            for m in CONTROL.finditer(line):
                yield Diagnostic(s.rel, s.body_line + n, m.start() + 1, "M007", E,
                                 f"control character U+{ord(m[0]):04X} "
                                 f"({_NAMES.get(m[0], 'control')}): delete it")


_NAMES = {"\x00": "NUL", "\x07": "BEL", "\x08": "backspace", "\x1b": "ESC",
          "\x7f": "DEL", "\x0c": "form feed", "\x0b": "vertical tab"}


def _shown(text: str) -> str:
    return printable(text[:60])


@rule("M008", E, "Text too deeply nested or too long to publish")
def too_complex(ctx: Context) -> Iterator[Diagnostic]:
    """A paragraph whose emphasis or links nest more than 32 deep, or a single block of
    more than 20,000 characters. Such text is never meant (it comes from a broken
    conversion or a paste gone wrong), and it makes the publishing tools run out of
    time or memory. A forced draft shows a too-deep block as plain text and only the
    start of a too-long one.
    """
    for s in ctx.plan.all_sections():
        for line, why in s.markdown.too_complex:
            yield Diagnostic(s.rel, line, 1, "M008", E, why)


@rule("M009", W, "Character no font can show")
def unshowable_character(ctx: Context) -> Iterator[Diagnostic]:
    """A character that is private-use (a code a font vendor invented), not assigned
    by Unicode, or half of a broken pair: no font cyp can rely on has it, so the PDF
    would show a code such as ``[U+E000]`` in its place. Usually a symbol pasted from
    a word processor's own font (Wingdings, Symbol): type the real character or a word.
    (Emoji, flags and Chinese, Japanese or Korean text are fine where Debian's Noto
    fonts are installed; ``cyp build`` warns where they are not.)
    """
    import unicodedata

    for s in ctx.plan.all_sections():
        if s.body.isascii():
            continue
        # Which distinct characters are unshowable, found once per section: Welsh
        # prose has a non-ASCII letter on most lines, and only an odd one needs a
        # character-by-character walk for its columns.
        odd = {char for char in set(s.body)
               if ord(char) > 127 and unicodedata.category(char) in ("Co", "Cn", "Cs")}
        if not odd:
            continue
        for n, line in enumerate(s.body.split("\n")):
            if line.isascii():
                continue
            for col, char in enumerate(line, start=1):
                if char in odd:
                    yield Diagnostic(s.rel, s.body_line + n, col, "M009", W,
                                     f"U+{ord(char):04X} is "
                                     f"{_KIND[unicodedata.category(char)]}: no font shows it")


_KIND = {"Co": "a private-use character", "Cn": "not a Unicode character",
         "Cs": "half of a broken surrogate pair"}
