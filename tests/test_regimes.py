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
    assert in_force and regime.name == "Wales: CYP Plans 2011-14 (draft interim guidance 2010)"
    assert not wales.regime_for(dt.date(2016, 4, 1))[1]  # superseded from 1 April 2016


def test_england_has_the_statutory_shape() -> None:
    england = load_nation("england")
    assert len(england.vocabularies["outcome"].values) == 5
    ids = {r.id for r in england.requirements}
    assert {f"england.reg4.2.{c}" for c in "abcdefgh"} <= ids
    consultees = england.vocabularies["consultees"].extra
    assert len(consultees["must"]) + len(consultees["appropriate"]) == 16  # reg 7 (a)-(p)
    assert england.regime_for(dt.date(2010, 6, 1))[1]
    assert not england.regime_for(dt.date(2010, 10, 31))[1]  # revoked from 31 October 2010


def test_unknown_condition_is_a_clear_error() -> None:
    wales = load_nation("wales")
    with pytest.raises(ValueError, match="unknown condition 'sectoin'"):
        _condition(None, wales.requirements[0], "sectoin", {})  # type: ignore[arg-type]
