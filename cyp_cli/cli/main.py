"""The ``cyp`` application: assembles the commands and turns every failure into one
clear line and an exit code (2 for unusable input, 3 for a bug in cyp), never a
traceback unless ``CYP_DEBUG=1``."""

from __future__ import annotations

import os
import sys

import typer

from . import explain, lint, schema

app = typer.Typer(
    name="cyp",
    help="Lint, build and review Children and Young People's Plans (Wales and England).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("lint")(lint.lint)
app.command("explain")(explain.explain)
app.command("rules")(explain.rules)
app.command("schema")(schema.schema)


def run() -> None:
    """Console-script entry point."""
    from ..diagnostics import InputError

    try:
        app()
    except InputError as exc:
        sys.stderr.write(f"cyp: {exc.diagnostic}\n")
        sys.exit(2)
    except KeyboardInterrupt:
        sys.stderr.write("cyp: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: a bug, reported in one line
        if os.environ.get("CYP_DEBUG"):
            raise
        sys.stderr.write(
            f"cyp: internal error: {type(exc).__name__}: {exc} "
            "(set CYP_DEBUG=1 for a traceback and please report it)\n"
        )
        sys.exit(3)
