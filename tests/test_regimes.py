"""The nations' data: every requirement cites a paragraph, every machine test is one
coverage.py understands, and vocabularies are what the contract's fields expect."""

from __future__ import annotations

import datetime as dt

import pytest

from cyp_cli.coverage import _condition
from cyp_cli.model.plan import FrontMatter
from cyp_cli.paths import templates_dir
from cyp_cli.regimes import available, load_nation

NATIONS = ["wales", "england"]
CONDITIONS = {"covered", "section", "items", "consultation", "plan"}


def test_both_nations_are_data() -> None:
    assert available() == sorted(NATIONS)


@pytest.mark.parametrize("nation_id", NATIONS)
def test_requirements_are_complete(nation_id: str) -> None:
    nation = load_nation(nation_id)
    ids = [r.id for r in nation.requirements]
    assert len(ids) == len(set(ids)), "requirement ids must be unique"
    for req in nation.requirements:
        assert req.id.startswith(f"{nation_id}."), req.id
        assert req.level in ("must", "should", "advisory"), req.id
        assert req.citation.document in nation.documents, req.id
        assert req.citation.part and req.summary and req.how, req.id
        for alternative in req.met_by:
            assert set(alternative) <= CONDITIONS, (req.id, alternative)
            for kind, arg in alternative.items():
                if kind == "section":
                    assert set(arg) <= {"where", "theme", "has", "count"}, req.id
                    assert "theme" not in arg or arg["theme"] in nation.themes.values, req.id
                    assert set(arg.get("has", [])) <= {"targets", "actions", "body"}, req.id
                    for field in arg.get("where", {}):
                        assert field in FrontMatter.FIELDS, (req.id, field)
                        vocab = nation.vocabularies.get(field)
                        values = arg["where"][field]
                        for v in values if isinstance(values, list) else [values]:
                            assert vocab is None or v in vocab.values or field == "covers", \
                                (req.id, field, v)
                if kind == "items":
                    assert set(arg) <= {"theme", "each", "has"}, req.id
                    assert set(arg.get("has", [])) <= {"targets", "actions"}, req.id
                    themes = arg["theme"] if isinstance(arg["theme"], list) else [arg["theme"]]
                    assert all(t in nation.themes.values for t in themes), req.id
                if kind == "consultation":
                    assert arg["consultee"] in nation.vocabularies["consultees"].values, req.id


@pytest.mark.parametrize("nation_id", NATIONS)
def test_theme_vocabulary_and_regimes(nation_id: str) -> None:
    nation = load_nation(nation_id)
    assert nation.theme_field in ("core_aim", "outcome")
    assert nation.themes.values
    for regime in nation.regimes:
        assert regime.name and regime.note
        assert regime.start is None or regime.until is None or regime.start < regime.until
    assert (templates_dir() / nation_id / "checklist.yaml").is_file()


def test_wales_has_the_statutory_shape() -> None:
    wales = load_nation("wales")
    assert list(wales.vocabularies["core_aim"].values) == [1, 2, 3, 4, 5, 6, 7]
    assert len(wales.vocabularies["principles"].values) == 9
    assert len(wales.vocabularies["broad_aims"].values) == 13
    ids = {r.id for r in wales.requirements}
    assert {f"wales.core-aim.{n}" for n in range(1, 8)} <= ids
    assert {f"wales.principle.{p}" for p in wales.vocabularies["principles"].values} <= ids
    regime, in_force = wales.regime_for(dt.date(2011, 4, 1))
    assert in_force and regime.id == "wales-cypp-2011"
    assert regime.sources == ("act-2004-s26", "regs-2007", "measure-2010", "guidance-2010")
    assert wales.regime_for(dt.date(2010, 4, 1))[0].id == "wales-cypp-2008"
    assert wales.regime_for(dt.date(2016, 4, 1))[0].duty == "none"  # ended 31 March 2016
    # regulation 7(2)(a)-(r): eighteen consultees, each checked against consultation
    reg7 = [r for r in wales.requirements if r.id.startswith("wales.reg7.")]
    assert [r.id[-1] for r in reg7] == list("abcdefghijklmnopqr")
    assert all(r.level == "must" and "consultation" in r.met_by[0] for r in reg7)


def test_england_has_the_statutory_shape() -> None:
    england = load_nation("england")
    assert len(england.vocabularies["outcome"].values) == 5
    ids = {r.id for r in england.requirements}
    assert {f"england.reg4.2.{c}" for c in "abcdefgh"} <= ids
    consultees = england.vocabularies["consultees"].extra
    assert len(consultees["must"]) + len(consultees["appropriate"]) == 16  # reg 7 (a)-(p)
    assert england.regime_for(dt.date(2010, 6, 1))[0].id == "england-cypp-2010"
    later = england.regime_for(dt.date(2010, 10, 31))[0]  # revoked from 31 October 2010
    assert later.duty == "voluntary" and later.good_practice == "england-cypp-2010"
    assert england.regime_for(dt.date(2008, 4, 1))[0].secondary  # the 2005 Regulations
    assert england.regime_for(dt.date(2005, 4, 1))[0].duty == "none"


def test_unknown_condition_is_a_clear_error() -> None:
    wales = load_nation("wales")
    with pytest.raises(ValueError, match="unknown condition 'sectoin'"):
        _condition(None, wales.requirements[0], "sectoin", {})  # type: ignore[arg-type]


def test_repeated_requirements_are_written_once() -> None:
    wales = load_nation("wales")
    aims = [r for r in wales.requirements if r.id.startswith("wales.core-aim.")]
    assert [r.id for r in aims] == [f"wales.core-aim.{n}" for n in range(1, 8)]
    assert aims[2].met_by[0]["items"]["theme"] == 3  # stays an integer
    assert "core aim 3 (health and freedom from abuse)" in aims[2].summary
    assert aims[2].summary_for("cy") and "nod craidd 3" in aims[2].summary_for("cy")
    assert len({r.line for r in aims}) == 1  # one entry in checklist.yaml


@pytest.mark.parametrize("nation_id", NATIONS)
def test_every_regime_has_dates_sources_or_a_statement(nation_id: str) -> None:
    nation = load_nation(nation_id)
    previous = None
    for regime in nation.regimes:  # contiguous, newest last
        if previous is not None:
            assert previous.until + dt.timedelta(days=1) == regime.start, regime.id
        previous = regime
        if regime.duty == "none":
            assert regime.statement and not nation.applicable(regime, dt.date(2011, 1, 1))
        else:
            day = regime.start
            assert nation.applicable(regime, day), regime.id
    assert nation.regimes[0].start is None and nation.regimes[-1].until is None
