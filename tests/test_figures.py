"""Figures in the edition's locale (cyp_cli/figures.py): Babel's CLDR data for en-GB
and cy-GB, the author's decimals kept, computed values at the target's precision."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from cyp_cli.figures import like, long_date, number, places, with_unit


@pytest.mark.parametrize("lang", ["en", "cy", "en-GB", "cy-GB"])
def test_money_reads_pounds_first(lang: str) -> None:
    assert with_unit(410000, "£", lang) == "£410,000"
    assert with_unit(1250.5, "£", lang) == "£1,250.5"
    assert with_unit(20000, "£ a year", lang) == "£20,000 a year"


def test_numbers_keep_the_authors_decimals() -> None:
    assert number(62.1) == "62.1" and number(70) == "70" and number(66.0) == "66.0"
    assert number(12500) == "12,500" and number(-1234.5) == "-1,234.5"
    assert number(12500, "cy") == "12,500"
    assert places(66.0) == 1 and places(70) == 0 and places(1.98) == 2


def test_percent_and_units() -> None:
    assert with_unit(55.8, "%") == "55.8%" and with_unit(55.8, "%", "cy") == "55.8%"
    assert with_unit(55, "per 10,000") == "55 per 10,000"
    assert with_unit(1204, "number") == "1,204" and with_unit(12, "nifer", "cy") == "12"
    assert with_unit(35, "number a year") == "35 a year"
    assert with_unit(35, "nifer y flwyddyn", "cy") == "35 y flwyddyn"
    assert with_unit(None, "%") == "?"


def test_computed_values_at_the_precision_of_their_target() -> None:
    assert like(75.49, 110) == 75 and isinstance(like(75.49, 110), int)
    assert like(1064.89, 900) == 1065
    assert like(63.32, 100.0) == 63.3
    assert like(1.234, 1.75) == 1.23
    assert with_unit(like(469958.93, 650000), "£") == "£469,959"


def test_dates_in_the_language() -> None:
    day = dt.date(2011, 3, 28)
    assert long_date(day, "en") == "28 March 2011"
    assert long_date(day, "cy") == "28 Mawrth 2011"
    assert long_date(dt.date(2012, 6, 1), "cy-GB") == "1 Mehefin 2012"


def test_lint_never_imports_babel() -> None:
    code = ("import sys, cyp_cli.figures, cyp_cli.check, cyp_cli.cli.lint; "
            "print('babel' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def _register(lang: str) -> list[str]:
    from plancopy import EXAMPLE

    from cyp_cli.check import check_plan
    from cyp_cli.document import build_document
    from cyp_cli.document.nodes import Para, Table, plain_text
    from cyp_cli.model.load import load_plan

    report = check_plan(load_plan(EXAMPLE))
    doc = build_document(report.plan, nation=report.nation, coverage=report.context.coverage,
                         regime=report.regime, lang=lang)
    part = next(p for p in doc.parts if plain_text(p.heading.content) in (
        "Targets register", "Cofrestr targedau"))
    texts = [plain_text(b.content) for b in part.blocks if isinstance(b, Para)]
    for b in part.blocks:
        if isinstance(b, Table):
            texts += [plain_text(c.content) for row in b.body for c in row.cells]
    return texts


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_plan_register_says_when_its_figures_were_true(lang: str) -> None:
    texts = _register(lang)
    # The example was published on 28 March 2011 and shows 2011-12 figures.
    note = {"en": "Figures as at 31 March 2012, the end of the latest period shown. The "
                  "plan was published on 28 March 2011;",
            "cy": "Ffigurau fel yr oeddent ar 31 Mawrth 2012, diwedd y cyfnod diweddaraf a "
                  "ddangosir. Cyhoeddwyd y cynllun ar 28 Mawrth 2011;"}[lang]
    assert any(t.startswith(note) for t in texts)
    assert "£410,000 (2009-10)" in texts and not any("410,000 £" in t for t in texts)


def test_cache_keeps_int_and_float_apart() -> None:
    assert number(66) == "66" and number(66.0) == "66.0" and number(66) == "66"
    assert with_unit(70, "%") == "70%" and with_unit(70.0, "%") == "70.0%"
