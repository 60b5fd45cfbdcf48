"""Review -> one document tree (``edition="review"``): the annual review report.

``cyp review`` compares two versions of a plan (``review.compare``) and hands the
:class:`~cyp_cli.review.model.Review` here; the tree goes through the very renderers
the plan does, so the report gets the plan's accessible HTML, its DOCX and its tagged
PDF. It reads as a report for a scrutiny committee, not a diff: versions are named by
their dates in a colophon (commit ids stay in git and in machine-readable output),
tables hold words, not ids. One module per part:

1. ``summary.py``: targets by status, what changed, statutory coverage then and now.
2. ``targets.py``: targets and their status; 3. targets changed since the plan was
   published (old and new values, "made easier" flagged), added and dropped.
4. ``trends.py``: turn-the-curve charts, each with its trend in words and a table of
   its values.
5. ``actions.py``: actions by partner, overdue first.
6. ``sections.py``: sections added, removed, renamed, changed, with a redline.
7. ``statutory.py``: Wales, child poverty objectives and Annex A; England, reg. 8.

Every fixed word comes from ``render/strings/review.<lang>.yaml``; every word and
figure from the plan's data goes through the plan's own layer (``document/context.py``
and ``document/wording.py``), in the report's language and locale.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...review.model import Review
from ..nodes import Cover, Document
from .actions import actions
from .context import Labels, ReviewContext, review_languages, review_strings
from .sections import redline_blocks, sections
from .statutory import statutory
from .summary import summary
from .targets import changed_targets, targets
from .trends import trend, trends

PARTS = ("summary", "targets", "goalposts", "charts", "actions", "sections", "statutory")


def version_label(strings: dict[str, Any], rev: str, commit: str | None,
                  when: dt.datetime | dt.date | None, working_copy: bool = False,
                  published: dt.date | None = None) -> str:
    """How a version is named in the report, by date, never by commit id: "the plan
    published on 28 March 2011" (give ``published`` for the version that was
    published), "the version of 27 April 2012" (a commit's date), "the plan as it
    stands now", or a folder's name when nothing dates it."""
    # A context for its catalogue only (r, date): no plan is read here.
    ctx = ReviewContext(plan=None, sections=[], strings=strings)  # type: ignore[arg-type]  # catalogue only
    if working_copy:
        return ctx.r("working_copy")
    if published is not None:
        return ctx.r("published_on", date=ctx.date(published))
    day = when.date() if isinstance(when, dt.datetime) else when
    if commit is not None and day is not None:
        return ctx.r("version_of", date=ctx.date(day))
    return rev


def build_review_document(review: Review, *, lang: str | None = None,
                          draft: bool = False, warnings: list[str] | None = None
                          ) -> Document:
    """The report in ``lang`` (default: the new plan's primary language). The
    versions are named by ``review.old_label`` and ``review.new_label`` (see
    :func:`version_label`). Plan words missing in ``lang`` (an old version without
    Welsh) are printed as written and noted in ``warnings``."""
    plan = review.new
    lang = lang or plan.primary_language
    ctx = ReviewContext.of(review, lang)
    ids = {key: ctx.ids.new(key) for key in ("main", "contents", *PARTS)}
    labels = Labels(review.old_label, review.new_label)
    parts = [
        summary(ctx, labels, ids["summary"]),
        targets(ctx, ids["targets"]),
        changed_targets(ctx, ids["goalposts"]),
        trends(ctx, ids["charts"]),
        actions(ctx, ids["actions"]),
        sections(ctx, ids["sections"]),
    ]
    found = statutory(ctx, ids["statutory"])
    if found is not None:
        parts.append(found)

    f = plan.file
    plan_title = ctx.text(f, "title", "the plan's title") or plan.root.name
    authority = ctx.text(f, "authority", "the authority") or ""
    partnership = ctx.text(f, "partnership", "the partnership") or ""
    title = ctx.r("title", plan=plan_title)
    cover = Cover(title, authority, partnership,
                  ctx.r("compared", old=labels.old, new=labels.new),
                  ctx.r("as_of", date=ctx.date(review.as_of)))
    if warnings is not None:  # once each: a target's indicator is printed in several parts
        warnings += [w for w in dict.fromkeys(ctx.warnings) if w not in warnings]
    return Document(
        lang=lang,
        lang_tag=ctx.lang_tag,
        nation=review.nation or "",
        title=title,
        authority=authority,
        cover=cover,
        parts=parts,
        strings=ctx.strings,
        draft=draft,
        edition="review",
        accent=(f.branding.colour or "") if f.branding else "",
        main_id=ids["main"],
        contents_id=ids["contents"],
    )


__all__ = ["Labels", "ReviewContext", "build_review_document", "redline_blocks",
           "review_languages", "review_strings", "trend", "version_label"]
