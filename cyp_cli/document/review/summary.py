"""Part 1 of the report: the summary (targets by status, what changed, statutory
coverage then and now)."""

from __future__ import annotations

from ...review.status import STATUS_ORDER
from ..nodes import Badge, Block, Heading, Inline, Para, Part, Text
from .context import Labels, ReviewContext, row, table


def summary(ctx: ReviewContext, labels: Labels, pid: str) -> Part:
    review = ctx.rv
    s = review.summary
    blocks: list[Block] = [Para([Text(ctx.r("summary.intro", old=labels.old,
                                             new=labels.new))])]
    status_rows = [row([ctx.badge(st)], str(s.targets_by_status[st])) for st in STATUS_ORDER]
    blocks.append(table(ctx.r("summary.status_caption"),
                        [ctx.r("summary.status"), ctx.r("summary.count")], status_rows,
                        [0.6, 0.4]))
    groups = s.actions_by_group
    counts = [
        ("moved", s.targets_moved),
        ("targets_added", s.targets_added),
        ("targets_dropped", s.targets_dropped),
        ("dropped_unexplained", s.targets_dropped_unexplained),
        ("sections_added", s.sections_added),
        ("sections_removed", s.sections_removed),
        ("sections_renamed", s.sections_renamed),
        ("sections_changed", s.sections_changed),
        ("actions_overdue", groups.get("overdue", 0)),
        ("actions_in_progress", groups.get("in-progress", 0)),
        ("actions_done", groups.get("done", 0)),
        ("actions_dropped", groups.get("dropped", 0)),
        ("actions_removed", groups.get("removed", 0)),
    ]
    change_rows = []
    for key, n in counts:
        value: list[Inline] = [Text(str(n))]
        if key == "dropped_unexplained" and n:
            value = [Badge(str(n), "flag")]
        change_rows.append(row(ctx.r(f"summary.rows.{key}"), value))
    blocks.append(table(ctx.r("summary.changes_caption"),
                        [ctx.r("summary.change"), ctx.r("summary.number")], change_rows,
                        [0.7, 0.3]))
    coverage = review.coverage
    if coverage is None:
        blocks.append(Para([Text(ctx.r("summary.coverage_unknown"))]))
        return Part(Heading(1, pid, [Text(ctx.r("summary.title"))]), blocks)
    blocks.append(Para([Text(ctx.r("summary.coverage", then=coverage.met_then,
                                   now=coverage.met_now, total=coverage.total))]))
    moved = coverage.newly_met + coverage.newly_missing
    if not moved:
        blocks.append(Para([Text(ctx.r("summary.coverage_same"))]))
    else:
        def met(flag: bool) -> str:
            return ctx.r("summary.met") if flag else ctx.r("summary.not_met")

        rows = [row(ctx.requirement(c.requirement), met(c.met_then), met(c.met_now))
                for c in moved]
        blocks.append(table(ctx.r("summary.coverage_caption"),
                            [ctx.r("summary.requirement"), ctx.r("summary.then"),
                             ctx.r("summary.now")], rows, [0.6, 0.2, 0.2]))
    return Part(Heading(1, pid, [Text(ctx.r("summary.title"))]), blocks)
