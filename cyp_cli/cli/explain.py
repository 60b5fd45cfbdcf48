"""``cyp explain CODE`` and ``cyp rules``: the rule registry and the checklists, in
words. The text is each rule's docstring, the same text the README's rule list is
generated from."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .common import fail

if TYPE_CHECKING:
    from ..regimes import Nation


def explain(
    code: Annotated[str, typer.Argument(help="A rule code (T003) or requirement id.")],
    nation: Annotated[str | None, typer.Option(
        help="Give this nation's advice (default: the nation of the plan here or at "
             "--path).")] = None,
    path: Annotated[Path | None, typer.Option(
        "--path", help="A plan folder (or a file in it) whose nation to advise on.")] = None,
) -> None:
    """Explain a rule code or a statutory requirement: what, why, and how to fix."""
    from ..regimes import available, load_nation
    from ..rules import all_rules

    nation_id = nation or _plan_nation(path)
    if nation_id is not None and nation_id not in available():
        fail(f"unknown nation '{nation_id}' (known: {', '.join(available())})")
    rule = all_rules().get(code.upper())
    if rule is not None:
        default = "" if rule.default else " (off unless selected)"
        print(f"{rule.code} {rule.level.value}{default}: {rule.summary}\n"
              f"Family: {rule.family}\n\n{rule.doc}")
        if nation_id is not None:
            advice = nation_advice(rule.code, load_nation(nation_id))
            if advice:
                print("\n" + advice)
        elif rule.code.startswith("S") or rule.code == "F008":
            print("\nFor a nation's own advice: --nation " + "|".join(available())
                  + " (or run inside a plan).")
        return
    nations = [nation_id] if nation_id else available()
    for one in nations:
        req = load_nation(one).requirement(code)
        if req is not None:
            print(f"{req.id} ({req.level}, reported as {req.code}): {req.summary}\n"
                  f"Citation: {req.citation}\n\nHow it is met: {req.how}\n"
                  f"Machine test: {list(req.met_by)}")
            return
    where = f" of {nation_id}" if nation_id else ""
    fail(f"unknown code or requirement{where} '{code}' (see 'cyp rules')")


def _plan_nation(path: Path | None) -> str | None:
    """The nation named in the plan.yaml at or above ``path`` (the current folder by
    default); None outside a plan, or when plan.yaml does not say."""
    from ..diagnostics import InputError
    from ..model.load import PLAN_FILE, find_root

    try:
        root = find_root(path or Path.cwd())
    except InputError as exc:
        if path is not None:
            fail(exc.diagnostic)
        return None
    import re

    try:
        text = (root / PLAN_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    found = re.search(r"^nation:\s*[\"']?([a-z]+)", text, re.M)
    return found.group(1) if found else None


def nation_advice(code: str, nation: Nation) -> str:
    """What a rule means for one nation's plans, from the nation's own data: the
    requirements it reports (with their ``how``) or the vocabularies it checks."""
    if code in ("S100", "S200", "S300"):
        reqs = [r for r in nation.requirements if r.code == code]
        if not reqs:
            return f"{nation.name} has no requirements reported as {code}."
        lines = [f"{nation.name}: {len(reqs)} requirements are reported as {code}. "
                 "How each is met:"]
        lines += [f"  {r.id}: {r.how}" for r in reqs[:ADVICE_SHOWN]]
        if len(reqs) > ADVICE_SHOWN:
            lines.append(f"  ... and {len(reqs) - ADVICE_SHOWN} more: "
                         f"cyp rules --nation {nation.id}")
        return "\n".join(lines)
    if code == "F008":
        from ..rules.frontmatter import VOCAB_FIELDS

        lines = [f"{nation.name} vocabularies (front matter key: allowed values):"]
        for name, vocab in nation.vocabularies.items():
            if name in VOCAB_FIELDS:
                lines.append(f"  {name}: " + ", ".join(str(v) for v in vocab.values))
        return "\n".join(lines)
    if code == "P005":
        lines = [f"{nation.name} lists for plan.yaml:"]
        for name in ("consultees", "partner_type"):
            listed = nation.vocabularies.get(name)
            if listed is not None:
                lines.append(f"  {name}: " + ", ".join(str(v) for v in listed.values))
        return "\n".join(lines)
    return ""


ADVICE_SHOWN = 12


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
