"""``cyp init``: a new plan folder from the nation's scaffold, ``templates/<nation>/init.yaml``.

The scaffold is data (docs/init.md): the stub sections to write, one per statutory
requirement group, with the front matter each carries, the guidance it quotes and the
headings the author fills in. This module checks the scaffold against the nation's
vocabularies and checklist, renders the files (plan.yaml and front matter with
ruamel.yaml's round-trip dumper, so comments and key order come out as a person would
write them), and writes them into a new or empty folder: everything is written into a
temporary folder beside it first and then renamed into place, so a failure leaves nothing
half-written.

:func:`render` is pure (same options, same bytes); :func:`write_plan` touches the disk.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from .diagnostics import Diagnostic, InputError, Level
from .model.periods import parse_period as parse_span
from .paths import templates_dir
from .regimes import Nation, available, load_nation
from .substance import todo  # the markers rule M005 finds

SCAFFOLD_FILE = "init.yaml"
WIDTH = 88  # wrap Markdown prose and comments here
FILE_NAME = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")

PERIOD_HELP = (
    "--period takes financial years such as 2011-2014 (1 April 2011 to 31 March 2014) "
    "or two ISO dates such as 2011-04-01:2014-03-31"
)
_YEARS = re.compile(r"^(\d{4})[-/](\d{4}|\d{2})$")
_DATES = re.compile(r"^(\d{4}-\d{2}-\d{2}):(\d{4}-\d{2}-\d{2})$")


class ScaffoldError(Exception):
    """A usage problem (a bad argument, a folder that is not empty). The CLI prints the
    message and exits 2; nothing has been written."""


# --- the scaffold --------------------------------------------------------------------


@dataclass(frozen=True)
class Guidance:
    quote: str
    cite: str  # "<document short name>, <part and paragraph>"


@dataclass(frozen=True)
class Heading:
    heading: str
    todo: str
    guidance: tuple[Guidance, ...] = ()


@dataclass(frozen=True)
class Stub:
    file: str
    title: str
    front_matter: dict[str, Any]
    guidance: tuple[Guidance, ...]
    headings: tuple[Heading, ...]
    shape: str | None = None
    id_prefix: str = ""

    @property
    def covers(self) -> list[str]:
        value = self.front_matter.get("covers", [])
        return value if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Scaffold:
    nation: Nation
    path: Path
    plan: dict[str, Any]
    readme: str
    shapes: dict[str, str]
    stubs: tuple[Stub, ...]


def _bad(path: Path, message: str) -> InputError:
    return InputError(Diagnostic(str(path), 1, 1, "F000", Level.ERROR, message))


def check_nation(nation_id: str) -> str:
    """The nation id, if it has a scaffold; else a ScaffoldError naming the known ones."""
    known = [n for n in available() if (templates_dir() / n / SCAFFOLD_FILE).is_file()]
    if nation_id not in known:
        raise ScaffoldError(f"unknown nation '{nation_id}' (known: {', '.join(known)})")
    return nation_id


def load_scaffold(nation_id: str) -> Scaffold:
    """The nation's scaffold, checked against its vocabularies and checklist."""
    import yaml

    nation = load_nation(check_nation(nation_id))
    path = templates_dir() / nation_id / SCAFFOLD_FILE
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _bad(path, f"cannot read the scaffold: {exc}") from None
    try:
        return _parse(nation, path, data)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise _bad(path, f"malformed scaffold ({type(exc).__name__}: {exc})") from None


