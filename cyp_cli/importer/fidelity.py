"""How much of a plan survives a trip out of cyp and back in: the measure the tests
and the bench apply to ``cyp build --format docx`` followed by ``cyp import``.

- titles: the share of the original's section titles found at the same position;
- words: the share of the original's body words that a word-level diff
  (difflib, section by section in order) finds again in the import;
- targets: the share of targets recovered with the same indicator, baseline and
  target (value and period);
- actions: the share recovered with the same action, partner and due date.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(markdown: str) -> list[str]:
    text = _COMMENT.sub(" ", _LINK_TARGET.sub("]", markdown))
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Fidelity:
    titles: float
    words: float
    targets: float
    actions: float
    counts: dict[str, int]

    def __str__(self) -> str:
        c = self.counts
        return (f"titles {self.titles:.1%} of {c['titles']}, body words {self.words:.1%} of "
                f"{c['words']}, targets {self.targets:.1%} of {c['targets']}, actions "
                f"{self.actions:.1%} of {c['actions']}")


def _measure(m: Any) -> tuple[Any, Any]:
    return (None, None) if m is None else (m.value, m.period)


def compare(original_dir: Path | str, imported_dir: Path | str) -> Fidelity:
    from ..model.load import load_plan

    old = load_plan(original_dir).plan
    new = load_plan(imported_dir).plan
    old_titles = [s.title for s in old.sections]
    new_titles = [s.title for s in new.sections]
    same = sum(1 for a, b in zip(old_titles, new_titles, strict=False) if a == b)
    titles = same / len(old_titles) if old_titles else 1.0

    total = found = 0
    by_title = {s.title: s for s in new.sections}
    for s in old.sections:
        a = words(s.body)
        twin = by_title.get(s.title)
        b = words(twin.body) if twin else []
        total += len(a)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        found += sum(block.size for block in matcher.get_matching_blocks())
    body = found / total if total else 1.0

    new_targets = {t.indicator: t for t in new.targets}
    good_t = sum(
        1 for t in old.targets
        if (n := new_targets.get(t.indicator)) is not None
        and _measure(n.baseline) == _measure(t.baseline)
        and _measure(n.target) == _measure(t.target))
    new_actions = {a.action: a for a in new.actions}
    good_a = sum(
        1 for a in old.actions
        if (na := new_actions.get(a.action)) is not None
        and na.partner == a.partner and na.due == a.due)
    return Fidelity(
        titles, body,
        good_t / len(old.targets) if old.targets else 1.0,
        good_a / len(old.actions) if old.actions else 1.0,
        {"titles": len(old_titles), "words": total, "targets": len(old.targets),
         "actions": len(old.actions)})
