"""What the import inferred, and what a person must check: ``import-report.md``.

Every guess the importer makes is a :class:`Finding`: what was inferred, where in the
source it came from (a heading, a paragraph, a table row), how sure the importer is,
and what a person should check. Confidence is ``high`` (the document says so in the
words the nation's data or cyp's own output uses), ``medium`` (a close match of
wording or a column heading) or ``low`` (a default or a guess: always check).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CONFIDENCE = ("high", "medium", "low")


@dataclass(frozen=True)
class Finding:
    topic: str  # section | theme | target | action | partner | glossary | table | image | plan
    what: str
    where: str  # "heading 'Core aim 3' (block 57)", "table 4, row 2"
    confidence: str  # high | medium | low
    check: str = ""

    def __post_init__(self) -> None:
        if self.confidence not in CONFIDENCE:
            raise ValueError(f"confidence must be one of {CONFIDENCE}")


@dataclass
class Report:
    source: str
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # also printed by the CLI
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, topic: str, what: str, where: str, confidence: str,
            check: str = "") -> None:
        self.findings.append(Finding(topic, what, where, confidence, check))

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    @property
    def to_check(self) -> list[Finding]:
        return [f for f in self.findings if f.confidence != "high" or f.check]

    def markdown(self) -> str:
        lines = [
            "# Import report",
            "",
            f"Imported from `{self.source}` by `cyp import`. Everything below was "
            "inferred by the importer: the plan is a draft (`status: draft`) until a "
            "person has checked it. Values that could not be read are `tbc`, with the "
            "reason in `note`.",
            "",
            "## Summary",
            "",
            "| What | Count |",
            "|---|---|",
            *(f"| {k} | {v} |" for k, v in self.counts.items()),
            f"| inferences to check | {len(self.to_check)} |",
            f"| warnings | {len(self.warnings)} |",
            "",
        ]
        if self.warnings:
            lines += ["## Warnings", ""]
            lines += [f"- {_cell(w)}" for w in self.warnings]
            lines.append("")
        lines += ["## Inferences", "",
                  "Confidence: high = stated in the document; medium = a close match of "
                  "wording or a column heading; low = a default or a guess.", ""]
        topics = list(dict.fromkeys(f.topic for f in self.findings))
        for topic in topics:
            lines += [f"### {topic.capitalize()}", "",
                      "| # | Inferred | From | Confidence | Check |", "|---|---|---|---|---|"]
            for n, f in enumerate((f for f in self.findings if f.topic == topic), 1):
                lines.append(f"| {n} | {_cell(f.what)} | {_cell(f.where)} | {f.confidence} "
                             f"| {_cell(f.check) or '–'} |")
            lines.append("")
        return "\n".join(lines).rstrip("\n") + "\n"


def _cell(value: str) -> str:
    return " ".join(value.split()).replace("|", "\\|")
