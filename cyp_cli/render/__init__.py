"""Document tree -> HTML | DOCX | PDF, the ``render`` stage of the pipeline.

:func:`render_editions` builds each edition's document tree once (the plan, or the
children's edition, in each of the plan's languages) and hands that one tree to every
requested format, all of them rendered concurrently; :func:`write_outputs` publishes
the results only after all of them succeeded, the whole set in one switch, so a failed
or killed build leaves the previous outputs as they were. Heavy imports (jinja2, pandoc,
typst) happen inside the renderers, when a format is actually built.
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
    return _render_all(docs, formats, multilingual, warnings, step)


def _link_languages(docs: list[tuple[str, str, Document]], multilingual: bool) -> None:
    """Each edition's HTML page links to the same edition in the plan's other
    languages (its file, named as written here), in that language's own words."""
    for edition, lang, doc in docs:
        doc.alternates = [
            (output_name("html", other_lang, multilingual, edition), other.lang_tag,
             other.s("edition_link"))
            for other_edition, other_lang, other in docs
            if other_edition == edition and other_lang != lang]


# Slowest first: a PDF (pandoc, then typst) takes several times a DOCX, which takes
# several times the HTML, so the long jobs start at once and the short ones fill the gaps.
_LONGEST_FIRST = {"pdf": 0, "docx": 1, "html": 2}


def _render_all(docs: list[tuple[str, str, Document]], formats: list[str],
                multilingual: bool, warnings: list[str] | None,
                step: Callable[[str], None] | None) -> list[Output]:
    """Every format of every edition and language, concurrently in threads: DOCX and
    PDF spend most of their time in pandoc processes and in typst (which releases the
    GIL), so on two cores the English and Welsh PDFs typeset side by side and the
    build takes about as long as its longest jobs rather than their sum. Results keep
    the order of ``docs`` and ``formats``; the first failure is raised."""
    import time
    from concurrent.futures import Future, ThreadPoolExecutor

    jobs = [(edition, lang, doc, fmt) for edition, lang, doc in docs for fmt in formats]

    def name(job: tuple[str, str, Document, str]) -> str:
        edition, lang, _, fmt = job
        return output_name(fmt, lang, multilingual, edition)

    def one(job: tuple[str, str, Document, str]) -> Output:
        _, lang, doc, fmt = job
        start = time.perf_counter()
        data = render(doc, fmt, warnings)
        return Output(name(job), fmt, lang, data, time.perf_counter() - start)

    if len(jobs) == 1:
        if step:
            step(f"writing {name(jobs[0])}")
        return [one(jobs[0])]
    if "pdf" in formats:  # the font search, once, before the threads would each start it
        from .pdf import font_families

        font_families()
    futures: dict[int, Future[Output]] = {}
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        for i in sorted(range(len(jobs)), key=lambda i: _LONGEST_FIRST.get(jobs[i][3], 3)):
            futures[i] = pool.submit(one, jobs[i])
        results = []
        for i, job in enumerate(jobs):
            if step:
                step(f"writing {name(job)}")
            results.append(futures[i].result())
    return results


def write_outputs(out_dir: Path, outputs: list[Output]) -> list[Path]:
    """Publish every output in one switch (``fsutil.publish_folder``): ``out_dir`` is
    wholly the previous build or wholly this one, even if the build is killed. Files
    already there keep their permissions; new ones get the usual 0644 (under the common
    umask), so a web server can serve them."""
    from ..fsutil import publish_folder

    return publish_folder(out_dir, {o.name: o.data for o in outputs})
