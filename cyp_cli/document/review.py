"""Review -> one document tree (``edition="review"``): the annual review report.

``cyp review`` compares two versions of a plan (``review.compare``) and hands the
:class:`~cyp_cli.review.model.Review` here; the tree this module returns goes through
the very renderers the plan does (``render.render(doc, fmt)``), so the report gets the
plan's accessible HTML, its DOCX and its tagged PDF. The parts follow issue 5:

1. Summary: targets by status, what changed, statutory coverage then and now.
2. Targets and their status (as words; colour only supplements them).
3. Moved goalposts: old and new values side by side; targets added and dropped (a
   target dropped with no recorded reason is flagged).
4. Turn-the-curve charts (SVG from ``review/charts.py``) with titles and a text
   alternative shown as the caption.
5. Actions by partner, overdue first.
6. Sections added, removed, renamed and changed, with a word-level redline
   (:class:`~cyp_cli.document.nodes.Inserted` / ``Deleted`` with text labels).
7. Wales: the three child poverty strategic objectives and the Annex A indicators;
   England: the regulation 8 items.

Every fixed word comes from ``render/strings/review.<lang>.yaml`` (the ``review:``
key of the language's catalogue). The review model words a few things in English
(``Assessment.why``, chart legends and trend); this module words them itself from the
catalogue, and re-words the chart's SVG text for other languages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import Any

from ..figures import rounded, with_unit
from ..model.plan import Measure, Plan, Section, Target
from ..review.charts import Chart, turn_the_curve
from ..review.model import (
    ACTION_GROUPS,
    ActionReview,
    Review,
    SectionDiff,
    StatutoryGroup,
    TargetReview,
)
from ..review.redline import Run, split_paragraphs
from ..review.status import STATUS_ORDER, Status, actuals_after_baseline
from .ids import Ids
from .nodes import (
    Badge,
    Block,
    Cell,
    Code,
    Cover,
    Deleted,
    Document,
    Emph,
    Figure,
    Heading,
    Inline,
    Inserted,
    Para,
    Part,
    Row,
    Table,
    Text,
)
from .strings import STRINGS_DIR, format_date, load_strings

# The page furniture the renderers read with doc.s(...); the report's own wording of
# these (review.page) replaces the plan's.
PAGE_KEYS = ("lang_tag", "months", "date", "skip_link", "contents", "draft", "draft_note",
             "generated_by", "none", "list_separator")


def review_languages() -> list[str]:
    """Languages the report can be written in (those with ``review.<lang>.yaml``)."""
    return sorted(p.name.split(".")[1] for p in STRINGS_DIR.glob("review.*.yaml"))


@cache
def review_strings(lang: str) -> dict[str, Any]:
    """The language's catalogue with the report's page wording on top. When the
    language has no plan catalogue yet (``<lang>.yaml``), ``review.<lang>.yaml`` alone
    is enough: it carries every word the report uses. KeyError if neither exists."""
    try:
        strings = dict(load_strings(lang))
    except KeyError:
        strings = {}
    if "review" not in strings:
        path = STRINGS_DIR / f"review.{lang}.yaml"
        if not path.is_file():
            raise KeyError(lang) from None
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("review"), dict):
            raise ValueError(f"{path}: expected a mapping under 'review:'")
        strings["review"] = data["review"]
    page = strings["review"]["page"]
    strings.update({k: page[k] for k in PAGE_KEYS if k in page})
    return strings


@dataclass
class Labels:
    """How the two versions are named in the report (already worded)."""

    old: str
    new: str


@dataclass
class _Ctx:
    review: Review
    lang: str
    strings: dict[str, Any]
    ids: Ids = field(default_factory=Ids)

    def s(self, key: str, **values: object) -> str:
        text: Any = self.strings
        for part in key.split("."):
            text = text[part]
        return str(text).format(**values) if values else str(text)

    def r(self, key: str, **values: object) -> str:
        """A string of the report's own catalogue (``review.<key>``)."""
        return self.s("review." + key, **values)

    def opt(self, table: str, key: Any, default: str) -> str:
        """Entry ``key`` of the table ``review.<table>`` if the catalogue has it, else
        ``default`` (data such as a requirement's summary, which only the nation's
        checklist words). ``key`` is taken whole: requirement ids and field names
        have dots in them."""
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
        plan = self.review.new if self.review is not None else None
        primary = plan.primary_language if plan is not None else self.lang
        if primary == self.lang:
            return ""
        try:
            return str(review_strings(primary).get("lang_tag", primary))
        except KeyError:
            return primary

    def date(self, day: dt.date | None) -> str:
        return format_date(day, self.strings)

    # --- the plan's words, in this language where the plan gives them ---------------

    def _twin(self, plan: Plan, section_id: str) -> Section | None:
        if self.lang != plan.primary_language:
            twin = plan.translations.get(self.lang, {}).get(section_id)
            if twin is not None:
                return twin
        return plan.section(section_id)

    def section_title(self, section_id: str, prefer_new: bool = True) -> str:
        plans = ([self.review.new, self.review.old] if prefer_new
                 else [self.review.old, self.review.new])
        for plan in plans:
            s = self._twin(plan, section_id)
            if s is not None:
                return s.title
        return section_id

    def text(self, obj: Any, name: str) -> str:
        """A free-text field of the plan's data in the report's language: ``name_<lang>``
        (``indicator_cy``) where the plan gives it, else ``name``. Unlike the plan's
        own Welsh edition, the report falls back: it describes history, and an old
        version that lacked a Welsh word cannot be mended now."""
        if self.lang != "en":
            translated = getattr(obj, f"{name}_{self.lang}", None)
            if translated:
                return str(translated)
        return str(getattr(obj, name, None) or "")

    def indicator(self, t: Target) -> str:
        return self.text(t, "indicator") or t.id or ""

    def partner(self, partner_id: str, fallback: str) -> str:
        for plan in (self.review.new, self.review.old):
            partner = plan.partners.get(partner_id)
            if partner is not None:
                return self.text(partner, "name") or fallback
        return fallback

    def requirement(self, req: Any) -> str:
        """A requirement's summary: the catalogue's wording of a child poverty
        objective, else the checklist's in this language, else its English."""
        summary_for = getattr(req, "summary_for", None)
        translated = summary_for(self.lang) if summary_for is not None else None
        return self.opt("statutory.objectives", req.id, translated or req.summary)

    def status(self, status: Status) -> str:
        return self.r(f"status.{status.slug}")

    def badge(self, status: Status) -> Badge:
        return Badge(self.status(status), status.slug)

    def measure(self, m: Measure | None, unit: str | None) -> str:
        if m is not None and m.tbc:  # value: tbc, as the plan itself prints it
            return self.s("tbc") + (f" ({m.period})" if m.period else "")
        if m is None or m.value is None:
            return self.none
        return self.r("targets.measure", value=with_unit(m.value, unit), period=m.period or "")


