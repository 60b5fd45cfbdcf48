"""The plan model: plain classes that lint, build and review all read.

Each class declares ``FIELDS``, its part of the contract (see ``spec.py``); the loader
fills instances from YAML nodes and records where each value stood in ``pos``, so a
rule can point at ``file:line:col`` of the offending key or value with :meth:`at`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

from ..diagnostics import Pos
from .periods import Span, parse_period
from .spec import (
    BOOLEAN,
    DATE,
    INTEGER,
    NUMBER,
    NUMBER_OR_TBC,
    PARTIAL_DATE,
    PERIOD,
    SLUG,
    STRING,
    TEXT,
    Choice,
    Field,
    ListOf,
    MapOf,
    Obj,
    Tbc,
    Vocab,
)


@dataclass(kw_only=True)
class Located:
    """Remembers where each value was written: ``pos`` maps a key (``"tier"``), a list
    item (``"covers[2]"``), a key's own name (``"tier:key"``) or the mapping itself
    (``""``) to its 1-based (line, column) in ``file``."""

    #: The contract's keys of each model class, with their types (``spec.Obj`` reads them).
    FIELDS: ClassVar[dict[str, Field]] = {}
    file: str = field(default="", repr=False, compare=False)
    pos: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)

    def at(self, key: str = "", index: int | None = None) -> Pos:
        """Where ``key`` (or its ``index``-th item) was written; falls back to the
        enclosing mapping so a diagnostic always has a place."""
        place = None
        if index is not None:
            place = self.pos.get(f"{key}[{index}]")
        place = place or self.pos.get(key) or self.pos.get("") or (1, 1)
        return Pos(self.file or "?", *place)

    def key_at(self, key: str) -> Pos:
        place = self.pos.get(key + ":key")
        return Pos(self.file or "?", *place) if place else self.at(key)


# --- plan.yaml ---------------------------------------------------------------------


@dataclass(kw_only=True)
class Period(Located):
    """The plan's period: start and end dates."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "start": Field(DATE, "First day of the plan period.", required=True),
        "end": Field(DATE, "Last day of the plan period.", required=True),
    }
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def span(self) -> Span | None:
        if self.start and self.end and self.start <= self.end:
            return Span(self.start, self.end)
        return None


@dataclass(kw_only=True)
class Partner(Located):
    """A partner of the partnership; sections and actions name it by ``id``."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "id": Field(SLUG, "Stable id that sections and actions use.", required=True),
        "name": Field(TEXT, "Full name as published.", required=True),
        "statutory": Field(BOOLEAN, "A statutory partner under the Children Act 2004."),
        "type": Field(Vocab("partner_type", STRING), "Kind of body (nation vocabulary)."),
        "name_cy": Field(TEXT, "Welsh name, for the Welsh edition."),
    }
    id: str | None = None
    name: str | None = None
    statutory: bool = False
    type: str | None = None
    name_cy: str | None = None


@dataclass(kw_only=True)
class Consultation(Located):
    """One consultation or involvement: who, when, how and what they said."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "consultee": Field(
            Vocab("consultees", STRING), "Who was consulted (nation vocabulary).", required=True
        ),
        "when": Field(PARTIAL_DATE, "When: a date, a month (2010-02) or a year."),
        "how": Field(TEXT, "How they were consulted."),
        "response": Field(TEXT, "What they said and what changed as a result."),
    }
    consultee: str | None = None
    when: dt.date | None = None  # a spec.PartialDate when written as a month or year
    how: str | None = None
    response: str | None = None


