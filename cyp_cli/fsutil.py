"""Writing files without leaving half of one behind."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, or what a plain ``open()`` would give a new
    file (0666 less the umask). mkstemp's owner-only 0600 would hide a published
    plan from the web server that serves it."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


#: What a plan is read from: a report or export written there would replace the
#: authors' text (``lint --output sections/intro.md``).
PLAN_SOURCES = ("plan.yaml", "sections", "data", "images")


def is_plan_source(path: Path, root: Path) -> bool:
    """Whether ``path`` is (or is inside) something the plan at ``root`` is read from."""
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        return False
    return bool(parts) and parts[0] in PLAN_SOURCES


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename over it: readers see the
    old file or the new one, never a partial one. A folder at ``path`` is refused
    before anything is created (the temporary file would go into its parent)."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder: name a file", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = _mode_for(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- folders made whole, then switched in ---------------------------------------------
#
# A build publishes several files (plan.html, plan.docx, plan.pdf, each language). A
# reader, a web server or a sync job must never see some new and some old, and a build
# killed half way must not leave them so. So the whole set is written into a sibling
# folder, then switched in by one rename: Linux's renameat2(RENAME_EXCHANGE) swaps the
# two folders atomically; elsewhere the old folder is renamed aside and the new one
# renamed in (a moment with no folder at all, never a mixed one; the next run puts the
# old folder back if a build died in that moment). The old set is removed afterwards.
# A symbolic link would also switch atomically, but would turn the user's folder into a
# link (surprising for rsync, zip and web servers) and cannot replace an existing real
# folder in one step.
#
# Temporary folders carry the process id in their name, so a later run can tell one
# left by a killed process (whose pid is gone) from one in use, and remove it.

_STAGE = ".cyp-new-"
_ASIDE = ".cyp-old-"
#: Folders cyp makes in the system temporary folder (typst's input, a git revision).
TEMP_PREFIXES = ("cyp-typst-", "cyp-rev-")


class signals_held:
    """``with signals_held():`` Ctrl-C, SIGTERM and SIGHUP wait until the block is done
    (they are then handled as usual). For work that must not stop half way: switching
    the output folder in, removing a temporary folder. Only the main thread handles
    signals, so elsewhere this does nothing."""

    def __enter__(self) -> None:
        import signal
        import threading

        self.old: set[int | signal.Signals] | None = None
        if threading.current_thread() is threading.main_thread() and hasattr(
                signal, "pthread_sigmask"):
            held = {signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)}
            self.old = signal.pthread_sigmask(signal.SIG_BLOCK, held)

    def __exit__(self, *exc: object) -> None:
        import signal

        if self.old is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.old)


def _remove(path: Path) -> None:
    import shutil

    with signals_held():
        shutil.rmtree(path, ignore_errors=True)


def sweep_temporary() -> None:
    """Remove what killed cyp processes left in the system temporary folder."""
    base = Path(tempfile.gettempdir())
    for prefix in TEMP_PREFIXES:
        sweep_stale(base, prefix)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_pid(name: str, marker: str) -> int | None:
    """The pid in a temporary name ``<anything><marker><pid>-<random>``."""
    at = name.find(marker)
    if at < 0:
        return None
    digits = name[at + len(marker):].split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def sweep_stale(parent: Path, marker: str, keep: Path | None = None) -> list[Path]:
    """Remove the folders in ``parent`` whose name holds ``marker`` followed by the pid
    of a process that no longer runs (left by a killed cyp). Returns what was removed."""
    import shutil

    removed: list[Path] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        pid = _owner_pid(entry.name, marker)
        if pid is None or pid == os.getpid() or _pid_alive(pid):
            continue
        path = Path(entry.path)
        if keep is not None and path == keep:
            continue
        try:
            if entry.is_dir(follow_symlinks=False) and entry.stat(
                    follow_symlinks=False).st_uid == os.getuid():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        except OSError:
            continue
    return removed


class temporary_folder:
    """``with temporary_folder("cyp-typst-") as path``: a private folder in the system
    temporary folder, named with this process's id, removed on the way out (also on
    Ctrl-C and on SIGTERM, which the CLI turns into an exception); folders left by
    killed processes with the same prefix are removed first."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __enter__(self) -> Path:
        base = Path(tempfile.gettempdir())
        sweep_temporary()
        with signals_held():
            self.path = Path(tempfile.mkdtemp(prefix=f"{self.prefix}{os.getpid()}-",
                                              dir=base))
        return self.path

    def __exit__(self, *exc: object) -> None:
        _remove(self.path)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); False where the
    system or file system cannot."""
    import sys

    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _recover(folder: Path) -> None:
    """A build killed between the two renames of the fallback left no ``folder`` and
    the old set aside: put it back."""
    if folder.exists() or folder.is_symlink():
        return
    marker = folder.name + _ASIDE
    for entry in sorted(folder.parent.glob(f".{marker}*")):
        pid = _owner_pid(entry.name, marker)
        if pid is not None and not _pid_alive(pid):
            os.rename(entry, folder)
            return


def publish_folder(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Make ``folder`` hold ``files`` in one switch (see :func:`_publish`). Ctrl-C and
    SIGTERM wait until it is done: the data is already in memory, so this takes a
    moment, and stopping half way would leave a folder to clean up."""
    with signals_held():
        return _publish(folder, files)


