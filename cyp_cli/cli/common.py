"""Small helpers every command shares: printing a diagnostic to stderr and exiting."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import NoReturn

import typer

from ..diagnostics import Diagnostic

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str | Diagnostic, code: int = EXIT_USAGE) -> NoReturn:
    sys.stderr.write(f"cyp: {message}\n")
    raise typer.Exit(code)


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} takes an ISO date such as 2012-06-30, not '{value}'")


# The publishing tool chain is the `build` extra (pyproject.toml): a plain
# `pip install cyp` (what the pre-commit hook installs) lints but cannot publish.
BUILD_MODULES = {"jinja2": "jinja2", "markupsafe": "markupsafe", "pypandoc": "pypandoc-binary",
                 "typst": "typst", "rich": "rich", "babel": "Babel"}


def require_build_tools() -> None:
    """Fail with one clear line, exit 2, when the build extra is not installed."""
    import importlib.util

    missing = [pkg for module, pkg in BUILD_MODULES.items()
               if importlib.util.find_spec(module) is None]
    if missing:
        fail(f"publishing needs the build tools ({', '.join(missing)} missing): "
             "pip install 'cyp[build]'")


def output_folder(out: str | None, root: Path) -> Path:
    """The output folder, refused where publishing into it (one switch of the whole
    folder, see fsutil.publish_folder) would take the plan's own files along."""
    if out is None:
        return root / "dist"
    if not out.strip():
        fail("--out needs a folder name (it was empty)")
    folder = Path(out).resolve()
    plan = root.resolve()
    if folder == plan or folder in plan.parents:
        fail(f"--out {out}: that folder holds the plan itself; name a folder for the "
             "outputs only, such as dist")
    from ..fsutil import is_plan_source

    if is_plan_source(folder, plan):
        inside = folder.relative_to(plan).parts[0]
        fail(f"--out {out}: that is inside the plan's {inside}/ folder, which the "
             "plan is read from; name a folder for the outputs only, such as dist")
    if (folder / "plan.yaml").exists():
        fail(f"--out {out}: that folder holds a plan.yaml; name a folder for the "
             "outputs only")
    return folder
