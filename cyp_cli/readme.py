"""Keep README.md's rule table equal to the registry (``make readme-rules``)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

START = re.compile(r"<!-- rules:start[^>]*-->\n")
END = "<!-- rules:end -->"


def rules_table() -> str:
    from .rules import all_rules

    lines = ["| code | level | rule |", "|---|---|---|"]
    for r in all_rules().values():
        note = "" if r.default else " (off unless selected)"
        lines.append(f"| `{r.code}` | {r.level.value} | {r.summary}{note} |")
    return "\n".join(lines) + "\n"


def update(text: str) -> str:
    m = START.search(text)
    end = text.index(END)
    if m is None:
        raise ValueError("README.md has no rules:start marker")
    return text[: m.end()] + rules_table() + text[end:]


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    path.write_text(update(path.read_text(encoding="utf-8")), encoding="utf-8")
