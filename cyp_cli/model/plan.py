"""The plan model: plain classes that lint, build and review all read.

Each class declares ``FIELDS``, its part of the contract (see ``spec.py``); the loader
fills instances from YAML nodes and records where each value stood in ``pos``, so a
rule can point at ``file:line:col`` of the offending key or value with :meth:`at`.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import Any

from ..diagnostics import Pos
from .periods import Span, parse_period
from .record import Localised, Record, attr, key
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
    ListOf,
    MapOf,
    Obj,
    Tbc,
    Vocab,
)


class Located(Record):
    """Remembers where each value was written: ``pos`` maps a key (``"tier"``), a list
    item (``"covers[2]"``), a key's own name (``"tier:key"``) or the mapping itself
    (``""``) to its 1-based (line, column) in ``file``. A Welsh twin's place is under
    its own key (``"name_cy"``)."""

    file: str = attr(default="", compare=False)
    pos: dict[str, tuple[int, int]] = attr(factory=dict, compare=False)

    def at(self, key: str = "", index: int | None = None) -> Pos:
        """Where ``key`` (or its ``index``-th item) was written; falls back to the
        enclosing mapping so a diagnostic always has a place."""
        place = None
        if index is not None:
            place = self.pos.get(f"{key}[{index}]")
        place = place or self.pos.get(key) or self.pos.get("") or (1, 1)
        return Pos(self.file or "?", *place)

    def text_at(self, name: str, lang: str) -> Pos:
        """Where the text of ``name`` in ``lang`` was written: its Welsh twin's own
        key (``name_cy``) for Welsh, ``name`` for English."""
        return self.at(name if lang == "en" else f"{name}_{lang}")

    def key_at(self, key: str) -> Pos:
        place = self.pos.get(key + ":key")
        return Pos(self.file or "?", *place) if place else self.at(key)


# --- plan.yaml ---------------------------------------------------------------------


class Period(Located):
    """The plan's period: start and end dates."""

    start: dt.date | None = key(DATE, "First day of the plan period.", required=True)
    end: dt.date | None = key(DATE, "Last day of the plan period.", required=True)

    @property
    def span(self) -> Span | None:
        if self.start and self.end and self.start <= self.end:
            return Span(self.start, self.end)
        return None


class Partner(Located, welsh_last=True):
    """A partner of the partnership; sections and actions name it by ``id``."""

    id: str | None = key(SLUG, "Stable id that sections and actions use.", required=True)
    name: Localised | None = key(TEXT, "Full name as published.", required=True,
                                 welsh="Welsh name, for the Welsh edition.")
    statutory: bool = key(BOOLEAN, "A statutory partner under the Children Act 2004.",
                          default=False)
    type: str | None = key(Vocab("partner_type", STRING), "Kind of body (nation vocabulary).")


class Consultation(Located):
    """One consultation or involvement: who, when, how and what they said."""

    consultee: str | None = key(Vocab("consultees", STRING),
                                "Who was consulted (nation vocabulary).", required=True)
    # a spec.PartialDate when written as a month or year
    when: dt.date | None = key(PARTIAL_DATE, "When: a date, a month (2010-02) or a year.")
    how: str | None = key(TEXT, "How they were consulted.")
    response: str | None = key(TEXT, "What they said and what changed as a result.")


class LintConfig(Located):
    """Lint settings kept with the plan."""

    select: list[str] = key(ListOf(STRING), "Rule codes or prefixes to enable.",
                            factory=list)
    ignore: list[str] = key(ListOf(STRING), "Rule codes, prefixes or requirement ids to "
                            "ignore.", factory=list)
    per_file_ignores: dict[str, list[str]] = key(
        MapOf(ListOf(STRING)), "Glob (relative to the plan) -> codes ignored there.",
        name="per-file-ignores", factory=dict)


class Branding(Located):
    """Images and colours for the published cover (paths inside the plan folder)."""

    logo: str | None = key(STRING, "Authority logo, a path inside the plan folder.")
    logo_alt: str | None = key(TEXT, "Text alternative for the logo.")
    partner_logos: list[str] = key(ListOf(STRING), "Further logos, paths inside the plan.",
                                   factory=list)
    colour: str | None = key(STRING, "Accent colour as #rrggbb.")


class GlossaryEntry(Located, welsh_last=True):
    """A word the plan uses and what it means, published as the glossary."""

    term: Localised | None = key(TEXT, "The word or abbreviation.", required=True,
                                 welsh="The term in Welsh, for the Welsh edition.")
    meaning: Localised | None = key(TEXT, "What it means, in plain words.", required=True,
                                    welsh="The meaning in Welsh, for the Welsh edition.")