@dataclass(kw_only=True)
class LintConfig(Located):
    """Lint settings kept with the plan."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "select": Field(ListOf(STRING), "Rule codes or prefixes to enable."),
        "ignore": Field(ListOf(STRING), "Rule codes, prefixes or requirement ids to ignore."),
        "per-file-ignores": Field(
            MapOf(ListOf(STRING)), "Glob (relative to the plan) -> codes ignored there."
        ),
    }
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)


@dataclass(kw_only=True)
class Branding(Located):
    """Images and colours for the published cover (paths inside the plan folder)."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "logo": Field(STRING, "Authority logo, a path inside the plan folder."),
        "logo_alt": Field(TEXT, "Text alternative for the logo."),
        "partner_logos": Field(ListOf(STRING), "Further logos, paths inside the plan."),
        "colour": Field(STRING, "Accent colour as #rrggbb."),
    }
    logo: str | None = None
    logo_alt: str | None = None
    partner_logos: list[str] = field(default_factory=list)
    colour: str | None = None


@dataclass(kw_only=True)
class GlossaryEntry(Located):
    """A word the plan uses and what it means, published as the glossary."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "term": Field(TEXT, "The word or abbreviation.", required=True),
        "meaning": Field(TEXT, "What it means, in plain words.", required=True),
        "term_cy": Field(TEXT, "The term in Welsh, for the Welsh edition."),
        "meaning_cy": Field(TEXT, "The meaning in Welsh, for the Welsh edition."),
    }
    term: str | None = None
    meaning: str | None = None
    term_cy: str | None = None
    meaning_cy: str | None = None


@dataclass(kw_only=True)
class Publish(Located):
    """Which generated back matter the built plan includes. Defaults suit a public
    document: see ``PUBLISH_DEFAULTS`` and docs/structure.md."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "contents": Field(BOOLEAN, "A contents list (default true)."),
        "indexes": Field(BOOLEAN, "Indexes by theme, tier and group (default true)."),
        "registers": Field(BOOLEAN, "Registers of targets and of actions (default true)."),
        "coverage": Field(BOOLEAN, "The statutory coverage appendix (default true)."),
        "uncrc": Field(BOOLEAN, "The UNCRC articles annex (default true)."),
        "glossary": Field(BOOLEAN, "The glossary from plan.yaml (default true)."),
        "partners": Field(BOOLEAN, "The list of partners (default true)."),
        "accessibility": Field(BOOLEAN, "The accessibility statement (default: in the "
                                        "HTML edition only; true: every format)."),
    }
    contents: bool | None = None
    indexes: bool | None = None
    registers: bool | None = None
    coverage: bool | None = None
    uncrc: bool | None = None
    glossary: bool | None = None
    partners: bool | None = None
    accessibility: bool | None = None

    def wants(self, part: str) -> bool:
        """Whether ``part`` is published: as set, else the default."""
        value = getattr(self, part)
        return PUBLISH_DEFAULTS[part] if value is None else bool(value)


# Everything a reader may look for is on by default: a public plan is read by
# partners, inspectors and families, and an empty part is never printed anyway.
PUBLISH_DEFAULTS = {part: True for part in Publish.FIELDS}

PLAN_STATUSES = ("draft", "consultation", "final")


@dataclass(kw_only=True)
class Signatory(Located):
    """Someone who signs the foreword: a person's name (the same in every language)
    and their role."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "name": Field(TEXT, "The person's name.", required=True),
        "role": Field(TEXT, "Their role, e.g. Cabinet Member for Children.", required=True),
        "role_cy": Field(TEXT, "Their role in Welsh, for the Welsh edition."),
    }
    name: str | None = None
    role: str | None = None
    role_cy: str | None = None


@dataclass(kw_only=True)
class Foreword(Located):
    """The foreword: a few paragraphs (blank lines between them) and who signs it."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "text": Field(TEXT, "The foreword, paragraphs separated by a blank line.",
                      required=True),
        "text_cy": Field(TEXT, "The foreword in Welsh, for the Welsh edition."),
        "signatories": Field(ListOf(Obj(Signatory)), "Who signs it (names, roles)."),
    }
    text: str | None = None
    text_cy: str | None = None
    signatories: list[Signatory] = field(default_factory=list)


