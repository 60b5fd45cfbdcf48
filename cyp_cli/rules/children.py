"""C: text written for children and young people (``foo.children.md`` files and
``children:`` summaries), which the children's edition is built from.

Both nations ask for plans children can read (England 5.38: a child-friendly version;
Wales: participation, core aim 5). For English text lint checks sentence length and
estimates a reading age (Flesch-Kincaid grade + 5). For Welsh it checks sentence
length only: the English formulas count syllables by English spelling and have no
validated Welsh equivalent, so a Welsh reading age would be a made-up number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ..diagnostics import Diagnostic, Level, Pos
from . import rule
from .context import Context

W = Level.WARNING

MAX_WORDS = 20  # words in one sentence
MAX_READING_AGE = 11  # years: the end of primary school

_SENTENCE = re.compile(r"[^.!?]+[.!?]*")
_WORD = re.compile(r"[A-Za-zÀ-ÿŴŵŶŷ'’]+")
_MARKUP = re.compile(r"(!?\[([^\]]*)\]\([^)]*\))|[#*_`>|]")
_VOWELS = re.compile(r"[aeiouy]+")


class Passage(NamedTuple):
    """A paragraph of children's text and where it starts."""

    text: str
    pos: Pos
    lang: str


def passages(ctx: Context) -> Iterator[Passage]:
    for section in ctx.plan.all_sections():
        if section.meta.children:
            yield Passage(section.meta.children, section.meta.at("children"), section.lang)
    for section in (s for versions in ctx.plan.children.values() for s in versions.values()):
        line = section.body_line
        for block in section.body.split("\n\n"):
            stripped = block.strip()
            if stripped and not stripped.startswith(("#", "<!--", "|")):
                yield Passage(stripped, Pos(section.rel, line, 1), section.lang)
            line += block.count("\n") + 2


def sentences(text: str) -> list[str]:
    plain = _MARKUP.sub(lambda m: m.group(2) or "", text).replace("\n", " ")
    return [s.strip() for s in _SENTENCE.findall(plain) if _WORD.search(s)]


def syllables(word: str) -> int:
    """English syllables by vowel groups, a silent final e dropped: the usual
    approximation behind readability formulas."""
    word = word.lower().strip("'’")
    count = len(_VOWELS.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def reading_age(text: str) -> float | None:
    """Flesch-Kincaid grade level + 5, in years; None for too little text."""
    sents = sentences(text)
    words = [w for s in sents for w in _WORD.findall(s)]
    if len(words) < 30 or not sents:
        return None
    grade = 0.39 * len(words) / len(sents) + 11.8 * sum(map(syllables, words)) / len(words)
    return grade - 15.59 + 5


@rule("C001", W, "Sentence too long for children")
def long_sentence(ctx: Context) -> Iterator[Diagnostic]:
    """A sentence in children's text has more than 20 words. Short sentences help
    every reader; they matter most for children and for readers of a second language.
    Checked for English and Welsh.
    """
    for p in passages(ctx):
        for s in sentences(p.text):
            n = len(_WORD.findall(s))
            if n > MAX_WORDS:
                yield Diagnostic.at(p.pos, "C001", W,
                                    f"a sentence of {n} words (at most {MAX_WORDS}): "
                                    f"'{s[:50]}...'")


@rule("C002", W, "Reading age too high (English)")
def high_reading_age(ctx: Context) -> Iterator[Diagnostic]:
    """The estimated reading age (Flesch-Kincaid grade + 5) of a passage of English
    children's text is above 11 years. Use shorter words and sentences. Not checked
    for Welsh (see the family's notes).
    """
    for p in passages(ctx):
        if p.lang != "en":
            continue
        age = reading_age(p.text)
        if age is not None and age > MAX_READING_AGE:
            yield Diagnostic.at(p.pos, "C002", W,
                                f"reading age about {age:.0f} years (aim for "
                                f"{MAX_READING_AGE} or under)")


@rule("C003", W, "Published English plan without a children's edition")
def no_childrens_edition(ctx: Context) -> Iterator[Diagnostic]:
    """England, statutory guidance 5.38: the Board should publish a child-friendly
    version of the plan. A published plan (``published:`` set) with no
    ``*.children.md`` section and no ``children:`` summary has nothing to build it from.
    """
    f = ctx.plan.file
    if ctx.plan.nation != "england" or not f.published:
        return
    if ctx.plan.children or any(s.meta.children for s in ctx.plan.sections):
        return
    yield Diagnostic.at(f.key_at("published"), "C003", W,
                        "the plan is published but has no children's edition "
                        "(add *.children.md sections or 'children:' summaries; "
                        "guidance 5.38)")
