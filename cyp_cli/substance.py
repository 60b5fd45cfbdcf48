"""What in a section's body a reader can see as substance (docs/checklists.md,
"Judging rules"): its paragraphs, less headings, HTML comments, paragraphs with a TODO
marker and the placeholder text ``cyp init`` writes (``templates/<nation>/init.yaml``).

Coverage counts a section as evidence only when it has at least one such paragraph, so
a fresh skeleton, or a section whose TODOs were deleted but whose seed text was kept,
meets nothing. The seeds are read from the nation's own scaffold rather than listed
here, so a new nation or a reworded stub needs no Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import NamedTuple

TODO = re.compile(r"\b(TODO|FIXME|TBC)\b")
MARKERS = ("TODO", "FIXME", "TBC")


def todo(text: str) -> re.Match[str] | None:
    """The first TODO, FIXME or TBC marker in ``text``. (A plain substring test first:
    the regular expression alone costs a plan of 2000 sections a tenth of a second.)"""
    return TODO.search(text) if any(m in text for m in MARKERS) else None
COMMENT = re.compile(r"<!--.*?-->", re.S)
_WORD = re.compile(r"[^\W_]+")
VARIABLE = "cypvariable"  # stands for a ${name} of init.yaml in a normalised seed
# Keys of init.yaml whose text ``cyp init`` writes into a stub's body.
SEED_KEYS = ("todo", "heading", "quote")
MIN_WORDS = 3  # fewer words than this is a label ("See below."), not a statement


class Paragraph(NamedTuple):
    """A paragraph of a section's prose and where it starts."""

    line: int  # 1-based line in the section file
    text: str  # the paragraph's words, whitespace collapsed


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def paragraphs(body: str, first_line: int = 1) -> Iterator[Paragraph]:
    """Blocks of the body separated by blank lines, without HTML comments, headings,
    thematic breaks and fenced-code fences. Line numbers are the block's first line.
    Made as they are asked for: coverage needs only the first that counts."""
    # Comments may span blank lines: blank them out, keeping the line count.
    text = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body) if "<!--" in body \
        else body
    block: list[str] = []
    start = 0
    for i, raw in enumerate([*text.split("\n"), ""]):
        line = raw.strip()
        is_heading = line.startswith("#") or (bool(block) and set(line) <= {"=", "-"}
                                              and len(line) >= 3 and len(block) == 1)
        if not line or is_heading or line.startswith("```") or line.startswith("~~~"):
            if block and not is_heading:
                yield Paragraph(first_line + start, " ".join(block))
            block = []
            continue
        if not block:
            start = i
        block.append(line)


class Seeds(NamedTuple):
    """The nation's ``cyp init`` placeholder paragraphs, normalised: most are fixed text
    (a set lookup); the few with ``${variables}`` are patterns where they match any words."""

    fixed: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]

    def match(self, words: str) -> bool:
        words = words.removeprefix("todo ")
        return words in self.fixed or any(p.fullmatch(words) for p in self.patterns)


@cache
def seed_patterns(nation_id: str) -> Seeds | None:
    """The placeholder text of the nation's ``cyp init``; None without a scaffold."""
    seeds = _seeds(nation_id)
    if not seeds:
        return None
    fixed = frozenset(s for s in seeds if VARIABLE not in s)
    patterns = tuple(re.compile(re.escape(s).replace(VARIABLE, r"[\w ]*?"))
                     for s in sorted(set(seeds) - fixed))
    return Seeds(fixed, patterns)


def _seeds(nation_id: str) -> list[str]:
    from .paths import templates_dir

    path = templates_dir() / nation_id / "init.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    from .cache import FileCache

    store = FileCache(f"seeds:{path}")
    seeds = store.get(nation_id, text, lambda: _parse_seeds(text))
    store.save()
    return seeds


def _parse_seeds(text: str) -> list[str]:
    import yaml

    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return []  # cyp init reports a broken scaffold; here it only means no seeds
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in SEED_KEYS and isinstance(value, str):
                    found.append(_norm(re.sub(r"\$\{\w+\}", f" {VARIABLE} ", value)))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(data)
    return [s for s in found if s]


def is_placeholder(paragraph: Paragraph, nation_id: str | None) -> bool:
    """A TODO-marked paragraph, one too short to state anything, or ``cyp init``'s
    seed text left as it was written."""
    if todo(paragraph.text):
        return True
    words = _norm(paragraph.text)
    if len(words.split()) < MIN_WORDS:
        return True
    seeds = seed_patterns(nation_id) if nation_id else None
    return bool(seeds and seeds.match(words))


def substance(body: str, first_line: int, nation_id: str | None) -> list[Paragraph]:
    """The paragraphs of a body that count as written substance."""
    return [p for p in paragraphs(body, first_line) if not is_placeholder(p, nation_id)]


def first_substance(body: str, first_line: int, nation_id: str | None) -> Paragraph | None:
    """The first paragraph that counts (evidence needs only one; lint stops there)."""
    return next((p for p in paragraphs(body, first_line)
                 if not is_placeholder(p, nation_id)), None)
