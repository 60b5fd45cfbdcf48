"""Reading a plan at a git revision: real repositories built in tmp."""

from __future__ import annotations

import datetime as dt
import io
import tarfile
from pathlib import Path

import pytest
from test_review_fixtures import (
    commit_all,
    git,
    init_repo,
    section,
    status,
    target,
    tree_hashes,
    write_plan,
)

from cyp_cli import gitio
from cyp_cli.diagnostics import InputError


def _two_versions(tmp_path: Path, sub: str = "plan") -> tuple[Path, Path]:
    """repo with the plan at ``sub``: v2011 (target 60), then HEAD (target 65)."""
    repo = init_repo(tmp_path / "repo")
    plan = repo / sub if sub else repo
    write_plan(plan, {"10-a": section("Alpha", targets=[target("t1", goal=(60, "2013-14"))])})
    commit_all(repo, "publish", date="2011-03-28T12:00:00+00:00", tag="v2011")
    write_plan(plan, {"10-a": section("Alpha", targets=[target("t1", goal=(65, "2013-14"))])})
    commit_all(repo, "review", date="2012-04-20T12:00:00+00:00")
    return repo, plan


def _message(exc: pytest.ExceptionInfo[InputError]) -> str:
    return exc.value.diagnostic.message


# --- reading revisions ---------------------------------------------------------------------


@pytest.mark.parametrize("sub", ["plan", "deep/er/plan", ""])
def test_reads_the_plan_at_a_tag(tmp_path: Path, sub: str) -> None:
    repo, plan = _two_versions(tmp_path, sub)
    old = gitio.read_revision(plan, "v2011")
    new = gitio.read_revision(plan, "HEAD")
    assert old.plan.targets[0].target.value == 60
    assert new.plan.targets[0].target.value == 65
    assert old.commit == git(repo, "rev-parse", "v2011")
    assert old.date == dt.datetime(2011, 3, 28, 12, tzinfo=dt.timezone.utc)
    assert old.label == f"v2011 ({old.commit[:7]}, 2011-03-28)"
    assert old.loaded.diagnostics == []
    assert old.plan.sections[0].rel == "sections/10-a.md"


def test_plan_named_by_a_file_or_subfolder_inside_it(tmp_path: Path) -> None:
    _, plan = _two_versions(tmp_path)
    assert gitio.read_revision(plan / "sections", "v2011").plan.targets[0].target.value == 60
    assert gitio.read_revision(plan / "plan.yaml", "v2011").plan.targets[0].target.value == 60


def test_working_tree_and_index_untouched(tmp_path: Path) -> None:
    repo, plan = _two_versions(tmp_path)
    # Uncommitted edits, a staged change and an untracked file must all survive.
    (plan / "sections" / "10-a.md").write_text(section("Edited"), encoding="utf-8")
    (plan / "plan.yaml").write_text((plan / "plan.yaml").read_text() + "\n# staged\n")
    git(repo, "add", "plan/plan.yaml")
    (plan / "untracked.md").write_text("x")
    before_status, before = status(repo), tree_hashes(repo)
    with gitio.open_revision(plan, "v2011") as rev:
        assert rev.plan.sections[0].title == "Alpha"
        extracted = rev.plan.root
        assert extracted.is_dir() and not extracted.is_relative_to(repo)
    gitio.read_revision(plan, "HEAD~1")
    assert status(repo) == before_status
    assert tree_hashes(repo) == before
    assert not extracted.exists()  # the temporary copy is gone


def test_clean_tree_stays_clean(tmp_path: Path) -> None:
    repo, plan = _two_versions(tmp_path)
    before = tree_hashes(repo)
    gitio.read_revision(plan, "v2011")
    gitio.default_from(plan)
    gitio.last_changed(plan / "plan.yaml")
    assert status(repo) == ""
    assert tree_hashes(repo) == before


def test_a_folder_is_read_directly(tmp_path: Path) -> None:
    old = write_plan(tmp_path / "old-plan", {"10-a": section("Old")})
    new = write_plan(tmp_path / "new-plan", {"10-a": section("New")})  # not in git at all
    rev = gitio.read_revision(new, str(old))
    assert rev.commit is None and rev.label == str(old)
    assert rev.plan.sections[0].title == "Old"


