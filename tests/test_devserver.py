"""The dev server: serves the build under its base path, rebuilds on save, shows problems, serves nothing else.

Servers listen on 127.0.0.1 on a free port and every wait is bounded.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import errno
import http.client
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
from support import LISTINGS, PROJECT, SOURCES, TRAVERSALS, StoredSession, edit, make_site, options
from tornado.websocket import websocket_connect

from crpsgen.devserver import DevServer, cannot_listen, serve
from crpsgen.diagnostics import Report
from crpsgen.pipeline import build_site
from crpsgen.watch import POLL_SECONDS, SETTLE_SECONDS

TIMEOUT = 10.0


# ---------------------------------------------------------------- a running server


def get(server: DevServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """Send a request with the path exactly as written (no client-side normalising)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_for(condition: Callable[[], Any], what: str, pause: Callable[[float], object] = time.sleep) -> Any:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if result := condition():
            return result
        pause(0.05)
    pytest.fail(f"gave up after {TIMEOUT} s waiting for {what}")


def page(server: DevServer, path: str) -> bytes:
    return get(server, path)[2]


def showing(server: DevServer, path: str, text: bytes) -> bytes | None:
    """The page, once it shows `text`."""
    body = page(server, path)
    return body if text in body else None


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", golden=True) / "site.yaml"


@pytest.fixture
def server(site: Path) -> Iterator[DevServer]:
    dev = DevServer(options(site), host="127.0.0.1", port=0)
    dev.start()
    try:
        yield dev
    finally:
        dev.stop()


def test_an_edit_is_served_a_mistake_shows_everywhere_and_a_fix_clears_it(
    server: DevServer, site: Path
) -> None:
    root = site.parent
    status, headers, body = get(server, "/crps/symptoms/")
    assert status == 200
    assert b" is common" in body
    assert headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in headers["Content-Security-Policy"]

    edit(root / "content/symptoms.md", "is common", "is very common")
    wait_for(lambda: b"is very common" in page(server, "/crps/symptoms/"), "the edit to be served")

    edit(root / "content/symptoms.md", "@b2021]", "@nosuchkey]")
    body = wait_for(lambda: showing(server, "/crps/symptoms/", b"crpsgen-problems"), "the panel").decode()
    assert "content/symptoms.md:9</code> error: unknown citation key &quot;nosuchkey&quot;" in body
    assert "Hint: cite an id from content/_data/references.yaml" in body
    assert "is very common" in body  # the last good page, under the panel
    for other in ("/crps/", "/crps/about/", "/crps/nothing/"):
        assert b"unknown citation key" in page(server, other)

    edit(root / "content/symptoms.md", "@nosuchkey]", "@b2021]")
    edit(root / "content/symptoms.md", "is very common", "is often seen")
    wait_for(lambda: b"is often seen" in page(server, "/crps/symptoms/"), "the fix to be served")
    assert b"crpsgen-problems" not in page(server, "/crps/symptoms/")
    assert b"crpsgen-problems" not in page(server, "/crps/about/")


def test_a_crash_in_a_rebuild_is_shown_and_the_next_save_recovers(server: DevServer, site: Path) -> None:
    def crash() -> None:
        raise RuntimeError("boom")

    server.cache.begin = crash  # type: ignore[method-assign]  # state gone bad: a fresh cache recovers
    edit(site.parent / "content/index.md", "Welcome.", "Welcome again.")
    body = wait_for(lambda: showing(server, "/crps/", b"crpsgen-problems"), "the panel").decode()
    assert "internal error (RuntimeError: boom)" in body
    assert "bug in the generator, not in your files" in body
    edit(site.parent / "content/index.md", "Welcome again.", "Welcome once more.")
    wait_for(lambda: showing(server, "/crps/", b"Welcome once more."), "a fresh cache to rebuild")
    assert b"crpsgen-problems" not in page(server, "/crps/")


def test_renamed_and_deleted_pages_are_not_left_behind(server: DevServer, site: Path) -> None:
    content = site.parent / "content"
    (content / "about.md").rename(content / "about-us.md")
    edit(content / "about-us.md", "title: About", "title: About us")
    wait_for(lambda: get(server, "/crps/about/")[0] == 404, "the old address to go")
    assert b"About us" in page(server, "/crps/about-us/")


def test_traversal_source_files_and_listings_get_404(server: DevServer) -> None:
    for address in TRAVERSALS + SOURCES + LISTINGS:
        status, _, body = get(server, address)
        assert status == 404, address
        assert b"navigation:" not in body and b"last_reviewed" not in body, address


