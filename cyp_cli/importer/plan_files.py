"""The imported plan's text files: plan.yaml and one Markdown file per section with
its front matter, in the layout an author would write (see :func:`front_matter`)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .partners import Partner


@dataclass
class SectionFile:
    file: str  # sections/NN-slug.md
    title: str
    body: str = ""
    parent: str | None = None  # the parent's section id (its file stem)
    appendix: bool = False
    theme: list[Any] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.file.rsplit("/", 1)[-1].removesuffix(".md")


# YAML is written here rather than through ruamel.yaml: its shape is fixed (scalars,
# flow lists, mappings, lists of mappings) and ruamel's pure-Python emitter (and its
# import) was a third of an import's own time on a 100-page document (docs/import.md).
# Strings are JSON-quoted, which is valid YAML double-quoting; ids and choices stay
# plain.
PLAIN_KEYS = {"id", "partner", "direction", "status", "parent", "value", "outcome", "priority",
              "nation", "type", "languages"}
FLOW_KEYS = {"baseline", "target"}
# \Z, not $: "$" also matches before a final line break, and "a\n" written plain
# reads back as "a" (found by hypothesis).
_PLAIN = re.compile(r"^[a-z0-9][a-z0-9._-]*\Z")
# Characters YAML will not read raw (outside its printable set) or would fold as line
# breaks; JSON leaves them raw, so they are escaped after it.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _quote(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}",
                            json.dumps(text, ensure_ascii=False))


def scalar(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if key in PLAIN_KEYS and _PLAIN.match(text) and _reads_as_text(text):
        return text
    return _quote(text)


def _reads_as_text(text: str) -> bool:
    """Whether ``text`` written plain reads back as that string, not as YAML 1.1's
    true, no, null, a number or a date (an id ``true`` or ``2010-11-01`` needs quotes)."""
    from yaml import ScalarNode
    from yaml.resolver import Resolver

    return bool(Resolver().resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str")


def _flow(data: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(k, v)}" for k, v in data.items()) + "}"


def _value(key: str, value: Any, indent: str) -> list[str]:
    if isinstance(value, dict):
        if key in FLOW_KEYS:
            return [f"{indent}{key}: {_flow(value)}"]
        lines = [f"{indent}{key}:"]
        for k, v in value.items():
            lines += _value(k, v, indent + "  ")
        return lines
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            lines = [f"{indent}{key}:"]
            for item in value:
                if key == "actuals":
                    lines.append(f"{indent}  - {_flow(item)}")
                    continue
                body = [line for k, v in item.items() if not k.startswith("_")
                        for line in _value(k, v, indent + "    ")]
                lines.append(f"{indent}  - {body[0].lstrip()}")
                lines += body[1:]
            return lines
        return [f"{indent}{key}: [{', '.join(scalar(key, v) for v in value)}]"]
    return [f"{indent}{key}: {scalar(key, value)}"]


def front_matter(data: dict[str, Any]) -> str:
    return "".join(line + "\n" for k, v in data.items() for line in _value(k, v, ""))


def section_text(s: SectionFile, field_name: str) -> str:
    fm: dict[str, Any] = {"title": s.title}
    if s.parent:
        fm["parent"] = s.parent
    if s.appendix:
        fm["appendix"] = True
    if s.theme:
        fm[field_name] = s.theme if len(s.theme) > 1 else s.theme[0]
    if s.targets:
        fm["targets"] = s.targets
    if s.actions:
        fm["actions"] = s.actions
    return f"---\n{front_matter(fm)}---\n\n{s.body}"


def plan_text(*, nation: str, title: str, authority: str, start: dt.date, end: dt.date,
              partners: list[Partner], glossary: list[dict[str, str]], source: str) -> str:
    data: dict[str, Any] = {
        "nation": nation, "title": title, "authority": authority,
        "period": {"start": start, "end": end}, "status": "draft", "languages": ["en"],
        "partners": [{"id": p.id, "name": p.name, "statutory": p.statutory,
                      **({"type": p.type} if p.type else {})} for p in partners],
        "consultation": [],
    }
    if glossary:
        data["glossary"] = glossary
    data["strict"] = False
    named = " ".join(source.split())
    return (f"# Imported from {named} by 'cyp import'. Every inference is listed in\n"
            "# import-report.md: check it, then set status (draft, consultation, final).\n"
            + front_matter(data))
