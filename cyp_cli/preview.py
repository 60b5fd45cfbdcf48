"""``cyp serve``: a live preview of the plan's HTML build, for authors.

The plan is built the way ``cyp build --force --format html`` builds it (a DRAFT, lint
errors or not), but in memory: nothing is written into the plan or its ``dist/``. A
background thread polls the plan folder's file times and sizes and rebuilds when one
changes. Only the *served* copy of each page is changed: an ``<aside>`` listing the lint
findings goes near the top, and a small inline script (allowed by a hash in the page's
Content-Security-Policy) polls :data:`VERSION_PATH` and reloads when the build changes.
A plan that cannot be built is answered with an error page (HTTP 500) listing the problem
and the findings; the server keeps running and recovers on the next good build.

Binding: the default address is the constant :data:`DEFAULT_HOST` (loopback). No
environment variable, config file or plan setting is consulted, and a server started
without an explicit host refuses to run if its bound address is not loopback. A
non-loopback address is used only when the caller names it (``--host``), with a warning.
On loopback, requests whose ``Host`` header is not a loopback name are refused (a web
page elsewhere cannot read the preview through DNS rebinding).

Standard library only: ``http.server.ThreadingHTTPServer``, threads and ``os.walk``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import ipaddress
import os
import re
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
POLL_SECONDS = 0.5
VERSION_PATH = "/__cyp/version"
# Names a browser uses for this machine's loopback address; the Host header must be one
# of these (or the --host the user gave) when the server listens on loopback.
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
_HOST = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::[0-9]{1,5})?")
# Folders in the plan whose changes do not change the build: the build's own output,
# version control and editors' hidden files.
IGNORED_DIRS = frozenset({"dist", "__pycache__", "node_modules"})

# The live-reload script. Constant, so its hash can go into the page's CSP; the version
# it compares against is read from a meta tag.
RELOAD_SCRIPT = (
    "(function(){var m=document.querySelector('meta[name=\"cyp-preview-version\"]');"
    "if(!m)return;var v=m.content;setInterval(function(){"
    "fetch('" + VERSION_PATH + "',{cache:'no-store'})"
    ".then(function(r){return r.ok?r.text():''})"
    ".then(function(t){if(t&&t!==v)location.reload()})"
    ".catch(function(){})},1000)})();"
)
SCRIPT_HASH = "sha256-" + base64.b64encode(
    hashlib.sha256(RELOAD_SCRIPT.encode("utf-8")).digest()).decode("ascii")
BASE_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
PREVIEW_DIRECTIVES = f"script-src '{SCRIPT_HASH}'; connect-src 'self'"

PREVIEW_CSS = """\
.cyp-preview{font:15px/1.45 system-ui,sans-serif;background:#fff8e1;color:#1a1a1a;\
border:2px solid #8a5a00;border-radius:4px;margin:.5em;padding:.5em 1em}
.cyp-preview summary{cursor:pointer;font-weight:bold}
.cyp-preview ol{margin:.5em 0;padding-left:2em;max-height:40vh;overflow:auto}
.cyp-preview li{margin:.15em 0}
.cyp-preview code{font-family:ui-monospace,monospace;font-size:.95em}
.cyp-preview .cyp-error{color:#9b0000}
.cyp-preview .cyp-problem{font-weight:bold;color:#9b0000}
.cyp-preview a{color:#0b4f8a}
@media print{.cyp-preview{display:none}}
.cyp-error-page{font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;max-width:70rem;\
margin:1rem auto;padding:0 1rem}
.cyp-error-page h1{font-size:1.6rem}
"""

_CSP_META = re.compile(
    r'<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*/?>', re.I)
_HEAD_END = re.compile(r"</head\s*>", re.I)
_BODY_START = re.compile(
    r'<body\b[^>]*>(?:\s*<a\s+class="skip-link"[^>]*>.*?</a>)?', re.I | re.S)


class ServeError(Exception):
    """The server cannot start (address in use, unknown host): one line for ``cyp:``."""


# --- the build --------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    code: str
    level: str  # error | warning | info
    message: str


@dataclass(frozen=True)
class Build:
    """One build as served: page paths to HTML bytes, the HTTP status of those pages
    (200 built, 500 could not be built) and the version the pages' script compares."""

    pages: dict[str, bytes]
    status: int
    version: str
    summary: str  # one line for the terminal
    findings: tuple[Finding, ...] = ()
    problem: str = ""  # why the plan could not be built ('' when it was)


def build_preview(root: Path, known_paths: frozenset[str] = frozenset()) -> Build:
    """Lint and build ``root`` as a draft HTML page per edition, in memory. Never raises
    for anything in the plan: a plan that cannot be built gives an error page, served
    at ``/`` and at every path in ``known_paths`` (the previous build's pages), so a
    browser that is showing one of them sees the error and reloads when it is fixed."""
    from .check import check_plan
    from .diagnostics import InputError
    from .document.errors import BuildError
    from .document.strings import available
    from .model.load import PLAN_FILE, load_plan
    from .render import render_editions

    findings: list[Finding] = []
    notes: list[str] = []  # build warnings (e.g. a link to an unreadable section)
    title = root.name
    outputs = []
    problem = ""
    try:
        if not (root / PLAN_FILE).is_file():
            raise BuildError(f"{PLAN_FILE} is missing or not a file", PLAN_FILE)
        report = check_plan(load_plan(root))
        findings = [Finding(d.file, d.line, d.code, d.level.value, d.message)
                    for d in report.diagnostics]
        title = report.plan.file.title or root.name
        languages = list(report.plan.file.languages or ["en"])
        editions = [lang for lang in languages if lang in available()]
        for lang in languages:
            if lang not in editions:
                notes.append(f"no '{lang}' edition yet (no strings catalogue for '{lang}')")
        if not editions:
            raise BuildError("no edition can be built: cyp has no wording for "
                             + ", ".join(languages))
        outputs = render_editions(report, ["html"], draft=True, languages=editions,
                                  warnings=notes)
    except InputError as exc:
        problem = str(exc.diagnostic)
    except BuildError as exc:
        problem = str(exc)
    except Exception as exc:  # a bug in cyp: the preview reports it and keeps running
        if os.environ.get("CYP_DEBUG"):  # the traceback goes to the terminal, never the page
            import traceback

            traceback.print_exc()
        problem = (f"internal error: {type(exc).__name__}: {exc} "
                   "(set CYP_DEBUG=1 for a traceback in the terminal and please report it)")

    counts = _counts(findings)
    if problem:
        summary = f"cannot build: {problem} ({counts})"
    else:
        summary = f"built {', '.join(o.name for o in outputs)} ({counts})"

    digest = hashlib.sha256()
    for item in (problem, *notes, *(repr(f) for f in findings)):
        digest.update(item.encode("utf-8") + b"\0")
    for output in outputs:
        digest.update(output.name.encode("utf-8") + b"\0" + output.data + b"\0")
    version = digest.hexdigest()[:16]

    links = [("/" + o.name, o.lang) for o in outputs] if len(outputs) > 1 else []
    aside = _aside(findings, notes, problem, links)
    pages: dict[str, bytes] = {}
    if problem:
        page = _error_page(title, aside, version).encode("utf-8")
        for path in {"/", *known_paths}:
            pages[path] = page
        return Build(pages, 500, version, summary, tuple(findings), problem)
    for i, output in enumerate(outputs):
        page = _inject(output.data.decode("utf-8"), aside, version).encode("utf-8")
        pages["/" + output.name] = page
        if i == 0:
            pages["/"] = page  # the primary language's edition
    return Build(pages, 200, version, summary, tuple(findings))


def _counts(findings: list[Finding]) -> str:
    parts = []
    for level in ("error", "warning", "info"):
        n = sum(1 for f in findings if f.level == level)
        parts.append(f"{n} {level}{'' if n == 1 else 's'}")
    return ", ".join(parts)


def _aside(findings: list[Finding], notes: list[str], problem: str,
           editions: list[tuple[str, str]]) -> str:
    """The preview's own box: counts in a summary line, then each finding as
    ``file:line: CODE level message``. Open when there are errors (or the build
    failed), folded otherwise; every plan-derived string is escaped."""
    esc = html.escape
    errors = any(f.level == "error" for f in findings)
    total = len(findings)
    noun = "finding" if total == 1 else "findings"
    out = ['<aside class="cyp-preview" lang="en" dir="ltr" '
           'aria-label="cyp preview: lint findings">',
           f"<details{' open' if errors or problem else ''}>",
           f"<summary>cyp preview: {total} lint {noun} ({esc(_counts(findings))})"
           "</summary>"]
    if problem:
        out.append(f'<p class="cyp-problem">Cannot build: <code>{esc(problem)}</code></p>')
    if findings:
        # Focusable, so a keyboard can scroll the list (it scrolls past 40% of the view).
        out.append('<ol class="cyp-findings" tabindex="0" aria-label="Lint findings">')
        for f in findings:
            out.append(f'<li class="cyp-{esc(f.level)}"><code>{esc(f.file)}:{f.line}</code>: '
                       f"{esc(f.code)} {esc(f.level)} {esc(f.message)}</li>")
        out.append("</ol>")
    else:
        out.append("<p>No lint findings.</p>")
    if notes:
        out.append('<p>Build warnings:</p><ul class="cyp-notes">')
        out += [f"<li>{esc(n)}</li>" for n in notes]
        out.append("</ul>")
    if editions:
        out.append("<p>Editions: " + " · ".join(
            f'<a href="{esc(path)}">{esc(lang)}</a>' for path, lang in editions) + "</p>")
    out.append("<p>Draft preview, rebuilt when the plan changes; "
               "'cyp build' publishes the plan.</p>")
    out.append("</details></aside>")
    return "\n".join(out)


def _head_extras(version: str) -> str:
    return (f'<meta name="cyp-preview-version" content="{html.escape(version)}">\n'
            f"<style>\n{PREVIEW_CSS}</style>\n<script>{RELOAD_SCRIPT}</script>\n")


def _inject(page: str, aside: str, version: str) -> str:
    """The built page with the preview's aside, version, style and script. The page's
    CSP gains just enough for the script (its hash) and its fetch (same origin)."""
    match = _CSP_META.search(page)
    if match:
        policy = f"{match.group(1).rstrip('; ')}; {PREVIEW_DIRECTIVES}"
        meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        page = page[:match.start()] + meta + page[match.end():]
    head = _HEAD_END.search(page)
    at = head.start() if head else 0
    extras = _head_extras(version)
    page = page[:at] + extras + page[at:]
    body = _BODY_START.search(page)
    at = body.end() if body else at + len(extras)
    return page[:at] + "\n" + aside + "\n" + page[at:]


def _error_page(title: str, aside: str, version: str) -> str:
    esc = html.escape(f"{title}")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{BASE_POLICY}; {PREVIEW_DIRECTIVES}">
<title>cyp preview: cannot build {esc}</title>
{_head_extras(version)}</head>
<body class="cyp-error-page">
<main>
<h1>cyp preview: {esc} cannot be built</h1>
{aside}
<p>This page reloads by itself when the plan builds again.</p>
</main>
</body>
</html>
"""


# --- watching the plan folder -----------------------------------------------------


def snapshot(root: Path) -> frozenset[tuple[str, int, int]]:
    """(path, mtime_ns, size) of every file in the plan that can change the build:
    everything but hidden files and folders (``.git``, editors' swap files) and
    ``dist/``. A file that vanishes mid-walk is simply left out."""
    entries = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in IGNORED_DIRS]
        for name in files:
            if name.startswith(".") or name.endswith("~"):
                continue
            path = os.path.join(folder, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            entries.append((path, st.st_mtime_ns, st.st_size))
    return frozenset(entries)


class Preview:
    """The current build of one plan and the thread that keeps it current."""

    def __init__(self, root: Path, interval: float = POLL_SECONDS,
                 log: Callable[[str], None] | None = None) -> None:
        # Snapshot first: an edit made while the first build runs is picked up.
        self.root = root
        self.interval = interval
        self.log = log
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen = snapshot(root)
        self.current = build_preview(root)  # replaced whole: readers need no lock

    def rebuild(self) -> bool:
        """Build again; True if what is served changed."""
        previous = self.current
        build = build_preview(self.root, frozenset(previous.pages))
        self.current = build
        changed = build.version != previous.version
        if changed and self.log:
            self.log(build.summary)
        return changed

    def poll(self) -> bool:
        """Rebuild if any file changed since the last look; True if it did."""
        now = snapshot(self.root)
        if now == self._seen:
            return False
        self._seen = now  # taken before building: a change during the build is seen next
        self.rebuild()
        return True

    def start(self) -> None:
        self._thread = threading.Thread(target=self._watch, name="cyp-preview-watch",
                                        daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.poll()
            except Exception as exc:  # never let the watcher die silently
                if self.log:
                    self.log(f"watching {self.root}: {type(exc).__name__}: {exc}")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=5)


# --- binding ------------------------------------------------------------------------


@dataclass(frozen=True)
class Bind:
    """Where to listen. ``explicit``: the user named the host; only then may it be
    other than loopback."""

    host: str  # the address to bind
    family: int
    loopback: bool
    explicit: bool
    name: str = ""  # the host as the user gave it

    @property
    def warning(self) -> str:
        if self.loopback:
            return ""
        return (f"listening on {self.host}, not only on loopback: the plan (a draft, with "
                "its lint findings) is visible to anyone who can reach this machine")


def resolve_bind(host: str | None) -> Bind:
    """The address for ``--host``; ``None`` (not given) is always :data:`DEFAULT_HOST`,
    whatever the environment says."""
    explicit = host is not None
    name = DEFAULT_HOST if host is None else host.strip()
    if not name:
        raise ServeError("--host needs an address or a host name, e.g. 127.0.0.1")
    try:
        infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ServeError(f"--host {name}: cannot resolve it ({exc})") from None
    infos = [i for i in infos if i[0] in (socket.AF_INET, socket.AF_INET6)]
    if not infos:
        raise ServeError(f"--host {name}: no IPv4 or IPv6 address")
    addresses = [str(i[4][0]) for i in infos]
    loopback = all(_is_loopback(a) for a in addresses)
    return Bind(addresses[0], infos[0][0], loopback, explicit, name)


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def url_for(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


# --- the HTTP server -----------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "cyp-preview"
    timeout = 30  # a client that stalls loses its thread after this long

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _not_allowed(self) -> None:
        self._send(405, b"cyp preview answers GET and HEAD only\n", "text/plain",
                   with_body=True, extra={"Allow": "GET, HEAD"})

    def __getattr__(self, name: str) -> Any:
        # http.server answers a method it has no do_X for with 501; every method but
        # GET and HEAD (POST, TRACE, CONNECT, made-up ones) gets the documented 405.
        if name.startswith("do_"):
            return self._not_allowed
        raise AttributeError(name)

    def _answer(self, with_body: bool) -> None:
        if not self.server.host_allowed(self.headers.get_all("Host") or []):
            self._send(400, b"cyp preview answers only to its loopback address\n",
                       "text/plain", with_body)
            return
        path = urlsplit(self.path).path
        build = self.server.preview.current
        if path == VERSION_PATH:
            self._send(200, build.version.encode("ascii"), "text/plain", with_body)
            return
        page = build.pages.get(path)
        if page is None:
            self._send(404, b"not found\n", "text/plain", with_body)
            return
        self._send(build.status, page, "text/html", with_body)

    def _send(self, status: int, body: bytes, ctype: str, with_body: bool,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the page polls the version every second."""


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    preview: Preview  # set by LiveServer once bound, before any request is served

    def __init__(self, bind: Bind, port: int) -> None:
        self.address_family = bind.family
        self.bind = bind
        super().__init__((bind.host, port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which can stall on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name = str(self.server_address[0])
        self.server_port = int(self.server_address[1])

    def host_allowed(self, headers: list[str]) -> bool:
        """One Host header at most, written ``name[:port]`` and nothing else (so
        ``localhost:80@evil.example`` is refused), naming loopback when bound there."""
        if len(headers) > 1:
            return False
        if not self.bind.loopback or not headers:
            return True
        found = _HOST.fullmatch(headers[0].strip().lower())
        if found is None:
            return False
        name = found[1]
        return name in LOOPBACK_NAMES or name == self.bind.name.lower()

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the browser went away: nothing to report
        sys.stderr.write(f"cyp: preview: error answering a request: "
                         f"{type(exc).__name__}: {exc}\n")


@dataclass
class LiveServer:
    """A preview of the plan at ``root``, served on ``host`` (None: loopback) and
    ``port`` (0: a free one). Builds once on creation, so the first request has a
    page; :meth:`serve_forever` blocks (the CLI), :meth:`start` serves from threads
    (tests); :meth:`close` stops either."""

    root: Path
    host: str | None = None
    port: int = DEFAULT_PORT
    interval: float = POLL_SECONDS
    log: Callable[[str], None] | None = None
    bind: Bind = field(init=False)
    preview: Preview = field(init=False)
    server: PreviewServer = field(init=False)

    def __post_init__(self) -> None:
        self.bind = resolve_bind(self.host)
        if not self.bind.explicit and not self.bind.loopback:  # cannot happen: guard
            raise ServeError(f"refusing to listen on {self.bind.host} without --host")
        try:
            self.server = PreviewServer(self.bind, self.port)
        except OSError as exc:
            raise ServeError(_bind_problem(self.bind, self.port, exc)) from None
        bound = str(self.server.server_address[0])
        if not self.bind.explicit and not _is_loopback(bound):
            self.server.server_close()
            raise ServeError(f"refusing to serve on {bound}: not loopback, and no --host")
        try:  # bound first, built second: a port in use fails before the build's wait
            self.preview = Preview(self.root, self.interval, self.log)
        except BaseException:
            self.server.server_close()
            raise
        self.server.preview = self.preview
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.server.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        return url_for(*self.address)

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted (Ctrl-C) or :meth:`close`."""
        self.preview.start()
        # The loop looks for a shutdown request this often: as often as the watcher.
        self.server.serve_forever(poll_interval=min(self.interval, 0.5))

    def start(self) -> LiveServer:
        """Serve from a background thread; :meth:`close` stops it."""
        self._thread = threading.Thread(target=self.serve_forever, name="cyp-preview-http",
                                        daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop watching and serving and release the port. After Ctrl-C in
        :meth:`serve_forever` the loop has already ended; only a loop running in
        another thread (:meth:`start`) needs ``shutdown``, which waits for it."""
        self.preview.stop()
        if self._thread is not None:
            self.server.shutdown()
            self._thread.join(timeout=5)
        self.server.server_close()

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _bind_problem(bind: Bind, port: int, exc: OSError) -> str:
    import errno

    where = f"{bind.host}:{port}" if ":" not in bind.host else f"[{bind.host}]:{port}"
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} on {bind.host} is in use; choose another with --port "
                "(--port 0 picks a free one)")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"not allowed to listen on {where} (ports below 1024 need privileges)"
    return f"cannot listen on {where}: {exc.strerror or exc}"
