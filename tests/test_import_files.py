"""Writing an import (``importer/plan_files.py``, ``importer/write.py``): front matter
that YAML reads back as written, and all-or-nothing writing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from cyp_cli.importer import write
from cyp_cli.importer.errors import ImportFailure
from cyp_cli.importer.plan_files import front_matter


def test_front_matter_shape() -> None:
    data = {"title": "Core aim 3: health", "core_aim": [1, 2], "targets": [{
        "id": "ca3-x", "indicator": 'A "quoted" – indicator', "direction": "decrease",
        "baseline": {"value": 41.2, "period": "2009-10"},
        "target": {"value": "tbc", "note": "not given"},
        "actuals": [{"period": "2010-11", "value": 39}], "_section": "dropped"}],
        "actions": [{"id": "a", "action": "Do it", "due": dt.date(2012, 3, 31)},
                    {"id": "b", "action": "Then", "due": "2013-03"},
                    {"id": "c", "action": "Later", "due": 2014}]}
    text = front_matter(data)
    assert '  - id: ca3-x\n    indicator: "A \\"quoted\\" – indicator"\n' in text
    assert '    baseline: {value: 41.2, period: "2009-10"}\n' in text
    assert "      - {period: \"2010-11\", value: 39}\n" in text
    assert "core_aim: [1, 2]\n" in text
    back = yaml.safe_load(text)
    assert back["targets"][0]["target"] == {"value": "tbc", "note": "not given"}
    assert "_section" not in back["targets"][0]
    assert [a["due"] for a in back["actions"]] == [dt.date(2012, 3, 31), "2013-03", 2014]


@given(st.text())
@example("true")  # an id YAML 1.1 would read as a boolean (found by hypothesis)
@example("2010-11-01")
@example("a\n")  # plain up to the line break, which YAML drops (found by hypothesis)
def test_any_text_reads_back_as_written(text: str) -> None:
    back = yaml.safe_load(front_matter({"title": text, "id": text}))
    assert back == {"title": text, "id": text}


def test_a_failure_while_writing_leaves_nothing(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: Path, data: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", broken)
    with pytest.raises(ImportFailure, match="No space left"):
        write.write(tmp_path / "plan", {"plan.yaml": "x: 1\n"}, {"images/a.png": b"png"})
    assert list(tmp_path.iterdir()) == []


def test_file_names_are_numbered_in_order_and_short() -> None:
    names = write.file_names(["Introduction", "Core aim 1: a flying start in life and the "
                              "best possible basis for their future", "Introduction"])
    assert names == ["sections/01-introduction.md",
                     "sections/02-core-aim-1-a-flying-start-in-life-and-the-best.md",
                     "sections/03-introduction.md"]