class Publish(Located):
    """Which generated back matter the built plan includes. Defaults suit a public
    document: see ``PUBLISH_DEFAULTS`` and docs/structure.md."""

    contents: bool | None = key(BOOLEAN, "A contents list (default true).")
    indexes: bool | None = key(BOOLEAN, "Indexes by theme, tier and group (default true).")
    registers: bool | None = key(BOOLEAN, "Registers of targets and of actions (default "
                                          "true).")
    coverage: bool | None = key(BOOLEAN, "The statutory coverage appendix (default true).")
    uncrc: bool | None = key(BOOLEAN, "The UNCRC articles annex (default true).")
    glossary: bool | None = key(BOOLEAN, "The glossary from plan.yaml (default true).")
    partners: bool | None = key(BOOLEAN, "The list of partners (default true).")
    accessibility: bool | None = key(BOOLEAN, "The accessibility statement (default: in "
                                              "the HTML edition only; true: every format).")

    def wants(self, part: str) -> bool:
        """Whether ``part`` is published: as set, else the default."""
        value = getattr(self, part)
        return PUBLISH_DEFAULTS[part] if value is None else bool(value)


# Everything a reader may look for is on by default: a public plan is read by
# partners, inspectors and families, and an empty part is never printed anyway.
PUBLISH_DEFAULTS = {part: True for part in Publish.FIELDS}

PLAN_STATUSES = ("draft", "consultation", "final")


class Signatory(Located):
    """Someone who signs the foreword: a person's name (the same in every language)
    and their role."""

    name: str | None = key(TEXT, "The person's name.", required=True)
    role: Localised | None = key(TEXT, "Their role, e.g. Cabinet Member for Children.",
                                 required=True,
                                 welsh="Their role in Welsh, for the Welsh edition.")


class Foreword(Located):
    """The foreword: a few paragraphs (blank lines between them) and who signs it."""

    text: Localised | None = key(TEXT, "The foreword, paragraphs separated by a blank line.",
                                 required=True,
                                 welsh="The foreword in Welsh, for the Welsh edition.")
    signatories: list[Signatory] = key(ListOf(Obj(Signatory)), "Who signs it (names, "
                                       "roles).", factory=list)


class Contact(Located):
    """Who to ask for the plan in another format or language, published on the plan
    and in its accessibility statement."""

    name: Localised | None = key(TEXT, "The team or office to contact.", required=True,
                                 welsh="Its Welsh name, for the Welsh edition.")
    email: str | None = key(STRING, "An email address.")
    phone: str | None = key(STRING, "A telephone number.")
    address: Localised | None = key(TEXT, "A postal address.",
                                    welsh="The postal address in Welsh.")


class PlanFile(Located):
    """plan.yaml: the facts of the plan as a whole."""

    nation: str | None = key(Choice("wales", "england"), "Which nation's law applies.",
                             required=True)
    title: Localised | None = key(TEXT, "Title of the plan.", required=True,
                                  welsh="Welsh title, for the Welsh edition.")
    authority: Localised | None = key(
        TEXT, "The local authority that publishes the plan.", required=True,
        welsh="The authority's Welsh name, for the Welsh edition.")
    partnership: Localised | None = key(TEXT, "The partnership or Children's Trust Board.",
                                        welsh="The partnership's Welsh name.")
    period: Period | None = key(Obj(Period), "The plan period.", required=True)
    published: dt.date | None = key(DATE, "Date of publication (optional until published).")
    status: str | None = key(Choice(*PLAN_STATUSES),
                             "draft, consultation or final (default: final once "
                             "'published' is set, else draft).")
    consultation_closes: dt.date | None = key(DATE, "When consultation on a draft closes.")
    previous_period_end: dt.date | None = key(
        DATE, "End of the previous plan's period (England reg 6).")
    languages: list[str] = key(ListOf(Vocab("languages", STRING)),
                               "Languages, primary first.", factory=lambda: ["en"])
    partners: list[Partner] = key(ListOf(Obj(Partner)), "The partners.", required=True,
                                  factory=list)
    consultation: list[Consultation] = key(ListOf(Obj(Consultation)),
                                           "Consultation and involvement.", factory=list)
    strict: bool = key(BOOLEAN, "Keep statutory errors even outside the regime's dates.",
                       default=False)
    lint: LintConfig | None = key(Obj(LintConfig), "Lint settings.")
    branding: Branding | None = key(Obj(Branding), "Cover images and colour.")
    glossary: list[GlossaryEntry] = key(ListOf(Obj(GlossaryEntry)),
                                        "Words the plan uses, explained.", factory=list)
    publish: Publish | None = key(Obj(Publish), "Which generated back matter to publish.")
    foreword: Foreword | None = key(Obj(Foreword), "The foreword and its signatories.")
    contact: Contact | None = key(Obj(Contact), "Who to ask for another format or language.")

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