def test_folder_without_plan_yaml(tmp_path: Path) -> None:
    _, plan = _two_versions(tmp_path)
    empty = tmp_path / "not-a-plan"
    empty.mkdir()
    with pytest.raises(InputError) as exc:
        gitio.read_revision(plan, str(empty))
    assert "is not a plan" in _message(exc) and "plan.yaml" in _message(exc)


# --- errors --------------------------------------------------------------------------------


def test_unknown_revision(tmp_path: Path) -> None:
    _, plan = _two_versions(tmp_path)
    with pytest.raises(InputError) as exc:
        gitio.read_revision(plan, "v2010")
    assert _message(exc).startswith("unknown revision 'v2010'")
    assert "did you mean 'v2011'" in _message(exc)


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "", "a\nb"])
def test_option_like_revision_refused(tmp_path: Path, rev: str) -> None:
    _, plan = _two_versions(tmp_path)
    with pytest.raises(InputError) as exc:
        gitio.read_revision(plan, rev)
    assert "is not a revision" in _message(exc) or "empty revision" in _message(exc)


def test_not_a_git_repository(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan", {"10-a": section("A")})
    with pytest.raises(InputError) as exc:
        gitio.read_revision(plan, "v2011")
    assert "not in a git repository" in _message(exc)
    with pytest.raises(InputError) as exc:
        gitio.default_from(plan)
    assert "not in a git repository" in _message(exc)


def test_repository_without_commits(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    plan = write_plan(repo / "plan", {"10-a": section("A")})
    with pytest.raises(InputError) as exc:
        gitio.read_revision(plan, "HEAD")
    assert "no commits yet" in _message(exc)
    with pytest.raises(InputError) as exc:
        gitio.default_from(plan)
    assert "no commits yet" in _message(exc)


def test_single_commit_has_no_tag_for_default_from(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    plan = write_plan(repo / "plan", {"10-a": section("A")})
    commit_all(repo, "only")
    with pytest.raises(InputError) as exc:
        gitio.default_from(plan)
    assert _message(exc).startswith("no tags: pass --from")


def test_default_from_is_the_latest_tag(tmp_path: Path) -> None:
    repo, plan = _two_versions(tmp_path)
    assert gitio.default_from(plan) == "v2011"
    # The new version tagged too: the default compares with the tag before it ...
    git(repo, "tag", "v2012")
    assert gitio.default_from(plan) == "v2011"
    assert gitio.default_from(plan, "v2012") == "v2011"
    # ... unless the new side is the working tree.
    assert gitio.default_from(plan, None) == "v2012"
    # Only one tag, on HEAD itself: that tag is all there is.
    repo2 = init_repo(tmp_path / "repo2")
    plan2 = write_plan(repo2 / "plan", {"10-a": section("A")})
    commit_all(repo2, "one", tag="v1")
    assert gitio.default_from(plan2) == "v1"


def test_shallow_clone_missing_the_old_revision(tmp_path: Path) -> None:
    repo, _ = _two_versions(tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{repo}", str(clone))
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    plan = clone / "plan"
    assert gitio.read_revision(plan, "HEAD").plan.targets[0].target.value == 65
    for rev in ("v2011", "HEAD~1", git(repo, "rev-parse", "v2011")):
        with pytest.raises(InputError) as exc:
            gitio.read_revision(plan, rev)
        message = _message(exc)
        assert "shallow clone" in message and "git fetch --unshallow" in message, message
    with pytest.raises(InputError) as exc:
        gitio.default_from(plan)
    assert "shallow clone" in _message(exc)


def test_path_not_a_plan_at_that_revision(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    (repo / "README").write_text("before the plan")
    commit_all(repo, "start", tag="v0")
    (repo / "plan").mkdir()
    (repo / "plan" / "notes.md").write_text("no plan yet")
    commit_all(repo, "notes", tag="v1")
    plan = write_plan(repo / "plan", {"10-a": section("A")})
    commit_all(repo, "plan")
    with pytest.raises(InputError) as exc:
        gitio.read_revision(plan, "v0")
    assert "'plan' did not exist at v0" in _message(exc)
    with pytest.raises(InputError) as exc:
        gitio.read_revision(plan, "v1")
    assert "'plan' is not a plan at v1: it has no plan.yaml" in _message(exc)


# --- safe extraction -----------------------------------------------------------------------


def _tar(members: list[tuple[str, str, str]]) -> io.BytesIO:
    """(kind, name, data-or-linkname) -> an in-memory tar stream."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for kind, name, data in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                raw = data.encode()
                info.size = len(raw)
                tar.addfile(info, io.BytesIO(raw))
            elif kind == "dir":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            elif kind == "sym":
                info.type, info.linkname = tarfile.SYMTYPE, data
                tar.addfile(info)
            elif kind == "hard":
                info.type, info.linkname = tarfile.LNKTYPE, data
                tar.addfile(info)
            elif kind == "fifo":
                info.type = tarfile.FIFOTYPE
                tar.addfile(info)
    buf.seek(0)
    return buf


def test_extract_refuses_what_could_escape(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    stream = _tar([
        ("dir", "plan", ""),
        ("file", "plan/plan.yaml", "ok"),
        ("file", "/etc/evil", "x"),
        ("file", "plan/../../evil", "x"),
        ("sym", "plan/out", "../../outside"),
        ("sym", "plan/abs", str(outside)),
        ("sym", "plan/inside", "plan.yaml"),
        ("dir", "plan/sub", ""),
        ("sym", "plan/subl", "sub"),
        ("file", "plan/subl/through.md", "x"),
        ("file", "plan/out/escape.md", "x"),
        ("hard", "plan/hard", "plan/plan.yaml"),
        ("fifo", "plan/fifo", ""),
    ])
    skipped = gitio.extract_tar(stream, dest, "plan")
    assert (dest / "plan" / "plan.yaml").read_text() == "ok"
    assert (dest / "plan" / "inside").is_symlink()
    assert (dest / "plan" / "inside").read_text() == "ok"
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "evil").exists()
    assert not (dest / "plan" / "sub" / "through.md").exists()
    # The refused link left no link behind: a later member under its name is a plain
    # file inside dest.
    assert (dest / "plan" / "out" / "escape.md").is_file()
    assert not (dest / "plan" / "out").is_symlink()
    assert set(skipped) == {"/etc/evil", "../../evil", "out", "abs", "subl/through.md",
                            "hard", "fifo"}


def test_symlink_leaving_the_plan_in_history_is_not_followed(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    (repo / "secret.md").write_text("---\ntitle: Secret\n---\nsecret\n")
    plan = write_plan(repo / "plan", {"10-a": section("A")})
    (plan / "sections" / "20-evil.md").symlink_to("../../secret.md")
    commit_all(repo, "with link", tag="v1")
    rev = gitio.read_revision(plan, "v1")
    assert [s.title for s in rev.plan.sections] == ["A"]
    assert rev.skipped == ("sections/20-evil.md",)
    assert any(d.code == "F007" and d.file == "sections/20-evil.md"
               for d in rev.loaded.diagnostics)


# --- last changed --------------------------------------------------------------------------


def test_last_changed(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    plan = write_plan(repo / "plan", {"10-a": section("A"), "20-b": section("B")})
    commit_all(repo, "one", date="2011-03-28T12:00:00+00:00")
    (plan / "sections" / "20-b.md").write_text(section("B2"))
    commit_all(repo, "two", date="2012-01-05T09:30:00+00:00")
    (plan / "sections" / "30-new.md").write_text(section("C"))  # untracked
    a, b, c = (plan / "sections" / f"{n}.md" for n in ("10-a", "20-b", "30-new"))
    assert gitio.last_changed(a) == dt.datetime(2011, 3, 28, 12, tzinfo=dt.timezone.utc)
    assert gitio.last_changed(b) == dt.datetime(2012, 1, 5, 9, 30, tzinfo=dt.timezone.utc)
    assert gitio.last_changed(c) is None
    many = gitio.last_changed_many([a, b, c])
    assert many[a.resolve()].year == 2011 and many[b.resolve()].year == 2012
    assert many[c.resolve()] is None
    outside = write_plan(tmp_path / "nogit", {"10-a": section("A")})
    assert gitio.last_changed(outside / "plan.yaml") is None
    assert status(repo) == "?? plan/sections/30-new.md"


def test_plan_yaml_link_leaving_the_plan_is_refused(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    plan = write_plan(repo / "plan", {"10-a": section("A")})
    (repo / "shared.yaml").write_text((plan / "plan.yaml").read_text())
    (plan / "plan.yaml").unlink()
    (plan / "plan.yaml").symlink_to("../shared.yaml")
    commit_all(repo, "linked", tag="v1")
    with pytest.raises(InputError) as exc:
        gitio.read_revision(plan, "v1")
    assert "plan.yaml at v1 is not a regular file" in _message(exc)


# --- hostile repositories (issue 9) --------------------------------------------------------


def test_reading_a_revision_runs_nothing_from_the_repository(tmp_path: Path) -> None:
    """A committed .gitattributes naming a filter, and that filter (and an fsmonitor
    hook) in .git/config: reading the revision must run neither."""
    repo = init_repo(tmp_path / "repo")
    plan = write_plan(repo / "plan", {"10-a": section("Alpha")})
    (repo / ".gitattributes").write_text("* filter=evil diff=evil\n")
    commit_all(repo, "publish", tag="v1")
    marker = tmp_path / "ran"
    git(repo, "config", "filter.evil.smudge", f"touch {marker}-smudge; cat")
    git(repo, "config", "filter.evil.clean", "cat")
    git(repo, "config", "diff.evil.textconv", f"touch {marker}-textconv; cat")
    git(repo, "config", "core.fsmonitor", f"touch {marker}-fsmonitor; true #")
    git(repo, "config", "log.showSignature", "true")
    git(repo, "config", "gpg.program", str(tmp_path / "gpg.sh"))
    (tmp_path / "gpg.sh").write_text(f"#!/bin/sh\ntouch {marker}-gpg\n")
    (tmp_path / "gpg.sh").chmod(0o755)
    rev = gitio.read_revision(plan, "v1")
    assert rev.plan.sections[0].title == "Alpha"
    gitio.last_changed_many([plan / "sections" / "10-a.md"])
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ran")) == []


def test_a_huge_blob_in_history_is_never_written(tmp_path: Path, monkeypatch) -> None:
    repo = init_repo(tmp_path / "repo")
    plan = write_plan(repo / "plan", {"10-a": section("Alpha")})
    (plan / "images").mkdir()
    (plan / "images" / "huge.png").write_bytes(b"\x89PNG" + b"0" * (6 * 1024 * 1024))
    commit_all(repo, "publish", tag="v1")
    written: list[int] = []
    real = gitio._place

    def spy(entries, dest, inside=""):
        result = real(entries, dest, inside)
        written.extend(p.stat().st_size for p in dest.rglob("*") if p.is_file())
        return result

    monkeypatch.setattr(gitio, "_place", spy)
    rev = gitio.read_revision(plan, "v1")
    assert max(written) < 1024 * 1024
    assert any(d.code == "F007" and d.file == "images/huge.png" and "larger than 5 MB"
               in d.message for d in rev.loaded.diagnostics)
    monkeypatch.setattr(gitio, "MAX_TOTAL", 100)  # a total limit, before any write
    written.clear()
    with pytest.raises(InputError) as exc:
        gitio.read_revision(plan, "v1")
    assert "more than" in _message(exc) and written == []


@pytest.mark.parametrize("name", [".git", ".GIT"])
def test_a_git_folder_inside_a_revision_is_not_written(tmp_path: Path, name: str) -> None:
    dest = tmp_path / "dest"
    dest.mkdir()
    skipped = gitio.extract_tar(_tar([("dir", "plan", ""), ("file", "plan/plan.yaml", "ok"),
                                      ("file", f"plan/{name}/config", "x")]), dest, "plan")
    assert skipped == [f"{name}/config"] and not (dest / "plan" / name).exists()


def test_a_damaged_tree_says_what_git_says(tmp_path: Path) -> None:
    repo = init_repo(tmp_path / "repo")
    plan = write_plan(repo / "plan", {"10-a": section("Alpha")})
    commit_all(repo, "publish")
    (tmp_path / "junk").write_bytes(b"garbage")
    junk = git(repo, "hash-object", "-t", "tree", "--literally", "-w", str(tmp_path / "junk"))
    blob = git(repo, "hash-object", "-w", str(plan / "plan.yaml"))
    import subprocess

    top = subprocess.run(["git", "-C", str(repo), "mktree"], text=True, check=True,
                         capture_output=True,
                         input=f"040000 tree {junk}\tplan\n100644 blob {blob}\tx\n"
                         ).stdout.strip()
    commit = git(repo, "commit-tree", top, "-m", "crafted")
    git(repo, "tag", "crafted", commit)
    with pytest.raises(InputError) as exc:
        gitio.read_revision(plan, "crafted")
    assert "too-short tree object" in _message(exc)
