"""``cyp explain CODE`` and ``cyp rules``: the rule registry and the checklists, in
words. The text is each rule's docstring, the same text the README's rule list is
generated from."""

from __future__ import annotations

from typing import Annotated

import typer

from .common import fail


def explain(
    code: Annotated[str, typer.Argument(help="A rule code (T003) or requirement id.")],
) -> None:
    """Explain a rule code or a statutory requirement: what, why, and how to fix."""
    from ..regimes import available, load_nation
    from ..rules import all_rules

    rule = all_rules().get(code.upper())
    if rule is not None:
        default = "" if rule.default else " (off unless selected)"
        print(f"{rule.code} {rule.level.value}{default}: {rule.summary}\n"
              f"Family: {rule.family}\n\n{rule.doc}")
        return
    for nation_id in available():
        req = load_nation(nation_id).requirement(code)
        if req is not None:
            print(f"{req.id} ({req.level}, reported as {req.code}): {req.summary}\n"
                  f"Citation: {req.citation}\n\nHow it is met: {req.how}\n"
                  f"Machine test: {list(req.met_by)}")
            return
    fail(f"unknown code or requirement '{code}' (see 'cyp rules')")


def rules(
    nation: Annotated[str | None, typer.Option(
        help="Also list this nation's statutory requirements.")] = None,
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Print a Markdown table (for the README).")] = False,
) -> None:
    """List every rule code (and, with --nation, every requirement)."""
    from ..regimes import load_nation
    from ..rules import all_rules, rules_table

    registry = all_rules()
    if markdown:
        print(rules_table(), end="")
    else:
        for r in registry.values():
            note = "" if r.default else "  (off unless selected)"
            print(f"{r.code}  {r.level.value:<7}  {r.summary}{note}")
    if nation:
        n = load_nation(nation)
        print(f"\n{n.name} requirements ({', '.join(r.name for r in n.regimes)}):")
        for req in n.requirements:
            print(f"{req.id:<40} {req.level:<8} {req.summary} [{req.citation.short}]")
