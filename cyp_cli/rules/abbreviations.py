"""M010: every abbreviation the plan uses is explained in its glossary.

Readers of a council plan meet CAMHS, NEET and LSCB without the officers who write
them every day; the glossary (plan.yaml ``glossary``) is where they are explained,
and this check keeps it complete. An abbreviation is a word of two or more capital
letters (``CAMHS``, ``KS2``'s ``KS``, the ``NEET`` of ``NEETs``). What is not one,
and why (docs/council-pages.md):

- Roman numerals (``II``, ``IV``, ``XII``): numbering, not words to explain.
- ``EXCEPTIONS`` below: a handful of abbreviations every reader knows (``UK``), and
  the ``TODO`` marker (M005's).
- Text readers never see as words: code, link targets, web and email addresses,
  HTML comments.

A glossary entry's ``term`` or ``term_cy`` defines an abbreviation when the
abbreviation is the term or a word of it ("LSCB" or "LSCB (Local Safeguarding
Children Board)"). One finding per abbreviation, at its first use in reading order:
plan.yaml's text, then each section (title, body, then its targets and actions).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..diagnostics import Diagnostic, Level, Pos
from ..model.record import WELSH, Localised
from . import rule
from .context import Context

W = Level.WARNING

# Known to every reader of a UK public document; anything else goes in the glossary.
# TODO is an author's marker, never published (M005 refuses it).
EXCEPTIONS = frozenset({"UK", "OK", "TV", "AM", "PM", "TODO"})

# Two or more capitals as a word of their own: a plural "s" or a number may follow
# ("NEETs", "KS2"); a capital inside a mixed-case word ("StatsWales") is not one.
_ABBREVIATION = re.compile(r"(?<![\w'’-])([A-Z]{2,})(?=s?\d*(?![\w'’-]))")
_ROMAN = re.compile(r"^[IVXLCDM]+$")
# What a reader never sees as words: inline code, link targets, addresses, comments.
_HIDDEN = re.compile(r"`[^`]*`|\]\([^)]*\)|<[^>\s]*>|https?://\S+|\S+@\S+|<!--.*?-->")
_FENCE = re.compile(r"^\s*(```|~~~)")

# Text fields of the plan's data that are printed (the Welsh ones too); not addresses,
# whose postcodes are capitals that need no explaining.
_FIELDS = ("title", "authority", "partnership", "name", "text", "role", "indicator",
           "unit", "source", "action", "resources")


def _abbreviations(text: str) -> Iterator[str]:
    for m in _ABBREVIATION.finditer(_HIDDEN.sub(" ", text)):
        word = m.group(1)
        if word not in EXCEPTIONS and not _ROMAN.match(word):
            yield word


# Every abbreviation is a run of capitals, so a text whose runs are all explained (or
# already reported) needs no closer look: most of a plan's text, checked in one pass.
_CAPITALS = re.compile(r"[A-Z]{2,}")


def _may_report(text: str, done: set[str]) -> bool:
    return any(run not in done and not _ROMAN.match(run)
               for run in _CAPITALS.findall(text))


# A text to check and how to find its place: (object with ``at``, key) for a field,
# (section, line index) for a line of a body. Places are made only for a finding.
Text = tuple[Any, Any, str]


def _fields(obj: Any) -> Iterator[Text]:
    for name in _FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            yield obj, name, value
        if isinstance(value, Localised) and value.cy:  # placed at its own key, name_cy
            yield obj, (name, WELSH), value.cy


def _body(section: Any, done: set[str]) -> Iterator[Text]:
    if not _may_report(section.body, done):
        return
    fenced = False
    comment = False
    for n, line in enumerate(section.body.split("\n")):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            comment = True
            line = line.split("<!--", 1)[0]
        elif comment:
            if "-->" not in line:
                continue
            comment, line = False, line.split("-->", 1)[1]
        if not fenced:
            yield section, n, line


def _place(owner: Any, where: Any) -> Pos:
    if isinstance(where, int):  # a line of a section's body
        return Pos(owner.rel, owner.body_line + where, 1)
    # (field, language) of a Welsh twin: at its own key (name_cy)
    place: Pos = owner.text_at(*where) if isinstance(where, tuple) else owner.at(where)
    return place


def _texts(ctx: Context, done: set[str]) -> Iterator[Text]:
    """Every printed text of the plan, in reading order (bodies whose capitals are all
    in ``done`` are skipped whole)."""
    f = ctx.plan.file
    yield from _fields(f)
    if f.foreword is not None:
        yield from _fields(f.foreword)
        for s in f.foreword.signatories:
            yield from _fields(s)
    for p in f.partners:
        yield from _fields(p)
    if f.contact is not None:
        yield from _fields(f.contact)
    for section in ctx.plan.all_sections():
        yield from _fields(section.meta)
        yield from _body(section, done)
        # A section's targets and actions are looked at closer only when their text,
        # taken together, may hold something to report (as a body is).
        items = [t for item in (*section.meta.targets, *section.meta.actions)
                 for t in _fields(item)]
        if items and _may_report("\n".join(text for _, _, text in items), done):
            yield from items


def defined(glossary: list[Any]) -> set[str]:
    """The abbreviations the glossary explains: each term, or any capital word of it."""
    out: set[str] = set()
    for entry in glossary:
        for term in (entry.term, entry.term.cy if entry.term else None):
            if term:
                out.add(term.strip())
                out.update(m.group(1) for m in _ABBREVIATION.finditer(term))
    return out


@rule("M010", W, "Abbreviation not in the glossary")
def undefined_abbreviation(ctx: Context) -> Iterator[Diagnostic]:
    """An abbreviation (two or more capital letters: CAMHS, NEET, LSCB) is used but
    plan.yaml's ``glossary`` does not explain it. Reported once, at its first use.
    Roman numerals, a few abbreviations everyone knows (UK) and text nobody reads as
    words (code, link targets, addresses) are not checked.

    FAIL::

        Referrals to CAMHS are seen within 28 days.    # and no glossary entry

    PASS (plan.yaml)::

        glossary:
          - term: CAMHS
            meaning: "Child and Adolescent Mental Health Services"
    """
    done = defined(ctx.plan.file.glossary) | EXCEPTIONS  # and, as found, the reported
    for owner, where, text in _texts(ctx, done):
        if not _may_report(text, done):
            continue
        for word in _abbreviations(text):
            if word in done:
                continue
            done.add(word)
            yield Diagnostic.at(_place(owner, where), "M010", W,
                                f"'{word}' is not in the glossary: add it to plan.yaml's "
                                "glossary (term and meaning) so readers know what it means")
