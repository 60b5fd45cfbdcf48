"""The house rules that CI enforces: ruff (with type hints on the package's functions)
and mypy over the package, as configured in pyproject.toml."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert found, f"{name} is a test dependency: pip install -e '.[test]'"
    return found


def test_ruff_is_clean() -> None:
    done = subprocess.run([_tool("ruff"), "check", "cyp_cli", "tests", "bench", "scripts"],
                          cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    """``make typecheck``: no error, and no ``type: ignore`` that is not needed
    (warn_unused_ignores) or does not name its error code."""
    done = subprocess.run([_tool("mypy")], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_every_type_ignore_says_why() -> None:
    """A ``# type: ignore[code]`` is followed on its line by ``# <the reason>``."""
    bare = []
    for path in sorted((REPO / "cyp_cli").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "type: ignore" in line:
                after = line.split("type: ignore", 1)[1]
                if "#" not in after or not after.split("#", 1)[1].strip():
                    bare.append(f"{path.relative_to(REPO)}:{n}")
    assert not bare, "type: ignore without a reason: " + ", ".join(bare)
