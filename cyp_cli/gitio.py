"""Read a plan as it stood at a git revision, through git itself.

``cyp review --from v2011 --to HEAD`` compares two versions of a plan. This module
turns each ``--from``/``--to`` value into a loaded plan without ever checking out,
stashing or touching the working tree or the index:

1. A value that names an existing folder holding ``plan.yaml`` (``--from
   old/plan-2011``) is loaded directly: authorities that do not use git keep the
   published version in a folder. A folder wins over a git revision of the same name.
2. Otherwise it is a git revision. It is resolved with
   ``git rev-parse --verify REV^{commit}``; the plan's place in the repository comes
   from ``git rev-parse --show-toplevel`` and ``--show-prefix`` run in the plan folder;
   ``git ls-tree`` lists that folder at that revision and ``git cat-file --batch``
   reads its blobs as stored (no smudge or textconv filter, nothing from the
   repository's config or attributes runs); they are written into a temporary folder
   entry by entry (only regular files up to 5 MB, 100 MB in all, and links that stay
   inside the plan; absolute paths, ``..``, ``.git`` and anything else are refused)
   and then read with :func:`~cyp_cli.model.load.load_plan`.

Every failure the user can cause raises :class:`~cyp_cli.diagnostics.InputError`
with one clear sentence: not a git repository, a repository without commits, no tags
for the default ``--from``, an unknown revision, a revision missing from a shallow
clone, a path that is not a plan at that revision.

Every git command runs with ``core.fsmonitor``, ``log.showSignature`` and hooks off,
so a hostile repository's ``.git/config`` cannot make reading it run a program.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import posixpath
import subprocess
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any, NamedTuple

from .diagnostics import Diagnostic, InputError, Level, did_you_mean
from .model.load import MAX_BYTES, PLAN_FILE, Loaded, find_root, load_plan
from .model.plan import Plan

GIT_TIMEOUT = 120  # seconds; a huge repository on a slow disk is still fine


def _error(where: str | Path, message: str) -> InputError:
    return InputError(Diagnostic(str(where), 1, 1, "F000", Level.ERROR, message))


# --- running git ----------------------------------------------------------------------


class _Result(NamedTuple):
    code: int
    out: str
    err: str


def _git_exe() -> str:
    import shutil  # here: lint reads twin history through git, and shutil costs 3 ms

    exe = shutil.which("git")
    if exe is None:
        raise _error("git", "git is not installed or not on PATH: install git, or pass "
                     "--from a folder holding the old version of the plan")
    return exe


def _env() -> dict[str, str]:
    """The environment for git: English messages (they are matched), no prompts, and
    no inherited GIT_DIR, GIT_INDEX_FILE or pager (a pre-commit hook sets some)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "LANG": "C"}
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PAGER", "PAGER",
                 "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR", "GIT_PREFIX"):
        env.pop(name, None)
    return env


#: Options for every git run: no pager, paths taken literally, and the settings with
#: which a repository's own .git/config could make a read-only command run a program
#: (an fsmonitor hook, a signature check's gpg) switched off.
_SAFE = ("--no-pager", "--literal-pathspecs", "-c", "core.fsmonitor=false",
         "-c", "log.showSignature=false", "-c", "core.hooksPath=/dev/null")


def _git(cwd: Path, *args: str) -> _Result:
    """Run git in ``cwd``; never raises for a non-zero exit."""
    env = _env()
    try:
        proc = subprocess.run(
            [_git_exe(), *_SAFE, "-C", str(cwd), *args],
            capture_output=True, env=env, timeout=GIT_TIMEOUT, check=False,
        )
    except subprocess.TimeoutExpired:
        raise _error(cwd, f"'git {' '.join(args)}' took more than {GIT_TIMEOUT} s") from None
    except OSError as exc:
        raise _error(cwd, f"cannot run git: {exc.strerror or exc}") from None
    return _Result(proc.returncode, proc.stdout.decode("utf-8", "replace").strip(),
                   proc.stderr.decode("utf-8", "replace").strip())


class Repo(NamedTuple):
    """Where a plan folder sits in a git repository."""

    top: Path  # the work tree's top folder
    prefix: str  # the plan folder relative to ``top``, '/'-separated, '' at the top
    cwd: Path  # the folder git is run in

    @property
    def shallow(self) -> bool:
        return _git(self.cwd, "rev-parse", "--is-shallow-repository").out == "true"

    def has_commits(self) -> bool:
        return _git(self.cwd, "rev-parse", "--verify", "--quiet", "HEAD^{commit}").code == 0

    def plan_path(self, name: str = "") -> str:
        """``name`` inside the plan folder, as a path from the repository's top."""
        return posixpath.join(self.prefix, name) if self.prefix else name


