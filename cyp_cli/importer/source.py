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

import json
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ImportFailure

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORMATS = {
    ".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html",
    ".md": "markdown", ".markdown": "markdown",
}
PACKAGE_PART = {"docx": "word/document.xml", "odt": "content.xml"}
MEDIA_ROOT = {"docx": "word/", "odt": ""}
TIMEOUT = 300  # seconds; a 100-page DOCX takes a few


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
        and those inside it are that heading's."""
        if self._zip is None or self.kind != "docx":
            return []
        from xml.etree import ElementTree as ET

        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        try:
            root = ET.fromstring(self._zip.read("word/document.xml"))
            styles = ET.fromstring(self._zip.read("word/styles.xml"))
        except (KeyError, ET.ParseError, OSError, zipfile.BadZipFile):
            return []
        headings = {st.get(f"{w}styleId") for st in styles.iter(f"{w}style")
                    if (name := st.find(f"{w}name")) is not None
                    and str(name.get(f"{w}val", "")).lower().startswith("heading")}
        body = root.find(f"{w}body")
        out: list[tuple[str, list[str]]] = []
        pending: list[str] = []
        for element in (body if body is not None else []):
            if element.tag == f"{w}bookmarkStart":
                pending.append(element.get(f"{w}name", ""))
            elif element.tag == f"{w}p":
                style = element.find(f"{w}pPr/{w}pStyle")
                names = pending + [b.get(f"{w}name", "") for b in
                                   element.iter(f"{w}bookmarkStart")]
                pending = []
                if style is not None and style.get(f"{w}val") in headings:
                    text = "".join(t.text or "" for t in element.iter(f"{w}t"))
                    out.append((text, [n for n in names if n]))
            elif element.tag != f"{w}bookmarkEnd":
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


def _pandoc(path: Path, kind: str, data: bytes) -> dict[str, Any]:
    from ..document.errors import BuildError
    from ..render.pandoc import pandoc_path

    try:
        exe = pandoc_path()
    except BuildError as exc:
        raise ImportFailure(f"cannot import {path}: {exc}") from None
    reader = {"markdown": "markdown-smart", "html": "html"}.get(kind, kind)
    cmd = [exe, "--sandbox", "-f", reader, "-t", "json"]
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, check=False,
                              timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ImportFailure(f"{path}: pandoc could not read it ({exc})") from None
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        why = lines[0] if lines else f"exit status {proc.returncode}"
        raise ImportFailure(f"{path}: pandoc could not read it: {why}")
    try:
        return json.loads(proc.stdout)
    except ValueError:
        raise ImportFailure(f"{path}: pandoc gave no readable result") from None


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


def read_source(path: Path | str) -> Source:
    """The document at ``path`` read into a pandoc AST; ImportFailure (one line)
    for a missing, unsupported, protected, corrupt or empty file."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailure(f"{path}: no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if not data.strip():
        raise ImportFailure(f"{path}: the file is empty")
    kind = _kind(path, data[:8])
    package = _open_package(path, kind) if kind in PACKAGE_PART else None
    if kind in ("html", "markdown"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFailure(f"{path}: not UTF-8 text (byte {exc.start}); save it as "
                                "UTF-8") from None
    try:
        ast = _pandoc(path, kind, data)
    except ImportFailure:
        if package is not None:
            package.close()
        raise
    if not _has_text(ast.get("blocks", [])):
        if package is not None:
            package.close()
        raise ImportFailure(f"{path}: the document has no text to import")
    return Source(path, kind, ast, package)