@dataclass(kw_only=True)
class Contact(Located):
    """Who to ask for the plan in another format or language, published on the plan
    and in its accessibility statement."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "name": Field(TEXT, "The team or office to contact.", required=True),
        "name_cy": Field(TEXT, "Its Welsh name, for the Welsh edition."),
        "email": Field(STRING, "An email address."),
        "phone": Field(STRING, "A telephone number."),
        "address": Field(TEXT, "A postal address."),
        "address_cy": Field(TEXT, "The postal address in Welsh."),
    }
    name: str | None = None
    name_cy: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    address_cy: str | None = None


@dataclass(kw_only=True)
class PlanFile(Located):
    """plan.yaml: the facts of the plan as a whole."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "nation": Field(Choice("wales", "england"), "Which nation's law applies.", required=True),
        "title": Field(TEXT, "Title of the plan.", required=True),
        "title_cy": Field(TEXT, "Welsh title, for the Welsh edition."),
        "authority": Field(TEXT, "The local authority that publishes the plan.", required=True),
        "authority_cy": Field(TEXT, "The authority's Welsh name, for the Welsh edition."),
        "partnership": Field(TEXT, "The partnership or Children's Trust Board."),
        "partnership_cy": Field(TEXT, "The partnership's Welsh name."),
        "period": Field(Obj(Period), "The plan period.", required=True),
        "published": Field(DATE, "Date of publication (optional until published)."),
        "status": Field(Choice(*PLAN_STATUSES),
                        "draft, consultation or final (default: final once 'published' is "
                        "set, else draft)."),
        "consultation_closes": Field(DATE, "When consultation on a draft closes."),
        "previous_period_end": Field(DATE, "End of the previous plan's period (England reg 6)."),
        "languages": Field(ListOf(Vocab("languages", STRING)), "Languages, primary first."),
        "partners": Field(ListOf(Obj(Partner)), "The partners.", required=True),
        "consultation": Field(ListOf(Obj(Consultation)), "Consultation and involvement."),
        "strict": Field(BOOLEAN, "Keep statutory errors even outside the regime's dates."),
        "lint": Field(Obj(LintConfig), "Lint settings."),
        "branding": Field(Obj(Branding), "Cover images and colour."),
        "glossary": Field(ListOf(Obj(GlossaryEntry)), "Words the plan uses, explained."),
        "publish": Field(Obj(Publish), "Which generated back matter to publish."),
        "foreword": Field(Obj(Foreword), "The foreword and its signatories."),
        "contact": Field(Obj(Contact), "Who to ask for another format or language."),
    }
    nation: str | None = None
    title: str | None = None
    title_cy: str | None = None
    authority: str | None = None
    authority_cy: str | None = None
    partnership: str | None = None
    partnership_cy: str | None = None
    period: Period | None = None
    published: dt.date | None = None
    status: str | None = None
    consultation_closes: dt.date | None = None
    previous_period_end: dt.date | None = None
    languages: list[str] = field(default_factory=lambda: ["en"])
    partners: list[Partner] = field(default_factory=list)
    consultation: list[Consultation] = field(default_factory=list)
    strict: bool = False
    lint: LintConfig | None = None
    branding: Branding | None = None
    glossary: list[GlossaryEntry] = field(default_factory=list)
    publish: Publish | None = None
    foreword: Foreword | None = None
    contact: Contact | None = None

    @property
    def plan_status(self) -> str:
        """``status`` as written, else final once published, else draft."""
        if self.status:
            return self.status
        return "final" if self.published else "draft"

    def publishes(self, part: str) -> bool:
        """Whether the generated back matter ``part`` is published (``publish:``)."""
        return (self.publish or Publish()).wants(part)


# --- section front matter ------------------------------------------------------------


