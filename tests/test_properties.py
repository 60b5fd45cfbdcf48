"""Property tests: whatever is in the files, ``load_plan`` + ``check_plan`` (and the
formatters) return diagnostics and never raise, and every diagnostic points at a real
place (line and column >= 1, inside the file) with a registered code.

In-process for speed: one plan folder per test, its random file rewritten per example.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import INTRO, PLAN_YAML, write_plan
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cyp_cli import formatters
from cyp_cli.check import check_plan
from cyp_cli.diagnostics import Level
from cyp_cli.model.load import load_plan
from cyp_cli.model.plan import Action, FrontMatter, PlanFile, Target
from cyp_cli.rules import all_rules

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CODES = set(all_rules())
RANDOM_FILE = "sections/03-random.md"

# --- strategies -------------------------------------------------------------------------

# YAML counts NEL, LS and PS as line breaks and editors do not; that known bug has its
# own test (test_bad_input.py::test_unicode_line_break_in_yaml), so random text leaves
# them out and this file checks everything else.
YAML_ONLY_BREAKS = "\x85\u2028\u2029"


def text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(st.characters(exclude_characters=YAML_ONLY_BREAKS), max_size=max_size)


# Text that is likely to matter to YAML, Markdown or the front-matter splitter.
TOKENS = ["---", "...", "\n", "\r\n", "\r", "\t", " ", ":", "- ", "[", "]", "{", "}", "&a",
          "*a", "!!python/object", "#", "## ", "[x](", "](", "02-health.md", "#what-we-will-do",
          ")", "![", "<div>", "`", "```", "|", "\ufeff", "\x00", "ŵ", "é", "😀",
          "title:", "core_aim:", "targets:", "actions:", "id:", "2011-04-01", "2010-11",
          "javascript:", "../", "%C5%B5", "\\", "'", '"', ">", "*", "_"]
soup = st.lists(st.one_of(st.sampled_from(TOKENS), text(max_size=8)), max_size=40).map(
    "".join)
unicode_text = st.one_of(text(max_size=200), soup)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
    text(max_size=30), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
    st.sampled_from(["wales", "england", "council", "health-board", "2010-11", "2013-14",
                     "increase", "decrease", "planned", "done", "wales.core-aim.1", "1", "two",
                     "", " ", "2011-04-01", "yes", "~"]),
)
front_keys = [*FrontMatter.FIELDS, *Target.FIELDS, *Action.FIELDS, "baseline", "value",
              "period", "start", "end", "Title", "core-aim", "x"]
plan_keys = [*PlanFile.FIELDS, "start", "end", "id", "name", "consultee", "select",
             "ignore", "per-file-ignores", "nation ", "x"]


def structures(keys: list[str]) -> st.SearchStrategy:
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(st.one_of(st.sampled_from(keys), text(max_size=6)), inner,
                            max_size=6),
        ),
        max_leaves=25,
    )


front_dicts = st.dictionaries(st.sampled_from(front_keys), structures(front_keys), max_size=10)
plan_dicts = st.dictionaries(st.sampled_from(plan_keys), structures(plan_keys), max_size=10)


def dump(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


front_matter_text = st.one_of(unicode_text, front_dicts.map(dump), structures(front_keys).map(dump))
section_files = st.one_of(
    st.tuples(front_matter_text, unicode_text).map(lambda p: f"---\n{p[0]}\n---\n{p[1]}"),
    unicode_text,
    st.binary(max_size=300).map(lambda b: b"---\ntitle: x\n---\n" + b),
)
plan_files = st.one_of(
    plan_dicts.map(dump),
    st.builds(lambda extra: PLAN_YAML + dump(extra), plan_dicts),
    unicode_text,
)
as_of = st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))

# --- the invariant ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def plan_dir():
    """A plan whose random file each example rewrites; lint's cache kept beside it."""
    with tempfile.TemporaryDirectory() as tmp:
        saved = os.environ.get("CYP_CACHE_DIR")
        os.environ["CYP_CACHE_DIR"] = str(Path(tmp) / "cache")
        try:
            yield write_plan(Path(tmp) / "plan")
        finally:
            if saved is None:
                del os.environ["CYP_CACHE_DIR"]
            else:
                os.environ["CYP_CACHE_DIR"] = saved


def _last_line(path: Path) -> int:
    """The last line a diagnostic may name: the file's last line, or the one just
    after it (where a parser reports an unexpected end of file)."""
    try:
        data = path.read_bytes()
    except OSError:
        return 1
    text = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return len(text.split("\n")) + 1


def lint_in_process(root: Path, day: dt.date | None) -> None:
    loaded = load_plan(root)
    report = check_plan(loaded, as_of=day)
    for _ in ("cold", "warm"):  # lint's cache must not change what is found
        cached = check_plan(load_plan(root, use_cache=True), as_of=day)
        assert cached.diagnostics == report.diagnostics
    for d in [*loaded.diagnostics, *report.diagnostics]:
        where = f"{d.file}:{d.line}:{d.col}: {d.code} {d.message}"
        assert d.code in CODES, where
        assert isinstance(d.level, Level), where
        assert isinstance(d.line, int) and d.line >= 1, where
        assert isinstance(d.col, int) and d.col >= 1, where
        assert d.file and not Path(d.file).is_absolute(), where
        if (root / d.file).is_file():
            assert d.line <= _last_line(root / d.file), f"line beyond the file: {where}"
    for name in formatters.FORMATS:
        out = formatters.get(name)([(report, report.diagnostics)])
        if name in ("json", "sarif"):
            json.loads(out)


def _write(path: Path, content: str | bytes) -> None:
    path.write_bytes(content.encode("utf-8", "surrogatepass")
                     if isinstance(content, str) else content)


@SETTINGS
@given(content=section_files, day=as_of)
@example(content="---\n---\n", day=None)
@example(content="---\ntitle: [\n---\n", day=None)
@example(content="---\n- a\n- b\n---\nbody", day=None)
@example(content="---\ntitle: x\ncore_aim: &a [*a]\n---\n", day=None)
@example(content="\ufeff---\r\ntitle: x\r\n---\r\n# H\r\n", day=None)
def test_random_section_never_raises(plan_dir, content, day):
    _write(plan_dir / RANDOM_FILE, content)
    lint_in_process(plan_dir, day)


@SETTINGS
@given(front=front_dicts, body=unicode_text, day=as_of)
def test_random_front_matter_structure_never_raises(plan_dir, front, body, day):
    front.setdefault("title", "Random")
    _write(plan_dir / RANDOM_FILE, f"---\n{dump(front)}---\n{body}")
    lint_in_process(plan_dir, day)


@SETTINGS
@given(plan_yaml=plan_files, section=front_dicts, day=as_of)
@example(plan_yaml="period: {start: 2014-01-01, end: 2011-01-01}\n", section={}, day=None)
@example(plan_yaml="nation: wales\npartners: [{id: a}, {id: a}]\n", section={}, day=None)
def test_random_plan_yaml_never_raises(plan_dir, plan_yaml, section, day):
    _write(plan_dir / "plan.yaml", plan_yaml)
    _write(plan_dir / RANDOM_FILE, f"---\n{dump({'title': 'R', **section})}---\n{INTRO}")
    try:
        lint_in_process(plan_dir, day)
    finally:
        _write(plan_dir / "plan.yaml", PLAN_YAML)
