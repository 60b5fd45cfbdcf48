"""What every part of the annual review report shares: the plan's own
:class:`~cyp_cli.document.context.Context` (its catalogue lookup, the plan's Welsh
fields, partner names, vocabulary labels), with the two versions being compared and
the report's own catalogue (``render/strings/review.<lang>.yaml``) on top.

The review words the plan's data through the same layer as the plan
(``document/wording.py``), so a Welsh report prints a target's ``unit_cy`` and
``indicator_cy`` just as the Welsh plan does. One difference: the report describes
history, and an old version that lacked a Welsh word cannot be mended now, so a
missing Welsh word is a warning (``warnings``, printed by ``cyp review``), not a
stop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...model.plan import Plan, Section
from ...regimes import Requirement
from ...review.model import Review
from ...review.status import Status
from ..context import Context
from ..nodes import Badge, Cell, Inline, Row, Table, Text
from ..strings import STRINGS_DIR, format_date, load_strings

# The page furniture the renderers read with doc.s(...); the report's own wording of
# these (review.page) replaces the plan's.
PAGE_KEYS = ("lang_tag", "months", "date", "skip_link", "contents", "draft", "draft_note",
             "generated_by", "none", "list_separator")


def review_languages() -> list[str]:
    """Languages the report can be written in (those with ``review.<lang>.yaml``)."""
    return sorted(p.name.split(".")[1] for p in STRINGS_DIR.glob("review.*.yaml"))


@cache
def review_strings(lang: str) -> dict[str, Any]:
    """The language's catalogue (the plan's wording with ``review:`` merged in) with
    the report's page wording on top. KeyError if the language has none."""
    strings = dict(load_strings(lang))
    if "review" not in strings:
        raise KeyError(lang)
    page = strings["review"]["page"]
    strings.update({k: page[k] for k in PAGE_KEYS if k in page})
    return strings


@dataclass
class ReviewContext(Context):
    """The plan's context for the new version, knowing the old one too."""

    review: Review | None = None

    @classmethod
    def of(cls, review: Review, lang: str) -> ReviewContext:
        plan = review.new
        return cls(plan=plan, sections=list(plan.sections), strings=review_strings(lang),
                   lang=lang, force=True, review=review)

    @property
    def rv(self) -> Review:
        assert self.review is not None
        return self.review

    def r(self, key: str, **values: object) -> str:
        """A string of the report's own catalogue (``review.<key>``)."""
        return self.s("review." + key, **values)

    def opt(self, table: str, key: Any, default: str) -> str:
        """Entry ``key`` of the table ``review.<table>`` if the catalogue has it, else
        ``default``. ``key`` is taken whole: requirement ids have dots in them."""
        found: Any = self.strings.get("review", {})
        for part in table.split("."):
            found = found.get(part, {}) if isinstance(found, dict) else {}
        if isinstance(found, dict) and key in found:
            return str(found[key])
        return default

    @property
    def none(self) -> str:
        return self.s("none")

    @property
    def lang_tag(self) -> str:
        return str(self.strings.get("lang_tag", self.lang))

    @property
    def quoted_lang(self) -> str:
        """The language tag of the plan's own prose (quoted in redlines) when it is
        not the report's language, else ''. Marking it lets screen readers switch
        voice (WCAG 3.1.2, language of parts)."""
        primary = self.plan.primary_language if self.plan is not None else self.lang
        if primary == self.lang:
            return ""
        try:
            return str(review_strings(primary).get("lang_tag", primary))
        except KeyError:
            return primary

    def date(self, day: dt.date | None) -> str:
        return format_date(day, self.strings)

    def twin(self, plan: Plan, section_id: str) -> Section | None:
        """A version's section in the report's language (its translation if any)."""
        if self.lang != plan.primary_language:
            twin = plan.translations.get(self.lang, {}).get(section_id)
            if twin is not None:
                return twin
        return plan.section(section_id)

    def section_title(self, section_id: str, prefer_new: bool = True) -> str:
        plans = [self.rv.new, self.rv.old] if prefer_new else [self.rv.old, self.rv.new]
        for plan in plans:
            s = self.twin(plan, section_id)
            if s is not None:
                return s.title
        return section_id

    def partner(self, partner_id: str, fallback: str) -> str:
        """A partner's name from the new version, else the old one."""
        for plan in (self.rv.new, self.rv.old):
            partner = plan.partners.get(partner_id)
            if partner is not None:
                return self.text(partner, "name", f"partner '{partner_id}'") or fallback
        return fallback

    def requirement(self, req: Requirement) -> str:
        """A requirement's summary: the catalogue's wording of a child poverty
        objective, else the checklist's in this language."""
        if self.opt("statutory.objectives", req.id, ""):
            return self.opt("statutory.objectives", req.id, "")
        return self.requirement_summary(req)

    def status(self, status: Status) -> str:
        return self.r(f"status.{status.slug}")

    def badge(self, status: Status) -> Badge:
        return Badge(self.status(status), status.slug)


def row(header: list[Inline] | str, *cells: list[Inline] | str) -> Row:
    """A table row whose first cell heads it."""
    def cell(content: list[Inline] | str, is_header: bool = False) -> Cell:
        return Cell([Text(content)] if isinstance(content, str) else content, header=is_header)

    return Row([cell(header, True), *(cell(c) for c in cells)])


def table(caption: str, head: list[str], rows: list[Row],
          widths: list[float] | None = None) -> Table:
    """A captioned table with row headers (every table of the report is one)."""
    return Table([Row([Cell([Text(label)], header=True) for label in head])], rows,
                 caption=[Text(caption)], row_headers=True, widths=widths or [])


@dataclass
class Labels:
    """How the two versions are named in the report (already worded)."""

    old: str
    new: str
