import importlib.util
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"


def script(name: str):
    """A developer script under scripts/, loaded as a module."""
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), ROOT / "scripts" / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_rule_table_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert script("readme-rules.py").update(text) == text, "run 'make readme-rules'"


def test_readme_gives_the_two_commands_first() -> None:
    text = README.read_text(encoding="utf-8")
    assert text.index("make example") < text.index("## The plan contract")
    assert "make test" in text
