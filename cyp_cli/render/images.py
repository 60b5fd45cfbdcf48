"""Images for the renderers: HTML and DOCX embed them as data URIs (the HTML file
stands alone; pandoc in ``--sandbox`` may not open files), PDF copies them into the
typst build folder. Only formats every reader handles are accepted."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from ..document.errors import BuildError
from ..document.nodes import Image
from ..model.images import MIME, looks_like


def _fail(image: Image, problem: str) -> BuildError:
    file, _, line = image.where.rpartition(":")
    if file and line.isdigit():
        return BuildError(f"image '{image.rel}': {problem}", file, int(line))
    return BuildError(f"image '{image.rel}': {problem}")


def mime_type(image: Image) -> str:
    mime = MIME.get(image.path.suffix.lower())
    if mime is None:
        raise _fail(image, f"{image.path.suffix or 'no extension'} is not a publishable "
                           f"image format (use {', '.join(sorted(MIME))})")
    return mime


def read_image(image: Image) -> bytes:
    """The image's bytes, checked against its extension."""
    try:
        data = image.path.read_bytes()
    except OSError as exc:
        raise _fail(image, f"cannot be read: {exc.strerror or exc}") from None
    mime = mime_type(image)
    if not looks_like(data, mime):
        raise _fail(image, f"is not a valid {mime.split('/')[1].split('+')[0].upper()} file")
    return data


def data_uri(image: Image) -> str:
    """The image as a ``data:`` URI (a logo used on every page is encoded once)."""
    key = (image.path, _stamp(image.path))
    uri = _URIS.get(key)
    if uri is None:
        data = read_image(image)
        uri = f"data:{mime_type(image)};base64,{base64.b64encode(data).decode('ascii')}"
        _URIS[key] = uri
    return uri


_URIS: dict[tuple[Path, tuple[int, int]], str] = {}


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


# Charts as PNG for DOCX: Word processors without SVG support (LibreOffice shows an
# SVG-only picture blank) need a raster. typst, already used for the PDF, draws each SVG
# on a page of its own size; 192 ppi is sharp when printed at the chart's size.
PNG_PPI = 192
_RASTER_PAGE = """#set page(width: auto, height: auto, margin: 0pt, fill: white)
#let svgs = json(bytes(sys.inputs.svgs))
#for (n, svg) in svgs.enumerate() {
  if n > 0 { pagebreak() }
  image(bytes(svg), format: "svg")
}
"""


def svgs_as_png(svgs: list[str], fonts: list[str] | None = None,
                font_paths: Any = None) -> list[bytes]:
    """Each SVG drawn as a PNG, in one typst run (its fonts load once). ``fonts``
    (families, preferred first) stand in for the generic ``sans-serif``, which typst's
    SVG reader would otherwise set in whatever face it finds first (a serif);
    ``font_paths`` is a list of folders or the build's ``typst.Fonts``."""
    if not svgs:
        return []
    import json

    import typst

    if fonts:
        family = 'font-family="' + ", ".join(fonts) + ', sans-serif"'
        svgs = [svg.replace('font-family="sans-serif"', family) for svg in svgs]
    # typst's stubs tie font_paths' type to the input's (bytes here) and promise one
    # page; a multi-page PNG compile returns a list of pages.
    compile_png = cast("Callable[..., bytes | list[bytes]]", typst.compile)
    pages = compile_png(_RASTER_PAGE.encode("utf-8"), format="png", ppi=PNG_PPI,
                        sys_inputs={"svgs": json.dumps(svgs)}, font_paths=font_paths or [])
    return pages if isinstance(pages, list) else [pages]
