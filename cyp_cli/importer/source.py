"""Reading the source document: what kind it is, whether it can be read, and its
pandoc JSON AST.

DOCX and ODT are zip packages; an old binary ``.doc`` and a password-protected DOCX
are both OLE2 compound files (an encrypted Office file is wrapped in one), so the
first bytes tell them apart from a good package before pandoc is asked. pandoc always
runs with ``--sandbox`` and reads the document from stdin, so it can open nothing else.
Images are not extracted by pandoc (the sandbox forbids writing): :meth:`Source.image`
reads them from the package or, for HTML and Markdown, from beside the source file.
"""

from __future__ import annotations

import contextlib
import html
import importlib.util
import json
import os
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import ImportFailure

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORMATS = {
    ".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html",
    ".md": "markdown", ".markdown": "markdown",
}
PACKAGE_PART = {"docx": "word/document.xml", "odt": "content.xml"}
MEDIA_ROOT = {"docx": "word/", "odt": ""}
TIMEOUT = 300  # seconds; a 100-page DOCX takes a few
_STYLE = re.compile(r'<w:style\b[^>]*?w:styleId="([^"]*)"[^>]*>\s*<w:name w:val="([^"]*)"')
_DOCX_TOKEN = re.compile(
    r'<w:bookmarkStart\b[^>]*?w:name="([^"]*)"'  # a bookmark
    r"|<w:p\b[^>]*?(/?)>"  # a paragraph opens (or is empty)
    r"|(</w:p>)"  # a paragraph closes
    r'|<w:pStyle w:val="([^"]*)"'  # its style
    r"|<w:t(?:\s[^>]*)?>([^<]*)</w:t>"  # its text
    r"|<(/?)w:tbl>")  # a table opens or closes


