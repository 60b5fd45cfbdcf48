"""YAML read with positions, through PyYAML's C loader.

We compose (not construct) the document, so every value keeps ``start_mark`` and
duplicate keys stay visible; the typed model is then built from the nodes by
``spec.py``. ruamel.yaml would keep positions too but costs ~20x more per section
(see the lint issue's figures), so it is kept for round-trip writes only.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, cast

from ..diagnostics import Diagnostic, Level, Pos

if TYPE_CHECKING:
    from yaml import MappingNode, ScalarNode, SequenceNode

    #: A composed node. PyYAML's base ``Node`` has no ``id``; the composer only ever
    #: makes these three, and each has one.
    Node = ScalarNode | SequenceNode | MappingNode

# Node kinds are told apart by PyYAML's ``node.id`` rather than isinstance, so this
# module (and the model's field types) load without importing yaml: a lint run whose
# files all come from the cache never needs it.
SCALAR, SEQUENCE, MAPPING = "scalar", "sequence", "mapping"

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
TIMESTAMP = "tag:yaml.org,2002:timestamp"

# Aliases are legal YAML, but a few nested ones expand exponentially ("billion
# laughs"). No plan needs more nodes than this in one document.
MAX_NODES = 200_000


# YAML also breaks lines at NEL, LS and PS; editors (and line counts) do not.
YAML_ONLY_BREAKS = "\x85\u2028\u2029"
LineMap = list[tuple[int, int]]  # YAML line index -> (editor line index, column offset)


def line_map(text: str) -> LineMap | None:
    """How YAML's line numbers map onto the editor's, or None when they agree."""
    if not any(c in text for c in YAML_ONLY_BREAKS):
        return None
    out: LineMap = [(0, 0)]
    line, col = 0, 0
    for ch in text:
        if ch == "\n":
            line, col = line + 1, 0
            out.append((line, 0))
        elif ch in YAML_ONLY_BREAKS:
            col += 1
            out.append((line, col))
        else:
            col += 1
    return out


def _place(line: int, column: int, lines: LineMap | None) -> tuple[int, int]:
    """0-based YAML (line, column) -> 1-based editor (line, column)."""
    if lines is not None and line < len(lines):
        editor_line, offset = lines[line]
        return editor_line + 1, column + offset + 1
    return line + 1, column + 1


def place(node: Node, line_offset: int = 0, lines: LineMap | None = None) -> tuple[int, int]:
    """1-based (line, column) of a node in the editor's terms."""
    mark = node.start_mark
    if lines is None:  # the common case, kept short: it runs for every value read
        return mark.line + 1 + line_offset, mark.column + 1
    line, col = _place(mark.line, mark.column, lines)
    return line + line_offset, col


def pos_of(node: Node, file: str, line_offset: int = 0, lines: LineMap | None = None) -> Pos:
    return Pos(file, *place(node, line_offset, lines))


def compose(
    text: str, file: str, line_offset: int = 0
) -> tuple[Node | None, list[Diagnostic]]:
    """Compose one YAML document; syntax errors become one F001 diagnostic."""
    import yaml

    # the C loader is the point; fall back so a PyYAML without libyaml still works
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return cast("Node | None", yaml.compose(text, Loader=loader)), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and "flow" in exc.context and exc.context_mark:
            # An unclosed [ or { is reported where the parser gave up, often lines
            # later; the author needs the line where the list was opened.
            mark = exc.context_mark
            problem += " (the list or mapping opened here is not closed)"
        line, col = _place(mark.line, mark.column, line_map(text)) if mark else (1, 1)
        line += line_offset
        lines = text.split("\n")
        if mark and line - line_offset - 1 < len(lines) and (
                "\t" in lines[line - line_offset - 1][: col]):
            problem += " (indent YAML with spaces, not tabs)"
        return None, [
            Diagnostic(file, line, col, "F001", Level.ERROR, f"YAML syntax error: {problem}")
        ]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        at = max(0, min(exc.position, len(text)))
        line = text.count("\n", 0, at) + 1 + line_offset
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return None, [Diagnostic(
            file, line, col, "F001", Level.ERROR,
            f"YAML does not allow the character U+{ord(char):04X} ({exc.reason}); delete "
            "it, or write it as an escape in a double-quoted string")]
    except yaml.YAMLError as exc:
        first = str(exc).split("\n", 1)[0]
        return None, [
            Diagnostic(file, 1 + line_offset, 1, "F001", Level.ERROR, f"YAML error: {first}")
        ]


_INT_RE = re.compile(r"^[-+]?[0-9][0-9_]*$")


def scalar_value(node: Node) -> object:
    """The Python value of a scalar, by the tag the resolver gave it (YAML 1.1 rules,
    as PyYAML applies them; a quoted scalar is always a string)."""
    tag, raw = node.tag, node.value
    if tag == STR:
        return raw
    if tag == NULL:
        return None
    if tag == BOOL:
        return raw.lower() in ("yes", "true", "on", "y")
    if tag == INT:
        text = raw.replace("_", "")
        if _INT_RE.match(text):
            return int(text)
        try:
            return int(text, 0)
        except ValueError:
            return raw
    if tag == FLOAT:
        try:
            return float(raw.replace("_", ""))
        except ValueError:
            return raw
    if tag == TIMESTAMP:
        try:
            if len(raw) == 10:
                return dt.date.fromisoformat(raw)
            return dt.datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "T"))
        except ValueError:
            return raw
    return raw


def to_python(node: Node, budget: list[int] | None = None) -> object:
    """Plain Python value of a node (for data files), guarding alias expansion."""
    budget = budget if budget is not None else [MAX_NODES]
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError("document expands to too many values (nested YAML aliases?)")
    if node.id == SCALAR:
        return scalar_value(node)
    if node.id == SEQUENCE:
        return [to_python(n, budget) for n in node.value]
    return {to_python(k, budget): to_python(v, budget) for k, v in node.value}


def describe(node: Node) -> str:
    """How a node reads in a message: the scalar as written, or its kind."""
    if node.id == SCALAR:
        value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return f"'{value}'"
    return "a list" if node.id == SEQUENCE else "a mapping"