def _parse(nation: Nation, path: Path, data: dict[str, Any]) -> Scaffold:
    if data.get("nation") != nation.id:
        raise ValueError(f"'nation' must be '{nation.id}'")
    documents: dict[str, str] = data["documents"]
    default_doc = data["default_document"]
    if default_doc not in documents:
        raise ValueError(f"default_document '{default_doc}' is not in documents")

    def guidance(items: Any, where: str) -> tuple[Guidance, ...]:
        out = []
        for item in items or []:
            quote = " ".join(str(item["quote"]).split())
            if "-->" in quote or todo(quote):
                raise ValueError(f"{where}: a quote may not contain '-->' or a TODO marker")
            doc = item.get("document", default_doc)
            if doc not in documents:
                raise ValueError(f"{where}: unknown document '{doc}'")
            out.append(Guidance(quote, f"{documents[doc]}, {item['cite']}"))
        return tuple(out)

    stubs: list[Stub] = []
    seen: set[str] = set()
    for n, item in enumerate(data["sections"]):
        where = f"sections[{n}] ({item.get('file')})"
        name = item["file"]
        if not FILE_NAME.match(name) or name in seen:
            raise ValueError(f"{where}: 'file' must be a unique name like 10-core-aim-1.md")
        seen.add(name)
        front = dict(item.get("front_matter") or {})
        _check_front_matter(nation, front, where)
        shape = item.get("shape")
        if shape is not None and shape not in data.get("shapes", {}):
            raise ValueError(f"{where}: unknown shape '{shape}'")
        headings = tuple(
            Heading(h["heading"], " ".join(str(h["todo"]).split()),
                    guidance(h.get("guidance"), where))
            for h in item["headings"]
        )
        if not headings:
            raise ValueError(f"{where}: a stub needs at least one heading with a TODO")
        stubs.append(Stub(name, item["title"], front, guidance(item.get("guidance"), where),
                          headings, shape, item.get("id_prefix", "")))
    plan = data["plan"]
    for key in ("title", "partnership_example", "council", "example_partner", "comments"):
        if key not in plan:
            raise KeyError(f"plan.{key}")
    return Scaffold(nation, path, plan, data["readme"], dict(data.get("shapes") or {}),
                    tuple(stubs))


def _check_front_matter(nation: Nation, front: dict[str, Any], where: str) -> None:
    """What lint would report as F003, F008, F011 or F013, reported here instead, so a
    mistake in a scaffold is found by whoever edits it, not by every new plan."""
    from .model.plan import FrontMatter

    for key, value in front.items():
        if key not in FrontMatter.FIELDS or key in ("title", "targets", "actions"):
            raise ValueError(f"{where}: front matter key '{key}' is not allowed in a stub")
        values = value if isinstance(value, list) else [value]
        if key == "covers":
            known = {r.id for r in nation.requirements}
            for req_id in values:
                if req_id not in known:
                    raise ValueError(f"{where}: '{req_id}' is not in checklist.yaml")
        elif key in ("core_aim", "outcome", "tier", "broad_aims", "principles", "groups",
                     "uncrc"):
            vocab = nation.vocabularies.get(key)
            if vocab is None:
                raise ValueError(f"{where}: '{key}' is not used in {nation.name} plans")
            for v in values:
                if v not in vocab.values:
                    raise ValueError(f"{where}: '{key}' value {v!r} is not in nation.yaml")


# --- arguments ---------------------------------------------------------------------


def parse_period(text: str) -> tuple[dt.date, dt.date]:
    """``2011-2014`` (or ``2011-14``, ``2011/14``): financial years, 1 April 2011 to
    31 March 2014. ``2011-04-01:2014-03-31``: those dates."""
    value = text.strip()
    if m := _YEARS.match(value):
        first, last = int(m[1]), int(m[2])
        if len(m[2]) == 2:
            last += first // 100 * 100
            if last <= first:
                last += 100
        if last <= first:
            raise ScaffoldError(f"--period '{text}' ends before it starts; {PERIOD_HELP}")
        return dt.date(first, 4, 1), dt.date(last, 3, 31)
    if m := _DATES.match(value):
        try:
            start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        except ValueError:
            raise ScaffoldError(f"--period '{text}' is not a real date; {PERIOD_HELP}") from None
        if end <= start:
            raise ScaffoldError(f"--period '{text}' ends before it starts; {PERIOD_HELP}")
        return start, end
    raise ScaffoldError(f"{PERIOD_HELP}, not '{text}'")