@dataclass(kw_only=True)
class Measure(Located):
    """A value at a period: a target's baseline or its target. ``value: tbc`` (with a
    ``note`` saying why) when the figure is not known yet; its period may then wait."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "value": Field(NUMBER_OR_TBC, "The figure, or tbc while it is not known yet.",
                       required=True),
        "period": Field(PERIOD, "The period it refers to, e.g. 2010-11 (optional while "
                                "the value is tbc)."),
        "note": Field(TEXT, "Why the figure is not known yet, or when it will be."),
    }
    value: float | None = None  # None when tbc (see ``tbc``) or unreadable
    period: str | None = None
    note: str | None = None
    tbc: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.value, Tbc):  # the reader gives TBC; the model keeps a flag
            self.value, self.tbc = None, True

    @property
    def missing(self) -> list[str]:
        """What the reader still cannot see: ``value``, ``period``."""
        out = []
        if self.value is None and (self.tbc or "value" not in self.pos):
            out.append("value")
        if self.period is None and "period" not in self.pos:
            out.append("period")
        return out

    @property
    def span(self) -> Span | None:
        return parse_period(self.period) if self.period is not None else None


@dataclass(kw_only=True)
class Actual(Measure):
    """A measured value. From front matter or from data/actuals.csv (``origin``)."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "period": Field(PERIOD, "The period measured.", required=True),
        "value": Field(NUMBER, "The figure.", required=True),
        "source": Field(TEXT, "Where the figure comes from, if not the target's source."),
        "source_cy": Field(TEXT, "The figure's source in Welsh, for the Welsh edition."),
    }
    note: str | None = None
    source: str | None = None
    source_cy: str | None = None
    origin: str = "front matter"


THEME = ListOf(Vocab("core_aim", INTEGER), one_or_many=True)
# A target's or action's own themes; without them it takes its section's first theme
# (coverage.item_themes), so one section can hold items for several aims or outcomes.
ITEM_THEMES: dict[str, Field] = {
    "core_aim": Field(THEME, "Wales: the core aim(s) this item serves (default: the "
                             "section's first)."),
    "outcome": Field(ListOf(Vocab("outcome", STRING), one_or_many=True),
                     "England: the outcome(s) this item serves (default: the section's "
                     "first)."),
    "priority": Field(SLUG, "A local priority id (free slug) this item serves."),
}


