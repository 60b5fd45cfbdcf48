"""Document tree -> HTML | DOCX | PDF, the ``render`` stage of the pipeline.

:func:`render_editions` builds each edition's document tree once (the plan, or the
children's edition, in each of the plan's languages) and hands that one tree to every
requested format; :func:`write_outputs` publishes the results only after
all of them succeeded, the whole set in one switch, so a failed or killed build leaves
the previous outputs as they were. Heavy imports (jinja2, pandoc, typst) happen inside the
renderers, when a format is actually built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the build imports these; `cyp build --help` need not
    from ..check import Report
    from ..document.nodes import Document

FORMATS = ("html", "docx", "pdf")


@dataclass
class Output:
    name: str  # file name, e.g. plan.html or plan.cy.pdf
    format: str
    lang: str
    data: bytes
    seconds: float = 0.0


def output_name(fmt: str, lang: str, multilingual: bool, edition: str = "plan") -> str:
    """``plan.html``; ``plan.en.html`` when the plan has more than one language; the
    children's edition is ``plan.children.html`` (``plan.children.cy.html``)."""
    stem = "plan" if edition == "plan" else f"plan.{edition}"
    return f"{stem}.{lang}.{fmt}" if multilingual else f"{stem}.{fmt}"


def render(doc: Document, fmt: str, warnings: list[str] | None = None) -> bytes:
    """One document tree in one format."""
    if fmt == "html":
        from .html import render_html

        return render_html(doc)
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(doc, warnings)
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(doc, warnings)
    raise ValueError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})")


def render_editions(
    report: Report,
    formats: list[str],
    *,
    draft: bool = False,
    languages: list[str] | None = None,
    warnings: list[str] | None = None,
    step: Callable[[str], None] | None = None,
    editions: list[str] | tuple[str, ...] = ("plan",),
) -> list[Output]:
    """Every requested format of every edition (``editions``: "plan", "children") in
    every language, in memory. ``report`` is the ``check.Report`` lint produced (its
    coverage results feed the appendix); ``step`` is told before each piece of work
    (for a progress bar). Every document tree is assembled before any format is
    rendered, so a missing Welsh string or text fails the build at once."""
    from ..diagnostics import Level
    from ..document import build_document

    plan = report.plan
    context = report.context
    errors = report.count(Level.ERROR)
    langs = languages or list(plan.file.languages or ["en"])
    multilingual = len(plan.file.languages or []) > 1
    docs = []
    for edition in editions:
        for lang in langs:
            if step:
                step(f"assembling the {lang} {edition} edition")
            docs.append((edition, lang, build_document(
                plan,
                nation=report.nation,
                coverage=context.coverage if context is not None else [],
                regime=report.regime,
                lang=lang,
                draft=draft,
                warnings=warnings,
                edition=edition,
                errors=errors,
            )))
    _link_languages(docs, multilingual)
    outputs = []
    for edition, lang, doc in docs:
        outputs += _render_formats(doc, formats, lang, multilingual, warnings, step, edition)
    return outputs


def _link_languages(docs: list[tuple[str, str, Document]], multilingual: bool) -> None:
    """Each edition's HTML page links to the same edition in the plan's other
    languages (its file, named as written here), in that language's own words."""
    for edition, lang, doc in docs:
        doc.alternates = [
            (output_name("html", other_lang, multilingual, edition), other.lang_tag,
             other.s("edition_link"))
            for other_edition, other_lang, other in docs
            if other_edition == edition and other_lang != lang]


def _render_formats(doc: Document, formats: list[str], lang: str, multilingual: bool,
                    warnings: list[str] | None,
                    step: Callable[[str], None] | None,
                    edition: str = "plan") -> list[Output]:
    """The formats of one edition, concurrently: DOCX and PDF spend most of their time
    in pandoc processes and typst, so the build takes about as long as the slowest
    format rather than the sum. Results keep the requested order; the first failure
    is raised."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    def one(fmt: str) -> Output:
        start = time.perf_counter()
        data = render(doc, fmt, warnings)
        return Output(output_name(fmt, lang, multilingual, edition), fmt, lang, data,
                      time.perf_counter() - start)

    if len(formats) == 1:
        if step:
            step(f"writing {output_name(formats[0], lang, multilingual, edition)}")
        return [one(formats[0])]
    with ThreadPoolExecutor(max_workers=len(formats)) as pool:
        futures = [pool.submit(one, fmt) for fmt in formats]
        results = []
        for fmt, future in zip(formats, futures, strict=True):
            if step:
                step(f"writing {output_name(fmt, lang, multilingual, edition)}")
            results.append(future.result())
    return results


def write_outputs(out_dir: Path, outputs: list[Output]) -> list[Path]:
    """Publish every output in one switch (``fsutil.publish_folder``): ``out_dir`` is
    wholly the previous build or wholly this one, even if the build is killed. Files
    already there keep their permissions; new ones get the usual 0644 (under the common
    umask), so a web server can serve them."""
    from ..fsutil import publish_folder

    return publish_folder(out_dir, {o.name: o.data for o in outputs})
