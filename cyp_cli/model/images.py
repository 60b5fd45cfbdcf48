"""What counts as a publishable image: shared by lint (L004, L005) and the renderers,
so lint refuses exactly what the build would."""

from __future__ import annotations

from pathlib import Path

MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
}
HEAD_BYTES = 4096  # enough of a file to tell its format


def looks_like(data: bytes, mime: str) -> bool:
    """Whether the file's first bytes match its extension (a renamed or damaged file
    would otherwise fail deep inside a renderer, far from the plan's line)."""
    if mime == "image/png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if mime == "image/jpeg":
        return data.startswith(b"\xff\xd8\xff")
    if mime == "image/gif":
        return data.startswith((b"GIF87a", b"GIF89a"))
    if mime == "image/webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return b"<svg" in data[:HEAD_BYTES]


def image_problem(path: Path, root: Path) -> str | None:
    """Why the image at ``path`` cannot be published from the plan at ``root``, or
    None: outside the plan, missing, not a format every reader handles, or not what
    its extension says."""
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        return "points outside the plan folder"
    if not resolved.is_file():
        return "file not found"
    mime = MIME.get(resolved.suffix.lower())
    if mime is None:
        return (f"{resolved.suffix or 'no extension'} is not a publishable image format "
                f"(use {', '.join(sorted(MIME))})")
    try:
        with open(resolved, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if not looks_like(head, mime):
        return f"is not a valid {mime.split('/')[1].split('+')[0].upper()} file"
    return None
