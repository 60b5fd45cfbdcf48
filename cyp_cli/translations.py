"""Where each section's translations stand: missing, stale or current.

A twin (``foo.cy.md`` for ``foo.md``) is *stale* when git says its source changed in
a later commit than the twin did and that change touched what a translator
translates: the title or the prose ("changed since translated"). A later commit that
only added Welsh fields or changed a target's figures in the source's front matter
leaves the twin current. Dates come from git history through
``gitio.last_changed_many`` (one ``git log`` for the whole plan); only a twin whose
source is newer costs a further ``git log`` and ``git show``. Outside git, or for
files never committed, a twin that exists counts as current.
Lint (E001, E003) and ``cyp translate-status`` both read this.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from .model.plan import Plan, Section


class TwinState(NamedTuple):
    """Where one section's translation into one language stands."""

    source: Section
    lang: str
    twin: Section | None
    state: str  # missing | stale | current
    source_changed: dt.datetime | None = None
    twin_changed: dt.datetime | None = None

    @property
    def expected_file(self) -> str:
        return f"{self.source.rel[:-3]}.{self.lang}.md"


def twin_states(plan: Plan) -> list[TwinState]:
    languages = plan.file.languages[1:]
    if not languages:
        return []
    pairs = [(s, lang, plan.translations.get(lang, {}).get(s.id))
             for lang in languages for s in plan.sections]
    files = [s.path for s, _, _ in pairs] + [t.path for _, _, t in pairs if t is not None]
    changes, then = _history(plan.root, files,
                             [(s.path, t.path) for s, _, t in pairs if t is not None])
    real = {p: p.resolve() for p in files}  # git's answers are keyed by real paths
    states = []
    for source, lang, twin in pairs:
        if twin is None:
            states.append(TwinState(source, lang, None, "missing"))
            continue
        key = (real[source.path], real[twin.path])
        state = "current"
        if key in then:  # committed after its twin: stale if the words changed since
            now, before = source.path.read_text(encoding="utf-8"), then[key]
            if before is None or _words(before) != _words(now):
                state = "stale"
        states.append(TwinState(source, lang, twin, state, changes.get(key[0]),
                                changes.get(key[1])))
    return states


History = tuple[dict[Path, "dt.datetime | None"], dict[tuple[Path, Path], "str | None"]]


def _compute(files: list[Path], pairs: list[tuple[Path, Path]],
             top: Path | None = None) -> History:
    """From git: when each file last changed, and, for each source committed after
    its twin, the source's text as it stood when the twin was last committed. ``top``:
    the repository's work tree, when known (one git process fewer)."""
    from .gitio import last_changes, texts_at

    changes = last_changes(files, top)
    newer = []
    for source, twin in pairs:
        s, t = changes.get(source.resolve()), changes.get(twin.resolve())
        if s and t and s.when and t.when and s.when > t.when:
            newer.append(((source.resolve(), twin.resolve()), s, t))
    texts = texts_at(newer[0][1].top, [(t.commit, s.path) for _, s, t in newer]) \
        if newer else []
    # Plain values only: a cache hit must not need gitio (or subprocess) imported.
    when = {path: (c.when if c else None) for path, c in changes.items()}
    return when, {key: text for (key, _, _), text in zip(newer, texts, strict=True)}


def _history(root: Path, files: list[Path], pairs: list[tuple[Path, Path]]) -> History:
    """:func:`_compute`'s answer, from lint's cache where it has it.

    History only changes when HEAD does, so the answer is kept in lint's cache under
    the HEAD commit (read from .git without running git): re-running lint between two
    commits, as pre-commit does after a refused commit, runs no git at all.
    """
    top = _repo_top(root)

    def compute() -> History:
        return _compute(files, pairs, top)

    head = _head_commit(top) if top else None
    if top is None or head is None:
        return compute()
    from .cache import FileCache

    store = FileCache(f"git-history:{top}")
    key = head + "\n" + "\n".join(sorted(str(f) for f in files))
    result = store.get("twins", key, compute)
    store.save()
    return result


def _repo_top(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _head_commit(top: Path) -> str | None:
    """HEAD's commit id from the files under .git (a worktree's or submodule's
    ``.git`` file names its git folder, and ``commondir`` the shared refs); None when
    that is not plain (an unborn branch, a symbolic ref elsewhere): then git is asked."""
    try:
        git_dir, common = _git_dirs(top)
        head = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
        if not head.startswith("ref: "):
            return head or None
        ref = head[5:]
        for folder in dict.fromkeys((git_dir, common)):
            loose = folder / ref
            if loose.is_file():
                return loose.read_text(encoding="utf-8").strip() or None
        for line in (common / "packed-refs").read_text(encoding="utf-8").splitlines():
            commit, _, name = line.partition(" ")
            if name == ref:
                return commit
    except (OSError, ValueError):
        return None
    return None


def _git_dirs(top: Path) -> tuple[Path, Path]:
    """The repository's git folder for this work tree, and the folder holding its
    shared refs (the same folder unless ``top`` is a linked worktree)."""
    dot = top / ".git"
    if dot.is_dir():
        return dot, dot
    text = dot.read_text(encoding="utf-8").strip()
    if not text.startswith("gitdir: "):
        raise ValueError(f"{dot}: not a gitdir file")
    git_dir = top / text[len("gitdir: "):]  # absolute, or relative to top
    common = git_dir / "commondir"
    if common.is_file():
        return git_dir, git_dir / common.read_text(encoding="utf-8").strip()
    return git_dir, git_dir


def _words(text: str) -> tuple[str, str]:
    """(title line, body) of a section's text: what a translation translates."""
    from .model.load import split_front_matter

    front, body, _, _ = split_front_matter(text.replace("\r\n", "\n"), "")
    title = next((line.split(":", 1)[1].strip().strip("'\"")
                  for line in (front or "").split("\n") if line.startswith("title:")), "")
    return title, " ".join(body.split())
