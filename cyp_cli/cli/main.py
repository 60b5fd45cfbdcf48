"""The ``cyp`` typer application: assembles the commands. ``cyp lint`` is dispatched
before this module is imported (see ``cli/__init__.py``); it is registered here too so
that ``cyp --help`` lists it."""

from __future__ import annotations

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