@dataclass(kw_only=True)
class Target(Located):
    """A measurable target: indicator, baseline, target and what happened since."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "id": Field(SLUG, "Stable id, unique in the plan; review matches targets by it.",
                    required=True),
        "indicator": Field(TEXT, "What is measured.", required=True),
        "indicator_cy": Field(TEXT, "The indicator in Welsh."),
        "unit": Field(TEXT, "Unit, e.g. %, per 1,000, number."),
        "unit_cy": Field(TEXT, "The unit in Welsh (when it has words)."),
        "direction": Field(Choice("increase", "decrease", "maintain"),
                           "Which way is better.", required=True),
        "baseline": Field(Obj(Measure), "Where we started.", required=True),
        "target": Field(Obj(Measure), "Where we aim to be.", required=True),
        "actuals": Field(ListOf(Obj(Actual)), "Measured values since the baseline."),
        "source": Field(TEXT, "The data source."),
        "source_cy": Field(TEXT, "The data source in Welsh."),
        "ref": Field(STRING, "A national indicator this target reports (e.g. an Annex A id)."),
        "retired": Field(TEXT, "Why the target was dropped (kept for the annual review)."),
        **ITEM_THEMES,
    }
    id: str | None = None
    indicator: str | None = None
    indicator_cy: str | None = None
    unit: str | None = None
    unit_cy: str | None = None
    direction: str | None = None
    baseline: Measure | None = None
    target: Measure | None = None
    actuals: list[Actual] = field(default_factory=list)
    source: str | None = None
    source_cy: str | None = None
    ref: str | None = None
    retired: str | None = None
    core_aim: list[int] = field(default_factory=list)
    outcome: list[str] = field(default_factory=list)
    priority: str | None = None
    section: str = ""  # id of the section that holds it, set by the loader

    @property
    def missing(self) -> list[str]:
        """What is not known yet, in words ("baseline value", "target period"); empty
        when the target can be judged. A requirement that needs this target treats
        an incomplete one as not yet evidenced."""
        out = []
        for name, m in (("baseline", self.baseline), ("target", self.target)):
            if m is not None:
                out += [f"{name} {what}" for what in m.missing]
        return out

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def latest(self) -> Actual | None:
        dated = [(span, a) for a in self.actuals if (span := a.span) is not None]
        return max(dated, key=lambda pair: pair[0])[1] if dated else None


ACTION_STATUSES = ("planned", "in-progress", "done", "dropped")
ACTION_KEYS = ("partner", "due", "status")  # who, by when, where it stands


@dataclass(kw_only=True)
class Action(Located):
    """Something a partner will do, by when, with what."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "id": Field(SLUG, "Stable id, unique in the plan.", required=True),
        "action": Field(TEXT, "What will be done.", required=True),
        "action_cy": Field(TEXT, "The action in Welsh."),
        "partner": Field(SLUG, "The partner who owns it (a partner id); lint warns "
                               "while it is missing."),
        "due": Field(PARTIAL_DATE, "When it is due: a date, a month (2012-03) or a year; "
                                   "lint warns while it is missing."),
        "status": Field(Choice(*ACTION_STATUSES),
                        "Where it stands; lint warns while it is missing."),
        "resources": Field(TEXT, "Money, people or other resources committed."),
        "resources_cy": Field(TEXT, "The resources in Welsh."),
        "reason": Field(TEXT, "Why it was dropped or delayed."),
        "reason_cy": Field(TEXT, "The reason in Welsh."),
        **ITEM_THEMES,
    }
    id: str | None = None
    action: str | None = None
    action_cy: str | None = None
    partner: str | None = None
    due: dt.date | None = None  # a spec.PartialDate when written as a month or year
    status: str | None = None
    resources: str | None = None
    resources_cy: str | None = None
    reason: str | None = None
    reason_cy: str | None = None
    core_aim: list[int] = field(default_factory=list)
    outcome: list[str] = field(default_factory=list)
    priority: str | None = None
    section: str = ""

    @property
    def missing(self) -> list[str]:
        """The accountability keys not given (``partner``, ``due``, ``status``). A key
        given with a wrong value is an F004 error instead, so it is not listed."""
        return [k for k in ACTION_KEYS if getattr(self, k) is None and k not in self.pos]

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(kw_only=True)
class FrontMatter(Located):
    """A section's front matter: what it is about and what it commits to."""

    FIELDS: ClassVar[dict[str, Field]] = {
        "title": Field(TEXT, "The section's title (its top heading).", required=True),
        "id": Field(SLUG, "Stable id; defaults to the file name without .md."),
        "order": Field(INTEGER, "Position in the plan (among its siblings); ties keep "
                                "file-name order."),
        "parent": Field(SLUG, "The id of the part this section sits in (numbered 8.1, "
                              "8.2 ... under part 8)."),
        "appendix": Field(BOOLEAN, "An appendix: numbered after the main text."),
        "core_aim": Field(THEME, "Wales: the core aim(s) 1-7 the section serves."),
        "outcome": Field(ListOf(Vocab("outcome", STRING), one_or_many=True),
                         "England: the outcome(s) the section serves."),
        "tier": Field(ListOf(Vocab("tier", INTEGER), one_or_many=True),
                      "Service tier(s) 1-4."),
        "responsible_partner": Field(SLUG, "The partner id responsible for the section."),
        "covers": Field(ListOf(STRING, one_or_many=True),
                        "Requirement ids (from the nation's checklist) this section meets."),
        "broad_aims": Field(ListOf(Vocab("broad_aims", STRING), one_or_many=True),
                            "Wales: child poverty Broad Aims a-m."),
        "principles": Field(ListOf(Vocab("principles", STRING), one_or_many=True),
                            "Wales: planning principles this section states arrangements for."),
        "groups": Field(ListOf(Vocab("groups", STRING), one_or_many=True),
                        "Groups of children the section is about."),
        "uncrc": Field(ListOf(Vocab("uncrc", INTEGER), one_or_many=True),
                       "UNCRC article numbers."),
        "audience": Field(Choice("general", "children"), "Who the text is written for."),
        "children": Field(TEXT, "A plain-language summary for the children's edition."),
        "targets": Field(ListOf(Obj(Target)), "Measurable targets."),
        "actions": Field(ListOf(Obj(Action)), "Actions with owners and dates."),
    }
    title: str | None = None
    id: str | None = None
    order: int | None = None
    parent: str | None = None
    appendix: bool = False
    core_aim: list[int] = field(default_factory=list)
    outcome: list[str] = field(default_factory=list)
    tier: list[int] = field(default_factory=list)
    responsible_partner: str | None = None
    covers: list[str] = field(default_factory=list)
    broad_aims: list[str] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    uncrc: list[int] = field(default_factory=list)
    audience: str | None = None
    children: str | None = None
    targets: list[Target] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


