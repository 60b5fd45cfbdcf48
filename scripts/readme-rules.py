"""Keep README.md's rule table equal to the registry (``make readme-rules``).

    python scripts/readme-rules.py [README.md]      # rewrite the table in place
    python scripts/readme-rules.py --check          # exit 1 when it is out of date
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from cyp_cli.rules import rules_table

START = re.compile(r"<!-- rules:start[^>]*-->\n")
END = "<!-- rules:end -->"


def update(text: str) -> str:
    m = START.search(text)
    if m is None or END not in text:
        raise ValueError("README.md has no rules:start / rules:end markers")
    return text[: m.end()] + rules_table() + text[text.index(END):]


def main(argv: list[str]) -> int:
    check = "--check" in argv
    names = [a for a in argv if a != "--check"]
    path = Path(names[0] if names else "README.md")
    text = path.read_text(encoding="utf-8")
    if check:
        return 0 if update(text) == text else 1
    path.write_text(update(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
