"""The rule registry.

Every code cyp can report is registered here, whether a rule function finds it or the
loader does, so ``cyp rules``, ``cyp explain`` and the README's rule list are complete.
A rule is a small function in its family's module, decorated with :func:`rule`; its
docstring is its documentation (what it checks, why, a failing and a passing example).
The function takes a :class:`~cyp_cli.rules.context.Context` and yields diagnostics.

Families: F front matter and schema, L links and anchors, T targets, A actions,
P plan-level facts, M Markdown hygiene for publishing, S statutory coverage,
E editions (translations), C text for the children's edition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, NamedTuple

from ..diagnostics import Diagnostic, Level

if TYPE_CHECKING:
    from .context import Context

FAMILIES = {
    "F": "Front matter and schema",
    "L": "Links and anchors",
    "T": "Targets",
    "A": "Actions",
    "P": "Plan-level facts",
    "M": "Markdown for publishing",
    "S": "Statutory coverage",
    "E": "Editions and translations",
    "C": "Children's edition",
}

Check = Callable[["Context"], Iterator[Diagnostic]]


class Rule(NamedTuple):
    """A lint rule: its code, level, summary and check."""

    code: str
    level: Level
    summary: str
    docstring: str  # as written in the source: :attr:`doc` is the text shown
    check: Check | None  # None: reported by the loader, documented here
    default: bool = True  # off unless selected when False

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    @property
    def doc(self) -> str:
        """The rule's documentation, indentation removed. (Cleaned when shown, not
        when registered: ``inspect`` would cost lint's start-up 6 ms.)"""
        import inspect

        return inspect.cleandoc(self.docstring)


REGISTRY: dict[str, Rule] = {}


def _add(rule_: Rule) -> None:
    if rule_.code in REGISTRY:
        raise RuntimeError(f"rule code {rule_.code} registered twice")
    REGISTRY[rule_.code] = rule_


def rule(
    code: str, level: Level, summary: str, *, default: bool = True
) -> Callable[[Check], Check]:
    """Register the decorated function as the check for ``code``."""

    def register(fn: Check) -> Check:
        _add(Rule(code, level, summary, fn.__doc__ or summary, fn, default))
        return fn

    return register


def declare(code: str, level: Level, summary: str, doc: str) -> None:
    """Document a code that the loader (not a rule function) reports."""
    _add(Rule(code, level, summary, doc, None))


def all_rules() -> dict[str, Rule]:
    """Every rule, by code (importing the family modules registers them)."""
    from . import (  # noqa: F401
        abbreviations,
        actions,
        children,
        editions,
        frontmatter,
        links,
        markdown,
        plan,
        statutory,
        structure,
        targets,
    )

    return dict(sorted(REGISTRY.items()))


def rules_table() -> str:
    """The registry as the README's Markdown table (``cyp rules --markdown``)."""
    lines = ["| code | level | rule |", "|---|---|---|"]
    for r in all_rules().values():
        note = "" if r.default else " (off unless selected)"
        lines.append(f"| `{r.code}` | {r.level.value} | {r.summary}{note} |")
    return "\n".join(lines) + "\n"
