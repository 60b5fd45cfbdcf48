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


# --- publish_folder: the whole set in one switch (issue 9) ------------------------------

import random  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from cyp_cli import fsutil  # noqa: E402
from cyp_cli.fsutil import publish_folder, sweep_stale  # noqa: E402


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_publish_keeps_modes_and_other_files(tmp_path: Path, monkeypatch, exchange) -> None:
    if not exchange:
        monkeypatch.setattr(fsutil, "_exchange", lambda a, b: False)
    dist = tmp_path / "dist"
    publish_folder(dist, {"plan.html": b"1", "plan.pdf": b"1"})
    (dist / "plan.html").chmod(0o600)  # deliberately private
    (dist / "notes.txt").write_bytes(b"mine")
    (dist / "sub").mkdir()
    (dist / "sub" / "x").write_bytes(b"x")
    dist.chmod(0o750)
    publish_folder(dist, {"plan.html": b"2", "plan.docx": b"2"})
    assert sorted(p.name for p in dist.iterdir()) == [
        "notes.txt", "plan.docx", "plan.html", "plan.pdf", "sub"]
    assert (dist / "plan.html").read_bytes() == b"2"
    assert (dist / "plan.pdf").read_bytes() == b"1"
    assert (dist / "notes.txt").read_bytes() == b"mine"
    assert (dist / "sub" / "x").read_bytes() == b"x"
    assert (dist / "plan.html").stat().st_mode & 0o777 == 0o600
    assert dist.stat().st_mode & 0o777 == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # nothing left beside it


def test_publish_through_a_symlinked_folder_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "www"
    real.mkdir()
    (tmp_path / "dist").symlink_to(real)
    publish_folder(tmp_path / "dist", {"plan.html": b"new"})
    assert (tmp_path / "dist").is_symlink() and (real / "plan.html").read_bytes() == b"new"


def test_stale_folders_of_dead_processes_are_swept(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f".dist.cyp-new-{dead}-abc"
    alive = tmp_path / f".dist.cyp-new-{os.getppid()}-abc"
    stale.mkdir()
    alive.mkdir()
    assert sweep_stale(tmp_path, "dist.cyp-new-") == [stale]
    assert alive.exists() and not stale.exists()


def test_a_build_killed_between_the_two_renames_is_put_back(tmp_path: Path, monkeypatch
                                                            ) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    aside = tmp_path / f".dist.cyp-old-{dead}-xyz"
    aside.mkdir()
    (aside / "plan.pdf").write_bytes(b"old")
    publish_folder(tmp_path / "dist", {"plan.html": b"new"})
    assert _tree(tmp_path / "dist") == {"plan.html": b"new", "plan.pdf": b"old"}


PUBLISHER = """
import sys
from pathlib import Path
from cyp_cli.cli import _stop_cleanly_on_signals
from cyp_cli.fsutil import publish_folder
_stop_cleanly_on_signals()
if sys.argv[2] == "fallback":
    import cyp_cli.fsutil as f
    f._exchange = lambda a, b: False
tag = sys.argv[1].encode()
print("ready", flush=True)
try:
    publish_folder(Path("dist"), {f"f{i}.bin": tag * (2 << 20) for i in range(12)})
except KeyboardInterrupt:
    sys.exit(130)
"""


@pytest.mark.parametrize("how", ["exchange", "fallback"])
def test_publishing_killed_at_random_points_is_wholly_old_or_wholly_new(tmp_path: Path,
                                                                        how: str) -> None:
    """Writing 12 files of 2 MB takes long enough for kills to land inside the write and
    the switch; SIGINT, SIGTERM and SIGKILL at random (seeded) moments. The folder is
    always all old bytes or all new ones; after SIGINT and SIGTERM nothing temporary is
    left, after SIGKILL the next run removes it."""
    rng = random.Random(9)
    publish_folder(tmp_path / "dist", {f"f{i}.bin": b"O" * (2 << 20) for i in range(12)})
    old = _tree(tmp_path / "dist")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", PUBLISHER, "N", how], cwd=tmp_path, check=True,
                   capture_output=True)
    span = time.perf_counter() - start
    seen = set()
    for n in range(12):
        publish_folder(tmp_path / "dist", old)  # back to the old set
        sig = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)[n % 3]
        proc = subprocess.Popen([sys.executable, "-c", PUBLISHER, "N", how], cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0, span * 0.6))
        proc.send_signal(sig)
        proc.wait(timeout=60)
        now = _tree(tmp_path / "dist")
        state = ("old" if now == old else
                 "new" if now == {k: b"N" * (2 << 20) for k in old} else "mixed")
        assert state != "mixed", (n, sig)
        seen.add(state)
        leftovers = [p.name for p in tmp_path.iterdir() if p.name != "dist"]
        if sig != signal.SIGKILL:
            assert leftovers == [], (sig, leftovers, proc.pid, proc.returncode,
                                     proc.stderr.read())
    publish_folder(tmp_path / "dist", old)  # the next run sweeps what SIGKILL left
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]