def _plan_folder(plan: Path | str) -> Path:
    """The plan folder in the working tree: the folder holding plan.yaml at or above
    ``plan``, or ``plan`` itself when there is none (the plan may exist only in
    history, e.g. deleted since)."""
    path = Path(plan)
    try:
        return find_root(path)
    except InputError:
        pass
    if not path.is_dir():
        raise _error(plan, "no such folder: give the plan folder (the one that holds "
                     f"{PLAN_FILE})")
    return path.resolve()


def repo_of(plan: Path | str) -> Repo:
    """The git repository holding the plan folder ``plan``; InputError if none."""
    folder = _plan_folder(plan)
    result = _git(folder, "rev-parse", "--show-toplevel", "--show-prefix")
    if result.code != 0:
        if "not a git repository" in result.err:
            raise _error(folder, "not in a git repository: pass --from and --to as folders "
                         "holding each version of the plan, or put the plan under git "
                         "('git init', commit, and tag each published version)")
        if "dubious ownership" in result.err:
            raise _error(folder, "git refuses this repository because it belongs to "
                         "another user (see 'git config --global safe.directory')")
        raise _error(folder, f"git cannot read this repository: {_first_line(result.err)}")
    lines = result.out.splitlines()
    if not lines:
        raise _error(folder, "inside a git directory, not a work tree: use the plan folder")
    top = Path(lines[0])
    prefix = lines[1].rstrip("/") if len(lines) > 1 else ""
    return Repo(top, prefix, folder)


def _first_line(text: str) -> str:
    lines = [ln.removeprefix("fatal: ").strip() for ln in text.splitlines() if ln.strip()]
    return lines[0] if lines else "unknown error"


def _check_rev_text(rev: str, where: Path) -> None:
    if not rev or rev.startswith("-") or any(c in rev for c in "\x00\n\r"):
        raise _error(where, f"'{rev}' is not a revision (give a tag, branch or commit, "
                     "e.g. v2011)")


def resolve(repo: Repo, rev: str) -> str:
    """The full commit id ``rev`` names; InputError with the reason if none."""
    _check_rev_text(rev, repo.cwd)
    result = _git(repo.cwd, "rev-parse", "--verify", "--quiet", "--end-of-options",
                  f"{rev}^{{commit}}")
    if result.code == 0 and result.out:
        return result.out.splitlines()[-1]
    if not repo.has_commits():
        raise _error(repo.cwd, f"cannot read '{rev}': the repository has no commits yet "
                     "(commit and tag the published plan first)")
    if repo.shallow:
        raise _error(repo.cwd, f"'{rev}' is not in this repository: it is a shallow clone "
                     "with only part of the history; run 'git fetch --unshallow --tags' "
                     "and try again")
    known = _names(repo)
    raise _error(repo.cwd, f"unknown revision '{rev}' (no tag, branch or commit has that "
                 "name)" + did_you_mean(rev, known))


def _names(repo: Repo) -> list[str]:
    result = _git(repo.cwd, "for-each-ref", "--format=%(refname:short)",
                  "refs/tags", "refs/heads")
    return result.out.splitlines() if result.code == 0 else []


def default_from(plan: Path | str, to: str | None = "HEAD") -> str:
    """The default ``--from``: the most recent tag (``git describe --tags
    --abbrev=0``) reachable from ``to``.

    When that tag is on ``to``'s own commit (the new version has just been tagged)
    the tag before it is taken, so that ``cyp review`` right after ``git tag v2012``
    compares v2011 with v2012 rather than v2012 with itself. Pass ``to=None`` when
    the new side is the working tree: then HEAD's own tag is the right base.
    """
    repo = repo_of(plan)
    start = "HEAD" if to is None else to
    commit = resolve(repo, start)
    tag = _describe(repo, commit)
    if tag is not None and to is not None and resolve(repo, tag) == commit:
        parent = _git(repo.cwd, "rev-parse", "--verify", "--quiet", f"{commit}^1")
        if parent.code == 0:
            tag = _describe(repo, parent.out) or tag
    if tag is None:
        if repo.shallow:
            raise _error(repo.cwd, "no tag found in this shallow clone (it has only part "
                         "of the history): run 'git fetch --unshallow --tags', or pass "
                         "--from REV")
        raise _error(repo.cwd, "no tags: pass --from REV (and tag each published plan, "
                     "e.g. 'git tag v2011')")
    return tag


