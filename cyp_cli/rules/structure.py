"""F: the plan's outline (``parent:``, ``appendix:``), read by ``model/outline.py``.

A section that breaks a rule here is shown at the top level until it is fixed, so a
forced draft still prints it once; lint says why.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Level, did_you_mean
from . import rule
from .context import Context

if TYPE_CHECKING:
    from ..model.plan import Section

E = Level.ERROR


@rule("F014", E, "Parent section not found")
def unknown_parent(ctx: Context) -> Iterator[Diagnostic]:
    """``parent:`` must be the id of another section of the plan (its ``id``, or its
    file name without ``.md``).

    FAIL (there is no section ``priorities``)::

        parent: priorities

    PASS::

        parent: 08-our-priorities
    """
    ids = {s.id for s in ctx.plan.sections}
    for s in ctx.plan.sections:
        parent = s.meta.parent
        if parent and parent not in ids:
            yield Diagnostic.at(s.meta.at("parent"), "F014", E,
                                f"parent '{parent}' is not a section of the plan"
                                + did_you_mean(parent, ids))


@rule("F015", E, "Parent is not a primary section")
def nested_too_deep(ctx: Context) -> Iterator[Diagnostic]:
    """Sections nest one level, as published plans' contents do (8, 8.1 ... 8.7): a
    ``parent`` must be a primary section, one with no ``parent`` of its own. This also
    finds cycles (two sections naming each other, or a section naming itself), which
    would leave no part to print them in: one finding per section in the cycle.

    FAIL::

        # 08-1-flying-start.md
        parent: 08-1-flying-start

    PASS::

        parent: 08-our-priorities   # which has no parent
    """
    by_id: dict[str, Section] = {}
    for s in ctx.plan.sections:
        by_id.setdefault(s.id, s)
    for s in ctx.plan.sections:
        parent = by_id.get(s.meta.parent or "")
        if parent is None:
            continue
        if parent is s:
            why = "a section cannot be its own parent"
        elif parent.meta.parent == s.id:
            why = f"'{parent.id}' names this section as its parent (a cycle)"
        elif parent.meta.parent:
            why = (f"'{parent.id}' is itself under '{parent.meta.parent}'; sections nest "
                   "one level")
        else:
            continue
        yield Diagnostic.at(s.meta.at("parent"), "F015", E,
                            f"parent '{parent.id}' is not a primary section: {why}")
