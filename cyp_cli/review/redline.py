"""Word-level redline of two Markdown bodies.

:func:`redline` compares the old and new text of a section and returns runs
``(op, text)`` with ``op`` one of ``equal``, ``insert``, ``delete``. Joining the
``equal`` and ``delete`` runs gives the old text back exactly; joining ``equal`` and
``insert`` gives the new text exactly. The runs know nothing about HTML: the DOCX and PDF
renderers mark them their own way (``document/review/sections.py`` makes them document
nodes, so every format escapes and labels them alike).

How: the text is cut into tokens, each a word with the whitespace after it or a
paragraph break (a blank line). Paragraphs are matched first, then the words of the
paragraphs that changed. Two levels keep the diff readable (a word never "moves" to a
distant paragraph) and fast on long sections (difflib compares a few hundred words at
a time rather than every word of the section with every other). Words are compared
without their whitespace, so re-wrapping a paragraph changes no word: the old and new
whitespace become a deletion and an insertion of whitespace alone, which
:func:`changed` ignores.

The report compares the text as readers see it: :func:`prose` turns a section's
Markdown into its rendered words (a heading, a list item or a table row becomes a
paragraph of its own; ``**``, ``## `` and link targets are gone) before the two are
compared. A change of a link's address alone is then no change to the text, which is
what a scrutiny committee reads; the plan's git history keeps the source.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

Op = Literal["equal", "insert", "delete"]
Run = tuple[Op, str]

# A token is a paragraph break (a blank line and the whitespace after it) or a word
# with the whitespace after it up to the next word or paragraph break.
_TOKEN = re.compile(r"\n[^\S\n]*\n\s*|\S+(?:[^\S\n]|\n(?![^\S\n]*\n))*")
_BREAK = "\n\n"  # the key of every paragraph break


def prose(markdown: str) -> str:
    """A Markdown body as the words a reader sees, one paragraph per block (a
    paragraph, heading, list item or table row), blank lines between them."""
    from ..model.markdown import parser

    blocks: list[str] = []
    current: list[str] = []
    cells: list[str] = []
    for tok in parser().parse(markdown):
        if tok.type == "inline":
            words = []
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    words.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    words.append(" ")
                elif child.type == "image":
                    words.append(child.content)
            text = " ".join("".join(words).split())
            (cells if current is cells else current).append(text)
        elif tok.type == "tr_open":
            current = cells = []
        elif tok.type == "tr_close":
            blocks.append(" | ".join(c for c in cells if c))
            current = []
        elif tok.type in ("code_block", "fence"):
            blocks.append(tok.content.rstrip())
        elif tok.type.endswith("_close") and tok.type.startswith(
                ("paragraph", "heading")) and current is not cells:
            if current:
                blocks.append(" ".join(current))
            current = []
    return "\n\n".join(b for b in blocks if b.strip()) + "\n"


def tokens(text: str) -> list[str]:
    """Words (with their trailing whitespace) and paragraph breaks; joined they give
    ``text`` back, less any leading whitespace."""
    return _TOKEN.findall(text)


def _key(token: str) -> str:
    word = token.rstrip()
    return word if word else _BREAK


def _append(runs: list[Run], op: Op, text: str) -> None:
    if not text:
        return
    if runs and runs[-1][0] == op:
        runs[-1] = (op, runs[-1][1] + text)
    else:
        runs.append((op, text))


def _diff_tokens(old: list[str], new: list[str], runs: list[Run]) -> None:
    a = [_key(t) for t in old]
    b = [_key(t) for t in new]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for o, n in zip(old[i1:i2], new[j1:j2], strict=True):
                if o == n:
                    _append(runs, "equal", n)
                    continue
                # Same word (or break), other whitespace: the word is equal, the old
                # and new whitespace are a deletion and an insertion.
                word = n.rstrip() if n.strip() else ""
                _append(runs, "equal", word)
                _append(runs, "delete", o[len(word):])
                _append(runs, "insert", n[len(word):])
        else:
            _append(runs, "delete", "".join(old[i1:i2]))
            _append(runs, "insert", "".join(new[j1:j2]))


def _diff_words(old: list[str], new: list[str], runs: list[Run]) -> None:
    """Tokens of two texts with the same words in the same order: each word equal,
    the whitespace and paragraph breaks between them deleted and inserted where
    they differ."""
    i = j = 0
    while i < len(old) or j < len(new):
        gap_old = gap_new = ""
        while i < len(old) and not old[i].strip():
            gap_old, i = gap_old + old[i], i + 1
        while j < len(new) and not new[j].strip():
            gap_new, j = gap_new + new[j], j + 1
        if gap_old == gap_new:
            _append(runs, "equal", gap_new)
        else:
            _append(runs, "delete", gap_old)
            _append(runs, "insert", gap_new)
        if i < len(old) and j < len(new):
            _diff_tokens([old[i]], [new[j]], runs)
            i, j = i + 1, j + 1


def _paragraphs(toks: list[str]) -> list[list[str]]:
    """Tokens grouped by paragraph, each paragraph ending with its break."""
    out: list[list[str]] = [[]]
    for t in toks:
        out[-1].append(t)
        if not t.strip():
            out.append([])
    return [p for p in out if p]


def redline(old: str, new: str) -> list[Run]:
    """Runs that turn ``old`` into ``new`` word by word (see the module docstring):
    ``''.join(t for op, t in runs if op != 'insert') == old`` and
    ``''.join(t for op, t in runs if op != 'delete') == new``."""
    runs: list[Run] = []
    body_old, body_new = old.lstrip(), new.lstrip()
    lead_old, lead_new = old[: len(old) - len(body_old)], new[: len(new) - len(body_new)]
    if lead_old == lead_new:
        _append(runs, "equal", lead_new)
    else:
        _append(runs, "delete", lead_old)
        _append(runs, "insert", lead_new)
    ta, tb = tokens(body_old), tokens(body_new)
    if [_key(t) for t in ta if t.strip()] == [_key(t) for t in tb if t.strip()]:
        # The same words, paragraphs cut elsewhere: matching paragraphs first could
        # pair a short one out of place and report its neighbours as rewritten. Word
        # by word, only whitespace and breaks differ.
        _diff_words(ta, tb, runs)
        return runs
    pa, pb = _paragraphs(ta), _paragraphs(tb)
    # Paragraphs match on their words: the last one has no break after it, and
    # gains one when a paragraph is added after it.
    ka = [tuple(t.rstrip() for t in p if t.strip()) for p in pa]
    kb = [tuple(t.rstrip() for t in p if t.strip()) for p in pb]
    matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for p_old, p_new in zip(pa[i1:i2], pb[j1:j2], strict=True):
                _diff_tokens(p_old, p_new, runs)
        else:
            _diff_tokens([t for p in pa[i1:i2] for t in p],
                         [t for p in pb[j1:j2] for t in p], runs)
    return runs


def changed(runs: list[Run]) -> bool:
    """True if any run inserts or deletes words (not only whitespace)."""
    return any(op != "equal" and text.strip() for op, text in runs)


def counts(runs: list[Run]) -> tuple[int, int]:
    """(words inserted, words deleted)."""
    ins = sum(len(text.split()) for op, text in runs if op == "insert")
    dels = sum(len(text.split()) for op, text in runs if op == "delete")
    return ins, dels


# --- HTML ------------------------------------------------------------------------------

def split_paragraphs(runs: list[Run]) -> list[list[Run]]:
    """The runs cut at paragraph breaks, for renderers that show a redline paragraph
    by paragraph. Line breaks inside a paragraph become spaces (as Markdown renders
    them), whitespace alone is never a change, and empty paragraphs are dropped."""
    out: list[list[Run]] = [[]]
    for op, text in runs:
        for n, piece in enumerate(re.split(r"\n[ \t]*\n\s*", text)):
            if n:
                out.append([])
            piece = re.sub(r"\s*\n\s*", " ", piece)
            if piece:
                out[-1].append((op if piece.strip() else "equal", piece))
    return [p for p in out if any(text.strip() for _, text in p)]
