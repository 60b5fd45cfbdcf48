"""What every part of the document builder shares: the plan, the language's strings,
the id registry and the ids already handed out, and what to do with a problem (stop,
or note it and carry on when building a forced draft)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.plan import Plan, Section
from .errors import BuildError
from .ids import Ids
from .nodes import Inline, Link, Text


@dataclass
class Context:
    plan: Plan
    sections: list[Section]  # this edition's sections, in order
    strings: dict[str, Any]
    nation: Any = None  # regimes.Nation, or None when plan.yaml names no valid nation
    coverage: list[Any] = field(default_factory=list)  # coverage.Result
    regime: Any = None  # regimes.Regime
    force: bool = False
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
        text: Any = self.strings
        for part in key.split("."):
            text = text[part]
        return str(text).format(**values) if values else str(text)

    def problem(self, message: str, file: str = "", line: int = 0) -> None:
        """A plan problem lint should have caught (its rule ignored in plan.yaml, or
        the files changed since): stop the build, or note it in a forced draft."""
        if not self.force:
            raise BuildError(message, file, line)
        self.warnings.append(str(BuildError(message, file, line)))

    @property
    def theme_field(self) -> str:
        return self.nation.theme_field if self.nation is not None else "core_aim"

    def vocab_label(self, vocabulary: str, value: Any) -> str:
        if self.nation is None or vocabulary not in self.nation.vocabularies:
            return str(value)
        return self.nation.vocabularies[vocabulary].label(value)

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
        return (partner.name or partner_id or "") if partner else (partner_id or self.s("none"))
