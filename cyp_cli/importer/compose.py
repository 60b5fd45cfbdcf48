"""From split pieces to the plan's sections: which tables become targets, actions,
a glossary or partners (and leave the text), which theme each section serves, and
how the registers of a document cyp built fill in what the sections' tables left out.

In a document cyp built (it has a targets or actions register), only the tables cyp
generated under a section's "Targets" and "Actions" headings are read; any other
table that looks like one stays in the text, because the register is the full list.
In any other document every action or monitoring table is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import items, tables
from .bodies import Body
from .plan_files import SectionFile
from .report import Report
from .sections import Piece, Split
from .themes import Themes
from .tree import Node, block_text
from .write import file_names

PREAMBLE_TITLE = "About this plan"
_PARTNERS = re.compile(r"\b(partners|partnership members|members of the partnership)\b",
                       re.I)
MAX_NAME = 80  # a partner's name, not a sentence


@dataclass
class Composed:
    sections: list[SectionFile]
    bodies: list[Body]
    headings: dict[int, str]  # id() of a section's heading block -> its file
    glossary: list[dict[str, str]] = field(default_factory=list)
    kept_tables: int = 0


def _norm(value: str) -> str:
    return " ".join(value.lower().split())


class Composer:
    def __init__(self, split: Split, ctx: items.Context, themes: Themes, report: Report,
                 catalogues: list[dict[str, Any]]) -> None:
        self.split, self.ctx, self.themes, self.report = split, ctx, themes, report
        self.grids: dict[int, tables.Grid] = {}
        number = 0
        for piece in split.pieces:
            for block in piece.blocks:
                if block.get("t") == "Table":
                    number += 1
                    self.grids[id(block)] = tables.read_grid(block, number,
                                                             ctx.wording.roles)
        self.cyp_built = any(p.kind in ("targets", "actions") for p in split.pieces)
        # (heading, caption) of the tables cyp puts under a section's own heading
        self.generated = {(_norm(str(c["section"][k])), str(c["section"][k + "_caption"]))
                          for c in catalogues for k in ("targets", "actions")}
        self.glossary: list[dict[str, str]] = []
        self.kept_tables = 0

    def compose(self) -> Composed:
        for piece in self.split.pieces:
            if piece.kind in ("partners", "glossary"):
                for block in piece.blocks:
                    g = self.grids.get(id(block))
                    if g is not None and g.kind == piece.kind == "partners":
                        items.read_partners(g, self.ctx)
                    elif g is not None and g.kind == piece.kind == "glossary":
                        self.glossary.extend(items.read_glossary(g, self.ctx))
        pieces = [p for p in self.split.pieces if p.kind == "section"]
        files = file_names([p.title for p in pieces])
        file_of = {id(p): f for p, f in zip(pieces, files, strict=True)}
        out: list[SectionFile] = []
        bodies: list[Body] = []
        index_of = {id(p): n for n, p in enumerate(self.split.pieces)}
        for piece, file in zip(pieces, files, strict=True):
            index = index_of[id(piece)]
            sf = SectionFile(file, piece.title, appendix=piece.appendix)
            if piece.parent is not None:
                parent_file = file_of.get(id(self.split.pieces[piece.parent]))
                if parent_file:
                    sf.parent = SectionFile(parent_file, "").id
            glossary_before = len(self.glossary)
            kept = self._tables(piece, sf)
            if (len(self.glossary) > glossary_before and not block_text(kept).strip()
                    and not any(p.parent == index for p in self.split.pieces)):
                self.report.add("glossary", f"section '{piece.title}' held only the glossary: "
                                "it is in plan.yaml now (cyp builds the glossary itself)",
                                piece.where, "high")
                continue
            self._theme(piece, sf, kept)
            out.append(sf)
            bodies.append(Body(file, piece.title, piece.level, kept, piece.where))
        if block_text(self.split.preamble).strip():
            self.report.add("section", f"text before the first heading kept as a section "
                            f"'{PREAMBLE_TITLE}'", "the cover and first pages", "low",
                            "rename, merge or delete it")
            name = file_names([PREAMBLE_TITLE], first=0)[0]
            out.insert(0, SectionFile(name, PREAMBLE_TITLE))
            bodies.insert(0, Body(name, PREAMBLE_TITLE, 1, self.split.preamble,
                                  "before the first heading"))
        self._registers(out)
        headings = {id(p.node): file_of[id(p)] for p in pieces if p.node is not None}
        return Composed(out, bodies, headings, self.glossary, self.kept_tables)

    def _tables(self, piece: Piece, sf: SectionFile) -> list[Node]:
        kept: list[Node] = []
        blocks = piece.blocks
        for i, block in enumerate(blocks):
            g = self.grids.get(id(block))
            if g is None:
                if block.get("t") == "BulletList" and not self.cyp_built:
                    self._partner_list(block, kept, piece)
                kept.append(block)
                continue
            heading = kept[-1] if kept and kept[-1].get("t") == "Header" else None
            generated = heading is not None and (
                _norm(block_text([heading])), g.caption) in self.generated
            consumed = True
            if g.kind in ("targets", "actions") and (generated or not self.cyp_built):
                self._read(g, sf, piece, generated)
            elif g.kind == "glossary":
                self.glossary.extend(items.read_glossary(g, self.ctx))
            elif g.kind == "partners":
                items.read_partners(g, self.ctx)
            else:
                consumed = False
                kept.append(block)
                self.kept_tables += 1
                if g.kind in ("targets", "actions"):
                    self.report.add("table", f"{g.label} in section '{piece.title}' looks like "
                                    f"{g.kind} but was kept as a table: the document's "
                                    "register lists them", g.label, "low",
                                    "check nothing is missing from the register")
            if consumed and heading is not None:
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                if nxt is None or (nxt.get("t") == "Header" and nxt["c"][0] <= heading["c"][0]):
                    kept.pop()  # the heading only introduced the table
        return kept

    def _partner_list(self, block: Node, kept: list[Node], piece: Piece) -> None:
        """A bulleted list of names under a heading (or a lead-in) about partners:
        the document's partner list. Items that read as sentences are not names."""
        before = block_text(kept[-1:]) if kept else ""
        if not _PARTNERS.search(before or piece.title):
            return
        names = [block_text(item) for item in block["c"]]
        if not names or any(len(n) > MAX_NAME or n.endswith(".") for n in names):
            return
        where = f"the list after '{before[:60] or piece.title}' in section '{piece.title}'"
        for name in names:
            self.ctx.partners.resolve(name, where)

    def _read(self, g: tables.Grid, sf: SectionFile, piece: Piece, generated: bool) -> None:
        if g.kind == "targets":
            found = items.read_targets(g, self.ctx)
            sf.targets.extend(found)
        else:
            found = items.read_actions(g, self.ctx)
            sf.actions.extend(found)
        columns = ", ".join(f"'{h}' as {r}" for h, r in zip(g.header, g.roles, strict=True)
                            if r)
        self.report.add("target" if g.kind == "targets" else "action",
                        f"{len(found)} {g.kind} read from {g.label} in section "
                        f"'{piece.title}'", g.label, "high" if generated else "medium",
                        "" if generated else f"check the columns were read right: {columns}")

    def _theme(self, piece: Piece, sf: SectionFile, kept: list[Node]) -> None:
        themes = self.themes
        match = themes.in_heading(piece.title)
        if match:
            sf.theme = list(match.values)
            labels = "; ".join(themes.label(v) for v in match.values)
            self.report.add("theme", f"{themes.field} {', '.join(map(str, match.values))} "
                            f"({labels}) for '{piece.title}': {match.how}", piece.where,
                            match.confidence,
                            "" if match.confidence == "high" else "check the theme")
        elif (hint := themes.in_text(block_text(kept))) is not None:
            self.report.add("theme", f"'{piece.title}' may serve {themes.field} "
                            f"{', '.join(map(str, hint.values))}: {hint.how}; not tagged",
                            piece.where, "low", f"add {themes.field} if it does")

    def _registers(self, out: list[SectionFile]) -> None:
        """A register row for an item a section already has fills in what the
        section's table lacked (a target's source); any other row goes to the
        section its Section column names."""
        by_title = {_norm(s.title): s for s in out}
        every = {t["id"]: t for s in out for t in s.targets}
        every.update({a["id"]: a for s in out for a in s.actions})
        for piece in self.split.pieces:
            if piece.kind not in ("targets", "actions"):
                continue
            owner = None
            for block in piece.blocks:
                if block.get("t") == "Header":  # the actions register groups by partner
                    owner = self.ctx.partners.find(block_text([block]))
                g = self.grids.get(id(block))
                if g is None or g.kind != piece.kind:
                    continue
                self.ctx.merging = True
                found = (items.read_targets(g, self.ctx) if g.kind == "targets"
                         else items.read_actions(g, self.ctx, owner=owner))
                self.ctx.merging = False
                for item in found:
                    if item["id"] in every:
                        for key, value in item.items():
                            if not key.startswith("_"):
                                every[item["id"]].setdefault(key, value)
                        continue
                    home = by_title.get(_norm(str(item.get("_section", ""))))
                    if home is None and out:
                        home = out[-1]
                        self.report.add(
                            "target" if g.kind == "targets" else "action",
                            f"'{item.get('indicator') or item.get('action')}' placed in "
                            f"'{home.title}' (its section was not found)", g.label, "low",
                            "move it to the section it belongs to")
                    if home is not None:
                        (home.targets if g.kind == "targets" else home.actions).append(item)
                        every[item["id"]] = item
