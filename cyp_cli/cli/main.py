"""The ``cyp`` typer application: assembles the commands. ``cyp lint`` and ``cyp
--version`` are answered before this module is imported (see ``cli/__init__.py``);
they are registered here too, so that ``cyp --help`` lists them, and hand over to the
same code. Lint's options are declared once, in ``lint.parser``."""

from __future__ import annotations

from typing import Annotated

import typer

from . import (
    build,
    explain,
    import_,
    init,
    lint,
    review,
    schema,
    serve,
    targets,
    translate_status,
)

app = typer.Typer(
    name="cyp",
    help="Lint, build and review Children and Young People's Plans (Wales and England).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from . import version_line

        print(version_line())
        raise typer.Exit(0)


@app.callback()
def main(
    version: Annotated[bool, typer.Option(
        "--version", "-V", callback=_version, is_eager=True,
        help="Print cyp's version and exit.")] = False,
) -> None:
    """(The help is the app's.)"""


@app.command(
    "lint",
    help=lint.DESCRIPTION,
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True,
                      "help_option_names": []},
    add_help_option=False,
)
def lint_command(ctx: typer.Context) -> None:
    raise typer.Exit(lint.main(ctx.args))


app.command("explain")(explain.explain)
app.command("rules")(explain.rules)
app.command("schema")(schema.schema)
app.command("build")(build.build)
app.command("translate-status")(translate_status.translate_status)
app.add_typer(targets.app, name="targets")
app.command("init")(init.init)
app.command("import")(import_.import_)
app.command("serve")(serve.serve)
app.command("review")(review.review)
