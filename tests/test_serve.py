"""``cyp serve``: the live preview, on a real server on loopback (``--port 0``).

Servers run in a thread of this process (``LiveServer.start``) or as a ``cyp serve``
subprocess; every one is shut down in a ``finally``, and every wait is bounded. No
request is ever sent to a non-loopback address: the ``--host 0.0.0.0`` tests only look
at the bound address and the warning.
"""

from __future__ import annotations

import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from plancopy import FIXTURES, copy_plan, edit

from cyp_cli.check import check_plan
from cyp_cli.model.load import load_plan
from cyp_cli.preview import (
    DEFAULT_HOST,
    SCRIPT_HASH,
    VERSION_PATH,
    LiveServer,
    ServeError,
    build_preview,
    resolve_bind,
)

MINI = FIXTURES / "build-mini"
TITLE = "Mini Children and Young People"
WAIT = 10.0  # seconds: the longest any test waits for a rebuild or a server


def wait_for(check: Callable[[], bool], timeout: float = WAIT) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return check()


def get(port: int, path: str, method: str = "GET",
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    """One request to 127.0.0.1, with the path sent exactly as given."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.putrequest(method, path, skip_host="Host" in (headers or {}),
                        skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read().decode("utf-8")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def files_in(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return copy_plan(MINI, tmp_path / "plan")


def serving(root: Path) -> Iterator[LiveServer]:
    server = LiveServer(root, port=0, interval=0.05)
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def live(plan: Path) -> Iterator[LiveServer]:
    """A server of its own, for a test that edits the plan."""
    yield from serving(plan)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server for the tests that only read (the plan is never edited)."""
    yield from serving(copy_plan(MINI, tmp_path_factory.mktemp("shared") / "plan"))


def port_of(live: LiveServer) -> int:
    return live.address[1]


def version(port: int) -> str:
    status, _, body = get(port, VERSION_PATH)
    assert status == 200
    return body


# --- what is served ------------------------------------------------------------------


def test_answers_on_loopback_with_the_plan_title_and_lang(live: LiveServer) -> None:
    host, port = live.address
    assert host == "127.0.0.1"
    assert live.url == f"http://127.0.0.1:{port}/"
    status, headers, body = get(port, "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store"
    assert re.search(r'<html lang="en(-GB)?">', body)
    assert f"<title>DRAFT: {TITLE}" in body  # a draft, as 'cyp build --force' makes
    assert f"<h1>{TITLE}" in body
    # The page also answers under its build name, with the same content.
    status, _, same = get(port, "/plan.html")
    assert status == 200 and same == body


def test_the_findings_aside_lists_every_lint_finding_escaped(live: LiveServer,
                                                             plan: Path) -> None:
    report = check_plan(load_plan(plan))
    assert any(d.code == "M006" for d in report.diagnostics)  # raw '<b>' in a section
    _, _, body = get(port_of(live), "/")
    aside = re.search(r'<aside class="cyp-preview".*?</aside>', body, re.S)
    assert aside, "no findings aside in the served page"
    text = aside.group(0)
    n = len(report.diagnostics)
    assert f"{n} lint findings" in text
    items = re.findall(r"<li class=\"cyp-(?:error|warning|info)\">", text)
    assert len(items) == n
    for d in report.diagnostics:
        assert (f"<code>{html.escape(d.file)}:{d.line}</code>: {d.code} {d.level.value} "
                f"{html.escape(d.message)}</li>") in text
    assert "&lt;b&gt;" in text and "'<b>'" not in text  # the plan's text is escaped
    # Near the top: after the skip link, before the cover.
    assert body.index("skip-link") < body.index("<aside") < body.index('<header class="cover"')


def test_the_page_may_run_only_the_reload_script(live: LiveServer, plan: Path) -> None:
    _, _, body = get(port_of(live), "/")
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', body)
    assert csp and f"script-src '{SCRIPT_HASH}'" in csp.group(1)
    assert "default-src 'none'" in csp.group(1) and "connect-src 'self'" in csp.group(1)
    assert body.count("<script") == 1
    meta = re.search(r'<meta name="cyp-preview-version" content="([0-9a-f]+)">', body)
    assert meta and meta.group(1) == version(port_of(live))
    # The build itself stays free of JavaScript: only the served copy has the script.
    from cyp_cli.render import render_editions

    built = render_editions(check_plan(load_plan(plan)), ["html"], draft=True)
    assert b"<script" not in built[0].data and b"cyp-preview" not in built[0].data


def test_head_answers_headers_only(shared: LiveServer) -> None:
    status, headers, body = get(port_of(shared), "/", method="HEAD")
    assert status == 200 and body == "" and int(headers["content-length"]) > 1000


# --- live rebuilds -------------------------------------------------------------------


def test_editing_a_section_changes_the_page_and_the_version(live: LiveServer,
                                                            plan: Path) -> None:
    port = port_of(live)
    before = version(port)
    assert "mumps and rubella" not in get(port, "/")[2]
    edit(plan / "sections/02-health.md", "from measles.", "from measles, mumps and rubella.")
    assert wait_for(lambda: version(port) != before), "the version did not change"
    _, _, body = get(port, "/")
    assert "mumps and rubella" in body
    assert f'content="{version(port)}"' in body  # the page knows its new version


def test_touching_a_file_without_changing_it_keeps_the_version(live: LiveServer,
                                                               plan: Path) -> None:
    port = port_of(live)
    before = version(port)
    section = plan / "sections/02-health.md"
    section.write_bytes(section.read_bytes())
    os.utime(section, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    time.sleep(0.5)  # several polls
    assert version(port) == before  # nothing to reload for


def test_broken_yaml_builds_a_draft_with_the_error_listed(live: LiveServer,
                                                          plan: Path) -> None:
    port = port_of(live)
    before = version(port)
    edit(plan / "sections/02-health.md", "title: Health and well-being", "title: [oops")
    assert wait_for(lambda: version(port) != before)
    status, _, body = get(port, "/")
    assert status == 200  # a draft builds despite lint errors, as 'cyp build --force'
    errors = [d for d in check_plan(load_plan(plan)).diagnostics
              if d.level.value == "error"]
    assert errors
    for d in errors:
        assert f'<li class="cyp-error"><code>{d.file}:{d.line}</code>: {d.code}' in body
    assert re.search(r'<aside class="cyp-preview"[^>]*>\s*<details open>', body)


def test_a_missing_image_is_a_build_warning_on_the_page(live: LiveServer,
                                                        plan: Path) -> None:
    port = port_of(live)
    before = version(port)
    (plan / "images/chart.png").unlink()
    assert wait_for(lambda: version(port) != before)
    status, _, body = get(port, "/")
    assert status == 200  # a draft still builds, as with 'cyp build --force'
    assert re.search(r'<ul class="cyp-notes">\n<li>sections/01-introduction.md:\d+: '
                     r"image &#x27;../images/chart.png&#x27;: file not found</li>", body)


def test_a_plan_that_cannot_be_built_gets_an_error_page_and_recovers(
        live: LiveServer, plan: Path) -> None:
    port = port_of(live)
    good = version(port)
    chart = plan / "images/chart.png"
    data = chart.read_bytes()
    chart.write_bytes(b"not a PNG at all")  # a damaged image stops even a draft
    assert wait_for(lambda: version(port) != good)
    for path in ("/", "/plan.html"):  # the page a browser was showing, too
        status, headers, body = get(port, path)
        assert status == 500
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert "cannot be built" in body and "images/chart.png" in body
        assert '<ol class="cyp-findings"' in body  # with the lint findings
        assert "Traceback" not in body
        assert body.count("<script") == 1  # and it reloads when the plan is fixed
    assert get(port, VERSION_PATH)[0] == 200  # the server keeps running
    chart.write_bytes(data)
    assert wait_for(lambda: get(port, "/")[0] == 200)
    assert TITLE in get(port, "/")[2]


def test_a_missing_plan_yaml_is_an_error_page_not_a_crash(live: LiveServer,
                                                          plan: Path) -> None:
    port = port_of(live)
    (plan / "plan.yaml").rename(plan / "plan.yaml.bak")
    assert wait_for(lambda: get(port, "/")[0] == 500)
    assert "plan.yaml is missing" in get(port, "/")[2]
    (plan / "plan.yaml.bak").rename(plan / "plan.yaml")
    assert wait_for(lambda: get(port, "/")[0] == 200)


def test_the_preview_writes_nothing_into_the_plan(live: LiveServer, plan: Path) -> None:
    port = port_of(live)
    before = version(port)
    edit(plan / "sections/02-health.md", "from measles.", "from measles and mumps.")
    expected = files_in(plan)
    assert wait_for(lambda: version(port) != before)
    get(port, "/")
    assert files_in(plan) == expected
    assert not (plan / "dist").exists()


# --- what is not served --------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/nope", "/index.html", "/plan.yaml", "/sections/", "/sections/02-health.md",
    "/images/", "/images/logo.png", "/dist/plan.html", "/__cyp", "/__cyp/",
    "/__cyp/version/x", "/favicon.ico",
])
def test_unknown_paths_are_404(shared: LiveServer, path: str) -> None:
    status, _, body = get(port_of(shared), path)
    assert status == 404 and body == "not found\n"


@pytest.mark.parametrize("path", [
    "/../plan.yaml", "/%2e%2e/plan.yaml", "/..%2fplan.yaml", "/sections/../plan.yaml",
    "/./plan.yaml", "//etc/passwd", "/../../../../etc/passwd", "/%2e%2e%2f%2e%2e%2fetc/passwd",
    "/images/..%2f..%2fplan.yaml", "/plan.html/../../plan.yaml", "\\..\\plan.yaml",
])
def test_path_traversal_is_404(shared: LiveServer, path: str) -> None:
    status, _, body = get(port_of(shared), path)
    assert status == 404
    assert "nation: wales" not in body and "root:" not in body


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_only_get_and_head(shared: LiveServer, method: str) -> None:
    status, headers, _ = get(port_of(shared), "/", method=method)
    assert status == 405 and headers["allow"] == "GET, HEAD"


def test_a_foreign_host_header_is_refused_on_loopback(shared: LiveServer) -> None:
    port = port_of(shared)
    # What a page on another site would send after rebinding its name to 127.0.0.1.
    assert get(port, "/", headers={"Host": f"evil.example:{port}"})[0] == 400
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", "localhost"):
        assert get(port, "/", headers={"Host": host})[0] == 200


# --- binding -------------------------------------------------------------------------


def test_the_default_bind_is_loopback_whatever_the_environment(
        plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOST", "CYP_HOST", "CYP_SERVE_HOST", "BIND", "HTTP_HOST"):
        monkeypatch.setenv(name, "0.0.0.0")
    assert DEFAULT_HOST == "127.0.0.1"
    bind = resolve_bind(None)
    assert (bind.host, bind.loopback, bind.explicit, bind.warning) == (
        "127.0.0.1", True, False, "")
    server = LiveServer(plan, port=0)
    try:
        assert server.server.server_address[0] == "127.0.0.1"  # the socket's own address
        assert server.server.socket.getsockname()[0] == "127.0.0.1"
    finally:
        server.close()


def test_an_explicit_non_loopback_host_is_allowed_with_a_warning(plan: Path) -> None:
    server = LiveServer(plan, host="0.0.0.0", port=0)
    try:  # never served: only the bound address is looked at
        assert server.server.socket.getsockname()[0] == "0.0.0.0"
        assert server.bind.explicit and not server.bind.loopback
        assert "visible to anyone" in server.bind.warning
    finally:
        server.close()


def test_an_explicit_loopback_host_has_no_warning() -> None:
    for host in ("127.0.0.1", "localhost"):
        bind = resolve_bind(host)
        assert bind.loopback and bind.explicit and not bind.warning


def test_an_unusable_host_is_a_serve_error() -> None:
    with pytest.raises(ServeError):
        resolve_bind("")
    with pytest.raises(ServeError, match="cannot resolve"):
        resolve_bind("no-such-host.invalid")


# --- the command ---------------------------------------------------------------------


def start_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cyp_cli", "serve", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})},
    )


def served_url(proc: subprocess.Popen[str]) -> str:
    """The URL the command prints once it listens (bounded: the test fails, not hangs)."""
    import selectors

    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout=WAIT * 2):
            raise AssertionError("cyp serve printed no URL")
    line = proc.stdout.readline()
    found = re.search(r"http://\S+/", line)
    assert found, f"no URL in {line!r}"
    return found.group(0)


