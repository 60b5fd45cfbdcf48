"""Read a plan folder into the model.

The stage of the pipeline that touches the disk: it finds the plan, reads bytes,
decodes them, splits front matter from body, composes the YAML and fills the model.
Every problem becomes a :class:`Diagnostic` at the file and line where it arose; only a
folder that is not a plan at all raises :class:`InputError`. Sources are only read.

Front matter is split here rather than with python-frontmatter: its splitter returns
strings without the body's line offset, which every body diagnostic needs.
"""

from __future__ import annotations

import csv
import errno
import io
import math
import os
import pickle
import re
import stat
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..cache import FileCache, cache_dir, dumps
from ..diagnostics import Diagnostic, InputError, Level
from . import yamlnodes as yn
from .outline import outline
from .plan import Actual, FrontMatter, Plan, PlanFile, Section
from .record import localised
from .spec import MAX_FIGURE, Obj, Reader

PLAN_FILE = "plan.yaml"
SECTIONS_DIR = "sections"
ACTUALS_CSV = "data/actuals.csv"
# A section is prose; anything this large is a mistake (a pasted export, a binary).
MAX_BYTES = 5 * 1024 * 1024
LANG_CODES = {"en", "cy", "ga", "gd"}


class Loaded(NamedTuple):
    """A plan as read, with the problems met while reading it."""

    plan: Plan
    diagnostics: list[Diagnostic]


def find_root(start: Path) -> Path:
    """The plan folder containing ``start`` (a folder or a file in it)."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / PLAN_FILE).is_file():
            return folder
    raise InputError(
        Diagnostic(
            str(start), 1, 1, "F000", Level.ERROR,
            f"no {PLAN_FILE} here or in any parent folder: not a plan "
            "(create one with 'cyp init DIR')",
        )
    )


def decode(data: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 (a BOM is dropped), line endings made '\\n'."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Diagnostic(
                rel, line, col, "F007", Level.ERROR,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            )
        ]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Diagnostic(rel, line, 1, "F007", Level.ERROR,
                                 "contains NUL bytes: not a text file")]
    return text, []


@lru_cache(maxsize=64)
def _real_dir(folder: Path) -> Path:
    return folder.resolve()


def read_source(path: Path, root: Path, rel: str) -> tuple[str | None, list[Diagnostic]]:
    """Read one source file safely: inside the plan, a regular file, not huge."""
    def fail(message: str) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(rel, 1, 1, "F007", Level.ERROR, message)]

    try:
        # One lstat per file; links (of the file or of its folder) are resolved and
        # must stay inside the plan.
        info = os.lstat(path)
        real = path
        if stat.S_ISLNK(info.st_mode) or not _real_dir(path.parent).is_relative_to(
            _real_dir(root)
        ):
            real = path.resolve(strict=True)
            if not real.is_relative_to(_real_dir(root)):
                return fail(f"is a link to {real}, outside the plan folder; "
                            "refusing to read it")
            info = real.stat()
        if stat.S_ISDIR(info.st_mode):
            return fail("is a folder, not a Markdown file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or device would block or never end
            return fail("is not a regular file")
        size = info.st_size
        if size > MAX_BYTES:
            return fail(
                f"is {size / 1048576:.1f} MB; a section may be at most "
                f"{MAX_BYTES // 1048576} MB (split it, or move data to data/)"
            )
        data = real.read_bytes()
    except RuntimeError:  # Python 3.11 raises this for a symlink loop
        return fail("is a symbolic link that loops back on itself")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return fail("is a symbolic link that loops back on itself")
        return fail(f"cannot be read: {exc.strerror or exc}")
    return decode(data, rel)


def split_front_matter(text: str, rel: str) -> tuple[str | None, str, int, list[Diagnostic]]:
    """(front matter, body, body's first line, diagnostics)."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return None, text, 1, [
            Diagnostic(rel, 1, 1, "F006", Level.ERROR,
                       "no front matter: a section starts with a '---' line, YAML "
                       "(at least 'title:'), and another '---' line")
        ]
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]) + "\n", "\n".join(lines[i + 1 :]), i + 2, []
    return None, text, 1, [
        Diagnostic(rel, 1, 1, "F006", Level.ERROR,
                   "front matter is not closed: add a '---' line after the YAML")
    ]


def read_plan_file(root: Path, cache: FileCache | None = None) -> tuple[
    PlanFile, list[Diagnostic]
]:
    rel = PLAN_FILE
    text, diags = read_source(root / PLAN_FILE, root, rel)
    if text is None:
        return PlanFile(file=rel), diags
    if cache is not None:
        return cache.get(rel, text, lambda: parse_plan_file(text))
    return parse_plan_file(text)


