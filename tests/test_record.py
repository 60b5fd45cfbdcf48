"""The model's base (model/record.py): each field declared once, Welsh twins as one
Localised value, defaults and positions as before."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from cyp_cli.model.load import parse_plan_file
from cyp_cli.model.plan import (
    Action,
    Actual,
    FrontMatter,
    GlossaryEntry,
    LintConfig,
    Located,
    Measure,
    Partner,
    PlanFile,
    Target,
)
from cyp_cli.model.record import Localised, attr, key, localised
from cyp_cli.model.spec import TBC, TEXT

PLAN = """\
nation: wales
title: Test plan
title_cy: Cynllun prawf
authority: Testshire County Council
period: {start: 2011-04-01, end: 2014-03-31}
partners:
  - id: council
    name: Testshire County Council
    name_cy: Cyngor Sir Testshire
    statutory: true
glossary:
  - {term: NEET, meaning: Not in education, term_cy: NEET}
"""


def test_mutable_defaults_are_not_shared_between_instances() -> None:
    a, b = LintConfig(), LintConfig()
    a.select.append("F")
    a.per_file_ignores["x.md"] = ["M010"]
    assert b.select == [] and b.per_file_ignores == {}
    assert PlanFile().languages == ["en"] and PlanFile().languages is not PlanFile().languages
    read_a = Target.from_contract({"id": "a"}, file="f.md", pos={})
    read_b = Target.from_contract({"id": "b"}, file="f.md", pos={})
    read_a.actuals.append(Actual(period="2011", value=1))
    assert read_b.actuals == [] and read_b.pos is not read_a.pos


def test_fields_keep_the_contract_order_and_twins() -> None:
    # Welsh twins right after their key, or after the English keys (welsh_last)
    assert list(Partner.FIELDS) == ["id", "name", "statutory", "type", "name_cy"]
    assert list(GlossaryEntry.FIELDS) == ["term", "meaning", "term_cy", "meaning_cy"]
    # own keys first, then the inherited ones not declared again (Actual.note is not one)
    assert list(Measure.FIELDS) == ["value", "period", "note"]
    assert list(Actual.FIELDS) == ["period", "value", "source", "source_cy"]
    assert list(Target.FIELDS)[-3:] == ["core_aim", "outcome", "priority"]
    assert list(Action.FIELDS)[:3] == ["id", "action", "action_cy"]
    assert list(LintConfig.FIELDS) == ["select", "ignore", "per-file-ignores"]
    assert Partner.FIELDS["name_cy"].doc == "Welsh name, for the Welsh edition."
    assert Partner.FIELDS["name"].required and not Partner.FIELDS["name_cy"].required
    # model-only attributes are not keys
    assert "tbc" not in Measure.FIELDS and "origin" not in Actual.FIELDS
    assert "section" not in Target.FIELDS and "file" not in FrontMatter.FIELDS


def test_a_welsh_twin_is_read_into_one_value_with_its_own_position() -> None:
    plan, diags = parse_plan_file(PLAN)
    assert diags == []
    p = plan.partners[0]
    assert isinstance(p.name, Localised)
    assert p.name == "Testshire County Council"
    assert p.name.in_("cy") == "Cyngor Sir Testshire" and p.name.in_("en") == p.name
    assert (p.at("name").line, p.at("name_cy").line) == (8, 9)
    assert p.text_at("name", "cy").line == 9 and p.text_at("name", "en").line == 8
    assert plan.title is not None and plan.title.in_("cy") == "Cynllun prawf"
    # an English text without its twin: in_ falls back, get says it was not written
    assert plan.authority is not None and plan.authority.get("cy") is None
    assert plan.authority.in_("cy") == "Testshire County Council"
    entry = plan.glossary[0]
    assert entry.term is not None and entry.term.cy == "NEET"
    assert entry.meaning is not None and entry.meaning.get("cy") is None
    assert not hasattr(p, "name_cy")


def test_an_unknown_key_still_offers_the_welsh_twin() -> None:
    _, diags = parse_plan_file(PLAN.replace("    name_cy:", "    nam_cy:"))
    assert [(d.code, d.line) for d in diags] == [("F003", 9)]
    assert "unknown key 'partners[0].nam_cy'; did you mean 'name_cy'?" in diags[0].message


def test_a_welsh_text_without_its_english_is_kept() -> None:
    plan, diags = parse_plan_file(PLAN.replace("    name: Testshire County Council\n", ""))
    assert [d.code for d in diags] == ["F005"]
    name = plan.partners[0].name
    assert name is not None and name == "" and name.in_("cy") == "Cyngor Sir Testshire"


def test_the_model_pickles_and_compares_with_its_welsh() -> None:
    plan, _ = parse_plan_file(PLAN)
    again = pickle.loads(pickle.dumps(plan))
    assert again == plan and again.partners[0].name.in_("cy") == "Cyngor Sir Testshire"
    assert again.at("title_cy") == plan.at("title_cy")
    # a Localised is its English text (comparisons, hashing); records compare the Welsh too
    assert localised("Council", "Cyngor") == "Council"
    assert hash(localised("Council", "Cyngor")) == hash("Council")
    assert Partner(id="a", name=localised("Council", "Cyngor")) != Partner(
        id="a", name=localised("Council", "Y Cyngor"))
    assert Partner(id="a", name="Council") == Partner(id="a", name=Localised("Council"))
    # where a value was written does not count
    assert Partner(id="a", file="x.yaml", pos={"": (1, 1)}) == Partner(id="a")


def test_the_constructor_checks_names_and_runs_post_init() -> None:
    with pytest.raises(TypeError, match="unexpected keyword argument 'name_cy'"):
        Partner(name_cy="Cyngor")
    m = Measure(value=TBC)
    assert m.value is None and m.tbc
    assert Partner(name="Council").name.in_("cy") == "Council"
    changed = Target(id="t").replace(id="u")
    assert (changed.id, changed.actuals) == ("u", [])


def test_a_new_class_declares_each_field_once() -> None:
    class Note(Located):
        text: Localised | None = key(TEXT, "The note.", required=True, welsh="In Welsh.")
        tags: list[str] = attr(factory=list)
        seen: bool = attr(default=False, compare=False)

    assert list(Note.FIELDS) == ["text", "text_cy"]
    assert Note().tags == [] and Note().seen is False and Note().text is None
    assert Note(seen=True) == Note()
    assert repr(Note()) == "Note(text=None, tags=[])"
    assert not dataclasses.is_dataclass(Note) and not dataclasses.is_dataclass(Target)


def test_a_field_without_its_declaration_is_refused() -> None:
    with pytest.raises(TypeError, match=r"Loose.note: declare it with key\(\) or attr\(\)"):
        class Loose(Located):
            note: str = ""
    with pytest.raises(TypeError, match="unhashable"):
        hash(Partner(id="a"))
