"""The contract's field types: positions, F002-F005, and JSON Schema export."""

import datetime as dt

import pytest

from cyp_cli.model import yamlnodes as yn
from cyp_cli.model.plan import FrontMatter, PlanFile
from cyp_cli.model.spec import Obj, Reader


def read(text: str, cls: type = FrontMatter) -> tuple[object, list[str]]:
    node, diags = yn.compose(text, "s.md")
    assert not diags, diags
    r = Reader("s.md")
    value = Obj(cls).read(node, r, "")
    return value, [f"{d.line}:{d.col} {d.code} {d.message}" for d in r.diagnostics]


def test_values_keep_their_positions() -> None:
    meta, diags = read("title: T\ncore_aim: [1, 3]\ntier: 2\n")
    assert diags == []
    assert meta.core_aim == [1, 3] and meta.tier == [2]  # one-or-many becomes a list
    assert (meta.at("core_aim", 1).line, meta.at("core_aim", 1).col) == (2, 15)
    assert meta.key_at("tier").line == 3


def test_duplicate_unknown_wrong_and_missing_keys() -> None:
    _, diags = read(
        "tier: 2\ntier: two\nresponsible_parter: council\ntargets:\n  - id: t1\n"
    )
    assert "2:1 F002 duplicate key 'tier' (first given at line 1)" in diags
    # A word for a numbered vocabulary is kept for F008, which knows the nation's list;
    # any other wrong type is F004.
    assert not any(d.startswith("2:7") for d in diags)
    meta, wrong = read("title: T\ntier: two\nuncrc: true\n")
    assert meta.tier == ["two"] and meta.uncrc == []
    assert any(d.startswith("3:8 F004 'uncrc' must be a whole number, not") for d in wrong)
    assert any(d.startswith("3:1 F003 unknown key 'responsible_parter'; did you mean "
                            "'responsible_partner'?") for d in diags)
    assert "1:1 F005 missing required key 'title'" in diags
    assert "5:5 F005 missing required key 'targets[0].indicator'" in diags


def test_choice_suggests() -> None:
    _, diags = read("title: T\nactions:\n  - {id: a, action: x, partner: p, due: 2012-01-01,"
                    " status: in_progress}\n")
    assert any("F004" in d and "did you mean 'in-progress'" in d for d in diags)


def test_dates_and_bad_dates() -> None:
    plan, diags = read("nation: wales\ntitle: T\nauthority: A\npartners: []\n"
                       "period: {start: 2011-04-01, end: 31/03/2014}\n", PlanFile)
    assert plan.period.start == dt.date(2011, 4, 1) and plan.period.end is None
    assert any(d.startswith("5:34 F004 'period.end' must be an ISO date") for d in diags)


def test_quoted_numbers_are_strings() -> None:
    _, diags = read('title: T\ntier: "2"\n')
    assert any("F004" in d for d in diags)


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    node, diags = yn.compose("\n".join(lines) + "\n", "s.md")
    assert not diags  # composing shares nodes: cheap
    with pytest.raises(ValueError, match="too many values"):
        yn.to_python(node)  # expanding would build 10**9 values


def test_schema_comes_from_the_same_fields() -> None:
    schema = Obj(FrontMatter).schema({"core_aim": [1, 2, 3, 4, 5, 6, 7]})
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == set(FrontMatter.FIELDS)
    assert schema["required"] == ["title"]
    core = schema["properties"]["core_aim"]["anyOf"]
    assert core[0] == {"enum": [1, 2, 3, 4, 5, 6, 7]}


def test_schema_allows_partial_data_and_the_plan_status() -> None:
    import re

    section = Obj(FrontMatter).schema(None)
    assert {"parent", "appendix"} <= set(section["properties"])
    action = section["properties"]["actions"]["items"]
    assert action["required"] == ["id", "action"]  # owner, date and status may wait
    due = action["properties"]["due"]["anyOf"]
    assert any(re.match(d.get("pattern", "^$"), "2012-03") for d in due)
    value = section["properties"]["targets"]["items"]["properties"]["baseline"]
    assert {"const": "tbc"} in value["properties"]["value"]["anyOf"]
    assert value["required"] == ["value"]
    plan = Obj(PlanFile).schema(None)
    assert plan["properties"]["status"]["enum"] == ["draft", "consultation", "final"]
    assert set(plan["properties"]["publish"]["properties"]) == {
        "contents", "indexes", "registers", "coverage", "uncrc", "glossary", "partners"}
    assert plan["properties"]["glossary"]["items"]["required"] == ["term", "meaning"]
