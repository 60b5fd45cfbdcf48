"""A per-plan cache of parsed source files, so a pre-commit run re-reads only what
changed (as ruff's and mypy's caches do).

Each entry is keyed by the file's path in the plan and a hash of its text, and holds
the pickled result of reading it (the section model with its parsed Markdown, and the
diagnostics met while reading). A hit skips YAML composition and Markdown parsing, and
with them the import of markdown-it. Entries are pickled when stored, so later
changes to the model objects (merging data/actuals.csv) never leak into the cache.

The cache lives outside the plan, in ``$CYP_CACHE_DIR`` or the platform's user cache
folder (``$XDG_CACHE_HOME/cyp`` or ``~/.cache/cyp`` on Linux; platformdirs elsewhere):
lint never writes into the author's repository. ``CYP_NO_CACHE=1`` turns it off; an
unreadable or foreign cache file is ignored and rewritten.

Entries are keyed by a hash of the source of the code that wrote them (the model, the
diagnostics and the nation loader), not by a hand-bumped format number: a cyp whose
model changed shape never reads back an older pickle.
"""

from __future__ import annotations

import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from . import __version__

try:
    # hashlib loads OpenSSL on import (about 6 ms, an eighth of lint's start-up
    # budget); blake2b, the only hash used here, is CPython's own module.
    from _blake2 import blake2b
except ImportError:  # another Python: hashlib's is the same function
    from hashlib import blake2b

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent
# The modules whose classes are pickled into the cache (and the cache itself).
PICKLED_CODE = ("model", "diagnostics.py", "regimes.py", "cache.py")


def code_stamp() -> str:
    """A hash of the source of every module whose objects the cache holds. Reading
    about 100 KB costs well under a millisecond; a stale pickle would cost a wrong
    answer."""
    digest = blake2b(digest_size=12)
    for name in PICKLED_CODE:
        path = PACKAGE / name
        for source in sorted(path.glob("*.py")) if path.is_dir() else [path]:
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
    return f"cyp {__version__} code {digest.hexdigest()} python {sys.version_info[:2]}"


def cache_dir() -> Path | None:
    if os.environ.get("CYP_NO_CACHE"):
        return None
    if configured := os.environ.get("CYP_CACHE_DIR"):
        return Path(configured)
    if sys.platform.startswith("linux"):
        # The XDG rule platformdirs applies on Linux, without its import on the
        # pre-commit path (a few milliseconds of a budget of about fifty).
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return Path(base) / "cyp"
    import platformdirs

    return Path(platformdirs.user_cache_dir("cyp", appauthor=False))


_STAMP: list[str] = []


def _stamp() -> str:
    if not _STAMP:
        _STAMP.append(code_stamp())
    return _STAMP[0]


def _key(text: str) -> bytes:
    return blake2b(text.encode(), digest_size=16).digest()


def dumps(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class FileCache:
    """Parsed files of one plan, by path and content hash."""

    def __init__(self, name: str) -> None:
        """``name`` identifies what is cached: a plan's absolute path, or a nation."""
        folder = cache_dir()
        self.path = None if folder is None else (
            folder / (blake2b(name.encode(), digest_size=20).hexdigest() + ".pickle"))
        self.entries: dict[str, tuple[bytes, bytes]] = {}
        self.used: set[str] = set()
        self.dirty = False
        if self.path is not None and self.path.is_file():
            try:
                stamp, entries = pickle.loads(self.path.read_bytes())
                if stamp == _stamp():
                    self.entries = entries
            except Exception:  # a damaged cache is only a slower run
                self.entries = {}

    def get(self, rel: str, text: str, compute: Callable[[], T]) -> T:
        """The cached result for ``rel`` with this ``text``, or ``compute()``'s."""
        blob = self.lookup(rel, text)
        if blob is not None:
            try:
                # The bytes were pickled from compute() for this file and text.
                return cast(T, pickle.loads(blob))
            except Exception:  # fall through and recompute
                pass
        value = compute()
        if self.path is not None:  # pickling costs as much as reading it back
            self.store(rel, text, dumps(value))
        return value

    def lookup(self, rel: str, text: str) -> bytes | None:
        """The pickled result stored for ``rel`` with exactly this ``text``."""
        self.used.add(rel)
        entry = self.entries.get(rel)
        return entry[1] if entry is not None and entry[0] == _key(text) else None

    def store(self, rel: str, text: str, blob: bytes) -> None:
        if self.path is not None:
            self.entries[rel] = (_key(text), blob)
            self.dirty = True

    def save(self) -> None:
        """Write back if anything changed, dropping entries for files that are gone."""
        if self.path is None:
            return
        stale = set(self.entries) - self.used
        if not (self.dirty or stale):
            return
        for rel in stale:
            del self.entries[rel]
        try:
            from .fsutil import write_atomic

            write_atomic(self.path, pickle.dumps((_stamp(), self.entries),
                                                 protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a read-only home: lint still works, just without a cache
