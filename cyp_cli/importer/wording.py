"""The words cyp's own builds use, in every catalogue language
(``cyp_cli/render/strings/<lang>.yaml``): column names, month names, status and
direction labels. With them the importer reads a plan cyp built in Welsh as well as
one in English, and needs no second list of those words in code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# catalogue part -> catalogue key -> column role (tables.ROLES names)
COLUMNS = {
    "targets": {"indicator": "indicator", "baseline": "baseline", "target": "target",
                "direction": "direction", "latest": "latest", "source": "source",
                "section": "section"},
    "actions": {"action": "action", "partner": "partner", "due": "due", "status": "status",
                "resources": "resources", "section": "section"},
    "partners": {"name": "partner", "type": "type", "statutory": "statutory"},
}


def norm(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass
class Wording:
    roles: dict[str, str] = field(default_factory=dict)  # column heading -> role
    months: dict[str, int] = field(default_factory=dict)  # month name -> 1-12
    statuses: dict[str, str] = field(default_factory=dict)  # label -> status value
    directions: dict[str, str] = field(default_factory=dict)  # label -> direction value
    yes: set[str] = field(default_factory=set)

    @classmethod
    def from_catalogues(cls, catalogues: list[dict[str, Any]]) -> Wording:
        w = cls()
        for c in catalogues:
            for part, keys in COLUMNS.items():
                for key, role in keys.items():
                    label = (c.get(part) or {}).get(key)
                    if isinstance(label, str):
                        w.roles.setdefault(norm(label), role)
            for n, month in enumerate(c.get("months") or [], 1):
                w.months[norm(str(month))] = n
            for value, label in ((c.get("actions") or {}).get("statuses") or {}).items():
                w.statuses[norm(str(label))] = str(value)
            for value, label in ((c.get("targets") or {}).get("directions") or {}).items():
                w.directions[norm(str(label))] = str(value)
            if c.get("answer_yes"):
                w.yes.add(norm(str(c["answer_yes"])))
        return w
