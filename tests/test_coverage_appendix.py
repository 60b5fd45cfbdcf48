"""document/annexes.py ``coverage_part``: the published coverage appendix is written for
the public: which requirement, and where the plan meets it in plain words (section
titles), or what it does not yet show; never rule codes, file names, keys or lint's
reasons."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from plancopy import ENGLAND, EXAMPLE

from cyp_cli.check import check_plan
from cyp_cli.document import build_document
from cyp_cli.document.nodes import Link, Table, plain_text
from cyp_cli.model.load import load_plan
from cyp_cli.scaffold import Options, init_plan

# What lint says and a reader should never see.
LINT_WORDS = re.compile(r"plan\.yaml|\bcovers\b|\.md\b|\bS[123]00\b|\b(wales|england)\.[a-z]"
                        r"|TODO|core_aim|outcome:|consultee|front matter")


def rows(root: Path, lang: str | None = None) -> list[tuple[str, str, str, list[Link]]]:
    report = check_plan(load_plan(root))
    doc = build_document(report.plan, nation=report.nation, coverage=report.context.coverage,
                         regime=report.regime, lang=lang, draft=True, warnings=[])
    part = next(p for p in doc.parts if p.id == "statutory-coverage")
    table = next(b for b in part.blocks if isinstance(b, Table))
    out = []
    for row in table.body:
        where = row.cells[4].content
        out.append((plain_text(row.cells[0].content), plain_text(row.cells[3].content),
                    plain_text(where), [i for i in where if isinstance(i, Link)]))
    return out


@pytest.mark.parametrize(("root", "lang"), [(EXAMPLE, "en"), (EXAMPLE, "cy"), (ENGLAND, None)])
def test_the_appendix_names_sections_never_files_or_codes(root: Path, lang: str | None) -> None:
    found = rows(root, lang)
    assert found
    for summary, _met, where, _links in found:
        assert not LINT_WORDS.search(where), (summary, where)
        assert where.strip(), summary
    # Requirements met by targets and actions say where those are, by section.
    assert any(("Targets in" in where or "Targedau:" in where) and links
               for _, _, where, links in found)


def test_a_skeleton_appendix_says_what_is_missing_in_plain_words(tmp_path: Path) -> None:
    init_plan(tmp_path / "p", Options.from_args("england", "X", "2011-2014"))
    found = rows(tmp_path / "p")
    unmet = [where for _, met, where, _ in found if met == "No"]
    assert unmet and all(not LINT_WORDS.search(w) for w in unmet)
    assert "The plan does not record this consultation." in unmet
    assert "No section of the plan sets this out yet." in unmet