# Front-matter keys that tag a section (and may be used in checklist `where` tests).
TAG_FIELDS = (
    "core_aim", "outcome", "tier", "responsible_partner", "covers", "broad_aims",
    "principles", "groups", "uncrc", "id",
)


@dataclass
class Section:
    """One Markdown file of the plan: front matter plus body."""

    path: Path  # absolute
    rel: str  # path relative to the plan root, with '/' (as diagnostics name it)
    meta: FrontMatter
    body: str
    body_line: int  # 1-based line of the body's first line in the file
    lang: str = "en"
    variant: str = ""  # "" for the main text, "children" for a children's version

    @property
    def id(self) -> str:
        return self.meta.id or self.stem

    @property
    def stem(self) -> str:
        """File name without language/variant suffixes and without .md."""
        return self.path.name.split(".", 1)[0]

    @property
    def title(self) -> str:
        return self.meta.title or self.id

    @cached_property
    def markdown(self) -> Any:
        """Headings, links and images of the body (parsed on first use)."""
        from .markdown import parse_body

        return parse_body(self.body, self.rel, self.body_line)

    def tag(self, name: str) -> list[Any]:
        """A tag field's values as a list (scalars wrapped)."""
        value = self.id if name == "id" else getattr(self.meta, name, None)
        if value is None:
            return []
        return value if isinstance(value, list) else [value]


@dataclass
class Plan:
    """A whole plan: plan.yaml and its sections, in every language."""

    root: Path
    file: PlanFile
    sections: list[Section] = field(default_factory=list)  # primary language, in order
    translations: dict[str, dict[str, Section]] = field(default_factory=dict)  # lang -> id
    # lang -> section id -> the children's version (foo.children.md, foo.children.cy.md)
    children: dict[str, dict[str, Section]] = field(default_factory=dict)
    csv_actuals: list[tuple[str, Actual]] = field(default_factory=list)  # (target id, actual)

    @property
    def nation(self) -> str | None:
        return self.file.nation

    @property
    def primary_language(self) -> str:
        return self.file.languages[0] if self.file.languages else "en"

    @cached_property
    def partners(self) -> dict[str, Partner]:
        return {p.id: p for p in self.file.partners if p.id}

    def outline(self) -> list[Any]:
        """The sections numbered as published (``outline.Entry``: 8, 8.1 ..., A)."""
        from .outline import outline

        return outline(self.sections)

    @property
    def targets(self) -> list[Target]:
        return [t for s in self.sections for t in s.meta.targets]

    @property
    def actions(self) -> list[Action]:
        return [a for s in self.sections for a in s.meta.actions]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def by_file(self, rel: str) -> Section | None:
        for s in self.all_sections():
            if s.rel == rel:
                return s
        return None

    def all_sections(self) -> list[Section]:
        """Every section file: primary, translations and children's versions."""
        out = list(self.sections)
        for twins in self.translations.values():
            out.extend(twins.values())
        for versions in self.children.values():
            out.extend(versions.values())
        return out