def stop(proc: subprocess.Popen[str]) -> tuple[int, str]:
    """Ctrl-C, then the exit status and stderr (killed if it does not stop)."""
    try:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=WAIT)
        return proc.returncode, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


def test_cli_serves_loopback_by_default_and_stops_on_ctrl_c(plan: Path) -> None:
    proc = start_cli(str(plan), "--port", "0",
                     env={"HOST": "0.0.0.0", "CYP_HOST": "0.0.0.0"})
    try:
        url = served_url(proc)
        match = re.fullmatch(r"http://127\.0\.0\.1:(\d+)/", url)
        assert match, url
        status, _, body = get(int(match.group(1)), "/")
        assert status == 200 and TITLE in body
    finally:
        code, err = stop(proc)
    assert code == 0
    assert "cyp: warning" not in err and "Traceback" not in err
    assert err.splitlines()[-1] == "cyp: stopped"
    assert sum("stopped" in line for line in err.splitlines()) == 1


def test_cli_warns_for_an_explicit_non_loopback_host(plan: Path) -> None:
    proc = start_cli(str(plan), "--port", "0", "--host", "0.0.0.0")
    try:
        url = served_url(proc)  # printed only; no request is sent to it
        assert url.startswith("http://0.0.0.0:")
    finally:
        code, err = stop(proc)
    assert code == 0
    assert "cyp: warning: listening on 0.0.0.0" in err and "visible to anyone" in err


