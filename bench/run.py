"""Benchmarks for cyp, measured in one run against a floor measured in the same run.

    make bench            # = .venv/bin/python bench/run.py
    python bench/run.py -k 9 --only lint

Prints a table (median wall seconds and median CPU seconds, user + system of the
process and its children, of k subprocess runs, and both ratios to the case's floor,
measured in the same run: ``python -c "import markdown_it"`` unless the case names
another), the goals beside it (judged on the wall-clock ratio; the CPU ratio is the
steadier figure on a loaded machine), the ``-X importtime`` top 10
of lint's start-up, and whether build-only packages were imported by a lint run; writes
everything to ``bench/results/latest.json``.

To add a benchmark (build, review), register a :class:`Case` with :func:`case` or
:func:`register`: a name, a function that prepares and returns the command (it gets the
:class:`Ctx`: the python, the temporary folder, synthetic plans on demand), and an
optional goal. :func:`measure` is usable on its own.

A case whose floor takes under two seconds (the start-up floor ``import markdown_it``,
the parse floors, raw ``pandoc -s``) is timed *paired* with it: each of its runs
follows a run of the floor, and its ratio divides by the median of those floor runs.
A floor timed once, at another moment of the run, carried any passing disturbance
into every ratio against it: one run here measured the start-up floor at 0.092 s
against its usual 0.05 s, and every start-up ratio came out 40 % flattering.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

PYTHON = sys.executable
EXAMPLE = REPO / "example-plan"
BUILD_ONLY = ("jinja2", "pypandoc", "typst", "rich")
# Heavier than lint needs, reported for information (not goals).
WATCHED = ("typer", "click", "pydantic", "ruamel", "frontmatter", "docx", "markdown_it", "yaml")


# --- measuring ------------------------------------------------------------------------


@dataclass
class Stats:
    runs: list[float]
    returncode: int
    cpu: list[float] = field(default_factory=list)  # user + system seconds per run

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def worst(self) -> float:
        return max(self.runs)


def measure(cmd: list[str], k: int = 5, *, env: dict[str, str] | None = None,
            cwd: Path | None = None, warmup: int = 1, ok: tuple[int, ...] = (0, 1),
            paired: tuple[list[str], dict[str, str]] | None = None,
            quick_k: int = 0) -> tuple[Stats, Stats | None]:
    """Wall time and CPU time of ``cmd`` in a subprocess, ``k`` times after ``warmup``
    untimed runs (the warm-up fills the OS file cache, so every timed run sees the same
    disk). CPU time is user + system of the process and every descendant it waited
    for (``RUSAGE_CHILDREN``): other programs' load changes it far less than wall time.
    With ``paired`` (a floor's command and environment), the floor runs before each
    run of ``cmd`` and its times come back too: the two see the same moment. A command
    whose warm-up took under ``QUICK_UNDER`` seconds is timed ``quick_k`` times if that
    is more than ``k``: on a shared machine a short run's time jumps between two
    levels, and five runs give a median that is either."""
    full_env = {**os.environ, **(env or {})}
    floor_env = {**os.environ, **paired[1]} if paired else {}
    code = 0
    took = 0.0
    for _ in range(warmup):
        took, _, code = _timed(cmd, full_env, cwd)
        if paired:
            _run(paired[0], floor_env, None)
    if took < QUICK_UNDER:
        k = max(k, quick_k)
    runs, cpu = [], []
    floor_runs: list[float] = []
    floor_cpu: list[float] = []
    for _ in range(k):
        if paired:
            wall, used, _ = _timed(paired[0], floor_env, None)
            floor_runs.append(wall)
            floor_cpu.append(used)
        wall, used, code = _timed(cmd, full_env, cwd)
        runs.append(wall)
        cpu.append(used)
    if code not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited {code}")
    return Stats(runs, code, cpu), (Stats(floor_runs, 0, floor_cpu) if paired else None)


def _timed(cmd: list[str], env: dict[str, str], cwd: Path | None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, exit code) of one run."""
    before = _children_cpu()
    start = time.perf_counter()
    code = _run(cmd, env, cwd)
    return time.perf_counter() - start, _children_cpu() - before, code


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(cmd: list[str], env: dict[str, str], cwd: Path | None) -> int:
    return subprocess.run(cmd, env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


# --- the registry of cases ----------------------------------------------------------------


@dataclass
class Ctx:
    """What a case's setup gets: where to put files, and plans made once and shared."""

    tmp: Path
    k: int
    plans: dict[int, Path] = field(default_factory=dict)

    def synthetic(self, n: int) -> Path:
        if n not in self.plans:
            self.plans[n] = synth.write_plan(self.tmp / f"synthetic-{n}", n)
        return self.plans[n]

    def cache(self, name: str) -> Path:
        return self.tmp / "cache" / name


@dataclass
class Case:
    name: str
    group: str
    setup: Callable[[Ctx], tuple[list[str], dict[str, str]] | None]  # None: skip
    goal: str = ""
    check: Callable[[float, float], bool] | None = None  # (seconds, ratio) -> met?
    note: str = ""
    # The case whose medians the ratios divide by ("": the first floor), or a function
    # naming it once ``needs`` (cases run first) are measured.
    floor: str | Callable[[], str] = ""
    needs: tuple[str, ...] = ()


CASES: list[Case] = []
# Every case's command and environment, once it has run: a case whose floor takes
# under PAIR_UNDER seconds is timed paired with it (module docstring).
COMMANDS: dict[str, tuple[list[str], dict[str, str]]] = {}
PAIR_UNDER = 2.0
# A case whose warm-up took under QUICK_UNDER seconds is timed QUICK_TIMES times as
# often as -k says (measure's docstring says why).
QUICK_UNDER, QUICK_TIMES = 0.5, 4
# Median seconds of every case run so far, so a goal can compare with its own floor
# measured in the same run (e.g. DOCX against raw pandoc on the same Markdown).
MEDIANS: dict[str, float] = {}


def register(c: Case) -> Case:
    CASES.append(c)
    return c


def case(name: str, group: str, goal: str = "",
         check: Callable[[float, float], bool] | None = None) -> Callable:
    """Decorator form of :func:`register` for a setup function."""

    def wrap(setup: Callable[[Ctx], tuple[list[str], dict[str, str]] | None]) -> Callable:
        register(Case(name, group, setup, goal, check))
        return setup

    return wrap


def cyp(*args: str) -> list[str]:
    """The console script pre-commit runs, beside this python; else ``-m cyp_cli``."""
    script = Path(PYTHON).parent / "cyp"
    return [str(script), *args] if script.exists() else [PYTHON, "-m", "cyp_cli", *args]


def cold(ctx: Ctx, name: str) -> dict[str, str]:
    """Environment for a run with no cache (CI, a first commit)."""
    return {"CYP_NO_CACHE": "1", "CYP_CACHE_DIR": str(ctx.cache(name))}


def warm(ctx: Ctx, name: str, cmd: list[str]) -> dict[str, str]:
    """Environment for a run whose cache is already filled (pre-commit, second time)."""
    env = {"CYP_CACHE_DIR": str(ctx.cache(name))}
    _run(cmd, {**os.environ, **env}, None)
    return env


def example_lints() -> bool:
    if not (EXAMPLE / "plan.yaml").is_file():
        return False
    code = _run(cyp("lint", str(EXAMPLE)), {**os.environ, "CYP_NO_CACHE": "1"}, None)
    return code == 0


@case("floor: python -c 'import markdown_it'", "floor")
def _floor(ctx: Ctx):
    return [PYTHON, "-c", "import markdown_it"], {}


PARSE_FLOOR = "floor: single-process parse, synthetic 2000"
EXAMPLE_PARSE_FLOOR = "floor: single-process parse, example-plan"
# What lint cannot avoid doing for each section, in one process: read it, split off
# the front matter, compose the YAML with the C loader, parse the body with
# markdown-it configured as cyp configures it.
PARSE = """
import sys, pathlib, yaml
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
for path in sorted(pathlib.Path(sys.argv[1], "sections").glob("*.md")):
    _, front, body = path.read_text(encoding="utf-8").split("---\\n", 2)
    yaml.compose(front, Loader=yaml.CSafeLoader)
    md.parse(body)
"""


def _lint_cases() -> None:
    @case(PARSE_FLOOR, "lint")
    def _parse_floor(ctx: Ctx):
        return [PYTHON, "-c", PARSE, str(ctx.synthetic(2000))], {}

    # The same floor for the example: its ratio to the start-up floor is the least a
    # cold lint of the example can reach before checking anything (docs/performance.md).
    @case(EXAMPLE_PARSE_FLOOR, "lint")
    def _example_parse_floor(ctx: Ctx):
        return ([PYTHON, "-c", PARSE, str(EXAMPLE)], {}) if example_lints() else None

    for label, path_of in (
        ("example-plan", lambda ctx: EXAMPLE if example_lints() else None),
        ("synthetic 200", lambda ctx: ctx.synthetic(200)),
        ("synthetic 2000", lambda ctx: ctx.synthetic(2000)),
    ):
        for mode in ("cold", "warm"):
            floor = ""
            if label == "example-plan":
                limit = 2.0 if mode == "cold" else 1.5
                goal, check = f"<= {limit}x floor", (lambda s, r, limit=limit: r <= limit)
            elif label == "synthetic 2000" and mode == "cold":
                floor = PARSE_FLOOR
                goal, check = "<= 1.5x parse floor", (lambda s, r: r <= 1.5)
            elif label == "synthetic 2000":
                goal, check = "< 2 s", (lambda s, r: s < 2.0)
            else:
                goal, check = "", None

            def setup(ctx: Ctx, path_of=path_of, mode=mode, label=label):
                path = path_of(ctx)
                if path is None:
                    return None
                cmd = cyp("lint", str(path))
                name = label.replace(" ", "-")
                return cmd, (cold(ctx, name) if mode == "cold" else warm(ctx, name, cmd))

            register(Case(f"cyp lint {label} ({mode} cache)", "lint", setup, goal, check,
                          floor=floor))


_lint_cases()


# --- review -----------------------------------------------------------------------------------


def review_history(ctx: Ctx, n: int = 200) -> Path:
    """A git repository holding a synthetic plan of ``n`` sections in two commits:
    ``v1``, then a year's changes (every tenth section's first target lowered, every
    fifth section's prose edited, a 2011-12 figure for every target, one section
    removed). Returns the plan folder."""
    import re as _re

    repo = ctx.tmp / f"review-{n}"
    plan = synth.write_plan(repo / "plan", n)
    git = ["git", "-c", "user.name=cyp", "-c", "user.email=cyp@example.invalid",
           "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false",
           "-c", "init.defaultBranch=main", "-C", str(repo)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}

    def run(*args: str) -> None:
        subprocess.run([*git, *args], env=env, check=True, capture_output=True)

    run("init", "--quiet")
    run("add", "--all")
    run("commit", "--quiet", "-m", "v1")
    run("tag", "v1")
    files = sorted((plan / "sections").glob("*.md"))
    rows = ["target,period,value,source"]
    for i, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        if i % 10 == 0:  # a moved goalpost
            text = _re.sub(r"(target: \{value: )([\d.]+)",
                           lambda m: f"{m[1]}{float(m[2]) - 2:.1f}", text, count=1)
        if i % 5 == 0:  # prose edited
            text = text.replace("## How we will do it", "## How we will do it\n\n"
                                "Partners reviewed this priority in May 2012.", 1)
        path.write_text(text, encoding="utf-8")
        rows += [f"s{i}-t0,2011-12,{50 + i % 30}.0,Monitoring returns",
                 f"s{i}-t1,2011-12,{40 + i % 30}.0,Monitoring returns"]
    (plan / "data").mkdir(exist_ok=True)
    (plan / "data" / "actuals.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    files[-1].unlink()  # a section removed
    run("add", "--all")
    run("commit", "--quiet", "-m", "annual review")
    return plan


@case("cyp review synthetic 200, 2 revisions (html)", "review", "< 2 s",
      lambda s, r: s < 2.0)
def _review_html(ctx: Ctx):
    plan = review_history(ctx)
    return cyp("review", str(plan), "--from", "v1", "--to", "HEAD", "--format", "html",
               "--as-of", "2012-06-01", "--out", str(ctx.tmp / "review-out")), {}


@case("cyp review synthetic 200 (html, docx, pdf)", "review")
def _review_all(ctx: Ctx):
    plan = ctx.tmp / "review-200" / "plan"
    if not plan.is_dir():
        plan = review_history(ctx)
    return cyp("review", str(plan), "--from", "v1", "--to", "HEAD", "--as-of", "2012-06-01",
               "--out", str(ctx.tmp / "review-out-all")), {}


def concatenated_markdown(plan: Path, dest: Path) -> Path:
    """The plan's section bodies as one Markdown file (each title as a heading): what a
    raw pandoc run would be given, the floor a build is compared with."""
    parts = []
    for path in sorted((plan / "sections").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        title = next((line.split(":", 1)[1].strip().strip('"')
                      for line in front.splitlines() if line.startswith("title:")), path.stem)
        parts.append(f"# {title}\n\n{body}")
    dest.write_text("\n\n".join(parts), encoding="utf-8")
    return dest


def _pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


TYPST_COMPILE = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])"

# The whole published document (sections *and* the registers, indexes and appendices
# the build generates) as Markdown, through cyp's own document tree and pandoc. A
# second floor: raw pandoc on the same content, so the comparison shows cyp's own
# overhead rather than the size of what it adds.
DOCUMENT_AS_MARKDOWN = """
import sys, subprocess, json
from cyp_cli.check import check_plan
from cyp_cli.model.load import load_plan
from cyp_cli.document import build_document
from cyp_cli.render.pandoc import api_version, pandoc_path
from cyp_cli.render.pandoc_ast import image_as_data_uri, to_pandoc
report = check_plan(load_plan(sys.argv[1]))
doc = build_document(report.plan, nation=report.nation, coverage=report.context.coverage,
                     regime=report.regime)
ast = to_pandoc(doc, image_as_data_uri, api_version(), target="docx")

def spaced(x):
    # Each word its own Str between Space tokens, as pandoc's Markdown reader gives
    # them: cyp sends a phrase as one Str (render/pandoc_ast.py:words), which the
    # Markdown writer could not wrap, and the floor's input would change with it.
    if isinstance(x, dict):
        return {k: spaced(v) for k, v in x.items()}
    if not isinstance(x, list):
        return x
    out = []
    for v in x:
        if isinstance(v, dict) and v.get("t") == "Str" and " " in v["c"]:
            for n, word in enumerate(v["c"].split(" ")):
                if n:
                    out.append({"t": "Space"})
                if word:
                    out.append({"t": "Str", "c": word})
        else:
            out.append(spaced(v))
    return out

ast = spaced(ast)
md = subprocess.run([pandoc_path(), "-f", "json", "-t", "markdown", "-o", sys.argv[2]],
                    input=json.dumps(ast).encode(), check=True)
"""


def whole_document_markdown(plan: Path, dest: Path) -> Path:
    if not dest.exists():
        subprocess.run([PYTHON, "-c", DOCUMENT_AS_MARKDOWN, str(plan), str(dest)], check=True)
    return dest


def _build_cases() -> None:
    """cyp build (issue 4): HTML at 20, 200 and 2000 sections; DOCX and PDF at 200
    against their raw floors on the same concatenated Markdown."""
    html_floor = "floor: raw pandoc -s to html, synthetic 200"

    @case(html_floor, "build")
    def _html_floor(ctx: Ctx):
        md = concatenated_markdown(ctx.synthetic(200), ctx.tmp / "concat-200.md")
        return [_pandoc(), str(md), "-s", "-o", str(ctx.tmp / "floor-html-bodies.html")], {}

    for n in (20, 200, 2000):
        goal, check, floor_of = ("", None, "")
        if n == 200:
            goal, check, floor_of = "<= 1.0x pandoc -s", (lambda s, r: r <= 1.0), html_floor

        def html(ctx: Ctx, n: int = n):
            plan = ctx.synthetic(n)
            return cyp("build", str(plan), "--format", "html", "--out",
                       str(ctx.tmp / f"dist-html-{n}")), cold(ctx, f"build-{n}")

        register(Case(f"cyp build html, synthetic {n}", "build", html, goal, check,
                      floor=floor_of))

    # The example plan (English and Welsh editions), each format alone and all three
    # together: building them together costs at most 1.3x the slowest one alone.
    singles = [f"cyp build example-plan {fmt}" for fmt in ("html", "docx", "pdf")]
    for fmt, name in zip(("html", "docx", "pdf"), singles, strict=True):
        def example(ctx: Ctx, fmt: str = fmt):
            if not example_lints():
                return None
            return cyp("build", str(EXAMPLE), "--format", fmt, "--out",
                       str(ctx.tmp / f"dist-example-{fmt}")), cold(ctx, f"example-{fmt}")

        register(Case(name, "build", example))

    def example_all(ctx: Ctx):
        if not example_lints():
            return None
        return cyp("build", str(EXAMPLE), "--out", str(ctx.tmp / "dist-example-all")), \
            cold(ctx, "example-all")

    register(Case("cyp build example-plan (html, docx, pdf)", "build", example_all,
                  "<= 1.3x slowest format", lambda s, r: r <= 1.3,
                  floor=lambda: max(singles, key=lambda n: MEDIANS.get(n, 0.0)),
                  needs=tuple(singles)))

    def floor(fmt: str, whole: bool) -> Callable:
        """Raw pandoc (docx) or pandoc to Typst plus typst.compile (pdf) on the bodies'
        Markdown, or (``whole``) on the whole published document as Markdown."""

        def setup(ctx: Ctx):
            plan = ctx.synthetic(200)
            md = (whole_document_markdown(plan, ctx.tmp / "whole-200.md") if whole
                  else concatenated_markdown(plan, ctx.tmp / "concat-200.md"))
            out = ctx.tmp / f"floor-{fmt}-{'whole' if whole else 'bodies'}"
            if fmt == "docx":
                return [_pandoc(), str(md), "-o", str(out.with_suffix(".docx"))], {}
            typ = str(out.with_suffix(".typ"))
            script = (shlex.join([_pandoc(), str(md), "-t", "typst", "-o", typ]) + " && "
                      + shlex.join([PYTHON, "-c", TYPST_COMPILE, typ,
                                    str(out.with_suffix(".pdf"))]))
            return ["sh", "-c", script], {}

        return setup

    docx_whole = "floor: raw pandoc docx, whole document, synthetic 200"
    register(Case(docx_whole, "build", floor("docx", whole=True)))
    pdf_whole = "floor: raw pandoc+typst, whole document, synthetic 200"
    register(Case(pdf_whole, "build", floor("pdf", whole=True)))
    for fmt, floor_name in (
        ("docx", "floor: raw pandoc docx, synthetic 200"),
        ("pdf", "floor: raw pandoc to typst + typst compile, synthetic 200"),
    ):
        register(Case(floor_name, "build", floor(fmt, whole=False)))

        def build(ctx: Ctx, fmt: str = fmt):
            return cyp("build", str(ctx.synthetic(200)), "--format", fmt, "--out",
                       str(ctx.tmp / f"dist-{fmt}")), cold(ctx, f"build-{fmt}")

        # Against the whole document: cyp writes what it adds too (registers, indexes,
        # the coverage appendix: 3.6 times the bodies' Markdown at 200 sections). The
        # bodies-only floors stay in the table for comparison. (The DOCX goal used to
        # be judged against the bodies-only floor while its ratio was printed against
        # the start-up floor, so neither figure said what was judged.)
        register(Case(f"cyp build {fmt}, synthetic 200", "build", build,
                      "<= 1.3x whole-document floor", lambda s, r: r <= 1.3,
                      floor=pdf_whole if fmt == "pdf" else docx_whole))


_build_cases()


# --- cyp import (issue 11) ------------------------------------------------------------

IMPORT_SECTIONS = 38  # a synthetic plan of 38 sections builds to a DOCX of about 100 pages


def import_docx(ctx: Ctx) -> Path:
    """A DOCX of about 100 pages: a synthetic plan built by cyp (sections, registers,
    indexes and coverage appendix), made once per run outside the timings."""
    dest = ctx.tmp / "import-source" / "plan.docx"
    if not dest.exists():
        plan = ctx.synthetic(IMPORT_SECTIONS)
        subprocess.run(cyp("build", str(plan), "--format", "docx", "--out", str(dest.parent)),
                       check=True, capture_output=True)
    return dest


def _import_cases() -> None:
    floor_name = "floor: raw pandoc docx->markdown, 100-page DOCX"

    @case(floor_name, "import")
    def _floor(ctx: Ctx):
        return [_pandoc(), "-f", "docx", "-t", "markdown", str(import_docx(ctx)), "-o",
                str(ctx.tmp / "import-floor.md")], {}

    def _import(ctx: Ctx):
        out = ctx.tmp / "import-out"
        # Each run imports into a new folder (a non-empty one is refused).
        script = (f"rm -rf {shlex.quote(str(out))} && "
                  + shlex.join(cyp("import", str(import_docx(ctx)), str(out), "--nation",
                                   "wales")))
        return ["sh", "-c", script], {}

    # Ratios against raw pandoc on the same file, measured in the same run.
    register(Case("cyp import, 100-page DOCX", "import", _import, "<= 1.5x raw pandoc",
                  lambda s, r: r <= 1.5, floor=floor_name, needs=(floor_name,)))


_import_cases()


# --- what lint imports ----------------------------------------------------------------------


def importtime(args: list[str], top: int = 10) -> list[dict[str, object]]:
    """The ``top`` imports by cumulative time (microseconds) of ``python -X importtime
    -m cyp_cli ARGS``."""
    proc = subprocess.run([PYTHON, "-X", "importtime", "-m", "cyp_cli", *args],
                          env={**os.environ, "CYP_NO_CACHE": "1"}, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)", line)
        if m:
            rows.append({"module": m[4], "self_us": int(m[1]), "cumulative_us": int(m[2]),
                         "depth": len(m[3]) // 2})
    return sorted(rows, key=lambda r: -int(r["cumulative_us"]))[:top]


PROBE = """
import json, runpy, sys
sys.argv = ["cyp", "lint", *sys.argv[1:]]
try:
    runpy.run_module("cyp_cli", run_name="__main__")
except SystemExit:
    pass
print("@@MODULES@@" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def modules_after_lint(path: Path) -> list[str]:
    """Top-level packages in ``sys.modules`` after a whole lint run of ``path``."""
    proc = subprocess.run([PYTHON, "-c", PROBE, str(path)], capture_output=True, text=True,
                          env={**os.environ, "CYP_NO_CACHE": "1"}, stdin=subprocess.DEVNULL)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("@@MODULES@@"):
            return json.loads(line[len("@@MODULES@@"):])
    raise RuntimeError(f"lint probe failed: {proc.stderr[-500:]}")


def findings(path: Path) -> dict[str, int]:
    proc = subprocess.run(cyp("lint", str(path), "--format", "json"), capture_output=True,
                          text=True, env={**os.environ, "CYP_NO_CACHE": "1"})
    try:
        return json.loads(proc.stdout)["summary"]
    except (ValueError, KeyError):
        return {"exit": proc.returncode}


# --- the run ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-k", type=int, default=5,
                    help=f"timed runs per case (median; >= 5; {QUICK_TIMES} times as many "
                         f"for a case under {QUICK_UNDER} s)")
    ap.add_argument("--only", default="", help="run only cases whose group or name "
                                               "contains this (the floor always runs)")
    ap.add_argument("--output", type=Path, default=HERE / "results" / "latest.json")
    args = ap.parse_args(argv)
    k = max(args.k, 5)

    tmp = Path(tempfile.mkdtemp(prefix="cyp-bench-"))
    ctx = Ctx(tmp, k)
    results: list[dict[str, object]] = []
    cpu: dict[str, float] = {}  # median CPU seconds by case name
    by_name = {c.name: c for c in CASES}
    load = os.getloadavg()
    try:
        _compile_bytecode()
        print(f"cyp bench: {platform.python_implementation()} {platform.python_version()}, "
              f"{os.cpu_count()} CPUs, median of {k} runs ({QUICK_TIMES * k} under "
              f"{QUICK_UNDER} s), load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n")
        header = (f"{'case':<50} {'wall s':>7} {'min s':>6} {'max s':>6} {'cpu s':>6} "
                  f"{'x floor':>8} {'cpu x':>6}  goal")
        print(header)
        print("-" * len(header))

        def run_case(c: Case) -> None:
            if c.name in MEDIANS or any(r["name"] == c.name for r in results):
                return
            for needed in c.needs + ((c.floor,) if isinstance(c.floor, str) and c.floor
                                     else ()):
                run_case(by_name[needed])
            prepared = c.setup(ctx)
            if prepared is None:
                print(f"{c.name:<50} skipped (example-plan missing or not clean)")
                results.append({"name": c.name, "group": c.group, "skipped": True})
                return
            cmd, env = prepared
            # lint exits 1 when it finds something; a build, review or import that
            # exits 1 failed, and timing a failure would flatter it
            ok = (0, 1) if c.group in ("floor", "lint") else (0,)
            floor_name = (c.floor() if callable(c.floor) else c.floor) or CASES[0].name
            pair = (COMMANDS[floor_name] if floor_name != c.name
                    and MEDIANS[floor_name] < PAIR_UNDER else None)
            stats, floor_stats = measure(cmd, k, env=env, ok=ok, paired=pair,
                                        quick_k=QUICK_TIMES * k)
            MEDIANS[c.name] = stats.median
            cpu[c.name] = stats.cpu_median
            COMMANDS[c.name] = (cmd, env)
            below = (floor_stats.median, floor_stats.cpu_median) if floor_stats else (
                MEDIANS[floor_name], cpu[floor_name])
            ratio = stats.median / below[0]
            cpu_ratio = stats.cpu_median / below[1] if below[1] else 0.0
            met = None if c.check is None else bool(c.check(stats.median, ratio))
            mark = "" if met is None else ("  ok" if met else "  MISSED")
            print(f"{c.name:<50} {stats.median:7.3f} {stats.best:6.3f} {stats.worst:6.3f} "
                  f"{stats.cpu_median:6.3f} {ratio:7.2f}x {cpu_ratio:5.2f}x  {c.goal}{mark}")
            results.append({
                "name": c.name, "group": c.group, "cmd": cmd,
                "env": {k_: v for k_, v in env.items() if k_ != "CYP_CACHE_DIR"},
                "median_s": round(stats.median, 4), "min_s": round(stats.best, 4),
                "max_s": round(stats.worst, 4), "runs_s": [round(r, 4) for r in stats.runs],
                "cpu_median_s": round(stats.cpu_median, 4),
                "cpu_runs_s": [round(r, 4) for r in stats.cpu],
                "floor": floor_name, "ratio_to_floor": round(ratio, 3),
                # the floor's medians as timed beside this case (paired), or once
                "floor_median_s": round(below[0], 4), "floor_cpu_median_s": round(below[1], 4),
                "floor_paired": floor_stats is not None,
                "cpu_ratio_to_floor": round(cpu_ratio, 3), "exit": stats.returncode,
                "goal": c.goal, "goal_met": met,
            })

        for c in CASES:
            if c.group == "floor" or not args.only or args.only in c.name + c.group:
                run_case(c)
        floor = MEDIANS[CASES[0].name]

        print("\nfindings (lint --format json summary):")
        plans = {"example-plan": EXAMPLE} if (EXAMPLE / "plan.yaml").is_file() else {}
        plans.update({f"synthetic {n}": p for n, p in sorted(ctx.plans.items())})
        found = {name: findings(p) for name, p in plans.items()}
        for name, summary in found.items():
            print(f"  {name:<16} {summary}")

        print("\npython -X importtime -m cyp_cli lint --help: top 10 cumulative")
        top_help = importtime(["lint", "--help"])
        _print_imports(top_help)
        lint_target = EXAMPLE if (EXAMPLE / "plan.yaml").is_file() else ctx.synthetic(200)
        print(f"\npython -X importtime -m cyp_cli lint {lint_target.name}: top 10 cumulative")
        top_lint = importtime(["lint", str(lint_target)])
        _print_imports(top_lint)

        loaded = modules_after_lint(lint_target)
        build_only = {m: m in loaded for m in BUILD_ONLY}
        watched = {m: m in loaded for m in WATCHED}
        print(f"\nafter 'cyp lint {lint_target.name}', in sys.modules:")
        for m, there in build_only.items():
            print(f"  {m:<12} {'PRESENT (must not be)' if there else 'absent (good)'}")
        print("  also: " + ", ".join(f"{m} {'yes' if t else 'no'}" for m, t in watched.items()))

        doc = {
            "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "k": k, "floor_s": round(floor, 4),
            "floor_cpu_s": round(cpu[CASES[0].name], 4),
            "load_average_at_start": [round(x, 2) for x in load],
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
            "cases": results, "findings": found,
            "importtime_lint_help_top10": top_help, "importtime_lint_top10": top_lint,
            "build_only_modules_after_lint": build_only, "watched_modules_after_lint": watched,
        }
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        shown = args.output.relative_to(REPO) if args.output.is_relative_to(REPO) else args.output
        print(f"\nwrote {shown}")
        missed = [r["name"] for r in results if r.get("goal_met") is False]
        if missed:
            print("goals missed: " + "; ".join(missed))
        if any(build_only.values()):
            print("build-only packages imported by lint: "
                  + ", ".join(m for m, t in build_only.items() if t))
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _compile_bytecode() -> None:
    """Write cyp's bytecode first, as installing it does: with PYTHONDONTWRITEBYTECODE
    set (as in some CI and sandboxes) every run would otherwise compile every module
    from source, a cost no installed cyp pays (the floor's markdown-it is compiled)."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(REPO / "cyp_cli")],
                   check=True, stdout=subprocess.DEVNULL)


def _print_imports(rows: list[dict[str, object]]) -> None:
    for r in rows:
        print(f"  {int(r['cumulative_us']) / 1000:8.1f} ms  (self {int(r['self_us']) / 1000:6.1f})"
              f"  {r['module']}")


if __name__ == "__main__":
    sys.exit(main())
