import os
from pathlib import Path

import pytest

from cyp_cli.fsutil import write_atomic


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "dist" / "plan.html", b"<p>x</p>")
    finally:
        os.umask(old)
    path = tmp_path / "dist" / "plan.html"
    assert path.read_bytes() == b"<p>x</p>"
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["plan.html"]  # no temporary left


def test_replacing_keeps_the_mode_and_a_failure_keeps_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.html"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new" and path.stat().st_mode & 0o777 == 0o640
    with pytest.raises(TypeError):  # write() fails part-way: nothing is replaced
        write_atomic(path, object())  # type: ignore[arg-type]
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.html"]
