"""Links between a plan's sections, resolved once for lint and build alike.

``rules/links.py`` reports what does not resolve (L001-L003); ``document/body.py``
turns what does into in-document links. Both use :func:`resolve` and the scheme lists
here, so a link lint accepts is a link build can follow.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .plan import Section

UNSAFE_SCHEMES = {"javascript", "data", "vbscript", "file"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


def resolve(section: Section, href: str, sections_by_rel: dict[str, Section],
            root: Path) -> tuple[Section | None, str, str]:
    """(target section or None, fragment, problem) for a relative link. A target that
    exists but could not be read as a section has problem '': its own file's finding
    (F001, F007...) says what is wrong, and the link itself is fine."""
    parts = urlsplit(href)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return section, fragment, ""
    if path.startswith("/"):
        return None, fragment, "absolute paths do not survive publishing; link relatively"
    base = posixpath.dirname(section.rel)
    target = posixpath.normpath(posixpath.join(base, path))
    if target.startswith("../") or target == "..":
        return None, fragment, "points outside the plan folder"
    found = sections_by_rel.get(target)
    if found is None:
        if (root / target).is_file():
            return None, fragment, ""
        return None, fragment, f"no section file '{target}' in the plan"
    return found, fragment, ""
