"""Where each section's translations stand: missing, stale or current.

A twin (``foo.cy.md`` for ``foo.md``) is *stale* when git says its source changed in
a later commit than the twin did and that change touched what a translator
translates: the title or the prose ("changed since translated"). A later commit that
only added Welsh fields or changed a target's figures in the source's front matter
leaves the twin current. Dates come from git history through
``gitio.last_changed_many`` (one ``git log`` for the whole plan); only a twin whose
source is newer costs a further ``git log`` and ``git show``. Outside git, or for
files never committed, a twin that exists counts as current.
Lint (E001, E003) and ``cyp translate-status`` both read this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model.plan import Plan, Section


@dataclass
class TwinState:
    source: Section
    lang: str
    twin: Section | None
    state: str  # missing | stale | current
    source_changed: dt.datetime | None = None
    twin_changed: dt.datetime | None = None

    @property
    def expected_file(self) -> str:
        return f"{self.source.rel[:-3]}.{self.lang}.md"


def twin_states(plan: Plan) -> list[TwinState]:
    languages = plan.file.languages[1:]
    if not languages:
        return []
    pairs = [(s, lang, plan.translations.get(lang, {}).get(s.id))
             for lang in languages for s in plan.sections]
    files = [s.path for s, _, _ in pairs] + [t.path for _, _, t in pairs if t is not None]
    from .gitio import last_changed_many

    changed = last_changed_many(files)
    states = []
    for source, lang, twin in pairs:
        if twin is None:
            states.append(TwinState(source, lang, None, "missing"))
            continue
        s_when = changed.get(source.path.resolve())
        t_when = changed.get(twin.path.resolve())
        stale = s_when is not None and t_when is not None and s_when > t_when
        if stale:
            from .gitio import text_when_last_changed

            then = text_when_last_changed(source.path, twin.path)
            stale = then is None or _words(then) != _words(source.path.read_text("utf-8"))
        states.append(TwinState(source, lang, twin, "stale" if stale else "current",
                                s_when, t_when))
    return states


def _words(text: str) -> tuple[str, str]:
    """(title line, body) of a section's text: what a translation translates."""
    from .model.load import split_front_matter

    front, body, _, _ = split_front_matter(text.replace("\r\n", "\n"), "")
    title = next((line.split(":", 1)[1].strip().strip("'\"")
                  for line in (front or "").split("\n") if line.startswith("title:")), "")
    return title, " ".join(body.split())
