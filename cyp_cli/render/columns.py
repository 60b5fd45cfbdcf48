"""Table column widths that never break a word: the share each column gets is at
least the width of its longest unbreakable run ("Direction", "£410,000",
"(2009-10)"), measured with the metrics of the face both paged formats set tables in.

The PDF and DOCX set tables in Liberation Sans or Arial, which share their advance
widths (Liberation Sans is metric-compatible with Arial, whose widths are Helvetica's),
so a run's width is known in ems without opening a font file. Characters not in the
table (accented letters, other scripts) count as the widest lowercase letter, so a
column is never sized too narrow.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Advance widths in thousandths of an em (Helvetica/Arial), regular and bold.
_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;()-/%£'&+"
_REGULAR = dict(zip(
    _CHARS,
    (556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556,
     333, 500, 278, 556, 500, 722, 500, 500, 500,
     667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778,
     722, 667, 611, 722, 667, 944, 667, 667, 611,
     *(556,) * 10, 278, 278, 278, 278, 333, 333, 333, 278, 889, 556, 191, 667, 584), strict=True))
_BOLD = dict(zip(
    _CHARS,
    (556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611,
     389, 556, 333, 611, 556, 778, 556, 556, 500,
     722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778,
     722, 667, 611, 722, 667, 944, 667, 667, 611,
     *(556,) * 10, 278, 278, 333, 333, 333, 333, 278, 278, 889, 556, 238, 722, 584), strict=True))
_UNKNOWN = 900  # wider than any lowercase letter: errs towards a wider column
# Where a line may break inside a cell: spaces, and after a hyphen, dash or slash
# (typst and Word both break "on-track" and "and/or" there).
_BREAKS = re.compile(r"\s+|(?<=[-/\u2010\u2013\u2014])")
# A cell's left and right padding together, in ems of table text (typst's 4 pt a side
# is 0.73 em of 11 pt type; a renderer may pass its own), and the longest run
# a column is sized for: a longer one (a web address) may wrap anywhere rather than
# squeeze its neighbours.
PADDING_EM = 1.0
LONGEST_EM = 14.0


def run_em(text: str, bold: bool = False) -> float:
    """The width of ``text`` in ems."""
    table = _BOLD if bold else _REGULAR
    return sum(table.get(c, _UNKNOWN) for c in text) / 1000


# Cells repeat (partner names, statuses, periods) and so do words: a 200-section plan
# measures 23,000 cells of 140,000 words, of a few thousand distinct ones.
@lru_cache(maxsize=1 << 16)
def longest_run_em(text: str, bold: bool = False) -> float:
    """The width in ems of the widest piece of ``text`` no line may break inside."""
    return max((_word_em(w, bold) for w in _BREAKS.split(text) if w), default=0.0)


@lru_cache(maxsize=1 << 16)
def _word_em(word: str, bold: bool) -> float:
    return run_em(word, bold)


def fit_widths(widths: list[float], runs_em: list[float], across_em: float,
               widest: float = 0.0, padding_em: float = PADDING_EM) -> list[float]:
    """Column shares in which no column is narrower than its widest unbreakable run
    (``runs_em``, in ems of table text; ``across_em`` is the table's full width in the
    same ems), so no word is broken mid-word ("Directi/on") or set over its neighbour.
    What a column lacks is taken from columns with room to spare, in proportion to
    that room; the shares keep their sum. When the runs cannot all fit, the table
    grows up to ``widest`` (a share of the measure above 1: it reaches into the
    margins, centred), and beyond that the columns are shared in proportion to their
    runs (the nearest to fitting there is)."""
    total = sum(widths)
    if not widths or across_em <= 0 or len(runs_em) != len(widths):
        return widths
    need = [(min(r, LONGEST_EM) + padding_em) / across_em for r in runs_em]
    if sum(need) >= total:
        limit = max(total, widest)
        return need if sum(need) <= limit else [n * limit / sum(need) for n in need]
    short = sum(max(n - w, 0.0) for w, n in zip(widths, need, strict=True))
    if short <= 0:
        return widths
    room = [max(w - n, 0.0) for w, n in zip(widths, need, strict=True)]
    spare = sum(room)
    return [max(w, n) - short * r / spare for w, n, r in zip(widths, need, room, strict=True)]
