"""Which core aim (Wales) or outcome (England) a heading or a passage is about, from
the nation's own data: the vocabulary's labels in ``templates/<nation>/nation.yaml``
and the way a built plan names a theme (``theme`` in the strings catalogue, e.g.
"Core aim {value}: {label}"). Nothing here names a core aim or an outcome itself.

A heading that names a theme the way the catalogue does ("Core aim 3") is ``high``
confidence; a heading that shares the distinctive words of a label ("play, leisure,
sport and culture" against "have access to play, leisure, sporting and cultural
activities") is ``medium``; a theme named only in the text is a ``low`` suggestion,
reported but not tagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..regimes import Nation

# Words too common in the labels to tell one theme from another.
_STOP = {
    "have", "has", "the", "and", "for", "their", "them", "they", "with", "from", "into",
    "access", "range", "best", "possible", "including", "which", "that", "this", "our",
    "all", "not", "be", "by", "of", "to", "in", "on", "a", "an", "or", "are", "is",
    "children", "young", "people", "child", "basis", "future", "supports", "good",
}


def _stem(word: str) -> str:
    """A crude English stem, enough to match "staying safe" with "stay safe" and
    "sport and culture" with "sporting and cultural"."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:5]


def stems(text: str) -> set[str]:
    words = re.findall(r"[a-zà-ÿŵŷ]+", text.lower())
    return {_stem(w) for w in words if len(w) > 2 and w not in _STOP}


@dataclass(frozen=True)
class Match:
    values: tuple[Any, ...]
    confidence: str
    how: str


class Themes:
    """The nation's theme vocabulary, ready to match headings and text."""

    def __init__(self, nation: Nation, catalogues: list[dict[str, Any]]) -> None:
        self.field = nation.theme_field
        self.vocab = nation.themes
        self.labels: dict[Any, set[str]] = {}
        for value, label in self.vocab.values.items():
            words = stems(str(label))
            for lang, labels in self.vocab.extra.items():
                if lang.startswith("values_") and isinstance(labels, dict):
                    words |= stems(str(labels.get(value, "")))
            self.labels[value] = words
        self.named: list[re.Pattern[str]] = []
        for catalogue in catalogues:
            fmt = str((catalogue.get("theme") or {}).get(self.field, ""))
            prefix = fmt.split("{value}")[0] if "{value}" in fmt else ""
            prefix_words = prefix.split()
            if prefix_words:
                # "Core aim " -> core\s+aims?\s+(\d+)((?:\s*(?:,|and|&)\s*\d+)*)
                head = r"\s+".join(re.escape(w) for w in prefix_words[:-1])
                last = re.escape(prefix_words[-1]) + r"s?"
                pattern = (head + r"\s+" if head else "") + last
                self.named.append(re.compile(
                    rf"\b{pattern}\s+(\d+)((?:\s*(?:,|and|a|&|-|to)\s*\d+)*)", re.I))

    def _numbered(self, text: str) -> list[Any]:
        found: list[Any] = []
        for pattern in self.named:
            for m in pattern.finditer(text):
                numbers = [m[1], *re.findall(r"\d+", m[2] or "")]
                for n in numbers:
                    value: Any = int(n)
                    if value in self.vocab.values and value not in found:
                        found.append(value)
        return found

    def in_heading(self, title: str) -> Match | None:
        numbered = self._numbered(title)
        if numbered:
            return Match(tuple(numbered), "high", "the heading names it")
        words = stems(title)
        if not words:
            return None
        best: list[tuple[float, Any]] = []
        for value, label in self.labels.items():
            shared = words & label
            if not shared:
                continue
            # England's labels are two or three words: all of them must be there.
            enough = len(shared) >= 2 or (len(label) <= 2 and shared == label)
            if enough:
                best.append((len(shared) / len(words), value))
        if not best:
            return None
        best.sort(key=lambda x: -x[0])
        score, value = best[0]
        if score < 0.5 or (len(best) > 1 and best[1][0] == score):
            return None
        return Match((value,), "medium", "the heading's words match its label")

    def in_text(self, text: str) -> Match | None:
        numbered = self._numbered(text)
        counts = {v: len(re.findall(rf"\b{v}\b", text)) for v in numbered}
        if len(numbered) == 1:
            return Match(tuple(numbered), "low", "the text names it")
        if numbered and counts:
            top = max(counts.values())
            leaders = [v for v, c in counts.items() if c == top]
            if len(leaders) == 1:
                return Match((leaders[0],), "low", "the text names it most often")
        return None

    def label(self, value: Any) -> str:
        return str(self.vocab.values.get(value, value))