class Measure(Located):
    """A value at a period: a target's baseline or its target. ``value: tbc`` (with a
    ``note`` saying why) when the figure is not known yet; its period may then wait."""

    # None when tbc (see ``tbc``) or unreadable
    value: float | None = key(NUMBER_OR_TBC, "The figure, or tbc while it is not known yet.",
                              required=True)
    period: str | None = key(PERIOD, "The period it refers to, e.g. 2010-11 (optional "
                                     "while the value is tbc).")
    note: str | None = key(TEXT, "Why the figure is not known yet, or when it will be.")
    tbc: bool = attr(default=False)

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


class Actual(Measure):
    """A measured value. From front matter or from data/actuals.csv (``origin``)."""

    period: str | None = key(PERIOD, "The period measured.", required=True)
    value: float | None = key(NUMBER, "The figure.", required=True)
    note: str | None = attr(default=None)  # a Measure's, but no key of an actual
    source: Localised | None = key(
        TEXT, "Where the figure comes from, if not the target's source.",
        welsh="The figure's source in Welsh, for the Welsh edition.")
    origin: str = attr(default="front matter")


THEME = ListOf(Vocab("core_aim", INTEGER), one_or_many=True)


class Themed(Located):
    """A target's or action's own themes; without them it takes its section's first
    theme (coverage.item_themes), so one section can hold items for several aims or
    outcomes. Also the section that holds it."""

    core_aim: list[int] = key(THEME, "Wales: the core aim(s) this item serves (default: "
                                     "the section's first).", factory=list)
    outcome: list[str] = key(ListOf(Vocab("outcome", STRING), one_or_many=True),
                             "England: the outcome(s) this item serves (default: the "
                             "section's first).", factory=list)
    priority: str | None = key(SLUG, "A local priority id (free slug) this item serves.")
    section: str = attr(default="")  # id of the section that holds it, set by the loader


class Target(Themed):
    """A measurable target: indicator, baseline, target and what happened since."""

    id: str | None = key(SLUG, "Stable id, unique in the plan; review matches targets by "
                               "it.", required=True)
    indicator: Localised | None = key(TEXT, "What is measured.", required=True,
                                      welsh="The indicator in Welsh.")
    unit: Localised | None = key(TEXT, "Unit, e.g. %, per 1,000, number.",
                                 welsh="The unit in Welsh (when it has words).")
    direction: str | None = key(Choice("increase", "decrease", "maintain"),
                                "Which way is better.", required=True)
    baseline: Measure | None = key(Obj(Measure), "Where we started.", required=True)
    target: Measure | None = key(Obj(Measure), "Where we aim to be.", required=True)
    actuals: list[Actual] = key(ListOf(Obj(Actual)), "Measured values since the baseline.",
                                factory=list)
    source: Localised | None = key(TEXT, "The data source.",
                                   welsh="The data source in Welsh.")
    ref: str | None = key(STRING, "A national indicator this target reports (e.g. an "
                                  "Annex A id).")
    retired: str | None = key(TEXT, "Why the target was dropped (kept for the annual "
                                    "review).")

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


class Action(Themed):
    """Something a partner will do, by when, with what."""

    id: str | None = key(SLUG, "Stable id, unique in the plan.", required=True)
    action: Localised | None = key(TEXT, "What will be done.", required=True,
                                   welsh="The action in Welsh.")
    partner: str | None = key(SLUG, "The partner who owns it (a partner id); lint warns "
                                    "while it is missing.")
    # a spec.PartialDate when written as a month or year
    due: dt.date | None = key(PARTIAL_DATE, "When it is due: a date, a month (2012-03) or "
                                            "a year; lint warns while it is missing.")
    status: str | None = key(Choice(*ACTION_STATUSES),
                             "Where it stands; lint warns while it is missing.")
    resources: Localised | None = key(TEXT, "Money, people or other resources committed.",
                                      welsh="The resources in Welsh.")
    reason: Localised | None = key(TEXT, "Why it was dropped or delayed.",
                                   welsh="The reason in Welsh.")

    @property
    def missing(self) -> list[str]:
        """The accountability keys not given (``partner``, ``due``, ``status``). A key
        given with a wrong value is an F004 error instead, so it is not listed."""
        return [k for k in ACTION_KEYS if getattr(self, k) is None and k not in self.pos]

    @property
    def complete(self) -> bool:
        return not self.missing


