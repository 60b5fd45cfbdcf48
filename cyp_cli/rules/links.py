"""L: links between sections and to headings, checked as build will resolve them.

A relative link ``other.md#heading`` must name a section file of the plan and, after
``#``, the anchor of a heading in it, computed by ``model.markdown.slugify`` (the same
function build uses to give headings their ids).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from ..diagnostics import Diagnostic, Level, did_you_mean
from ..model.images import image_problem
from ..model.links import UNSAFE_SCHEMES, resolve
from . import rule
from .context import Context

E, W = Level.ERROR, Level.WARNING

@rule("L001", E, "Broken link to a section or file")
def broken_link(ctx: Context) -> Iterator[Diagnostic]:
    """A relative link names a file that is not a section of the plan, or a path
    outside the plan folder. Build turns links between sections into in-document
    links; a broken one would be a dead link in every published format.

    FAIL::

        See [our child poverty strategy](17-child-poverty.md).

    PASS::

        See [our child poverty strategy](17-child-poverty-strategy.md).
    """
    by_rel = {s.rel: s for s in ctx.plan.all_sections()}
    for section in ctx.plan.all_sections():
        for link in section.markdown.links:
            if link.image or not link.href or urlsplit(link.href).scheme:
                continue
            if link.href.startswith("#"):
                continue
            found, _, problem = resolve(section, link.href, by_rel, ctx.plan.root)
            if found is None and problem:
                yield Diagnostic(section.rel, link.line, link.col, "L001", E,
                                 f"link '{link.href}': {problem}")


@rule("L002", E, "Link to a missing heading")
def missing_anchor(ctx: Context) -> Iterator[Diagnostic]:
    """The part after ``#`` does not match any heading of the target section.
    Anchors are the heading text in lower case, punctuation dropped, spaces as
    hyphens (as on GitHub); a repeated heading gets ``-1``, ``-2``.

    FAIL (the heading is ``## Strategic objectives``)::

        [objectives](17-child-poverty-strategy.md#objectives)

    PASS::

        [objectives](17-child-poverty-strategy.md#strategic-objectives)
    """
    by_rel = {s.rel: s for s in ctx.plan.all_sections()}
    for section in ctx.plan.all_sections():
        for link in section.markdown.links:
            if link.image or urlsplit(link.href).scheme or "#" not in link.href:
                continue
            found, fragment, _ = resolve(section, link.href, by_rel, ctx.plan.root)
            if found is None or not fragment:
                continue
            if fragment not in found.markdown.slugs:
                near = sorted(found.markdown.slugs)
                yield Diagnostic(
                    section.rel, link.line, link.col, "L002", E,
                    f"link '{link.href}': no heading '#{fragment}' in {found.rel}"
                    + did_you_mean(fragment, near),
                )


@rule("L003", E, "Unsafe link or image URL")
def unsafe_url(ctx: Context) -> Iterator[Diagnostic]:
    """``javascript:``, ``data:``, ``vbscript:`` and ``file:`` URLs are refused: they
    run code or reach outside the published document. Use ``https:`` links, and put
    images in the plan folder.
    """
    for section in ctx.plan.all_sections():
        for link in section.markdown.links:
            scheme = urlsplit(link.href.strip()).scheme.lower()
            if scheme in UNSAFE_SCHEMES:
                yield Diagnostic(section.rel, link.line, link.col, "L003", E,
                                 f"'{scheme}:' URLs are not allowed in a published plan")


@rule("L005", E, "Branding logo or colour the build cannot use")
def branding(ctx: Context) -> Iterator[Diagnostic]:
    """plan.yaml's ``branding``: each logo must be an image inside the plan folder, in
    a publishable format and really that format; the colour must be ``#rrggbb``
    (anything else would be silently replaced by the default on the cover).

    FAIL::

        branding: {logo: ../shared/logo.png, colour: navy}
    """
    b = ctx.plan.file.branding
    if b is None:
        return
    root = ctx.plan.root.resolve()
    logos = [(b.logo, b.at("logo"))] if b.logo else []
    logos += [(p, b.at("partner_logos", n)) for n, p in enumerate(b.partner_logos)]
    for rel, pos in logos:
        problem = image_problem(root / rel, root)
        if problem:
            yield Diagnostic.at(pos, "L005", E, f"branding image '{rel}': {problem}")
    if b.colour is not None and not _COLOUR.fullmatch(b.colour):
        yield Diagnostic.at(b.at("colour"), "L005", E,
                            f"branding colour '{b.colour}' must be written #rrggbb "
                            "(e.g. #1d4f91)")


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@rule("L004", E, "Image missing, outside the plan or not an image")
def missing_image(ctx: Context) -> Iterator[Diagnostic]:
    """An image must be a file inside the plan folder (build embeds it; a remote image
    would make the published page fetch from the network), in a format every reader
    handles (PNG, JPEG, GIF, SVG, WebP), and really that format (a renamed file fails
    the build).
    """
    root = ctx.plan.root.resolve()
    for section in ctx.plan.all_sections():
        for link in section.markdown.links:
            if not link.image:
                continue
            scheme = urlsplit(link.href).scheme.lower()
            if scheme in UNSAFE_SCHEMES:
                continue
            if scheme:
                problem: str | None = ("remote images are not embedded; save the image "
                                       "in the plan folder")
            else:
                path = section.path.parent / unquote(urlsplit(link.href).path)
                problem = image_problem(path, root)
                if problem is None:
                    continue
            yield Diagnostic(section.rel, link.line, link.col, "L004", E,
                             f"image '{link.href}': {problem}")
