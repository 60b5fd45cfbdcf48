"""Mistakes in templates/<nation>/ are reported at their file and line, like a plan's
(never as 'malformed nation data' at line 1, nor as an internal error)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cyp_cli import regimes
from cyp_cli.diagnostics import InputError


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(regimes.templates_dir(), tmp_path / "templates")
    monkeypatch.setattr(regimes, "templates_dir", lambda: tmp_path / "templates")
    return tmp_path / "templates"


def fault(path: Path, old: str, new: str) -> tuple[str, int]:
    """Put a mistake in ``path`` and read the nation: (message, line) of the error."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        regimes.load_nation.__wrapped__(path.parent.name, use_cache=False)
    d = err.value.diagnostic
    assert d.file.endswith(f"templates/{path.parent.name}/{path.name}")
    return d.message, d.line


def line_with(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_a_missing_id_is_named_at_its_requirement(templates: Path) -> None:
    checklist = templates / "england" / "checklist.yaml"
    message, line = fault(checklist, "  - id: england.reg3.2\n", "  - idd: england.reg3.2\n")
    assert "unknown key 'idd'" in message and "did you mean 'id'" in message
    assert line == line_with(checklist, "idd: england.reg3.2")


def test_a_bad_id_is_named(templates: Path) -> None:
    checklist = templates / "england" / "checklist.yaml"
    message, line = fault(checklist, "id: england.reg3.2\n", "id: England.Reg3.2\n")
    assert "requirement id 'England.Reg3.2'" in message
    assert line == line_with(checklist, "England.Reg3.2")


def test_an_unknown_condition_is_named_at_its_line(templates: Path) -> None:
    checklist = templates / "wales" / "checklist.yaml"
    message, line = fault(checklist, "      - consultation: {consultee: lscb}",
                          "      - consultaton: {consultee: lscb}")
    assert "unknown condition 'consultaton'" in message
    assert "did you mean 'consultation'" in message
    assert line == line_with(checklist, "consultaton:")


def test_a_bad_date_is_named_at_its_line(templates: Path) -> None:
    nation = templates / "wales" / "nation.yaml"
    message, line = fault(nation, "      from: 2011-04-01\n", "      from: 2011-13-01\n")
    assert "must be an ISO date" in message and "2011-13-01" in message
    assert line == line_with(nation, "from: 2011-13-01")


def test_a_regime_naming_an_unknown_source(templates: Path) -> None:
    nation = templates / "wales" / "nation.yaml"
    message, line = fault(nation, "sources: [regs-2007]", "sources: [regs-2070]")
    assert "'regs-2070'" in message and "did you mean 'regs-2007'" in message
    assert line == line_with(nation, "regs-2070")


def test_an_unknown_consultee_and_a_bad_each_name(templates: Path) -> None:
    checklist = templates / "wales" / "checklist-2007.yaml"
    message, _ = fault(checklist, "consultee: sacre,", "consultee: sacer,")
    assert "consultee 'sacer'" in message and "did you mean 'sacre'" in message


def test_a_template_name_that_each_lacks(templates: Path) -> None:
    checklist = templates / "wales" / "checklist.yaml"
    message, line = fault(checklist, "for core aim {value} ({aim})",
                          "for core aim {value} ({aims})")
    assert "'{aims}' is not a name of 'each' item 1" in message
    assert line == line_with(checklist, "({aims})")


def test_a_duplicate_id_names_both_places(templates: Path) -> None:
    checklist = templates / "england" / "checklist.yaml"
    message, _ = fault(checklist, "id: england.reg3.2\n", "id: england.reg4.1.a\n")
    assert "requirement id 'england.reg4.1.a' is given twice" in message


def test_the_cli_reports_it_without_a_traceback(templates: Path, tmp_path: Path) -> None:
    from plancopy import ENGLAND, copy_plan

    from cyp_cli.check import check_plan
    from cyp_cli.model.load import load_plan

    (templates / "england" / "checklist.yaml").write_text(
        (templates / "england" / "checklist.yaml").read_text().replace(
            "level: must", "level: mustt", 1))
    regimes.load_nation.cache_clear()
    try:
        with pytest.raises(InputError) as err:
            check_plan(load_plan(copy_plan(ENGLAND, tmp_path / "plan")))
        assert "'mustt' is not one of must, should, advisory" in err.value.diagnostic.message
    finally:
        regimes.load_nation.cache_clear()


def test_every_checklist_follows_the_printed_schema() -> None:
    import datetime as dt
    import json
    import subprocess
    import sys

    import jsonschema
    import yaml

    done = subprocess.run([sys.executable, "-m", "cyp_cli", "schema", "checklist"],
                          capture_output=True, text=True, timeout=120)
    schema = json.loads(done.stdout)

    def plain(v: object) -> object:
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v.isoformat() if isinstance(v, dt.date) else v

    files = sorted(regimes.templates_dir().glob("*/checklist*.yaml"))
    assert len(files) == 4
    for path in files:
        data = plain(yaml.safe_load(path.read_text(encoding="utf-8")))
        jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"requirements": [{"id": "x", "level": "mustt"}]}, schema)