def _describe(repo: Repo, commit: str) -> str | None:
    result = _git(repo.cwd, "describe", "--tags", "--abbrev=0", commit)
    return result.out if result.code == 0 and result.out else None


# --- extracting a revision safely ----------------------------------------------------


class Revision(NamedTuple):
    """One side of a review: the loaded plan and where it came from."""

    loaded: Loaded
    rev: str  # as the user gave it: 'v2011', 'HEAD', or a folder
    commit: str | None = None  # full commit id; None for a folder
    date: dt.datetime | None = None  # the commit's committer date
    skipped: tuple[str, ...] = ()  # archive members refused

    @property
    def plan(self) -> Plan:
        return self.loaded.plan

    @property
    def label(self) -> str:
        """For the report: ``v2011 (1a2b3c4, 2011-03-28)`` or the folder."""
        if self.commit is None:
            return self.rev
        when = f", {self.date.date().isoformat()}" if self.date else ""
        return f"{self.rev} ({self.commit[:7]}{when})"


def _is_plan_folder(value: str) -> bool:
    path = Path(value)
    try:
        return path.is_dir() and (path / PLAN_FILE).is_file()
    except OSError:
        return False


@contextlib.contextmanager
def open_revision(plan: Path | str, rev: str) -> Iterator[Revision]:
    """The plan at ``rev``, extracted to a temporary folder that lives while the
    ``with`` block runs (for anything that wants the files, such as images).

    ``rev`` is a folder holding plan.yaml (loaded in place) or a git revision of
    the repository that holds the plan folder ``plan``.
    """
    if not rev.strip():
        raise _error(plan, "an empty revision: give a tag, branch or commit (e.g. v2011) "
                     "or a folder holding the old plan")
    if _is_plan_folder(rev):
        yield Revision(load_plan(rev), rev)
        return
    try:
        repo = repo_of(plan)
        commit = resolve(repo, rev)
    except InputError:
        if Path(rev).exists():
            raise _error(rev, f"'{rev}' is not a plan: it has no {PLAN_FILE} (give the "
                         f"folder that holds {PLAN_FILE}, or a git revision)") from None
        raise
    _check_plan_at(repo, commit, rev)
    date = _commit_date(repo, commit)
    from .fsutil import temporary_folder

    with temporary_folder("cyp-rev-") as tmp:
        dest = tmp / "tree"
        dest.mkdir()
        refused = _extract(repo, commit, rev, dest)
        skipped = tuple(name for name, _ in refused)
        root = dest / repo.prefix if repo.prefix else dest
        if not (root / PLAN_FILE).is_file() or (root / PLAN_FILE).is_symlink():
            raise _error(repo.cwd, f"{PLAN_FILE} at {rev} is not a regular file: not read")
        loaded = load_plan(root)
        for name, why in refused:
            loaded.diagnostics.append(Diagnostic(
                name, 1, 1, "F007", Level.ERROR, f"at {rev}: not read from git ({why})"))
        yield Revision(loaded, rev, commit, date, skipped)


def read_revision(plan: Path | str, rev: str) -> Revision:
    """The plan at ``rev`` (see :func:`open_revision`). The model is read into memory
    and the temporary folder removed; section bodies, targets and actions are all in
    the model, but ``Section.path`` then names a file that no longer exists."""
    with open_revision(plan, rev) as revision:
        return revision


def _commit_date(repo: Repo, commit: str) -> dt.datetime | None:
    result = _git(repo.cwd, "show", "-s", "--format=%cI", commit)
    try:
        return dt.datetime.fromisoformat(result.out) if result.code == 0 else None
    except ValueError:
        return None


def _kind(repo: Repo, spec: str, rev: str) -> str:
    """The type of object ``spec`` names, '' if there is none; a damaged or crafted
    object is an error in git's own words (not "does not exist")."""
    result = _git(repo.cwd, "cat-file", "-t", spec)
    missing = ("does not exist", "but not in", "invalid object name", "not a valid object")
    if result.code != 0 and result.err and not any(m in result.err.lower() for m in missing):
        raise _error(repo.cwd, f"cannot read {rev} from git: {_first_line(result.err)}")
    return result.out if result.code == 0 else ""


