"""What every command shares, declared once for both stacks (argparse ``cyp lint`` and
the typer commands): exit codes, the usage error, date options, the plan a path names,
output places, colour and the build tools check.

Standard library only: ``cyp lint`` imports this on every commit, before (and instead
of) typer.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..render import Output

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

COLOR_CHOICES = ("auto", "always", "never")


class UsageError(Exception):
    """Unusable input or options: ``cli.run`` prints ``cyp: <message>`` as one line and
    exits with ``code`` (2 unless a command says otherwise), whichever stack raised it."""

    def __init__(self, message: object, code: int = EXIT_USAGE) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.code = code


def fail(message: str | Diagnostic, code: int = EXIT_USAGE) -> NoReturn:
    raise UsageError(message, code)


def parse_date(value: str | None, option: str) -> dt.date | None:
    """An option's ISO date (``2012-06-30``); None when the option was not given."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} takes an ISO date such as 2012-06-30, not '{value}'")


def choices(value: str, option: str, known: tuple[str, ...] | list[str]) -> list[str]:
    """A comma-separated option (``--format html,pdf``): known names, in order, once."""
    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    if not names or any(n not in known for n in names):
        fail(f"{option} takes {', '.join(known)} (comma-separated), not '{value}'")
    return list(dict.fromkeys(names))


def existing(path: Path | None) -> Path:
    """A path the user named (default: the current folder), refused if it is not there."""
    path = path or Path.cwd()
    if not path.exists():
        fail(f"{path}: no such file or folder")
    return path


def plan_root(start: Path | None) -> Path:
    """The plan folder containing ``start`` (default: the current folder)."""
    from ..diagnostics import InputError
    from ..model.load import find_root

    start = existing(start)
    try:
        return find_root(start)
    except InputError as exc:
        fail(exc.diagnostic)


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the current folder if inside."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def use_color(choice: str, to_terminal: bool) -> bool:
    """``--color``: always, never, or auto (a terminal, and NO_COLOR unset or empty, as
    https://no-color.org asks)."""
    if choice not in COLOR_CHOICES:
        fail(f"--color takes {', '.join(COLOR_CHOICES)}, not '{choice}'")
    if choice != "auto":
        return choice == "always"
    return to_terminal and not os.environ.get("NO_COLOR")


def report_file(output: Path, roots: list[Path], what: str = "the report") -> None:
    """Refuse ``--output`` where writing would replace one of a plan's own files."""
    from ..fsutil import is_plan_source

    for root in roots:
        if is_plan_source(output, root):
            fail(f"--output {output}: that is one of the plan's own files or folders; "
                 f"write {what} elsewhere")


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


def write_outputs(out_dir: Path, outputs: list[Output]) -> None:
    """Publish a build's outputs into ``out_dir`` (in one switch) and list them."""
    from ..render import write_outputs

    try:
        written = write_outputs(out_dir, outputs)
    except OSError as exc:
        fail(f"cannot write to {out_dir}: {exc.strerror or exc}")
    for path, output in zip(written, outputs, strict=True):
        print(f"wrote {shown(path)} ({len(output.data) / 1024:.0f} kB, "
              f"{output.seconds:.2f} s)")


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


def describe_os_error(exc: OSError) -> str:
    """One line naming the path (shortened: it may be 100,000 characters) and why."""
    name = str(exc.filename) if exc.filename is not None else ""
    if len(name) > 80:
        name = name[:60] + "..." + name[-17:]
    why = exc.strerror or str(exc)
    return f"{name}: {why.lower()}" if name else why


def write_line(message: str) -> None:
    sys.stderr.write(f"cyp: {message}\n")
