"""What every part of the document builder shares: the plan, the edition's language
and its strings, the id registry and the ids already handed out, and what to do with a
problem (stop, or note it and carry on when building a forced draft).

The language flows through here: every word a part adds comes from :meth:`Context.s`
(the catalogue), every word it takes from the plan's structured data from
:meth:`Context.text` (``indicator`` or ``indicator_cy``...), :meth:`partner_name` and
:meth:`vocab_label` (the nation's ``values`` or ``values_cy``). A Welsh word that is
missing stops the build, naming the key or the file and line; it is never replaced by
the English one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model.plan import Plan, Section
from ..model.record import Localised
from .errors import BuildError
from .ids import Ids
from .nodes import Inline, Link, Text

if TYPE_CHECKING:
    from ..coverage import Result
    from ..regimes import Nation, Regime, Requirement

_WORD = re.compile(r"[^\W\d_]{2,}")  # two letters in a row: words, not "%" or "£12k"
LANGUAGE_NAMES = {"en": "English", "cy": "Welsh", "ga": "Irish", "gd": "Gaelic"}


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES.get(lang, f"'{lang}'")


@dataclass
class Context:
    plan: Plan
    sections: list[Section]  # this edition's sections, in order
    strings: dict[str, Any]
    nation: Nation | None = None  # None when plan.yaml names no valid nation
    coverage: list[Result] = field(default_factory=list)
    regime: Regime | None = None
    force: bool = False
    lang: str = "en"  # the edition's language
    # Links to a section outside this edition become plain text instead of a problem
    # (the children's edition holds only the sections written for children).
    unlinked_as_text: bool = False
    ids: Ids = field(default_factory=Ids)
    # Links name sections by id; a forced draft may have two sections with one id
    # (F009), so parts and headings are keyed by file and links go to the first.
    section_ids: dict[str, str] = field(default_factory=dict)  # section id -> doc id
    part_of: dict[str, str] = field(default_factory=dict)  # section file -> doc id
    anchors: dict[tuple[str, str], str] = field(default_factory=dict)  # (section, slug)
    heading_ids: dict[str, list[str]] = field(default_factory=dict)  # section file -> ids
    # Keyed by the model object (ids may repeat in a forced draft): (register, section).
    target_ids: dict[int, tuple[str, str]] = field(default_factory=dict)
    action_ids: dict[int, tuple[str, str]] = field(default_factory=dict)
    part_ids: dict[str, str] = field(default_factory=dict)  # generated part -> id
    partner_ids: dict[str, str] = field(default_factory=dict)  # partner -> glossary row
    partner_action_ids: dict[str, str] = field(default_factory=dict)  # partner -> group
    warnings: list[str] = field(default_factory=list)
    _by_id: dict[str, Section] | None = field(default=None, repr=False)

    def s(self, key: str, **values: object) -> str:
        """A fixed string from the edition's catalogue, ``{name}`` filled in."""
        text: Any = self.strings
        try:
            for part in key.split("."):
                text = text[part]
            return str(text).format(**values) if values else str(text)
        except (KeyError, TypeError, IndexError, ValueError) as exc:
            raise BuildError(f"the '{self.lang}' strings catalogue has no usable "
                             f"'{key}' ({type(exc).__name__}: {exc})") from None

    @property
    def primary(self) -> str:
        return self.plan.primary_language

    def text(self, obj: Any, name: str, what: str = "") -> str:
        """A free-text field of the plan's data in this edition's language: ``name``
        in English, its Welsh twin (``indicator_cy``, a :class:`Localised`'s ``cy``)
        in Welsh, or ``name`` itself when the edition is in the plan's primary
        language and gives no twin (the field is then written in that language).
        Missing text in the edition's language is a problem at the item's file and
        line."""
        value = getattr(obj, name, None)
        plain = str(value or "")
        if self.lang == "en":
            return plain
        translated = value.get(self.lang) if isinstance(value, Localised) else None
        if translated:
            return translated
        if self.lang == self.primary or not plain:
            return plain
        pos = obj.at(name)
        self.problem(f"no {language_name(self.lang)} text for {what or repr(name)}: add "
                     f"'{name}_{self.lang}' (the {language_name(self.lang)} edition never "
                     "falls back to English)", pos.file, pos.line)
        return plain

    def problem(self, message: str, file: str = "", line: int = 0) -> None:
        """A plan problem lint should have caught (its rule ignored in plan.yaml, or
        the files changed since): stop the build, or note it in a forced draft."""
        if not self.force:
            raise BuildError(message, file, line)
        self.warnings.append(str(BuildError(message, file, line)))

    @property
    def theme_field(self) -> str:
        return self.nation.theme_field if self.nation is not None else "core_aim"

    def free_text(self, obj: Any, name: str, what: str = "") -> str:
        """A free-text detail (a target's ``source`` or ``unit``, an action's
        ``resources``): through :meth:`text` when the plan model has a Welsh twin for
        it (a :class:`Localised` field), so its absence stops the build; as written
        when the model has none yet, or when it holds no words (``%``, ``£12k``)."""
        value = getattr(obj, name, None)
        plain = str(value or "")
        if self.lang == "en" or not _WORD.search(plain) or not isinstance(value, Localised):
            return plain
        return self.text(obj, name, what)

    def vocab_label(self, vocabulary: str, value: Any) -> str:
        """A vocabulary value's label in this edition's language (nation.yaml's
        ``values``, or ``values_<lang>``)."""
        if self.nation is None or vocabulary not in self.nation.vocabularies:
            return str(value)
        vocab = self.nation.vocabularies[vocabulary]
        try:
            return vocab.label(value, self.lang)
        except KeyError:
            self.problem(f"no {language_name(self.lang)} label for {value!r}: add it to "
                         f"vocabularies.{vocabulary}.values_{self.lang}", self.nation_file())
            return vocab.label(value)

    def nation_file(self, name: str = "nation.yaml") -> str:
        """The nation's data file, as the source tree names it."""
        if self.nation is None:
            return name
        return f"templates/{self.nation.folder.name}/{name}"

    def regime_name(self) -> str:
        """The regime (or nation) the coverage appendix is measured against."""
        if self.regime is None:
            return self.nation.name if self.nation is not None else ""
        name = self.regime.name_for(self.lang)
        if name:
            return str(name)
        self.problem(f"no {language_name(self.lang)} name for regime '{self.regime.id}': "
                     f"add 'name_{self.lang}' to it under regimes", self.nation_file())
        return str(self.regime.name)

    def requirement_summary(self, req: Requirement) -> str:
        summary = req.summary_for(self.lang)
        if summary:
            return str(summary)
        self.problem(f"no {language_name(self.lang)} summary for requirement '{req.id}': "
                     f"add 'summary_{self.lang}' to it", self.nation_file("checklist.yaml"))
        return str(req.summary)

    def citation(self, req: Requirement) -> str:
        """Where the guidance or regulations say it: part and paragraph, in this
        edition's language (the checklist's ``part_cy``, ``paragraph_cy``)."""
        where = req.citation.short_for(self.lang)
        if where:
            return str(where)
        keys = "'part_{0}' and 'paragraph_{0}'" if req.citation.paragraph else "'part_{0}'"
        self.problem(f"no {language_name(self.lang)} citation for requirement '{req.id}': "
                     f"add {keys.format(self.lang)} to its citation",
                     self.nation_file("checklist.yaml"))
        return str(req.citation.short)

    def document_title(self, document: str) -> str:
        title = self.nation.document_title(document, self.lang) if self.nation else None
        if title:
            return title
        if self.lang != "en" and self.nation is not None and \
                self.nation.document_title(document):
            self.problem(f"no {language_name(self.lang)} title for document '{document}': "
                         f"add 'title_{self.lang}' to documents.{document}", self.nation_file())
            return str(self.nation.document_title(document))
        return document

    def by_id(self, section_id: str) -> Section | None:
        """This edition's section with that id (the first, if a draft repeats one)."""
        if self._by_id is None:
            self._by_id = {}
            for s in self.sections:
                self._by_id.setdefault(s.id, s)
        return self._by_id.get(section_id)

    def section_link(self, section: Section) -> Link:
        return Link("#" + self.part_of[section.rel], [Text(section.title)], internal=True)

    def section_links(self, sections: list[Section]) -> list[Inline]:
        """Links to sections, separated as the language separates list items."""
        out: list[Inline] = []
        for n, s in enumerate(sections):
            if n:
                out.append(Text(self.s("list_separator")))
            out.append(self.section_link(s))
        return out or [Text(self.s("none"))]

    def partner_name(self, partner_id: str | None) -> str:
        partner = self.plan.partners.get(partner_id or "")
        if partner is None:
            return partner_id or self.s("none")
        name = self.text(partner, "name", f"partner '{partner_id}'")
        return name or partner_id or ""