def parse_plan_file(text: str) -> tuple[PlanFile, list[Diagnostic]]:
    rel = PLAN_FILE
    node, diags = yn.compose(text, rel)
    if node is None or (node.id == yn.SCALAR and node.tag == yn.NULL):
        if not diags:
            diags = [Diagnostic(rel, 1, 1, "F005", Level.ERROR,
                                "plan.yaml is empty (it needs at least 'nation:', 'title:', "
                                "'authority:', 'period:' and 'partners:')")]
        return PlanFile(file=rel), diags
    reader = Reader(rel, what="plan.yaml", lines=yn.line_map(text))
    plan_file = Obj(PlanFile).read(node, reader, "")
    if not isinstance(plan_file, PlanFile):
        return PlanFile(file=rel), reader.diagnostics
    return plan_file, reader.diagnostics


def parse_section(path: Path, rel: str, text: str, with_markdown: bool = False) -> tuple[
    Section | None, list[Diagnostic]
]:
    """Section model from a file's text. ``with_markdown`` parses the body now (so a
    cached section carries its headings and links)."""
    yaml_text, body, body_line, diags = split_front_matter(text, rel)
    if yaml_text is None:
        return None, diags
    node, diags = yn.compose(yaml_text, rel, line_offset=1)
    if diags:
        return None, diags
    reader = Reader(rel, line_offset=1, what="front matter", lines=yn.line_map(yaml_text))
    if node is None or (node.id == yn.SCALAR and node.tag == yn.NULL):
        meta = FrontMatter(file=rel)
        reader.diagnostics.append(
            Diagnostic(rel, 1, 1, "F005", Level.ERROR, "missing required key 'title'"))
    else:
        meta = Obj(FrontMatter).read(node, reader, "")
        if not isinstance(meta, FrontMatter):
            return None, reader.diagnostics
    parts = path.name.split(".")[1:-1]  # foo.cy.md -> ["cy"]; foo.children.md -> ["children"]
    lang = next((p for p in parts if p in LANG_CODES), "")
    variant = "children" if "children" in parts else ""
    section = Section(path, rel, meta, body, body_line, lang=lang, variant=variant)
    for t in meta.targets:
        t.section = section.id
    for a in meta.actions:
        a.section = section.id
    if with_markdown:
        _ = section.markdown
    return section, reader.diagnostics


def read_actuals_csv(root: Path) -> tuple[list[tuple[str, Actual]], list[Diagnostic]]:
    """data/actuals.csv: target, period, value[, source[, source_cy]]; one row per
    figure. ``source`` and ``source_cy`` (the Welsh edition's words) are found by name
    after the first three columns."""
    path = root / ACTUALS_CSV
    if not path.exists():
        return [], []
    text, diags = read_source(path, root, ACTUALS_CSV)
    if text is None:
        return [], diags
    table, problem = read_csv(text, ACTUALS_CSV)
    diags += [problem] if problem else []
    header = table[0][1] if table else None
    need = ["target", "period", "value"]
    if header is None or [h.strip().lower() for h in header[:3]] != need:
        return [], [*diags, Diagnostic(ACTUALS_CSV, 1, 1, "T007", Level.ERROR,
                                       "header must be: target,period,value,source")]
    names = [h.strip().lower() for h in header]
    # Older files name only "source", or leave the fourth column unnamed.
    at = {name: names.index(name) for name in ("source", "source_cy") if name in names}
    at.setdefault("source", 3)
    out: list[tuple[str, Actual]] = []
    for n, row in table[1:]:
        if not any(c.strip() for c in row):
            continue
        if len(row) < 3:
            diags.append(Diagnostic(ACTUALS_CSV, n, 1, "T007", Level.ERROR,
                                    f"expected at least 3 columns, found {len(row)}"))
            continue
        target, period, value = (c.strip() for c in row[:3])
        number = parse_figure(value.replace(",", ""))
        if number is None:
            diags.append(Diagnostic(ACTUALS_CSV, n, 1, "T007", Level.ERROR,
                                    f"value '{_clip(value)}' is not a number"))
            continue
        source, source_cy = (row[at[k]].strip() or None if k in at and len(row) > at[k]
                             else None for k in ("source", "source_cy"))
        number_value: float | int = int(number) if number.is_integer() else number
        pos: dict[str, tuple[int, int]] = {"": (n, 1)}
        pos.update((k, (n, at[k] + 1)) for k in at)
        written = localised(source or "", source_cy) if source or source_cy else None
        actual = Actual(period=period, value=number_value, source=written,
                        origin=ACTUALS_CSV, file=ACTUALS_CSV, pos=pos)
        out.append((target, actual))
    return out, diags


_FIGURE = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


def parse_figure(text: str) -> float | None:
    """A figure written in a CSV cell, or None: ASCII digits only (float() would read
    Arabic-Indic digits, 'nan' and 'inf') and under ``spec.MAX_FIGURE`` in size (a
    400-digit value reads as infinity)."""
    if not _FIGURE.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) and abs(number) < MAX_FIGURE else None


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


