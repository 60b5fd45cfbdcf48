"""Unique ids for one assembled document.

The plan's own anchors come first and never change: a section's id and its headings'
``anchor_id(section, slug)`` are exactly what lint resolved links against. Ids the
build invents (register rows, generated parts, the page's ``main``) are taken
afterwards and step aside (``-2``, ``-3``) if a plan anchor already has the name, so a
generated id can never capture a link the author wrote.
"""

from __future__ import annotations


class Ids:
    def __init__(self) -> None:
        self.taken: set[str] = set()

    def reserve(self, wanted: str) -> str:
        """Take a plan anchor. Plan anchors are unique when lint is clean; a duplicate
        (a forced draft with F009) gets a suffix so the page stays valid."""
        return self.new(wanted)

    def new(self, wanted: str) -> str:
        """Take ``wanted`` or, if it is used, the first free ``wanted-N``."""
        candidate, n = wanted, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{wanted}-{n}"
        self.taken.add(candidate)
        return candidate
