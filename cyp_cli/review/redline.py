"""Word-level redline of two Markdown bodies.

:func:`redline` compares the old and new text of a section and returns runs
``(op, text)`` with ``op`` one of ``equal``, ``insert``, ``delete``. Joining the
``equal`` and ``delete`` runs gives the old text back exactly; joining ``equal`` and
``insert`` gives the new text. The runs know nothing about HTML: the DOCX and PDF
renderers mark them their own way, and :func:`runs_to_html` turns them into safe HTML.

How: paragraphs (blocks between blank lines) are matched first, then words inside the
paragraphs that changed. Two levels keep the diff readable (a word never "moves" to a
distant paragraph) and fast on long sections (difflib compares a few hundred words at
a time rather than every word of the section with every other). Words are compared
without their trailing whitespace, so re-wrapping a paragraph is not a change; the
whitespace of the new text is kept in ``equal`` runs.

The runs are Markdown source, not rendered Markdown: ``**`` and ``- `` show as
written. A redline of rendered text would hide changes to links and emphasis, which
readers checking the plan's wording should see.
"""

from __future__ import annotations

import difflib
import html
import re
from typing import Literal

Op = Literal["equal", "insert", "delete"]
Run = tuple[Op, str]

_PARAGRAPHS = re.compile(r"\n[ \t]*\n\s*")  # a blank line (and what follows it)
_WORDS = re.compile(r"\S+\s*")


def _split_keep(pattern: re.Pattern[str], text: str) -> list[str]:
    """Split ``text`` into pieces that each end with their separator."""
    out, start = [], 0
    for m in pattern.finditer(text):
        out.append(text[start:m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


def _leading(text: str) -> tuple[str, str]:
    stripped = text.lstrip()
    return text[: len(text) - len(stripped)], stripped


def _append(runs: list[Run], op: Op, text: str) -> None:
    if not text:
        return
    if runs and runs[-1][0] == op:
        runs[-1] = (op, runs[-1][1] + text)
    else:
        runs.append((op, text))


def _diff_tokens(old: list[str], new: list[str], runs: list[Run]) -> None:
    """Token-level diff; tokens are compared without trailing whitespace."""
    a = [t.rstrip() for t in old]
    b = [t.rstrip() for t in new]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            # New whitespace, and old whitespace where only that changed, is kept so
            # that equal runs rebuild the new text exactly.
            _equal_tokens(old[i1:i2], new[j1:j2], runs)
        else:
            if i1 < i2:
                _append(runs, "delete", "".join(old[i1:i2]))
            if j1 < j2:
                _append(runs, "insert", "".join(new[j1:j2]))


def _equal_tokens(old: list[str], new: list[str], runs: list[Run]) -> None:
    """Equal words whose trailing whitespace may differ: the word is equal, the old
    and new whitespace become a delete and an insert only when one is a paragraph
    break and the other is not (otherwise the new whitespace is taken as equal)."""
    for o, n in zip(old, new, strict=True):
        word = n.rstrip()
        ws_old, ws_new = o[len(word):], n[len(word):]
        _append(runs, "equal", word)
        if ("\n\n" in ws_old) == ("\n\n" in ws_new):
            _append(runs, "equal", ws_new)
        else:
            _append(runs, "delete", ws_old)
            _append(runs, "insert", ws_new)


def redline(old: str, new: str) -> list[Run]:
    """Runs that turn ``old`` into ``new`` word by word (see the module docstring).
    ``''.join(t for op, t in runs if op != 'insert') == old`` up to trailing
    whitespace of words that did not change, and the same with ``'delete'`` for
    ``new`` exactly."""
    runs: list[Run] = []
    lead_old, body_old = _leading(old)
    lead_new, body_new = _leading(new)
    if lead_old == lead_new:
        _append(runs, "equal", lead_new)
    else:
        _append(runs, "delete", lead_old)
        _append(runs, "insert", lead_new)
    pa = _split_keep(_PARAGRAPHS, body_old)
    pb = _split_keep(_PARAGRAPHS, body_new)
    ka = [" ".join(p.split()) for p in pa]
    kb = [" ".join(p.split()) for p in pb]
    matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for p_old, p_new in zip(pa[i1:i2], pb[j1:j2], strict=True):
                _diff_tokens(_split_keep(_WORDS, p_old), _split_keep(_WORDS, p_new), runs)
        else:
            old_words = [w for p in pa[i1:i2] for w in _split_keep(_WORDS, p)]
            new_words = [w for p in pb[j1:j2] for w in _split_keep(_WORDS, p)]
            _diff_tokens(old_words, new_words, runs)
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

LABELS = {"insert": "inserted: ", "delete": "deleted: "}
END_LABELS = {"insert": " (end of insertion)", "delete": " (end of deletion)"}
_TAGS = {"insert": "ins", "delete": "del"}


def _wrap(op: Op, text: str, labels: dict[str, str], end_labels: dict[str, str] | None
          ) -> str:
    body = html.escape(text, quote=True)
    if op == "equal":
        return body
    tag = _TAGS[op]
    start = f'<span class="visually-hidden">{html.escape(labels[op])}</span>'
    end = (f'<span class="visually-hidden">{html.escape(end_labels[op])}</span>'
           if end_labels else "")
    return f"<{tag}>{start}{body}{end}</{tag}>"


def runs_to_html(runs: list[Run], *, labels: dict[str, str] | None = None,
                 end_labels: dict[str, str] | None = None) -> str:
    """The runs as HTML paragraphs: ``<p>`` per Markdown paragraph, insertions as
    ``<ins><span class="visually-hidden">inserted: </span>…</ins>``, deletions as
    ``<del><span class="visually-hidden">deleted: </span>…</del>`` (pass ``labels``
    for another language, ``end_labels`` to also announce where each change ends).
    All text is escaped; a change that spans paragraphs is closed and reopened at each
    paragraph break, so the markup always nests. Line breaks inside a paragraph become
    spaces, as Markdown renders them. The page's CSS must define ``.visually-hidden``
    (hidden on screen, read by screen readers) and should mark ``ins``/``del`` by more
    than colour (underline, strike-through)."""
    labels = labels or LABELS
    paragraphs: list[list[Run]] = [[]]
    for op, text in runs:
        pieces = re.split(r"\n[ \t]*\n\s*", text)
        for n, piece in enumerate(pieces):
            if n:
                paragraphs.append([])
            piece = re.sub(r"\s*\n\s*", " ", piece)
            if piece:
                # Whitespace alone is not announced as a change.
                paragraphs[-1].append((op if piece.strip() else "equal", piece))
    out = []
    for para in paragraphs:
        if not any(text.strip() for _, text in para):
            continue
        inner = "".join(_wrap(op, text, labels, end_labels) for op, text in para)
        out.append(f"<p>{inner.strip()}</p>")
    return "\n".join(out)
