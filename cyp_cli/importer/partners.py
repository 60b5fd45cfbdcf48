"""The partners an imported plan names: the council first, then those read from a
partners table or an action table's lead column. A lead is matched to a known partner
by its id or name; an unknown lead becomes a new partner, reported for checking."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..model.markdown import slugify
from .report import Report
from .themes import stems

MAX_ID = 40


@dataclass
class Partner:
    id: str
    name: str
    statutory: bool = False
    type: str | None = None
    anchored: bool = True  # the id came from the source, not made up from the name


def _key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.lower()).replace(" the ", " ").split())


class Partners:
    def __init__(self, report: Report, types: dict[str, str], council: dict[str, Any],
                 authority: str) -> None:
        self.report = report
        self.types = types  # partner_type value -> label (all languages' labels)
        self.items: list[Partner] = []
        self.by_key: dict[str, str] = {}
        self.add(Partner(str(council["id"]), authority, bool(council.get("statutory", True)),
                         council.get("type")))

    def add(self, partner: Partner) -> Partner:
        existing = self.get(partner.id)
        if existing:
            return existing
        self.items.append(partner)
        self.by_key[_key(partner.name)] = partner.id
        self.by_key[partner.id] = partner.id
        return partner

    def anchored(self, pid: str) -> bool:
        partner = self.get(pid)
        return partner is not None and partner.anchored

    def rename(self, old: str, new: str) -> None:
        partner = self.get(old)
        if partner is None:
            return
        partner.id, partner.anchored = new, True
        self.by_key = {k: (new if v == old else v) for k, v in self.by_key.items()}
        self.by_key[new] = new

    def get(self, pid: str) -> Partner | None:
        return next((p for p in self.items if p.id == pid), None)

    def find(self, name: str) -> str | None:
        key = _key(name)
        if key in self.by_key:
            return self.by_key[key]
        slug = slugify(name)
        return slug if slug in self.by_key else None

    def type_for(self, name: str) -> str | None:
        words = stems(name)
        best = None
        for value, labels in self.types.items():
            shared = len(words & stems(labels))
            if shared and (best is None or shared > best[0]):
                best = (shared, value)
        return best[1] if best else None

    def resolve(self, text: str, where: str) -> str | None:
        """The partner id for a lead cell's text, adding a new partner if none matches.
        A cell naming several (``Council; Health Board``) gives the first, reported."""
        names = [n.strip() for n in re.split(r"\s*(?:;|\n|,\s+and\s+)\s*", text) if n.strip()]
        if not names:
            return None
        found = self.find(names[0])
        if len(names) > 1:
            self.report.add("partner", f"'{text}' names several partners: the first, "
                            f"'{names[0]}', is taken as the lead", where, "medium",
                            "name the others in the action's text if they matter")
        if found:
            return found
        name = names[0]
        base = "-".join(w for w in slugify(name).split("-") if w)[:MAX_ID].rstrip("-")
        base = base or "partner"
        pid, n = base, 2
        while self.get(pid):
            pid, n = f"{base}-{n}", n + 1
        ptype = self.type_for(name)
        self.add(Partner(pid, name, False, ptype, anchored=False))
        self.report.add("partner", f"new partner '{pid}': {name}"
                        + (f" (type {ptype})" if ptype else ""), where, "medium",
                        "check the name, merge duplicates, set statutory and type in plan.yaml")
        return pid
