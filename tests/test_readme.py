from pathlib import Path

from cyp_cli.readme import update

README = Path(__file__).parent.parent / "README.md"


def test_readme_rule_table_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert update(text) == text, "run 'make readme-rules'"


def test_readme_gives_the_two_commands_first() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.index("make example") < text.index("## The plan contract")
    assert "make test" in text
