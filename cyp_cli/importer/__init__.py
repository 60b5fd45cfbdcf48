"""``cyp import``: an existing plan (DOCX, ODT, HTML or Markdown) brought into the plan
folder contract.

The flow: ``source.py`` reads the document into pandoc's AST; ``sections.py`` splits
it at its headings; ``facts.py`` finds the title, authority and period if not given;
``compose.py`` reads action, monitoring, glossary and partner tables (``tables.py``,
``items.py``) and proposes core aims or outcomes from the nation's data
(``themes.py``); ``bodies.py`` turns the rest into Markdown; ``plan_files.py``
renders plan.yaml and the sections; ``write.py`` writes them all or nothing. Every
inference is a finding in ``import-report.md`` (``report.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ImportFailure
from .report import Report

REPORT = "import-report.md"
__all__ = ["REPORT", "ImportFailure", "Options", "Outcome", "import_plan"]


@dataclass(frozen=True)
class Options:
    nation: str
    authority: str | None = None
    period: str | None = None
    split_level: int | None = None


@dataclass
class Outcome:
    directory: Path
    sections: int
    targets: int
    actions: int
    partners: int
    report: Report
    files: list[str] = field(default_factory=list)


def _catalogues() -> list[dict[str, Any]]:
    """Each language's catalogue of the words cyp's builds add (``render/strings``):
    how a document cyp built names its back matter and its themes. Only the main
    files, read with the C loader; the review report's wording is not needed here."""
    import yaml

    # The folder document/strings.py reads (STRINGS_DIR), named here by path: importing
    # that module loads the whole document package, a third of a second per import.
    folder = Path(__file__).resolve().parent.parent / "render" / "strings"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
            for path in sorted(folder.glob("*.yaml")) if "." not in path.stem]


def import_plan(source_path: Path | str, directory: Path | str, options: Options) -> Outcome:
    """Import ``source_path`` into the new plan folder ``directory``."""
    from ..scaffold import ScaffoldError, check_nation, parse_period
    from .source import start_reading
    from .write import refuse_non_empty, write

    directory = Path(directory)
    try:
        nation_id = check_nation(options.nation.strip().lower())
        span = parse_period(options.period) if options.period else None
    except ScaffoldError as exc:
        raise ImportFailure(str(exc)) from None
    if options.split_level is not None and not 1 <= options.split_level <= 6:
        raise ImportFailure("--split-level must be a heading level from 1 to 6")
    if options.authority is not None and not options.authority.strip():
        raise ImportFailure("--authority must not be empty")
    refuse_non_empty(directory.absolute())

    reading = start_reading(source_path)
    # While pandoc reads the document: the rest of the importer, the nation's data, the
    # catalogues and the bookmarks.
    try:
        from ..regimes import load_nation
        from ..scaffold import load_scaffold
        from . import bodies, items, sections
        from .compose import Composer
        from .facts import meta_text, plan_facts
        from .partners import Partners
        from .plan_files import plan_text, section_text
        from .themes import Themes
        from .wording import Wording

        nation = load_nation(nation_id)
        council = dict(load_scaffold(nation_id).plan["council"])
        catalogues = _catalogues()
        bookmarks = reading.bookmarks()
    except BaseException:
        reading.pandoc.proc.kill()
        reading.finish_quietly()
        raise
    source = reading.finish()
    try:
        report = Report(Path(source_path).name)
        themes = Themes(nation, catalogues)
        meta = source.ast.get("meta", {})
        split = sections.split(source.ast.get("blocks", []), themes,
                               sections.BackMatter(catalogues), report, options.split_level,
                               bool(meta_text(meta, "title")))
        facts = plan_facts(meta, split, report, str(source_path), options.authority, span)

        types = nation.vocabularies.get("partner_type")
        type_words: dict[str, str] = {}
        type_labels: dict[str, str] = {}
        extra = types.extra if types else {}
        for value, label in (types.values.items() if types else []):
            names = [str(label)] + [str(v.get(value, "")) for k, v in extra.items()
                                    if k.startswith("values_") and isinstance(v, dict)]
            type_words[str(value)] = " ".join(names)
            type_labels.update({" ".join(n.lower().split()): str(value) for n in names})
        partners = Partners(report, type_words, council, facts.authority)
        ctx = items.Context(report, partners, themes, facts.start, facts.end,
                            type_labels=type_labels,
                            wording=Wording.from_catalogues(catalogues))
        plan = Composer(split, ctx, themes, report, catalogues).compose()

        converter = bodies.Converter(source, report)
        headings = [b for b in sections.flatten(source.ast.get("blocks", []))
                    if b.get("t") == "Header"]
        converter.collect_anchors(plan.bodies, plan.headings, headings, bookmarks)
        api = list(source.ast["pandoc-api-version"])
        for sf, text in zip(plan.sections, bodies.convert(plan.bodies, converter, api),
                            strict=True):
            sf.body = text
    finally:
        source.close()
    if converter.dropped_links:
        report.add("section", f"{converter.dropped_links} links into the document (to its "
                   "registers or bookmarks cyp cannot follow) kept as plain text", "links",
                   "medium", "re-link them to sections (other.md#heading)")
    n_targets = sum(len(s.targets) for s in plan.sections)
    n_actions = sum(len(s.actions) for s in plan.sections)
    report.counts = {"sections": len(plan.sections), "targets": n_targets,
                     "actions": n_actions, "partners": len(partners.items),
                     "glossary entries": len(plan.glossary), "images": len(converter.images),
                     "tables kept in the text": plan.kept_tables}
    files = {sf.file: section_text(sf, themes.field) for sf in plan.sections}
    files["plan.yaml"] = plan_text(
        nation=nation_id, title=facts.title, authority=facts.authority, start=facts.start,
        end=facts.end, partners=partners.items, glossary=plan.glossary,
        source=Path(source_path).name)
    files[REPORT] = report.markdown()
    write(directory, files, converter.images)
    return Outcome(directory, len(plan.sections), n_targets, n_actions, len(partners.items),
                   report, sorted([*files, *converter.images]))