def test_cli_port_in_use_is_exit_2(plan: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = start_cli(str(plan), "--port", str(port))
        try:
            _, err = proc.communicate(timeout=WAIT * 2)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert proc.returncode == 2
    assert err == (f"cyp: port {port} on 127.0.0.1 is in use; choose another with --port "
                   "(--port 0 picks a free one)\n")


def test_cli_not_a_plan_is_exit_2(tmp_path: Path) -> None:
    proc = start_cli(str(tmp_path), "--port", "0")
    _, err = proc.communicate(timeout=WAIT * 2)
    assert proc.returncode == 2 and err.startswith("cyp: ") and "not a plan" in err


# --- editions ------------------------------------------------------------------------


def test_each_edition_is_served_under_its_build_name(tmp_path: Path) -> None:
    plan = copy_plan(MINI, tmp_path / "plan")
    edit(plan / "plan.yaml", "languages: [en]", "languages: [en, cy]")
    for section in sorted((plan / "sections").glob("*.md")):
        section.with_suffix(".cy.md").write_bytes(section.read_bytes())
    build = build_preview(plan)
    assert build.status == 200
    assert build.pages["/"] == build.pages["/plan.en.html"]  # the primary language
    for lang in ("en", "cy"):
        page = build.pages.get(f"/plan.{lang}.html")
        if page is None:  # no strings catalogue for it yet: said on the page
            assert f"no &#x27;{lang}&#x27; edition yet" in build.pages["/"].decode()
        else:
            assert re.search(rf'<html lang="{lang}(-GB)?">', page.decode())


# --- in a browser ----------------------------------------------------------------------


@pytest.mark.browser
def test_in_chromium_the_page_reloads_itself_under_its_own_csp(live: LiveServer,
                                                               plan: Path) -> None:
    """The reload script runs although the page's CSP allows no other script (its
    hash is right), the browser reloads after an edit, and the aside passes axe."""
    from browser import WCAG_TAGS, axe_script, browser, describe, require_browser

    require_browser()
    port = port_of(live)
    with browser() as b:
        page = b.new_context().new_page()  # the page's CSP applies
        console: list[str] = []
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
        outside: list[str] = []

        def guard(route: object) -> None:  # nothing but the preview itself
            url = route.request.url  # type: ignore[attr-defined]
            if url.startswith((f"http://127.0.0.1:{port}/", "data:")):
                route.continue_()  # type: ignore[attr-defined]
            else:
                outside.append(url)
                route.abort()  # type: ignore[attr-defined]

        page.route("**/*", guard)
        page.goto(f"http://127.0.0.1:{port}/", timeout=WAIT * 1000)
        assert page.locator("aside.cyp-preview summary").is_visible()
        with page.expect_event("load", timeout=WAIT * 1000):
            edit(plan / "sections/02-health.md", "from measles.", "from measles (reloaded).")
        assert "(reloaded)" in page.content()
        assert not [c for c in console if "Content Security Policy" in c], console
        assert not outside, outside

        axe_page = b.new_context(bypass_csp=True).new_page()
        axe_page.goto(f"http://127.0.0.1:{port}/", timeout=WAIT * 1000)
        axe_page.click("aside.cyp-preview summary")  # open the findings too
        axe = axe_script()
        assert axe is not None
        axe_page.add_script_tag(content=axe.read_text(encoding="utf-8"))
        violations = axe_page.evaluate(
            "async (tags) => (await axe.run('aside.cyp-preview', {runOnly: {type: 'tag', "
            "values: tags}, resultTypes: ['violations']})).violations", WCAG_TAGS)
        assert not violations, describe(violations)


def test_a_bug_in_cyp_is_an_error_page_without_a_traceback(
        plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cyp_cli.render

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.delenv("CYP_DEBUG", raising=False)
    monkeypatch.setattr(cyp_cli.render, "render_editions", broken)
    build = build_preview(plan, frozenset({"/plan.html"}))
    assert build.status == 500 and set(build.pages) == {"/", "/plan.html"}
    page = build.pages["/"].decode()
    assert "internal error: ZeroDivisionError: division by zero" in page
    assert "Traceback" not in page


# --- methods and Host headers (issue 9) ----------------------------------------------


def _raw(port: int, request: bytes) -> tuple[int, str]:
    """Send ``request`` as it is; the status and the headers' text."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    return int(head.split(" ", 2)[1]), head.lower()


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "BREW"])
def test_every_other_method_is_405_with_allow(shared: LiveServer, method: str) -> None:
    status, head = _raw(port_of(shared), f"{method} / HTTP/1.1\r\nHost: localhost\r\n"
                        "Connection: close\r\n\r\n".encode())
    assert status == 405 and "allow: get, head" in head


@pytest.mark.parametrize("hosts", [
    ["localhost:80@evil.example"], ["[::1]@evil.example"], ["localhost@evil.example"],
    ["localhost", "evil.example"], ["localhost", "localhost"], ["localhost:8000/x"],
])
def test_crafted_or_repeated_host_headers_are_refused(shared: LiveServer, hosts) -> None:
    lines = "".join(f"Host: {h}\r\n" for h in hosts)
    status, _ = _raw(port_of(shared), f"GET / HTTP/1.1\r\n{lines}Connection: close\r\n\r\n"
                     .encode())
    assert status == 400