def _check_plan_at(repo: Repo, commit: str, rev: str) -> None:
    where = repo.prefix or "the repository's top folder"
    kind = _kind(repo, f"{commit}:{repo.prefix}", rev)
    if kind != "tree":
        raise _error(repo.cwd, f"'{where}' did not exist at {rev}: it is not a plan at that "
                     "revision (was the plan folder moved or renamed since?)")
    if _kind(repo, f"{commit}:{repo.plan_path(PLAN_FILE)}", rev) != "blob":
        raise _error(repo.cwd, f"'{where}' is not a plan at {rev}: it has no {PLAN_FILE} "
                     "there")


#: Limits on what a revision may make cyp write: a section over 5 MB is refused by the
#: loader anyway (F007), and a plan folder is text and a few images.
MAX_FILE = MAX_BYTES
MAX_TOTAL = 100 * 1024 * 1024


class _Entry(NamedTuple):
    """One thing to place in the extracted plan folder, from git or from a tar."""

    name: str  # as stored, '/'-separated from the top
    kind: str  # file, dir, link or other
    size: int = 0
    link: str = ""  # a link's target
    read: Callable[[], Iterator[bytes]] | None = None  # a file's bytes, in chunks


def _extract(repo: Repo, commit: str, rev: str, dest: Path) -> list[tuple[str, str]]:
    """The plan folder at ``commit``, into ``dest``: listed with ``git ls-tree`` and
    read blob by blob with ``git cat-file --batch``. Neither runs anything from the
    repository: no smudge or textconv filter, no export attribute (``git archive``
    applied a hostile ``.git/config`` filter named in a committed ``.gitattributes``).
    Sizes are known from the listing, so the limits apply before anything is written.
    Returns (name relative to the plan folder, why) for each entry refused."""
    listing = _git_bytes(repo, "ls-tree", "-r", "-z", "-l", "--full-tree", commit,
                         *(["--", repo.prefix] if repo.prefix else []))
    entries: list[_Entry] = []
    total = 0
    batch = _CatFile(repo)
    try:
        for record in listing.split(b"\0"):
            if not record:
                continue
            meta, _, raw_name = record.partition(b"\t")
            fields = meta.split()
            if len(fields) != 4:
                raise _error(repo.cwd, f"cannot read {rev} from git: unexpected listing")
            mode, kind, oid, size_text = (f.decode("ascii", "replace") for f in fields)
            name = raw_name.decode("utf-8", "surrogateescape")
            size = int(size_text) if size_text.isdigit() else 0
            if kind != "blob":  # a submodule (commit)
                entries.append(_Entry(name, "other"))
            elif mode == "120000":
                entries.append(_Entry(name, "link", size, batch.text(oid, rev)))
            elif mode in ("100644", "100755"):
                if size <= MAX_FILE:
                    total += size
                entries.append(_Entry(name, "file", size,
                                      read=partial(batch.chunks, oid, rev)))
            else:
                entries.append(_Entry(name, "other"))
        if total > MAX_TOTAL:
            raise _error(repo.cwd, f"the plan at {rev} holds {total // 1048576} MB of files, "
                         f"more than the {MAX_TOTAL // 1048576} MB cyp reads from a revision")
        return _place(entries, dest, repo.prefix)
    finally:
        batch.close()


