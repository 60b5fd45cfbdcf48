"""Tables (``importer/tables.py``): merged cells expanded into a grid, column roles
from the headings, and the kind of table they make."""

from __future__ import annotations

import pytest

from cyp_cli.importer.tables import read_grid, role_of
from cyp_cli.importer.tree import strs

A = ["", [], []]


def cell(text: str, rowspan: int = 1, colspan: int = 1) -> list:
    blocks = [{"t": "Plain", "c": strs(text)}] if text else []
    return [A, {"t": "AlignDefault"}, rowspan, colspan, blocks]


def table(head: list[list], body: list[list]) -> dict:
    width = max(sum(c[3] for c in row) for row in head + body)
    return {"t": "Table", "c": [
        A, [None, []], [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]] * width,
        [A, [[A, row] for row in head]], [[A, 0, [], [[A, row] for row in body]]], [A, []]]}


def test_merged_header_cells_make_one_heading_per_column() -> None:
    t = table([[cell("Action", rowspan=2), cell("Delivery", colspan=2),
                cell("Status", rowspan=2)],
               [cell("Lead"), cell("By when")]],
              [[cell("Open a setting"), cell("Council"), cell("March 2013"), cell("Done")]])
    g = read_grid(t, 4)
    assert g.header == ["Action", "Delivery Lead", "Delivery By when", "Status"]
    assert g.roles == ["action", "partner", "due", "status"]
    assert g.kind == "actions" and g.merged_header and not g.merged_body
    assert [c.text for c in g.rows[0]] == ["Open a setting", "Council", "March 2013", "Done"]
    assert g.label == "table 4"


def test_header_in_the_first_body_row_with_a_merged_second_row() -> None:
    t = table([], [[cell("Action", rowspan=2), cell("Delivery", colspan=2)],
                   [cell("Lead"), cell("By when")],
                   [cell("Run groups"), cell("Health Board"), cell("2014")]])
    g = read_grid(t, 1)
    assert g.header_from_body and g.header == ["Action", "Delivery Lead", "Delivery By when"]
    assert len(g.rows) == 1


def test_a_merged_body_cell_is_repeated_as_a_copy() -> None:
    t = table([[cell("Action"), cell("Lead")]],
              [[cell("One"), cell("Council", rowspan=2)], [cell("Two")]])
    g = read_grid(t, 1)
    assert [(c.text, c.copy) for c in (g.rows[0][1], g.rows[1][1])] == [
        ("Council", False), ("Council", True)]
    assert g.merged_body


def test_years_across_make_a_monitoring_table() -> None:
    t = table([[cell(""), cell("2011-12"), cell("2012-13"), cell("2013-14")]],
              [[cell("Babies breastfed"), cell("55"), cell(""), cell("60")]])
    g = read_grid(t, 1)
    assert g.roles == ["indicator", "year", "year", "year"]
    assert g.periods == [None, "2011-12", "2012-13", "2013-14"]
    assert g.kind == "targets"


@pytest.mark.parametrize(("heading", "role"), [
    ("Target date", "due"), ("Target 2013-14", "target"), ("Baseline (2009-10)", "baseline"),
    ("Lead partner", "partner"), ("Statutory partner", "statutory"),
    ("Performance indicator", "indicator"), ("2011-12 (£000)", "year"),
    ("Abbreviation", "term"), ("What it means", None), ("Meaning", "meaning"),
])
def test_role_of(heading: str, role: str | None) -> None:
    assert role_of(heading) == role


def test_ordinary_tables_stay_ordinary() -> None:
    t = table([[cell("Budget"), cell("Partner"), cell("2011-12 (£000)")]],
              [[cell("Youth Service"), cell("Council"), cell("1,180")]])
    assert read_grid(t, 1).kind == "other"


def test_a_table_inside_a_cell_keeps_its_words() -> None:
    inner = table([[cell("Area"), cell("Places")]], [[cell("Cwm Du"), cell("24")]])
    outer = table([[cell("Action"), cell("Detail")]],
                  [[cell("Open settings"), [A, {"t": "AlignDefault"}, 1, 1, [inner]]]])
    g = read_grid(outer, 1)
    assert g.rows[0][1].text == "Area Places Cwm Du 24"