def _publish(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Make ``folder`` hold ``files`` (name -> bytes) in one switch: readers see the
    folder wholly as it was or wholly as it is now. Other files already in ``folder``
    are carried over (hard links, else copies); a file that already existed keeps its
    permissions (a deliberately private output stays private); new files get what a
    plain ``open()`` would give. The folder itself keeps its permissions."""

    folder = Path(os.path.abspath(folder))
    if folder.is_symlink():
        folder = folder.resolve()  # switch the folder the link points at, keep the link
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "is a file, not a folder", str(folder))
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    stage_marker, aside_marker = folder.name + _STAGE, folder.name + _ASIDE
    _recover(folder)
    sweep_stale(parent, stage_marker)
    sweep_stale(parent, aside_marker)
    sweep_temporary()
    umask = os.umask(0o022)
    os.umask(umask)
    stage = Path(tempfile.mkdtemp(prefix=f".{stage_marker}{os.getpid()}-", dir=parent))
    try:
        old_modes: dict[str, int] = {}
        if folder.is_dir():
            os.chmod(stage, stat.S_IMODE(folder.stat().st_mode))
            for entry in os.scandir(folder):
                if entry.name in files:
                    if entry.is_file(follow_symlinks=False):
                        old_modes[entry.name] = stat.S_IMODE(entry.stat().st_mode)
                    continue
                _carry(Path(entry.path), stage / entry.name)
        else:
            os.chmod(stage, 0o777 & ~umask)
        written = []
        for name, data in files.items():
            path = stage / name
            with open(path, "xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(path, old_modes.get(name, 0o666 & ~umask))
            written.append(folder / name)
        _switch(stage, folder, aside_marker)
        return written
    finally:
        _remove(stage)


def _carry(src: Path, dest: Path) -> None:
    """Bring a file the build does not make into the new folder unchanged."""
    import shutil

    if src.is_symlink():
        os.symlink(os.readlink(src), dest)
    elif src.is_dir():
        shutil.copytree(src, dest, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(str(src), str(dest))


def _link_or_copy(src: str, dest: str) -> None:
    import shutil

    try:
        os.link(src, dest, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dest, follow_symlinks=False)


def _switch(stage: Path, folder: Path, aside_marker: str) -> None:
    """Put ``stage`` at ``folder``; what was there ends at ``stage`` (to be removed)."""

    if not folder.exists():
        os.rename(stage, folder)
        return
    if _exchange(stage, folder):
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{aside_marker}{os.getpid()}-", dir=folder.parent))
    os.rmdir(aside)
    os.rename(folder, aside)
    os.rename(stage, folder)
    _remove(aside)