def _one_line(value: str | None, option: str, required: bool = False) -> str | None:
    if value is None and not required:
        return None
    text = " ".join((value or "").split())
    if not text:
        raise ScaffoldError(f"{option} must not be empty")
    return text


@dataclass(frozen=True)
class Options:
    nation: str
    authority: str
    start: dt.date
    end: dt.date
    partnership: str | None = None
    title: str | None = None

    @classmethod
    def from_args(cls, nation: str, authority: str, period: str,
                  partnership: str | None = None, title: str | None = None) -> Options:
        """Validated options from the command line's strings (ScaffoldError if not)."""
        nation_id = check_nation(nation.strip().lower())
        name = _one_line(authority, "--authority", required=True)
        start, end = parse_period(period)
        return cls(nation_id, name or "", start, end,
                   _one_line(partnership, "--partnership"), _one_line(title, "--title"))


# --- rendering ---------------------------------------------------------------------


def _financial_year(day: dt.date) -> str:
    year = day.year if day.month >= 4 else day.year - 1
    return f"{year}-{(year + 1) % 100:02d}"


def _period_within(candidates: list[str], start: dt.date, end: dt.date) -> str:
    for c in candidates:
        span = parse_span(c)
        if span is not None and start <= span.start and span.end <= end:
            return c
    return candidates[-1]


def _variables(sc: Scaffold, o: Options) -> dict[str, str]:
    regime, in_force = sc.nation.regime_for(o.start)
    try:
        year_on = o.start.replace(year=o.start.year + 1) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        year_on = o.start + dt.timedelta(days=364)
    v = {
        "authority": o.authority,
        "nation": sc.nation.id,
        "nation_name": sc.nation.name,
        "years": f"{o.start.year}-{o.end.year}",
        "start": o.start.isoformat(),
        "end": o.end.isoformat(),
        "published_example": (o.start - dt.timedelta(days=1)).isoformat(),
        "previous_end": (o.start - dt.timedelta(days=1)).isoformat(),
        "baseline_period": _financial_year(o.start - dt.timedelta(days=1)),
        "target_period": _period_within(
            [_financial_year(o.end), str(o.end.year), o.end.isoformat()], o.start, o.end),
        "due": min(year_on, o.end).isoformat(),
        "regime_name": regime.name,
        "regime_dates": regime.dates,
        "regime_state": "in force" if in_force else "not in force",
    }
    v["title"] = o.title or _sub(sc.plan["title"], v)
    v["partnership"] = o.partnership or _sub(sc.plan["partnership_example"], v)
    return v


def _sub(text: str, variables: dict[str, str]) -> str:
    try:
        return Template(str(text)).substitute(variables)
    except (KeyError, ValueError) as exc:
        message = f"unknown or malformed ${{...}} placeholder {exc} in {text[:60]!r}"
        raise ValueError(message) from None


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML()  # round-trip: keeps key order and comments
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 4096  # never fold a title across lines
    y.allow_unicode = True
    return y


