"""The imported plan as files: plan.yaml, one Markdown file per section with its
front matter, the images and import-report.md. YAML is written with the same
ruamel.yaml settings as ``cyp init`` (``scaffold.py``), so an imported plan reads
like a scaffolded one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..scaffold import _dump, _list, _text
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


def _map(data: dict[str, Any], flow: tuple[str, ...] = ()) -> Any:
    from ruamel.yaml.comments import CommentedMap

    m = CommentedMap()
    for key, value in data.items():
        if key.startswith("_"):
            continue
        if isinstance(value, dict):
            sub = _map(value)
            if key in flow:
                sub.fa.set_flow_style()
            m[key] = sub
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            from ruamel.yaml.comments import CommentedSeq

            seq = CommentedSeq()
            for item in value:
                inner = _map(item, flow)
                if key == "actuals":
                    inner.fa.set_flow_style()
                seq.append(inner)
            m[key] = seq
        elif isinstance(value, list):
            m[key] = _list(key, value)
        elif isinstance(value, str) and key not in ("id", "partner", "direction", "status",
                                                     "period", "value", "due"):
            m[key] = _text(value)
        else:
            m[key] = value
    return m


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
    front = _dump(_map(fm, flow=("baseline", "target")))
    return f"---\n{front}---\n\n{s.body}"


def plan_text(*, nation: str, title: str, authority: str, start: dt.date, end: dt.date,
              partners: list[Partner], glossary: list[dict[str, str]], source: str) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    m = CommentedMap()
    m["nation"] = nation
    m["title"] = _text(title)
    m["authority"] = _text(authority)
    m["period"] = CommentedMap([("start", start), ("end", end)])
    m["status"] = "draft"
    m["languages"] = _list("languages", ["en"])
    seq = CommentedSeq()
    for p in partners:
        item = CommentedMap()
        item["id"] = p.id
        item["name"] = _text(p.name)
        item["statutory"] = p.statutory
        if p.type:
            item["type"] = p.type
        seq.append(item)
    m["partners"] = seq
    m["consultation"] = _list("consultation", [])
    if glossary:
        m["glossary"] = CommentedSeq(_map(g) for g in glossary)
    m["strict"] = False
    m.yaml_set_start_comment(
        f"Imported from {source} by 'cyp import'. Every inference is listed in\n"
        "import-report.md: check it, then set status (draft, consultation, final).")
    return _dump(m)