def test_a_burst_of_saves_is_rebuilt_once(
    server: DevServer, site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    content = site.parent / "content"
    for n, name in enumerate(["index.md", "about.md", "symptoms.md", "glossary.md", "references.md"] * 2):
        (content / name).write_text((content / name).read_text() + f"\nSaved {n}.\n")
        time.sleep(0.01)  # like "save all" in an editor
    wait_for(lambda: b"Saved 9." in page(server, "/crps/references/"), "the last save to be served")
    time.sleep(POLL_SECONDS + SETTLE_SECONDS)
    rebuilds = capsys.readouterr().out.count("rebuilt:")
    assert 1 <= rebuilds <= 2  # once, or twice if a poll fell in the middle of the burst


def test_only_reading_is_allowed(server: DevServer) -> None:
    assert get(server, "/crps/", "HEAD")[0] == 200
    assert get(server, "/crps/", "POST")[0] == 405
    assert get(server, "/crps/", "PUT")[0] == 405


def test_browsers_are_told_to_reload(server: DevServer, site: Path) -> None:
    """The livereload handshake, then a reload message after a save (no browser needed)."""

    async def listen() -> dict[str, Any]:
        socket = await websocket_connect(f"ws://127.0.0.1:{server.port}/livereload")
        await socket.write_message(json.dumps({"command": "hello", "protocols": []}))
        assert json.loads(await socket.read_message() or "{}")["command"] == "hello"
        await socket.write_message(json.dumps({"command": "info", "url": "http://127.0.0.1/crps/"}))
        await asyncio.sleep(0.2)  # let the server register this page before the save
        edit(site.parent / "content/index.md", "Welcome.", "Welcome back.")
        message: dict[str, Any] = json.loads(await asyncio.wait_for(socket.read_message(), TIMEOUT) or "{}")  # type: ignore[arg-type]
        socket.close()
        while await asyncio.wait_for(socket.read_message(), TIMEOUT) is not None:
            pass  # until the server has closed its end too, so no socket outlives this loop
        return message

    assert in_own_thread(lambda: asyncio.run(listen()))["command"] == "reload"
    assert get(server, "/livereload.js")[0] == 200


def test_drafts_show_only_when_asked_with_a_banner(site: Path) -> None:
    edit(site.parent / "content/about.md", "order: 1", "order: 1\ndraft: true")
    for drafts, expected in ((False, 404), (True, 200)):
        dev = DevServer(options(site, drafts=drafts), port=0)
        dev.start()
        try:
            status, _, body = get(dev, "/crps/about/")
            assert status == expected
            assert (b'class="draft-banner"' in body) is drafts
        finally:
            dev.stop()


def test_a_site_that_never_built_shows_its_problems_until_fixed(site: Path) -> None:
    edit(site.parent / "content/index.md", "title: Home", "title: [Home")
    dev = DevServer(options(site), port=0)
    dev.start()
    try:
        status, _, body = get(dev, "/crps/")
        assert status == 500
        assert b"content/index.md:3</code> error: YAML syntax" in body
        edit(site.parent / "content/index.md", "title: [Home", "title: Home")
        wait_for(lambda: get(dev, "/crps/")[0] == 200, "the fixed site")
    finally:
        dev.stop()


def test_a_busy_port_is_reported(server: DevServer, site: Path) -> None:
    with pytest.raises(OSError):
        DevServer(options(site), port=server.port).start()


def test_the_serve_command_runs_until_ctrl_c(site: Path) -> None:
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--port", "0"]
    process = subprocess.Popen(
        command, cwd=site.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        lines: queue.Queue[str] = queue.Queue()
        output = process.stdout
        assert output is not None

        def read() -> None:
            for line in output:
                lines.put(line)

        threading.Thread(target=read, daemon=True).start()
        line = ""
        while not line.startswith("Previewing the site at "):
            line = lines.get(timeout=TIMEOUT)
        url = urlsplit(line.split()[-1])
        assert (url.hostname, url.path) == ("127.0.0.1", "/crps/")
        connection = http.client.HTTPConnection("127.0.0.1", url.port, timeout=TIMEOUT)
        connection.request("GET", "/crps/symptoms/")
        assert connection.getresponse().status == 200
        connection.close()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=TIMEOUT) == 0
    finally:
        process.kill()
        process.communicate()


def test_serving_beyond_this_computer_is_warned_about(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 192.0.2.1 is reserved for documentation: never this computer's, so nothing listens there.
    assert serve(options(site), host="192.0.2.1", port=0) == 2
    error = capsys.readouterr().err
    assert "warning: --host 192.0.2.1 lets other computers on your network see this preview" in error
    assert error.splitlines()[-1] == (
        "error: cannot serve on 192.0.2.1:0: Cannot assign requested address "
        "(hint: --host 192.0.2.1 is not an address of this computer; leave it out to use 127.0.0.1)"
    )


def test_the_serve_command_explains_a_busy_port(server: DevServer, site: Path) -> None:
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--port", str(server.port)]
    result = subprocess.run(command, cwd=site.parent, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"error: cannot serve on 127.0.0.1:{server.port}: Address already in use "
        f"(hint: another program may be using the port; try --port {server.port + 1})"
    )


# ---------------------------------------------------------------- in a real browser


def chromium() -> str | None:
    for candidate in (os.environ.get("CHROME_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def described(message: Any) -> str:
    return f"{message.location.get('url')}: {message.text}"


@pytest.mark.browser
def test_chromium_reloads_by_itself_and_shows_the_panel(server: DevServer, site: Path) -> None:
    """Under the site's own Content-Security-Policy: no console errors, no blocked script or socket."""
    executable = chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium not found (CI must run browser tests; .ci/run installs it)")
        pytest.skip("Chromium not found (apt-get install chromium, or set CHROME_PATH)")
    sync_api = pytest.importorskip("playwright.sync_api")
    errors = in_own_thread(lambda: drive_chromium(sync_api, executable, server, site))
    # Browsers ask for /favicon.ico by themselves; the fixture's theme has no icon.
    assert [e for e in errors if not e.startswith(server.url.replace("/crps/", "/favicon.ico"))] == []


def drive_chromium(sync_api: Any, executable: str, server: DevServer, site: Path) -> list[str]:
    """Edit, break and fix a page while Chromium watches; return its console errors."""
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    errors: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=args)
        try:
            tab = browser.new_page()
            tab.on(
                "console",
                lambda message: errors.extend([described(message)] if message.type == "error" else []),
            )
            tab.on("pageerror", lambda error: errors.append(str(error)))
            sockets: list[str] = []
            tab.on("websocket", lambda socket: sockets.append(socket.url))
            tab.goto(server.url + "symptoms/")

            def pump(seconds: float) -> None:
                tab.wait_for_timeout(seconds * 1000)  # Playwright delivers events only meanwhile

            wait_for(lambda: sockets, "livereload to connect", pump)
            pump(0.3)  # the handshake registers the page

            edit(site.parent / "content/symptoms.md", "title: Symptoms", "title: Signs and symptoms")
            wait_for(lambda: tab.title() == "Signs and symptoms", "the page to reload itself", pump)
            edit(site.parent / "content/symptoms.md", "@b2021]", "@nosuchkey]")
            wait_for(lambda: tab.locator(".crpsgen-problems").count() == 1, "the problem panel", pump)
            assert "unknown citation key" in tab.locator(".crpsgen-problems").inner_text()
            assert tab.locator(".crpsgen-problems").is_visible()
            edit(site.parent / "content/symptoms.md", "@nosuchkey]", "@b2021]")
            wait_for(lambda: tab.locator(".crpsgen-problems").count() == 0, "the panel to clear", pump)
        finally:
            browser.close()
    return errors


T = TypeVar("T")


def in_own_thread(work: Callable[[], T]) -> T:
    """Run event-loop code on a fresh thread: the browser suite's Playwright owns this one's loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


# ---------------------------------------------------------------- only this computer's pages may read the preview


def with_host(server: DevServer, path: str, host: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_other_host_names_get_403(server: DevServer) -> None:
    port = server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
        assert with_host(server, "/crps/symptoms/", host)[0] == 200, host
    for path in ("/crps/symptoms/", "/crps/", "/livereload.js", "/_crpsgen/problems.css", "/nothing"):
        status, body = with_host(server, path, f"rebind.evil.example:{port}")
        assert status == 403, path
        assert (
            body
            == (
                f"Forbidden: this preview answers only at http://127.0.0.1:{port}/crps/, "
                f"not at rebind.evil.example:{port}.\n"
                "(It refuses other host names so that no web page can read it.)\n"
            ).encode()
        )


def handshake(server: DevServer, headers: dict[str, str]) -> int:
    """Open the livereload websocket with these headers; return 101 if accepted, else the refusal's status."""
    from tornado.httpclient import HTTPClientError, HTTPRequest

    async def connect() -> int:
        request = HTTPRequest(f"ws://127.0.0.1:{server.port}/livereload", headers=headers)
        try:
            socket = await websocket_connect(request)
        except HTTPClientError as refused:
            return refused.code
        socket.close()
        while await asyncio.wait_for(socket.read_message(), TIMEOUT) is not None:
            pass
        return 101

    return in_own_thread(lambda: asyncio.run(connect()))


def test_the_reload_socket_accepts_only_its_own_pages(server: DevServer) -> None:
    port = server.port
    assert handshake(server, {"Origin": f"http://127.0.0.1:{port}"}) == 101
    assert handshake(server, {}) == 101  # no Origin: not a browser, and it could read the pages anyway
    assert handshake(server, {"Origin": f"http://localhost:{port}", "Host": f"localhost:{port}"}) == 101
    assert handshake(server, {"Origin": "http://evil.example"}) == 403
    assert handshake(server, {"Origin": "null"}) == 403
    assert handshake(server, {"Origin": f"http://evil.example:{port}", "Host": f"evil.example:{port}"}) == 403


def test_why_the_preview_cannot_listen_is_one_line() -> None:
    assert cannot_listen(PermissionError(errno.EACCES, "x"), "127.0.0.1", 80) == (
        "Permission denied (hint: ports below 1024 need administrator rights; try --port 8000)"
    )
    assert cannot_listen(socket.gaierror(-2, "Name or service not known"), "nowhere.invalid", 8000) == (
        "unknown host name (hint: leave out --host nowhere.invalid to preview on this computer only)"
    )


def test_serve_with_an_unknown_host_is_one_line(site: Path) -> None:
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--host", "nowhere.invalid", "--port", "0"]
    result = subprocess.run(command, cwd=site.parent, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        "error: cannot serve on nowhere.invalid:0: unknown host name "
        "(hint: leave out --host nowhere.invalid to preview on this computer only)"
    )


def _with_search_page(site: Path) -> None:
    (site.parent / "content" / "search.md").write_text(
        "---\ntitle: Search\ndescription: Search.\nlast_reviewed: 2026-11-01\ntemplate: search.html\n"
        "needs_sources: false\n---\nType a word.\n",
        encoding="utf-8",
    )
    templates = site.parent / "templates"
    (templates / "search.html").write_text((templates / "page.html").read_text(encoding="utf-8"))


def test_the_search_index_follows_each_rebuild_and_equals_a_full_builds(site: Path) -> None:
    """The preview shows the pages first and makes the search index after: same files in the end."""
    _with_search_page(site)
    dev = DevServer(options(site), host="127.0.0.1", port=0)

    def index_of(files: dict[str, bytes]) -> dict[str, bytes]:
        return {path: data for path, data in files.items() if path.startswith("pagefind/")}

    def full_build_index() -> dict[str, bytes]:
        report = Report(root=site.parent)
        result = build_site(options(site), report)
        assert not report.has_errors, [d.format() for d in report.items]
        return index_of({o.path: o.content for o in result.outputs})

    dev.rebuild(first=True)
    served = index_of(dict(dev.site.files))
    assert served and served == full_build_index()
    edit(site.parent / "content" / "symptoms.md", " is common", " is common; zebrafinch")
    dev.rebuild()
    served_after = index_of(dict(dev.site.files))
    assert served_after != served, "a page's new words reach the index"
    assert served_after == full_build_index()


def test_a_running_preview_makes_the_index_on_its_own_thread_and_serves_the_newest(site: Path) -> None:
    """The edited page is shown at once; the index for it follows, equal to a full build's."""
    _with_search_page(site)

    def index_of(files: dict[str, bytes]) -> dict[str, bytes]:
        return {path: data for path, data in files.items() if path.startswith("pagefind/")}

    dev = DevServer(options(site), host="127.0.0.1", port=0)
    dev.start()
    try:
        wait_for(lambda: index_of(dict(dev.site.files)), "the first index")
        first = index_of(dict(dev.site.files))
        for word in ("zebrafinch", "quokka"):  # two saves in a row: only the newest is indexed
            edit(site.parent / "content" / "symptoms.md", " is common", f" is common; {word}")
            dev.rebuild()
        assert b"quokka" in page(dev, "/crps/symptoms/")  # the page did not wait for the index
        report = Report(root=site.parent)
        full = index_of({o.path: o.content for o in build_site(options(site), report).outputs})
        assert full != first
        wait_for(lambda: index_of(dict(dev.site.files)) == full, "the index of the newest pages")
    finally:
        dev.stop()


def test_an_index_of_pages_no_longer_shown_is_not_served(site: Path) -> None:
    _with_search_page(site)
    dev = DevServer(options(site), host="127.0.0.1", port=0)
    dev.rebuild(first=True)
    before = dict(dev.site.files)
    result = build_site(options(site), Report(root=site.parent), search=False)
    assert result.config is not None
    edit(site.parent / "content" / "symptoms.md", " is common", " is common; zebrafinch")
    dev.rebuild()  # another site is shown: an index made for the one before must not replace it
    shown = dict(dev.site.files)
    assert shown != before
    dev.index_search(result.pages, result.config, result.outputs, shown=0)
    assert dict(dev.site.files) == shown


def test_a_restart_reuses_the_cache_a_build_stored(site: Path) -> None:
    StoredSession(options(site, today=dt.date.today())).rebuild()  # what `python build.py` leaves
    dev = DevServer(options(site), port=0)
    dev.start()
    try:
        work = dev.cache.work
        assert (work.parsed, work.converted, work.rendered) == (0, 0, 0)
        assert b"Welcome." in page(dev, "/crps/")
    finally:
        dev.stop()