def _dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _text(value: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(value)


def _list(key: str, values: list[Any]) -> Any:
    """A list in flow style when it fits on the key's line, else one item a line."""
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(values)
    if len(key) + 4 + len(", ".join(str(v) for v in values)) <= WIDTH:
        seq.fa.set_flow_style()
    return seq


def _comment_lines(text: str) -> str:
    return "".join(f"# {line}\n" if line.strip() else "#\n" for line in text.split("\n"))


def _wrap(text: str) -> str:
    return textwrap.fill(text, WIDTH, break_long_words=False, break_on_hyphens=False)


def _guidance_block(g: Guidance) -> str:
    return _wrap(f'<!-- Guidance: "{g.quote}" ({g.cite}) -->')


def _front_matter(sc: Scaffold, stub: Stub, v: dict[str, str]) -> str:
    from ruamel.yaml.comments import CommentedMap

    fm = CommentedMap()
    fm["title"] = _text(_sub(stub.title, v))
    for key, value in stub.front_matter.items():
        fm[key] = _list(key, value) if isinstance(value, list) else value
    text = _dump(fm)
    if stub.shape:
        shape = _sub(sc.shapes[stub.shape], {**v, "prefix": stub.id_prefix or "x"})
        text += _comment_lines(shape)
    return text


def _body(stub: Stub, v: dict[str, str]) -> str:
    blocks = [_guidance_block(g) for g in stub.guidance]
    for h in stub.headings:
        blocks.append(f"## {_sub(h.heading, v)}")
        blocks.extend(_guidance_block(g) for g in h.guidance)
        blocks.append(_wrap(f"TODO: {_sub(h.todo, v)}"))
    return "\n\n".join(blocks) + "\n"


def _consultees(nation: Nation) -> list[tuple[str, str, str]]:
    """(id, label, strongest checklist level that looks for it) per consultee."""
    rank = {"must": 3, "should": 2, "advisory": 1}
    level: dict[str, str] = {}
    for req in nation.requirements:
        for alternative in req.met_by:
            who = (alternative.get("consultation") or {}).get("consultee")
            if who and rank[req.level] > rank.get(level.get(who, ""), 0):
                level[who] = req.level
    vocab = nation.vocabularies.get("consultees")
    values = vocab.values if vocab else {}
    return [(str(k), str(label), level.get(str(k), "")) for k, label in values.items()]


def _plan_yaml(sc: Scaffold, o: Options, v: dict[str, str]) -> str:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    comments = sc.plan["comments"]
    council_spec = sc.plan["council"]
    m = CommentedMap()
    m["nation"] = sc.nation.id
    m["title"] = _text(v["title"])
    m["authority"] = _text(o.authority)
    if o.partnership:
        m["partnership"] = _text(o.partnership)
    m["period"] = CommentedMap([("start", o.start), ("end", o.end)])
    m["languages"] = _list("languages", list(sc.plan.get("languages") or ["en"]))
    council = CommentedMap()
    council["id"] = council_spec["id"]
    council["name"] = _text(o.authority)
    council["statutory"] = bool(council_spec.get("statutory", True))
    council["type"] = council_spec["type"]
    m["partners"] = CommentedSeq([council])
    m["consultation"] = _list("consultation", [])
    m["strict"] = False
    # The abbreviations the stubs' own words use, explained (lint's M010).
    if sc.plan.get("glossary"):
        m["glossary"] = CommentedSeq(
            CommentedMap([("term", _text(g["term"])), ("meaning", _text(g["meaning"]))])
            for g in sc.plan["glossary"])

    m.yaml_set_start_comment(_sub(comments["header"], v))
    if not o.partnership:
        m.yaml_set_comment_before_after_key(
            "period", before=f'partnership: "{v["partnership"]}"   # its name: uncomment and '
            "correct", indent=0)
    m.yaml_set_comment_before_after_key(
        "languages", before=_sub(comments["published"] + "\n" + comments["languages"], v),
        indent=0)

    example = sc.plan["example_partner"]
    partner_vars = {**v, **{f"example_{k}": str(val).lower() if isinstance(val, bool)
                            else str(val) for k, val in example.items()}}
    types = sc.nation.vocabularies.get("partner_type")
    partners_note = _sub(comments["partners"], partner_vars)
    if types:
        partners_note += "\n" + textwrap.fill(
            "type is one of: " + ", ".join(str(t) for t in types.values), WIDTH - 4,
            break_long_words=False, break_on_hyphens=False)
    m.yaml_set_comment_before_after_key("consultation", before=partners_note, indent=2)

    consultees = _consultees(sc.nation)
    example_id = next((c for c, _, lvl in consultees if lvl == "must"),
                      consultees[0][0] if consultees else "consultee-id")
    width = max((len(c) for c, _, _ in consultees), default=0)
    lines = [
        "Record each consultation as it takes place, for example:",
        f"- consultee: {example_id}",
        f"  when: {(o.start - dt.timedelta(days=120)).isoformat()}",
        '  how: "How they were consulted"',
        '  response: "What they said, and what changed as a result"',
        "consultee is one of these ids (the checklist looks for those marked must or should):",
        *(f"  {c.ljust(width)}  {label}" + (f" ({lvl})" if lvl else "")
          for c, label, lvl in consultees),
        "",
        _sub(comments["strict"], v),
    ]
    m.yaml_set_comment_before_after_key("strict", before="\n".join(lines), indent=0)
    return _dump(m)


def _readme(sc: Scaffold, v: dict[str, str]) -> str:
    rows = ["| File | Section | Meant to meet (`covers`) |", "|---|---|---|"]
    for stub in sc.stubs:
        covers = ", ".join(f"`{c}`" for c in stub.covers) or "–"
        rows.append(f"| `sections/{stub.file}` | {_sub(stub.title, v)} | {covers} |")
    return _sub(sc.readme, {**v, "sections": "\n".join(rows)}).rstrip("\n") + "\n"


def render(options: Options) -> dict[str, str]:
    """Every file of the new plan: relative path -> text. Deterministic."""
    sc = load_scaffold(options.nation)
    try:
        v = _variables(sc, options)
        files = {"plan.yaml": _plan_yaml(sc, options, v), "README.md": _readme(sc, v)}
        for stub in sc.stubs:
            files[f"sections/{stub.file}"] = (
                "---\n" + _front_matter(sc, stub, v) + "---\n\n" + _body(stub, v))
    except (KeyError, ValueError) as exc:
        raise _bad(sc.path, f"malformed scaffold: {exc}") from None
    return files


# --- writing -----------------------------------------------------------------------


def _refuse_unless_empty(target: Path) -> bool:
    """True if ``target`` exists (and is an empty folder); ScaffoldError if it cannot be
    written into."""
    if not (target.exists() or target.is_symlink()):
        return False
    if not target.is_dir():
        raise ScaffoldError(f"{target} exists and is not a folder")
    entries = sorted(p.name for p in target.iterdir())
    if entries:
        shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise ScaffoldError(
            f"{target} is not empty ({shown}): cyp init writes only into a new or empty "
            "folder, so it never overwrites a plan")
    return True


def write_plan(directory: Path | str, files: dict[str, str]) -> Path:
    """Write ``files`` into ``directory``, which must be missing or empty. The files are
    written into a temporary folder beside it and renamed into place; on any failure the
    temporary folder (and any parent folder created here) is removed."""
    target = Path(directory).absolute()
    existed = _refuse_unless_empty(target)
    created: list[Path] = []
    for parent in reversed(target.parents):
        if not parent.exists():
            try:
                parent.mkdir()
            except OSError as exc:
                _remove_created(created)
                raise ScaffoldError(f"cannot create {parent}: {exc.strerror or exc}") from None
            created.append(parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".cyp-init",
                                dir=target.parent))
    moved: list[Path] = []
    try:
        for rel, text in sorted(files.items()):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        if existed:
            # Keep the folder itself (it may be someone's working directory): move the
            # entries in, plan.yaml last, so it becomes a plan only when complete.
            names = sorted(p.name for p in tmp.iterdir())
            for name in [n for n in names if n != "plan.yaml"] + ["plan.yaml"]:
                os.rename(tmp / name, target / name)
                moved.append(target / name)
            tmp.rmdir()
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o777 & ~umask)  # mkdtemp makes it private
            os.rename(tmp, target)
    except OSError as exc:
        for path in moved:
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_created(created)
        raise ScaffoldError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        _remove_created(created)
        raise
    return target


def _remove_created(created: list[Path]) -> None:
    for folder in reversed(created):
        try:
            folder.rmdir()
        except OSError:
            break


def init_plan(directory: Path | str, options: Options) -> list[str]:
    """Render and write a new plan; the relative paths written, in order."""
    files = render(options)
    write_plan(directory, files)
    return sorted(files)
