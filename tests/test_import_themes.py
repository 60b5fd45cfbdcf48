"""Theme inference (``importer/themes.py``) from the nations' own data: Wales's core
aims by number and by label, England's outcomes by label; nothing guessed from a
heading that shares one common word."""

from __future__ import annotations

import pytest
import yaml

from cyp_cli.document.strings import STRINGS_DIR
from cyp_cli.importer.themes import Themes
from cyp_cli.regimes import load_nation


def themes(nation: str) -> Themes:
    catalogue = yaml.safe_load((STRINGS_DIR / "en.yaml").read_text(encoding="utf-8"))
    return Themes(load_nation(nation), [catalogue])


@pytest.mark.parametrize(("heading", "values", "confidence"), [
    ("Core aim 3: health and emotional well-being", (3,), "high"),
    ("CORE AIM 7", (7,), "high"),
    ("Core aims 1 and 2", (1, 2), "high"),
    ("Play, leisure, sport and culture", (4,), "medium"),
    ("A flying start in life", (1,), "medium"),
])
def test_wales_headings(heading: str, values: tuple, confidence: str) -> None:
    match = themes("wales").in_heading(heading)
    assert match is not None and (match.values, match.confidence) == (values, confidence)


@pytest.mark.parametrize("heading", ["Introduction", "Resources", "Core aim 9", "Health"])
def test_wales_headings_without_a_theme(heading: str) -> None:
    assert themes("wales").in_heading(heading) is None


@pytest.mark.parametrize(("heading", "value"), [
    ("Be healthy", "be-healthy"), ("Staying safe", "stay-safe"),
    ("Enjoy and achieve", "enjoy-and-achieve"),
    ("Achieving economic well-being", "economic-well-being"),
])
def test_england_outcomes_by_label(heading: str, value: str) -> None:
    match = themes("england").in_heading(heading)
    assert match is not None and match.values == (value,) and match.confidence == "medium"


def test_text_suggests_but_does_not_decide() -> None:
    t = themes("wales")
    hint = t.in_text("This supports core aim 5, and core aim 5 again; see also core aim 2.")
    assert hint is not None and hint.values == (5,) and hint.confidence == "low"
    assert t.in_text("Nothing about aims here.") is None