def _git_bytes(repo: Repo, *args: str) -> bytes:
    """Run git at the repository's top; its output as bytes, or git's own error."""
    try:
        proc = subprocess.run([_git_exe(), *_SAFE, "-C", str(repo.top), *args],
                              capture_output=True, env=_env(), timeout=GIT_TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired:
        raise _error(repo.cwd, f"'git {args[0]}' took more than {GIT_TIMEOUT} s") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace")
        raise _error(repo.cwd, f"git {args[0]} failed: {_first_line(message)}")
    return proc.stdout


class _CatFile:
    """``git cat-file --batch``: blobs by id, as stored (no filter runs)."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.proc: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self.proc is None:
            self.proc = subprocess.Popen(
                [_git_exe(), *_SAFE, "-C", str(self.repo.top), "cat-file", "--batch"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=_env())
        return self.proc

    def chunks(self, oid: str, rev: str) -> Iterator[bytes]:
        proc = self._start()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(oid.encode("ascii") + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise _error(self.repo.cwd, f"cannot read {rev} from git: object {oid[:12]} "
                         f"is {b' '.join(header[1:]).decode('ascii', 'replace') or 'missing'}")
        left = int(header[2])
        if left > MAX_FILE:  # the listing said otherwise: never trust one number alone
            raise _error(self.repo.cwd, f"cannot read {rev} from git: object {oid[:12]} "
                         "is larger than the listing said")
        while left:
            chunk = proc.stdout.read(min(left, 1 << 16))
            if not chunk:
                raise _error(self.repo.cwd, f"cannot read {rev} from git: output cut short")
            left -= len(chunk)
            yield chunk
        proc.stdout.read(1)  # the newline after each object

    def text(self, oid: str, rev: str) -> str:
        return b"".join(self.chunks(oid, rev)).decode("utf-8", "surrogateescape")

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.kill()
            self.proc.wait()
            if self.proc.stdout:
                self.proc.stdout.close()


def _safe_name(name: str) -> str | None:
    """The member's path as a clean relative path, or None if it must be refused
    (absolute, ``..``, a backslash or NUL, or a ``.git`` folder, which a later git
    command run in the copy would read as a repository with its own config)."""
    if not name or "\x00" in name or "\\" in name:
        return None
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." or p.lower() == ".git" for p in parts):
        return None
    return "/".join(parts)


def extract_tar(stream: IO[bytes], dest: Path, inside: str = "") -> list[str]:
    """Extract a tar stream into ``dest`` with the rules of :func:`_place`; the names
    refused."""
    import tarfile

    def entries(tar: tarfile.TarFile) -> Iterator[_Entry]:
        for member in tar:
            if member.type in (tarfile.XGLTYPE, tarfile.XHDTYPE):
                continue
            if member.isdir():
                yield _Entry(member.name, "dir")
            elif member.isfile():
                src = tar.extractfile(member)
                yield _Entry(member.name, "file", member.size,
                             read=partial(_chunks, src) if src else None)
            elif member.issym():
                yield _Entry(member.name, "link", link=member.linkname)
            else:
                yield _Entry(member.name, "other")

    with tarfile.open(fileobj=stream, mode="r|") as tar:
        return [name for name, _ in _place(entries(tar), dest, inside)]


def _chunks(src: IO[bytes]) -> Iterator[bytes]:
    return iter(partial(src.read, 1 << 16), b"")


def _place(entries: Iterable[_Entry], dest: Path, inside: str = "") -> list[tuple[str, str]]:
    """Write ``entries`` into ``dest``: folders, regular files up to ``MAX_FILE``, and
    symbolic links whose target stays inside ``dest/inside``. Everything else (absolute
    names, ``..``, ``.git``, hard links, devices, submodules, links leading out) is
    refused: (name relative to ``inside``, why). Nothing is ever written outside
    ``dest`` and no link is followed while writing."""
    dest = dest.resolve()
    limit = posixpath.normpath(inside) if inside else ""
    skipped: list[tuple[str, str]] = []
    odd = "a link pointing outside the plan, or not a regular file"
    for entry in entries:
        name = _safe_name(entry.name)
        if name is None:
            skipped.append((entry.name, odd))
            continue
        if _through_link(name, dest):
            skipped.append((name, odd))
            continue
        target = dest / name
        if entry.kind == "dir":
            target.mkdir(parents=True, exist_ok=True)
        elif entry.kind == "file":
            if entry.size > MAX_FILE:
                skipped.append((name, f"larger than {MAX_FILE // 1048576} MB"))
                continue
            if entry.read is None:
                skipped.append((name, odd))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_symlink():
                target.unlink()
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC
                         | getattr(os, "O_NOFOLLOW", 0), 0o644)
            with os.fdopen(fd, "wb") as out:
                for chunk in entry.read():
                    out.write(chunk)
        elif entry.kind == "link":
            pointed = posixpath.normpath(posixpath.join(posixpath.dirname(name), entry.link))
            if (entry.link.startswith("/") or pointed.startswith("../")
                    or pointed == ".." or not _within(pointed, limit)):
                skipped.append((name, odd))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_symlink() or target.exists():
                skipped.append((name, odd))
                continue
            os.symlink(entry.link, target)
        else:  # hard links, devices, fifos, submodules: never in a plan
            skipped.append((name, odd))
    prefix = f"{limit}/" if limit else ""
    return [(n.removeprefix(prefix), why) for n, why in skipped]


def _within(path: str, folder: str) -> bool:
    return not folder or path == folder or path.startswith(folder + "/")


def _through_link(name: str, dest: Path) -> bool:
    """True when a parent folder of ``name`` is a symbolic link. Writing through a
    link, even one inside the plan, is refused: the member would land wherever the
    link points rather than where its name says."""
    here = dest
    for part in name.split("/")[:-1]:
        here = here / part
        if here.is_symlink():
            return True
    return False


# --- when a file last changed ------------------------------------------------------------


def last_changed(path: Path | str) -> dt.datetime | None:
    """The committer date of the last commit that changed ``path`` (``git log -1
    --format=%cI -- path``), or None when it is not in git or never committed.
    Uncommitted edits in the working tree are not seen."""
    return last_changed_many([path]).get(Path(path).resolve())


class Change(NamedTuple):
    """The last commit that changed a file."""

    commit: str
    when: dt.datetime | None
    top: Path  # the repository's work tree, for :func:`texts_at`
    path: str  # the file relative to ``top``


def last_changed_many(paths: Iterable[Path | str]) -> dict[Path, dt.datetime | None]:
    """:func:`last_changed` for many files of one repository in a single ``git log``
    walk (one process, not one per file). Keys are the resolved paths."""
    return {p: (c.when if c else None) for p, c in last_changes(paths).items()}


def last_changes(paths: Iterable[Path | str], top: Path | None = None,
                 ) -> dict[Path, Change | None]:
    """The last commit that changed each file (one ``git log`` walk for all of them).
    Keys are the resolved paths; None for a file outside git or never committed.
    ``top``, the work tree's top folder when the caller knows it, saves asking git."""
    resolved = [Path(p).resolve() for p in paths]
    out: dict[Path, Change | None] = dict.fromkeys(resolved)
    if not resolved:
        return out
    if top is None:
        folder = resolved[0].parent
        while not folder.is_dir() and folder != folder.parent:
            folder = folder.parent
        top_result = _git(folder, "rev-parse", "--show-toplevel")
        if top_result.code != 0:
            return out
        top = Path(top_result.out)
    top = top.resolve()
    wanted: dict[str, Path] = {}
    for p in resolved:
        try:
            wanted[p.relative_to(top).as_posix()] = p
        except ValueError:
            continue
    if not wanted:
        return out
    # One walk, newest first; each commit prints its id and date, then its files.
    result = _git(top, "-c", "core.quotepath=off", "log", "--format=%x00%H %cI",
                  "--name-only", "--no-renames", "--", *wanted)
    if result.code != 0:
        return out
    commit, when = "", None
    remaining = set(wanted)
    for line in result.out.splitlines():
        if line.startswith("\x00"):
            commit, _, stamp = line[1:].partition(" ")
            try:
                when = dt.datetime.fromisoformat(stamp)
            except ValueError:
                when = None
            continue
        name = line.strip()
        if name in remaining:
            out[wanted[name]] = Change(commit, when, top, name)
            remaining.discard(name)
            if not remaining:
                break
    return out


def texts_at(top: Path, wanted: list[tuple[str, str]]) -> list[str | None]:
    """The text of each (commit, path) in the repository at ``top``, through
    ``git cat-file``; None where the file did not exist at that commit or is larger
    than ``MAX_FILE`` (sizes are asked first: a huge blob in history is never read)."""
    if not wanted:
        return []
    specs = [f"{commit}:{path}" for commit, path in wanted]
    sizes = _batch(top, "--batch-check", specs)
    if sizes is None:
        return [None] * len(wanted)
    small = [spec for spec, header in zip(specs, sizes, strict=True)
             if header is not None and header[1] <= MAX_FILE]
    data = _batch(top, "--batch", small, with_content=True) if small else []
    texts = dict(zip(small, data or [None] * len(small), strict=True))
    return [texts.get(spec) for spec in specs]


def _batch(top: Path, mode: str, specs: list[str], with_content: bool = False,
           ) -> list[Any] | None:
    """One ``git cat-file --batch-check`` ((type, size) or None per spec) or
    ``--batch`` (text or None per spec) run; None if git cannot run."""
    request = "".join(f"{spec}\n" for spec in specs).encode("utf-8", "surrogateescape")
    try:
        proc = subprocess.run([_git_exe(), *_SAFE, "-C", str(top), "cat-file", mode],
                              input=request, capture_output=True, env=_env(),
                              timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    data, at = proc.stdout, 0
    out: list[Any] = []
    for _ in specs:
        end = data.find(b"\n", at)
        if end < 0:
            out.append(None)
            continue
        header = data[at:end].split()
        at = end + 1
        if len(header) != 3 or header[1] != b"blob":
            out.append(None)  # "<spec> missing"
            continue
        size = int(header[2])
        if not with_content:
            out.append((header[1].decode(), size))
            continue
        out.append(data[at:at + size].decode("utf-8", "replace"))
        at += size + 1
    return out