class FrontMatter(Located):
    """A section's front matter: what it is about and what it commits to."""

    title: str | None = key(TEXT, "The section's title (its top heading).", required=True)
    id: str | None = key(SLUG, "Stable id; defaults to the file name without .md.")
    order: int | None = key(INTEGER, "Position in the plan (among its siblings); ties keep "
                                     "file-name order.")
    parent: str | None = key(SLUG, "The id of the part this section sits in (numbered 8.1, "
                                   "8.2 ... under part 8).")
    appendix: bool = key(BOOLEAN, "An appendix: numbered after the main text.",
                         default=False)
    core_aim: list[int] = key(THEME, "Wales: the core aim(s) 1-7 the section serves.",
                              factory=list)
    outcome: list[str] = key(ListOf(Vocab("outcome", STRING), one_or_many=True),
                             "England: the outcome(s) the section serves.", factory=list)
    tier: list[int] = key(ListOf(Vocab("tier", INTEGER), one_or_many=True),
                          "Service tier(s) 1-4.", factory=list)
    responsible_partner: str | None = key(SLUG, "The partner id responsible for the "
                                                "section.")
    covers: list[str] = key(ListOf(STRING, one_or_many=True),
                            "Requirement ids (from the nation's checklist) this section "
                            "meets.", factory=list)
    broad_aims: list[str] = key(ListOf(Vocab("broad_aims", STRING), one_or_many=True),
                                "Wales: child poverty Broad Aims a-m.", factory=list)
    principles: list[str] = key(ListOf(Vocab("principles", STRING), one_or_many=True),
                                "Wales: planning principles this section states "
                                "arrangements for.", factory=list)
    groups: list[str] = key(ListOf(Vocab("groups", STRING), one_or_many=True),
                            "Groups of children the section is about.", factory=list)
    uncrc: list[int] = key(ListOf(Vocab("uncrc", INTEGER), one_or_many=True),
                           "UNCRC article numbers.", factory=list)
    audience: str | None = key(Choice("general", "children"), "Who the text is written for.")
    children: str | None = key(TEXT, "A plain-language summary for the children's edition.")
    targets: list[Target] = key(ListOf(Obj(Target)), "Measurable targets.", factory=list)
    actions: list[Action] = key(ListOf(Obj(Action)), "Actions with owners and dates.",
                                factory=list)


# Front-matter keys that tag a section (and may be used in checklist `where` tests).
TAG_FIELDS = (
    "core_aim", "outcome", "tier", "responsible_partner", "covers", "broad_aims",
    "principles", "groups", "uncrc", "id",
)


class Section:
    """One Markdown file of the plan: front matter plus body. (A plain class, as
    ``Plan``: compared by identity, built without generated code.)"""

    def __init__(self, path: Path, rel: str, meta: FrontMatter, body: str, body_line: int,
                 lang: str = "en", variant: str = "") -> None:
        self.path = path  # absolute
        self.rel = rel  # path relative to the plan root, with '/' (as diagnostics name it)
        self.meta = meta
        self.body = body
        self.body_line = body_line  # 1-based line of the body's first line in the file
        self.lang = lang
        self.variant = variant  # "" for the main text, "children" for a children's version

    def __repr__(self) -> str:
        return f"Section({self.rel!r}, lang={self.lang!r}, variant={self.variant!r})"

    @property
    def id(self) -> str:
        return self.meta.id or self.stem

    @cached_property
    def stem(self) -> str:
        """File name without language/variant suffixes and without .md. (Kept: lint asks
        a 2000-section plan's sections for their ids 28,500 times.)"""
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


class Plan:
    """A whole plan: plan.yaml and its sections, in every language."""

    def __init__(self, root: Path, file: PlanFile, sections: list[Section] | None = None,
                 translations: dict[str, dict[str, Section]] | None = None,
                 children: dict[str, dict[str, Section]] | None = None,
                 csv_actuals: list[tuple[str, Actual]] | None = None) -> None:
        self.root = root
        self.file = file
        self.sections = sections or []  # primary language, in order
        self.translations = translations or {}  # lang -> section id -> Section
        # lang -> section id -> the children's version (foo.children.md, foo.children.cy.md)
        self.children = children or {}
        self.csv_actuals = csv_actuals or []  # (target id, actual)

    def __repr__(self) -> str:
        return f"Plan({str(self.root)!r}, {len(self.sections)} sections)"

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