def read_csv(text: str, name: str, delimiter: str = ","
             ) -> tuple[list[tuple[int, list[str]]], Diagnostic | None]:
    """The rows of a CSV text, each with the line it starts on, and the first fault
    that stopped the reading (with the rows before it): a quote never closed (the
    csv module would otherwise swallow the rest of the file as one cell), text after
    a closing quote, a cell over the csv module's field limit."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    line = 0
    try:
        for cells in reader:
            rows.append((line + 1, cells))
            line = reader.line_num
    except csv.Error as exc:
        why = str(exc)
        if "field larger than field limit" in why:
            why = f"a cell is longer than {csv.field_size_limit():,} characters"
        elif "unexpected end of data" in why:
            why = "a quote (\") opened in this row is never closed"
        else:
            why = f"not valid CSV ({why})"
        return rows, Diagnostic(name, line + 1, 1, "T007", Level.ERROR, why)
    return rows, None


def section_paths(root: Path) -> list[Path]:
    folder = root / SECTIONS_DIR
    if not folder.is_dir():
        return []
    # os.scandir: no stat per entry; symlinks and folders are judged in read_source.
    return sorted(
        folder / e.name for e in os.scandir(folder)
        if e.name.endswith(".md") and not e.name.startswith(".")
    )


# Below this many files to parse, a second process costs more than it saves.
PARALLEL_MIN = 150
Parsed = tuple["Section | None", list[Diagnostic]]


def _parse_to_blob(item: tuple[Path, str, str]) -> bytes:
    """Worker: parse one section (with its Markdown) and pickle the result."""
    return dumps(parse_section(*item, with_markdown=True))


def _can_fork() -> bool:
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


def parse_sections(items: list[tuple[Path, str, str]], cache: FileCache | None) -> list[Parsed]:
    """Parse (path, rel, text) items, in worker processes for a large plan on a
    machine with more than one core; results go into the cache when there is one."""
    workers = min(os.cpu_count() or 1, 4)
    if len(items) >= PARALLEL_MIN and workers > 1 and _can_fork():
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, len(items) // (workers * 4))
        # fork: the workers inherit the loaded modules, so they start in milliseconds.
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            blobs = list(pool.map(_parse_to_blob, items, chunksize=chunk))
        if cache is not None:
            for (_, rel, text), blob in zip(items, blobs, strict=True):
                cache.store(rel, text, blob)
        return [pickle.loads(b) for b in blobs]
    out = []
    for path, rel, text in items:
        parsed = parse_section(path, rel, text, with_markdown=cache is not None)
        if cache is not None:
            cache.store(rel, text, dumps(parsed))
        out.append(parsed)
    return out


def read_sections(root: Path, cache: FileCache | None) -> list[Parsed]:
    """Every section file, read and parsed (from the cache where unchanged), in file
    name order."""
    results: list[Parsed | None] = []
    misses: list[tuple[int, tuple[Path, str, str]]] = []
    for path in section_paths(root):
        rel = path.relative_to(root).as_posix()
        text, diags = read_source(path, root, rel)
        blob = cache.lookup(rel, text) if cache is not None and text is not None else None
        if text is None:
            results.append((None, diags))
        elif blob is not None:
            results.append(pickle.loads(blob))
        else:
            misses.append((len(results), (path, rel, text)))
            results.append(None)
    for (i, _), parsed in zip(misses, parse_sections([m for _, m in misses], cache),
                              strict=True):
        results[i] = parsed
    return [r for r in results if r is not None]


def load_plan(path: Path | str, use_cache: bool = False) -> Loaded:
    """Load the plan at (or containing) ``path``. ``use_cache`` answers unchanged files
    from lint's cache (``cache.py``); only ``cyp lint`` asks for it."""
    root = find_root(Path(path))
    # Without a cache folder (CYP_NO_CACHE) nothing is pickled for a cache never written.
    cache = FileCache(str(root)) if use_cache and cache_dir() is not None else None
    plan_file, diags = read_plan_file(root, cache)
    plan = Plan(root, plan_file)
    primary = plan.primary_language
    for section, found in read_sections(root, cache):
        diags.extend(found)
        if section is None:
            continue
        if section.variant == "children":
            section.lang = section.lang or primary
            plan.children.setdefault(section.lang, {})[section.id] = section
        elif section.lang and section.lang != primary:
            plan.translations.setdefault(section.lang, {})[section.id] = section
        else:
            section.lang = primary
            plan.sections.append(section)
    # Publication order: parts with their sub-sections, then appendices (outline.py).
    plan.sections = [e.section for e in outline(plan.sections)]
    plan.csv_actuals, found = read_actuals_csv(root)
    diags.extend(found)
    merge_csv_actuals(plan)
    if cache is not None:
        cache.save()
    return Loaded(plan, diags)


def merge_csv_actuals(plan: Plan) -> None:
    """Add data/actuals.csv figures to their targets. Where front matter already has
    the period, front matter wins (rule T006 reports any disagreement)."""
    targets = {t.id: t for t in plan.targets}
    for target_id, actual in plan.csv_actuals:
        target = targets.get(target_id)
        if target is not None and all(a.period != actual.period for a in target.actuals):
            target.actuals.append(actual)
