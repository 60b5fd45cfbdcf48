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