@dataclass
class Source:
    path: Path
    kind: str  # docx | odt | html | markdown
    ast: dict[str, Any]
    _zip: zipfile.ZipFile | None = field(default=None, repr=False)

    def image(self, src: str) -> bytes | None:
        """The bytes of an image the document refers to as ``src``; None if it is not
        inside the package (or, for HTML and Markdown, not beside the source)."""
        if src.startswith(("http:", "https:", "data:", "/")) or ".." in Path(src).parts:
            return None
        if self._zip is not None:
            name = MEDIA_ROOT.get(self.kind, "") + src
            try:
                return self._zip.read(name)
            except (KeyError, OSError, zipfile.BadZipFile):
                return None
        path = self.path.parent / src
        try:
            return path.read_bytes() if path.is_file() else None
        except OSError:
            return None

    def heading_bookmarks(self) -> list[tuple[str, list[str]]]:
        """(text, bookmark names) of each heading paragraph of a DOCX, in order.

        pandoc keeps bookmarks only inside paragraphs; a bookmark standing between
        paragraphs (as pandoc itself writes a section's id, and as cyp's DOCX has
        them) is lost, and so is every link to it. The bookmarks just before a heading
        and those inside it are that heading's. The XML is scanned, not parsed: a
        parse of a 100-page document.xml cost more than the rest of the import."""
        if self._zip is None or self.kind != "docx":
            return []
        try:
            xml = self._zip.read("word/document.xml").decode("utf-8", "replace")
            styles = self._zip.read("word/styles.xml").decode("utf-8", "replace")
        except (KeyError, OSError, zipfile.BadZipFile):
            return []
        headings = {sid for sid, name in _STYLE.findall(styles)
                    if name.lower().startswith("heading")}
        out: list[tuple[str, list[str]]] = []
        pending: list[str] = []
        names: list[str] = []
        texts: list[str] = []
        style = ""
        depth = tables = 0  # paragraph nesting (text boxes), table nesting
        for m in _DOCX_TOKEN.finditer(xml):
            bookmark, opened, closed, pstyle, text, table = m.groups()
            if bookmark is not None:
                (names if depth else pending).append(bookmark)
            elif opened is not None:
                if opened == "/":  # an empty paragraph
                    pending = []
                elif depth == 0:
                    depth, names, texts, style, pending = 1, pending, [], "", []
                else:
                    depth += 1
            elif closed is not None:
                depth -= 1
                if depth == 0 and tables == 0 and style in headings:
                    out.append((html.unescape("".join(texts)), [n for n in names if n]))
            elif pstyle is not None:
                if depth == 1:
                    style = pstyle
            elif text is not None:
                if depth:
                    texts.append(text)
            elif table is not None:
                tables += -1 if table.startswith("/") else 1
                pending = []
        return out

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def _kind(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix == ".doc" or (head.startswith(OLE2) and suffix not in (".docx", ".odt")):
        raise ImportFailure(
            f"{path}: an old binary Word .doc file; open it in Word or LibreOffice and "
            "save it as .docx, then import that")
    if suffix not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise ImportFailure(f"{path}: cannot import '{suffix or 'no extension'}' files "
                            f"(known: {known})")
    kind = FORMATS[suffix]
    if kind in PACKAGE_PART and head.startswith(OLE2):
        raise ImportFailure(
            f"{path}: the file is password-protected (encrypted); remove the password "
            "(File > Info > Protect Document) and save it again")
    return kind


def _open_package(path: Path, kind: str) -> zipfile.ZipFile:
    try:
        package = zipfile.ZipFile(path)
        names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailure(f"{path}: not a readable {kind.upper()} file (corrupt or "
                            f"truncated: {exc})") from None
    if PACKAGE_PART[kind] not in names:
        package.close()
        raise ImportFailure(f"{path}: not a {kind.upper()} file (it has no "
                            f"{PACKAGE_PART[kind]}); corrupt, or saved in another format")
    if kind == "odt" and "META-INF/manifest.xml" in names:
        manifest = package.read("META-INF/manifest.xml")
        if b"encryption-data" in manifest:
            package.close()
            raise ImportFailure(f"{path}: the file is password-protected (encrypted); "
                                "remove the password and save it again")
    return package


def pandoc_exe() -> str:
    """The pandoc that pypandoc-binary ships. Found by path when it is where that
    package puts it, because importing pypandoc, or the build's pandoc module (which
    loads the whole document package), costs a third of a second on every import."""
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        exe = Path(folder) / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc")
        if exe.is_file():
            return str(exe)
    from ..document.errors import BuildError
    from ..render.pandoc import pandoc_path

    try:
        return pandoc_path()
    except BuildError as exc:
        raise ImportFailure(f"cannot import: {exc}") from None


def run_pandoc(args: list[str], stdin: Any, what: str) -> bytes:
    """pandoc ``args`` (always ``--sandbox``) reading ``stdin`` (an open file or
    bytes); its output. ImportFailure naming ``what`` if it fails."""
    proc = start_pandoc(args, stdin)
    return proc.finish(what)


@dataclass
class Pandoc:
    """A running pandoc whose output and messages go to anonymous temporary files, so
    it never waits on a full pipe while the importer does other work."""

    proc: subprocess.Popen[bytes]
    out: IO[bytes]
    err: IO[bytes]

    def finish(self, what: str) -> bytes:
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self._close()
            raise ImportFailure(f"{what}: pandoc took more than {TIMEOUT} s") from None
        self.out.seek(0)
        self.err.seek(0)
        data, err = self.out.read(), self.err.read()
        self._close()
        if self.proc.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            why = lines[0] if lines else f"exit status {self.proc.returncode}"
            raise ImportFailure(f"{what}: pandoc could not read it: {why}")
        return data

    def _close(self) -> None:
        self.out.close()
        self.err.close()


def start_pandoc(args: list[str], stdin: Any) -> Pandoc:
    """pandoc ``args`` (always ``--sandbox``) on ``stdin``: an open file, or bytes
    (written at once: pandoc reads all its input before it writes)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by Pandoc.finish)
    err = tempfile.TemporaryFile()  # noqa: SIM115 (closed by Pandoc.finish)
    data = stdin if isinstance(stdin, bytes) else None
    try:
        proc = subprocess.Popen([pandoc_exe(), "--sandbox", *args],
                                stdin=subprocess.PIPE if data is not None else stdin,
                                stdout=out, stderr=err)
    except (OSError, ImportFailure) as exc:
        out.close()
        err.close()
        if isinstance(exc, ImportFailure):
            raise
        raise ImportFailure(f"pandoc cannot run: {exc.strerror or exc}") from None
    if data is not None and proc.stdin is not None:
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write(data)
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.close()
    return Pandoc(proc, out, err)


def _has_text(blocks: list[Any]) -> bool:
    stack = list(blocks)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("t") == "Str" and str(node.get("c", "")).strip():
                return True
            stack.extend(v for v in node.values() if isinstance(v, (list, dict)))
        elif isinstance(node, list):
            stack.extend(node)
    return False


@dataclass
class Reading:
    """A source being read: checked, with pandoc running on it."""

    path: Path
    kind: str
    package: zipfile.ZipFile | None
    pandoc: Pandoc

    def bookmarks(self) -> list[tuple[str, list[str]]]:
        return Source(self.path, self.kind, {}, self.package).heading_bookmarks()

    def finish_quietly(self) -> None:
        """Wait for pandoc and drop its output (the import failed meanwhile)."""
        with contextlib.suppress(ImportFailure):
            self.pandoc.finish(str(self.path))
        if self.package is not None:
            self.package.close()

    def finish(self) -> Source:
        try:
            data = self.pandoc.finish(str(self.path))
            try:
                ast = json.loads(data)
            except ValueError:
                raise ImportFailure(f"{self.path}: pandoc gave no readable result") from None
            if not _has_text(ast.get("blocks", [])):
                raise ImportFailure(f"{self.path}: the document has no text to import")
        except ImportFailure:
            if self.package is not None:
                self.package.close()
            raise
        return Source(self.path, self.kind, ast, self.package)


def start_reading(path: Path | str) -> Reading:
    """Check the document at ``path`` and start pandoc on it; ImportFailure (one line)
    for a missing, unsupported, protected or corrupt file."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailure(f"{path}: no such file")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ImportFailure(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if not head.strip() and not path.read_bytes().strip():
        raise ImportFailure(f"{path}: the file is empty")
    kind = _kind(path, head[:8])
    package = _open_package(path, kind) if kind in PACKAGE_PART else None
    if kind in ("html", "markdown"):
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFailure(f"{path}: not UTF-8 text (byte {exc.start}); save it as "
                                "UTF-8") from None
    reader = {"markdown": "markdown-smart", "html": "html"}.get(kind, kind)
    try:
        with path.open("rb") as stdin:
            pandoc = start_pandoc(["-f", reader, "-t", "json"], stdin)
    except (ImportFailure, OSError) as exc:
        if package is not None:
            package.close()
        if isinstance(exc, ImportFailure):
            raise
        raise ImportFailure(f"{path}: cannot read it ({exc.strerror or exc})") from None
    return Reading(path, kind, package, pandoc)


def read_source(path: Path | str) -> Source:
    """The document at ``path`` read into a pandoc AST."""
    return start_reading(path).finish()
