"""Running pandoc: the binary pypandoc-binary ships (no system install), always with
``--sandbox`` so a plan can make pandoc read or fetch nothing but its input, which
arrives as a JSON AST on stdin."""

from __future__ import annotations

import json
import re
import subprocess
from functools import lru_cache
from typing import Any

from ..diagnostics import CONTROL
from ..document.errors import BuildError

INSTALL_HINT = "install the publishing tools with: pip install 'cyp[build]'"


@lru_cache(maxsize=1)
def pandoc_path() -> str:
    try:
        import pypandoc
    except ImportError:
        raise BuildError(f"pandoc is not installed ({INSTALL_HINT})", exit_code=2) from None
    try:
        return str(pypandoc.get_pandoc_path())
    except OSError as exc:
        raise BuildError(f"pandoc cannot be found: {exc} ({INSTALL_HINT})",
                         exit_code=2) from None


@lru_cache(maxsize=1)
def api_version() -> list[int]:
    """The pandoc-types version the installed pandoc reads, from pandoc itself."""
    out = _run(["-f", "markdown", "-t", "json"], b"", "its version check")
    return list(json.loads(out)["pandoc-api-version"])


def run_pandoc(ast: dict[str, Any], args: list[str], what: str,
               warnings: list[str] | None = None) -> bytes:
    """Convert ``ast`` with ``args`` (output on stdout); ``what`` names the product
    in an error message. Warnings pandoc prints go to ``warnings``."""
    text = json.dumps(ast, ensure_ascii=False, separators=(",", ":"))
    if CONTROL.search(text) or _ESCAPED_CONTROL.search(text):
        # Rare (lint reports them): walk the tree only when the JSON shows one.
        text = json.dumps(_without_controls(ast), ensure_ascii=False, separators=(",", ":"))
    return _run(["-f", "json", *args], text.encode("utf-8"), what, warnings)


# How json.dumps writes the C0 controls of CONTROL (it writes DEL and C1 as they are,
# which CONTROL itself finds). A text holding a backslash before "u001b" matches too,
# and only costs the exact walk.
_ESCAPED_CONTROL = re.compile(r"\\(?:u00(?:0[0-8bcef]|1[0-9a-fA-F])|[bf])")


def _without_controls(value: Any) -> Any:
    """The AST with control characters dropped from every string: lint reports them
    (M007); a forced build must not fail on them (typst has no glyph for ESC) or write
    them into DOCX, whose XML does not allow them."""
    if isinstance(value, str):
        return CONTROL.sub("", value) if CONTROL.search(value) else value
    if isinstance(value, list):
        return [_without_controls(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_controls(v) for k, v in value.items()}
    return value


def _run(args: list[str], data: bytes, what: str, warnings: list[str] | None = None) -> bytes:
    cmd = [pandoc_path(), "--sandbox", *args]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, check=False)
    except OSError as exc:
        raise BuildError(f"pandoc cannot run: {exc.strerror or exc} ({INSTALL_HINT})",
                         exit_code=2) from None
    message = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        first = message.splitlines()[0] if message else f"exit status {proc.returncode}"
        raise BuildError(f"pandoc failed making {what}: {first}")
    if message and warnings is not None:
        warnings.extend(f"pandoc ({what}): {line}" for line in message.splitlines())
    return proc.stdout