def _head(*labels: str) -> list[Row]:
    return [Row([Cell([Text(label)], header=True) for label in labels])]


def _row(header: list[Inline] | str, *cells: list[Inline] | str) -> Row:
    def cell(content: list[Inline] | str, is_header: bool = False) -> Cell:
        return Cell([Text(content)] if isinstance(content, str) else content, header=is_header)

    return Row([cell(header, True), *(cell(c) for c in cells)])


def _table(ctx: _Ctx, caption: str, head: list[str], rows: list[Row],
           widths: list[float] | None = None) -> Table:
    return Table(_head(*head), rows, caption=[Text(caption)], row_headers=True,
                 widths=widths or [])


# --- 1. summary ----------------------------------------------------------------------


def _summary(ctx: _Ctx, labels: Labels, pid: str) -> Part:
    review = ctx.review
    summary = review.summary
    blocks: list[Block] = [Para([Text(ctx.r("summary.intro", old=labels.old,
                                             new=labels.new))])]
    status_rows = [_row([ctx.badge(s)], str(summary.targets_by_status[s]))
                   for s in STATUS_ORDER]
    blocks.append(_table(ctx, ctx.r("summary.status_caption"),
                         [ctx.r("summary.status"), ctx.r("summary.count")], status_rows,
                         [0.6, 0.4]))
    groups = summary.actions_by_group
    counts = [
        ("moved", summary.targets_moved),
        ("targets_added", summary.targets_added),
        ("targets_dropped", summary.targets_dropped),
        ("dropped_unexplained", summary.targets_dropped_unexplained),
        ("sections_added", summary.sections_added),
        ("sections_removed", summary.sections_removed),
        ("sections_renamed", summary.sections_renamed),
        ("sections_changed", summary.sections_changed),
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
        change_rows.append(_row(ctx.r(f"summary.rows.{key}"), value))
    blocks.append(_table(ctx, ctx.r("summary.changes_caption"),
                         [ctx.r("summary.change"), ctx.r("summary.number")], change_rows,
                         [0.7, 0.3]))
    coverage = review.coverage
    if coverage is None:
        blocks.append(Para([Text(ctx.r("summary.coverage_unknown"))]))
    else:
        blocks.append(Para([Text(ctx.r("summary.coverage", then=coverage.met_then,
                                       now=coverage.met_now, total=coverage.total))]))
        moved = coverage.newly_met + coverage.newly_missing
        if not moved:
            blocks.append(Para([Text(ctx.r("summary.coverage_same"))]))
        else:
            def met(flag: bool) -> str:
                return ctx.r("summary.met") if flag else ctx.r("summary.not_met")

            rows = [_row(ctx.requirement(c.requirement), met(c.met_then), met(c.met_now))
                    for c in moved]
            blocks.append(_table(ctx, ctx.r("summary.coverage_caption"),
                                 [ctx.r("summary.requirement"), ctx.r("summary.then"),
                                  ctx.r("summary.now")], rows, [0.6, 0.2, 0.2]))
    return Part(Heading(1, pid, [Text(ctx.r("summary.title"))]), blocks)


# --- 2. targets ------------------------------------------------------------------------


def _expected(ctx: _Ctx, t: TargetReview) -> str:
    a = t.assessment
    if a.expected is None or a.latest is None:
        return ctx.none
    return ctx.r("targets.measure", value=with_unit(rounded(a.expected), t.unit),
                 period=a.latest.period or "")


def _targets(ctx: _Ctx, pid: str) -> Part:
    active = ctx.review.active_targets
    order = {s: n for n, s in enumerate(STATUS_ORDER)}
    ordered = sorted(active, key=lambda t: order[t.status])  # stable: plan order within
    blocks: list[Block] = [Para([Text(ctx.r("targets.intro"))])]
    if not ordered:
        blocks.append(Para([Text(ctx.r("targets.none"))]))
    else:
        rows = []
        for t in ordered:
            tgt = t.target
            rows.append(_row(
                ctx.indicator(tgt), [Code(t.id)],
                ctx.measure(tgt.baseline, t.unit), ctx.measure(tgt.target, t.unit),
                ctx.measure(t.assessment.latest, t.unit), _expected(ctx, t),
                [ctx.badge(t.status)]))
        blocks.append(_table(
            ctx, ctx.r("targets.caption"),
            [ctx.r("targets.target"), ctx.r("targets.id"), ctx.r("targets.baseline"),
             ctx.r("targets.goal"), ctx.r("targets.latest"), ctx.r("targets.expected"),
             ctx.r("targets.status")],
            rows, [0.26, 0.14, 0.12, 0.12, 0.12, 0.12, 0.12]))
    return Part(Heading(1, pid, [Text(ctx.r("targets.title"))]), blocks)


# --- 3. moved goalposts ----------------------------------------------------------------


def _change_value(ctx: _Ctx, field_name: str, value: Any, text: str) -> str:
    if value is None:
        return ctx.none
    if field_name == "direction":
        return ctx.opt("targets.directions", value, str(value))
    return text


def _goalposts(ctx: _Ctx, pid: str) -> Part:
    review = ctx.review
    blocks: list[Block] = [Para([Text(ctx.r("goalposts.intro"))])]
    changed = [t for t in review.targets if t.changes and t.old is not None
               and t.new is not None]
    if not review.moved:
        blocks.append(Para([Text(ctx.r("goalposts.none"))]))
    if changed:
        rows = []
        for t in changed:
            for c in t.changes:
                effect = ctx.none
                if c.goalpost and c.easier is not None:
                    effect = ctx.r("goalposts.easier" if c.easier else "goalposts.harder")
                rows.append(_row(
                    [Text(ctx.indicator(t.target) + " "), Code(t.id)],
                    ctx.opt("goalposts.fields", c.field, c.label),
                    _change_value(ctx, c.field, c.old, c.old_text),
                    _change_value(ctx, c.field, c.new, c.new_text),
                    [Badge(effect, "flag")] if c.easier else effect))
        blocks.append(_table(
            ctx, ctx.r("goalposts.caption"),
            [ctx.r("goalposts.target"), ctx.r("goalposts.what"), ctx.r("goalposts.old"),
             ctx.r("goalposts.new"), ctx.r("goalposts.effect")],
            rows, [0.34, 0.18, 0.16, 0.16, 0.16]))
    moved = [t for t in review.moved if t.original is not None]
    if moved:
        rows = [_row([Text(ctx.indicator(t.target) + " "), Code(t.id)],
                     [ctx.badge(t.original.status)],  # type: ignore[union-attr]
                     [ctx.badge(t.status)]) for t in moved]
        blocks.append(_table(
            ctx, ctx.r("goalposts.status_caption"),
            [ctx.r("goalposts.target"), ctx.r("goalposts.status_old"),
             ctx.r("goalposts.status_new")], rows, [0.5, 0.25, 0.25]))

    blocks.append(Heading(2, ctx.ids.new(f"{pid}-added"), [Text(ctx.r("goalposts.added"))]))
    added = review.added_targets
    if not added:
        blocks.append(Para([Text(ctx.r("goalposts.added_none"))]))
    else:
        rows = [_row(ctx.indicator(t.target), [Code(t.id)],
                     ctx.measure(t.target.baseline, t.unit),
                     ctx.measure(t.target.target, t.unit),
                     ctx.section_title(t.section)) for t in added]
        blocks.append(_table(
            ctx, ctx.r("goalposts.added_caption"),
            [ctx.r("targets.target"), ctx.r("targets.id"), ctx.r("targets.baseline"),
             ctx.r("targets.goal"), ctx.r("goalposts.section")],
            rows, [0.34, 0.16, 0.15, 0.15, 0.2]))

    blocks.append(Heading(2, ctx.ids.new(f"{pid}-dropped"),
                          [Text(ctx.r("goalposts.dropped"))]))
    dropped = review.dropped_targets
    if not dropped:
        blocks.append(Para([Text(ctx.r("goalposts.dropped_none"))]))
    else:
        rows = []
        for t in dropped:
            reason: list[Inline] = ([Text(t.reason)] if t.reason
                                    else [Badge(ctx.r("goalposts.no_reason"), "flag")])
            rows.append(_row(ctx.indicator(t.target), [Code(t.id)],
                             [ctx.badge(t.status)], reason))
        blocks.append(_table(
            ctx, ctx.r("goalposts.dropped_caption"),
            [ctx.r("targets.target"), ctx.r("targets.id"), ctx.r("goalposts.last_status"),
             ctx.r("goalposts.reason")], rows, [0.36, 0.16, 0.16, 0.32]))
    return Part(Heading(1, pid, [Text(ctx.r("goalposts.title"))]), blocks)


# --- 4. turn-the-curve charts ------------------------------------------------------------


def trend_words(ctx: _Ctx, t: TargetReview) -> str:
    """The chart's trend in one sentence, in the report's language (the same facts
    as ``review.charts.trend_text``)."""
    target = t.target
    unit = target.unit
    chosen = actuals_after_baseline(target, t.actuals)
    b, g = target.baseline, target.target
    parts = []
    if b is not None and b.value is not None and chosen:
        last = chosen[-1]
        start = ctx.r("charts.at", value=with_unit(b.value, unit), period=b.period)
        end = ctx.r("charts.at", value=with_unit(last.value, unit), period=last.period)
        if last.value > b.value:  # type: ignore[operator]
            parts.append(ctx.r("charts.rose", start=start, end=end))
        elif last.value < b.value:  # type: ignore[operator]
            parts.append(ctx.r("charts.fell", start=start, end=end))
        else:
            parts.append(ctx.r("charts.stayed", value=with_unit(b.value, unit),
                               start=b.period, end=last.period))
    elif b is not None and b.value is not None:
        parts.append(ctx.r("charts.no_figures", value=with_unit(b.value, unit),
                           period=b.period))
    else:
        parts.append(ctx.r("charts.no_baseline"))
    if g is not None and g.value is not None:
        key = "charts.aim_maintain" if target.direction == "maintain" else "charts.aim"
        parts.append(ctx.r(key, value=with_unit(g.value, unit), period=g.period))
    parts.append(ctx.r(f"status_lower.{t.status.slug}"))
    return ctx.r("charts.joiner").join(parts) + "."


# The chart's fixed English words (review/charts.py) and the catalogue keys that
# re-word them.
_LEGEND = {"Actual (square: baseline)": "charts.legend_actual",
           "On track line": "charts.legend_track", "Target": "charts.legend_target"}


def _localise(svg: str, ctx: _Ctx, chart: Chart, desc: str) -> str:
    """Put the catalogue's words into the chart: its ``<desc>`` and legend."""
    old_desc = f">{escape(chart.text, quote=True)}</desc>"
    svg = svg.replace(old_desc, f">{escape(desc, quote=True)}</desc>", 1)
    for english, key in _LEGEND.items():
        words = ctx.r(key)
        if words != english:
            svg = svg.replace(f">{escape(english, quote=True)}</text>",
                              f">{escape(words, quote=True)}</text>", 1)
    return svg


def _unique_svg_ids(svg: str, wanted: str, got: str) -> str:
    if wanted == got:
        return svg
    return re.sub(rf'(["\s]){re.escape(wanted)}(-title|-desc)?(?=["\s])',
                  lambda m: f"{m.group(1)}{got}{m.group(2) or ''}", svg)


def chart_figure(ctx: _Ctx, t: TargetReview) -> Figure | None:
    title = ctx.r("charts.chart_title", indicator=ctx.indicator(t.target))
    chart = turn_the_curve(t.target, t.actuals, t.assessment, title=title)
    if chart is None:
        return None
    desc = trend_words(ctx, t)
    svg = _localise(chart.svg, ctx, chart, desc)
    chart_id = ctx.ids.new(chart.id)
    svg = _unique_svg_ids(svg, chart.id, chart_id)
    for suffix in ("-title", "-desc"):
        ctx.ids.taken.add(chart_id + suffix)
    return Figure(ctx.ids.new(f"figure-{chart_id}"), svg, desc, [Text(desc)], title)


def _charts(ctx: _Ctx, pid: str) -> Part:
    blocks: list[Block] = [Para([Text(ctx.r("charts.intro"))])]
    drawn = 0
    for t in ctx.review.targets:
        if not (t.active or t.dropped):
            continue
        figure = chart_figure(ctx, t)
        if figure is None:
            continue
        drawn += 1
        blocks.append(Heading(2, ctx.ids.new(f"chart-{t.id}"),
                              [Text(ctx.indicator(t.target))]))
        blocks.append(figure)
    if not drawn:
        blocks.append(Para([Text(ctx.r("charts.none"))]))
    return Part(Heading(1, pid, [Text(ctx.r("charts.title"))]), blocks)


# --- 5. actions by partner ----------------------------------------------------------------


def _action_text(ctx: _Ctx, a: ActionReview) -> str:
    return ctx.text(a.action, "action") or a.id


def _actions(ctx: _Ctx, pid: str) -> Part:
    review = ctx.review
    blocks: list[Block] = [Para([Text(ctx.r("actions.intro",
                                             date=ctx.date(review.as_of)))])]
    if not review.actions:
        blocks.append(Para([Text(ctx.r("actions.none"))]))
    for partner in review.actions:
        name = (ctx.partner(partner.partner, partner.name) if partner.partner
                else ctx.r("actions.no_partner"))
        rows = []
        for group in ACTION_GROUPS:
            for a in partner.groups.get(group, []):
                tone = "off-track" if group == "overdue" else (
                    "flag" if group == "removed" else "")
                stands: list[Inline] = [Badge(ctx.r(f"actions.groups.{group}"), tone)]
                before = (ctx.opt("actions.statuses", a.old_status, a.old_status or "")
                          if a.old is not None else ctx.r("actions.new_action"))
                if a.old is not None and not a.old_status:
                    before = ctx.none
                rows.append(_row(_action_text(ctx, a), stands, ctx.date(a.action.due),
                                 before, ctx.section_title(a.action.section)))
        blocks.append(Heading(2, ctx.ids.new(f"actions-{partner.partner or 'none'}"),
                              [Text(name)]))
        blocks.append(_table(
            ctx, ctx.r("actions.caption", partner=name),
            [ctx.r("actions.action"), ctx.r("actions.stands"), ctx.r("actions.due"),
             ctx.r("actions.before"), ctx.r("actions.section")],
            rows, [0.36, 0.16, 0.14, 0.14, 0.2]))
    return Part(Heading(1, pid, [Text(ctx.r("actions.title"))]), blocks)


# --- 6. sections ----------------------------------------------------------------------------


def _where(ctx: _Ctx, section: Section | None, plan: Plan) -> str:
    if section is None:
        return ctx.none
    twin = ctx._twin(plan, section.id) or section
    return ctx.r("sections.where", title=twin.title, file=section.rel)


def _kinds(ctx: _Ctx, d: SectionDiff) -> str:
    kinds = []
    if d.added:
        kinds.append("added")
    elif d.removed:
        kinds.append("removed")
    else:
        if d.renamed:
            kinds.append("renamed")
        if d.moved and d.new is not None:
            kinds.append("moved")
        if d.changed:
            kinds.append("changed")
    words = [ctx.r(f"sections.kinds.{k}") for k in kinds]
    if "moved" in kinds and d.new is not None:
        words[kinds.index("moved")] = _moved(ctx, d.new)
    return ctx.s("list_separator").join(words)


def _moved(ctx: _Ctx, section: Section) -> str:
    """"Moved: now under Our priorities", in the appendices, or to the top level."""
    if section.meta.parent:
        parent = ctx.section_title(section.meta.parent)
        return ctx.r("sections.moved_under", parent=parent)
    if section.meta.appendix:
        return ctx.r("sections.moved_appendix")
    return ctx.r("sections.moved_top")


def redline_inlines(ctx: _Ctx, para: list[Run]) -> list[Inline]:
    """One paragraph of runs as inlines; the whitespace around a change stays outside
    its mark, so the label sits right before the words."""
    out: list[Inline] = []
    last = len(para) - 1
    for n, (op, text) in enumerate(para):
        if n == 0:
            text = text.lstrip()
        if n == last:
            text = text.rstrip()
        if op == "equal":
            if out and isinstance(out[-1], Text):
                out[-1].text += text
            elif text:
                out.append(Text(text))
            continue
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        if lead:
            out.append(Text(lead))
        key = "inserted" if op == "insert" else "deleted"
        node = Inserted if op == "insert" else Deleted
        out.append(node([Text(core)], ctx.r(f"sections.{key}"),
                        ctx.r(f"sections.{key}_end"), ctx.quoted_lang and ctx.lang_tag))
        if trail:
            out.append(Text(trail))
    return out


def redline_blocks(ctx: _Ctx, runs: list[Run]) -> list[Block]:
    """The changed paragraphs of a redline; runs of unchanged paragraphs are left out
    and counted."""
    blocks: list[Block] = []
    skipped = 0

    def note() -> None:
        nonlocal skipped
        if skipped:
            key = "sections.unchanged_one" if skipped == 1 else "sections.unchanged_many"
            blocks.append(Para([Emph([Text(ctx.r(key, count=skipped))])]))
            skipped = 0

    for para in split_paragraphs(runs):
        if not any(op != "equal" for op, _ in para):
            skipped += 1
            continue
        note()
        blocks.append(Para(redline_inlines(ctx, para), lang=ctx.quoted_lang))
    note()
    return blocks


def _sections(ctx: _Ctx, pid: str) -> Part:
    review = ctx.review
    blocks: list[Block] = [Para([Text(ctx.r("sections.intro"))])]
    listed = [d for d in review.sections if d.kind != "unchanged" or d.changed]
    if not listed:
        blocks.append(Para([Text(ctx.r("sections.none"))]))
    else:
        rows = []
        for d in listed:
            title = ctx.section_title(d.id, prefer_new=not d.removed)
            words = (ctx.r("sections.counts", inserted=d.inserted, deleted=d.deleted)
                     if d.changed else ctx.none)
            rows.append(_row([Text(title + " "), Code(d.id)], _kinds(ctx, d),
                             _where(ctx, d.old, review.old), _where(ctx, d.new, review.new),
                             words))
        blocks.append(_table(
            ctx, ctx.r("sections.caption"),
            [ctx.r("sections.section"), ctx.r("sections.change"), ctx.r("sections.before"),
             ctx.r("sections.after"), ctx.r("sections.words")],
            rows, [0.26, 0.14, 0.22, 0.22, 0.16]))
    changed = [d for d in review.sections if d.changed and d.runs]
    if changed:
        blocks.append(Para([Text(ctx.r("sections.redline_intro"))]))
        for d in changed:
            blocks.append(Heading(2, ctx.ids.new(f"redline-{d.id}"),
                                  [Text(ctx.r("sections.redline_title",
                                              title=ctx.section_title(d.id)))]))
            blocks.extend(redline_blocks(ctx, d.runs))
    return Part(Heading(1, pid, [Text(ctx.r("sections.title"))]), blocks)


# --- 7. statutory progress -------------------------------------------------------------------


def _yes_no(ctx: _Ctx, flag: bool | None) -> str:
    if flag is None:
        return ctx.none
    return ctx.r("statutory.answer_yes" if flag else "statutory.answer_no")


def _target_statuses(ctx: _Ctx, targets: list[TargetReview]) -> list[Inline]:
    out: list[Inline] = []
    for t in targets:
        if out:
            out.append(Text(ctx.s("list_separator")))
        out += [Text(ctx.indicator(t.target) + ": "), ctx.badge(t.status)]
    return out or [Text(ctx.none)]


def _group(ctx: _Ctx, group: StatutoryGroup) -> list[Block]:
    title = ctx.opt("statutory.groups", group.id, group.title)
    blocks: list[Block] = [Heading(2, ctx.ids.new(f"statutory-{group.id}"), [Text(title)])]
    if group.empty:  # said, and the table still shows what was (not) met
        blocks.append(Para([Text(ctx.r("statutory.empty"))]))
    sections = ctx.s("list_separator")
    if group.id == "wales.annex-a":
        rows = [_row(f"{item.key.upper()}. " + ctx.opt("statutory.annex_a", item.key,
                                                      item.label),
                     _target_statuses(ctx, item.targets)) for item in group.items]
        if group.sections:
            blocks.append(Para([Text(ctx.r("statutory.sections") + ": " + sections.join(
                ctx.section_title(s) for s in group.sections))]))
        blocks.append(_table(ctx, ctx.r("statutory.caption", group=title),
                             [ctx.r("statutory.indicator"), ctx.r("statutory.targets")],
                             rows, [0.55, 0.45]))
        return blocks
    rows = []
    for item in group.items:
        req = item.requirement
        rows.append(_row(
            ctx.requirement(req.requirement) if req else item.label,
            _yes_no(ctx, req.met_then if req else None),
            _yes_no(ctx, req.met_now if req else None),
            sections.join(ctx.section_title(s) for s in item.sections) or ctx.none,
            _target_statuses(ctx, item.targets)))
    blocks.append(_table(ctx, ctx.r("statutory.caption", group=title),
                         [ctx.r("statutory.item"), ctx.r("statutory.met_then"),
                          ctx.r("statutory.met_now"), ctx.r("statutory.sections"),
                          ctx.r("statutory.targets")],
                         rows, [0.3, 0.12, 0.12, 0.2, 0.26]))
    return blocks


def _statutory(ctx: _Ctx, pid: str) -> Part | None:
    review = ctx.review
    if not review.statutory or review.nation not in ("wales", "england"):
        return None
    nation = review.nation
    blocks: list[Block] = [Para([Text(ctx.r(f"statutory.{nation}_intro"))])]
    for group in review.statutory:
        blocks += _group(ctx, group)
    return Part(Heading(1, pid, [Text(ctx.r(f"statutory.{nation}_title"))]), blocks)


# --- the document ---------------------------------------------------------------------------


def version_label(strings: dict[str, Any], rev: str, commit: str | None,
                  when: dt.datetime | dt.date | None, working_copy: bool = False) -> str:
    """How a version is named in the report: ``v2011 (commit 1a2b3c4, 28 March
    2011)``, a folder's name, or "the plan as it stands now"."""
    ctx = _Ctx(None, "", strings)  # type: ignore[arg-type]  # wording only
    if working_copy:
        return ctx.r("working_copy")
    if commit is None:
        return rev
    day = when.date() if isinstance(when, dt.datetime) else when
    return ctx.r("version_of", rev=rev, commit=commit[:7],
                 date=ctx.date(day) if day else ctx.none)


def build_review_document(review: Review, *, lang: str | None = None,
                          draft: bool = False) -> Document:
    """The report in ``lang`` (default: the new plan's primary language). The
    versions are named by ``review.old_label`` and ``review.new_label`` (see
    :func:`version_label`)."""
    plan = review.new
    lang = lang or plan.primary_language
    strings = review_strings(lang)
    ctx = _Ctx(review, lang, strings)
    ids = {key: ctx.ids.new(key) for key in (
        "main", "contents", "summary", "targets", "goalposts", "charts", "actions",
        "sections", "statutory")}
    labels = Labels(review.old_label, review.new_label)
    parts = [
        _summary(ctx, labels, ids["summary"]),
        _targets(ctx, ids["targets"]),
        _goalposts(ctx, ids["goalposts"]),
        _charts(ctx, ids["charts"]),
        _actions(ctx, ids["actions"]),
        _sections(ctx, ids["sections"]),
    ]
    statutory = _statutory(ctx, ids["statutory"])
    if statutory is not None:
        parts.append(statutory)

    f = plan.file
    plan_title = (f.title_cy if lang == "cy" and f.title_cy else f.title) or plan.root.name
    authority = (f.authority_cy if lang == "cy" and f.authority_cy else f.authority) or ""
    partnership = (f.partnership_cy if lang == "cy" and f.partnership_cy
                   else f.partnership) or ""
    title = ctx.r("title", plan=plan_title)
    cover = Cover(title, authority, partnership,
                  ctx.r("compared", old=labels.old, new=labels.new),
                  ctx.r("as_of", date=ctx.date(review.as_of)))
    return Document(
        lang=lang,
        lang_tag=str(strings.get("lang_tag", lang)),
        nation=review.nation or "",
        title=title,
        authority=authority,
        cover=cover,
        parts=parts,
        strings=strings,
        draft=draft,
        edition="review",
        accent=(f.branding.colour or "") if f.branding else "",
        main_id=ids["main"],
        contents_id=ids["contents"],
    )


__all__ = ["Labels", "build_review_document", "review_languages", "review_strings",
           "trend_words", "version_label"]
