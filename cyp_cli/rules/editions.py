"""E: editions in other languages (``foo.cy.md`` beside ``foo.md``).

Welsh public bodies publish in Welsh and English on equal terms. A twin carries its
own title and prose; structured front matter (themes, tiers, partner, targets'
numbers and periods, actions' owners and dates) is shared with the source, and where
the twin repeats it, it must agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, Level
from ..model.plan import TAG_FIELDS, Section
from ..model.record import Localised
from . import rule
from .context import Context

# A twin sits where its source sits: its edition is numbered from the source's outline.
OUTLINE_FIELDS = ("parent", "appendix")

E, W = Level.ERROR, Level.WARNING

SHARED_TARGET = ("direction", "unit")
SHARED_ACTION = ("partner", "due", "status")


@rule("E001", E, "Missing translation")
def missing_twin(ctx: Context) -> Iterator[Diagnostic]:
    """plan.yaml lists a language but a section has no twin in it (``foo.cy.md`` for
    ``foo.md``). A Welsh edition must be complete; it never falls back to English.
    """
    for twin in ctx.twins:
        if twin.state == "missing":
            yield Diagnostic.at(twin.source.meta.at(), "E001", E,
                                f"no '{twin.lang}' translation: expected {twin.expected_file}")


def _disagree(twin: Section, source: Section) -> Iterator[tuple[Any, str]]:
    for name in (*TAG_FIELDS, *OUTLINE_FIELDS):
        if name in ("id",) or name not in twin.meta.pos:
            continue
        if twin.tag(name) != source.tag(name):
            yield twin.meta.at(name), f"'{name}' is {twin.tag(name)} here but " \
                f"{source.tag(name)} in {source.rel}"
    targets = {t.id: t for t in source.meta.targets}
    for t in twin.meta.targets:
        src = targets.get(t.id)
        if src is None:
            yield t.at("id"), f"target '{t.id}' is not in {source.rel}"
            continue
        for name in SHARED_TARGET:
            if name in t.pos and getattr(t, name) != getattr(src, name):
                yield t.at(name), f"target '{t.id}' {name} differs from {source.rel}"
        for name in ("baseline", "target"):
            mine, theirs = getattr(t, name), getattr(src, name)
            if name in t.pos and mine and theirs and (
                (mine.value, mine.period) != (theirs.value, theirs.period)
            ):
                yield mine.at("value"), (
                    f"target '{t.id}' {name} is {mine.value} ({mine.period}) here but "
                    f"{theirs.value} ({theirs.period}) in {source.rel}")
    actions = {a.id: a for a in source.meta.actions}
    for a in twin.meta.actions:
        src_a = actions.get(a.id)
        if src_a is None:
            yield a.at("id"), f"action '{a.id}' is not in {source.rel}"
            continue
        for name in SHARED_ACTION:
            if name in a.pos and getattr(a, name) != getattr(src_a, name):
                yield a.at(name), f"action '{a.id}' {name} differs from {source.rel}"


@rule("E002", E, "Translation disagrees with its source")
def twin_disagrees(ctx: Context) -> Iterator[Diagnostic]:
    """A twin repeats a structured field (core aim, a target's value or period, an
    action's owner or date) with a different value. Numbers and dates are the same in
    every language; omit them from the twin or make them agree.
    """
    for twins in ctx.plan.translations.values():
        for twin in twins.values():
            source = ctx.plan.section(twin.id)
            if source is None:
                yield Diagnostic.at(twin.meta.at(), "E002", E,
                                    f"translation of '{twin.id}', which is not a section")
                continue
            for pos, message in _disagree(twin, source):
                yield Diagnostic.at(pos, "E002", E, message)


@rule("E003", W, "Translation older than its source")
def stale_twin(ctx: Context) -> Iterator[Diagnostic]:
    """By git history, the source section changed in a later commit than its
    translation: the translation may no longer say the same. Update the twin (or
    commit it again once checked). ``cyp translate-status`` lists every twin's state.
    """
    for twin in ctx.twins:
        if twin.state == "stale" and twin.twin is not None:
            yield Diagnostic.at(
                twin.twin.meta.at(), "E003", W,
                f"changed since translated: {twin.source.rel} was committed "
                f"{twin.source_changed:%Y-%m-%d %H:%M}, this translation "
                f"{twin.twin_changed:%Y-%m-%d %H:%M}",
            )


@rule("E004", E, "Glossary entry without its translation")
def glossary_untranslated(ctx: Context) -> Iterator[Diagnostic]:
    """The glossary is published in every language of the plan: each entry needs
    ``term_cy`` and ``meaning_cy`` for the Welsh edition, which never falls back to
    English. One finding per entry, naming what is missing.

    FAIL (``languages: [en, cy]``)::

        glossary:
          - {term: NEET, meaning: "Not in education, employment or training"}

    PASS::

        glossary:
          - term: NEET
            meaning: "Not in education, employment or training"
            term_cy: NEET
            meaning_cy: "Ddim mewn addysg, cyflogaeth na hyfforddiant"
    """
    fields = ctx.plan.file.glossary[0].FIELDS if ctx.plan.file.glossary else {}
    for lang in ctx.plan.file.languages:
        if lang == ctx.plan.primary_language or lang == "en":
            continue
        for entry in ctx.plan.file.glossary:
            missing = [f"{name}_{lang}" for name, value in (("term", entry.term),
                                                            ("meaning", entry.meaning))
                       if f"{name}_{lang}" in fields and not (value and value.get(lang))]
            if missing:
                yield Diagnostic.at(entry.at(), "E004", E,
                                    f"glossary entry '{entry.term}' has no "
                                    + " or ".join(f"'{k}'" for k in missing))


# A field holds words when two letters stand together: "%" or "£12k" need no Welsh.
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _data_objects(plan: Any) -> Iterator[Any]:
    """Every object of the plan's data that the editions print, glossary entries
    aside (E004 names theirs)."""
    f = plan.file
    yield f
    yield from f.partners
    yield from f.consultation
    if f.foreword is not None:
        yield f.foreword
        yield from f.foreword.signatories
    if f.contact is not None:
        yield f.contact
    for t in plan.targets:
        yield t
        yield from t.actuals
    yield from plan.actions


@rule("E005", E, "Plan data without its translation")
def data_untranslated(ctx: Context) -> Iterator[Diagnostic]:
    """Every edition is wholly in its language: a field of the plan's data that has a
    Welsh twin (``indicator_cy``, ``source_cy``, ``role_cy``...) needs it when the plan
    is published in Welsh, wherever the field is written: plan.yaml, a section's front
    matter, or a row of ``data/actuals.csv`` (its ``source_cy`` column). Without it the
    Welsh edition would print the English.

    FAIL (``languages: [en, cy]``; data/actuals.csv)::

        target,period,value,source
        ca2-neet-year11,2011-12,3.9,"Careers Wales"

    PASS::

        target,period,value,source,source_cy
        ca2-neet-year11,2011-12,3.9,"Careers Wales","Gyrfa Cymru"
    """
    langs = [lang for lang in ctx.plan.file.languages
             if lang not in (ctx.plan.primary_language, "en")]
    if not langs:
        return
    for obj in _data_objects(ctx.plan):
        fields = getattr(type(obj), "FIELDS", {})
        for name in fields:
            value = getattr(obj, name, None)
            if not isinstance(value, Localised) or not _WORDS.search(value):
                continue
            for lang in langs:
                if f"{name}_{lang}" in fields and not value.get(lang):
                    where = obj.at(name)
                    what = ("this row's source (add a source_cy column)"
                            if getattr(obj, "origin", "") == "data/actuals.csv"
                            else f"'{name}' (add '{name}_{lang}')")
                    yield Diagnostic.at(where, "E005", E,
                                        f"no {lang} text for {what}: the {lang} edition "
                                        "never falls back to English")
