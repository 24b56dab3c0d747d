"""Browser tests: build the real site once, serve it on 127.0.0.1 under a base path,
and drive Debian's Chromium with Playwright (no browser download).

Chromium and the Nu checker are set up by .ci/run. Without them these tests skip on a
developer's machine, and fail when CI is set, so CI can never pass by skipping.
`SITE_CONFIG=/path/to/site.yaml` builds another copy of the site (for trying the
theme while content/ is mid-edit); CI always builds the real one.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import importlib
import io
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crpsgen.diagnostics import Report
from crpsgen.model import BuildOptions
from crpsgen.pipeline import build_site
from crpsgen.writer import write_site

ROOT = Path(__file__).resolve().parents[2]
BASE_PATH = "/crps/"  # not "/": catches addresses that forget the base path
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
MODES = {
    "phone-light": (PHONE, "light"),
    "phone-dark": (PHONE, "dark"),
    "desktop-light": (DESKTOP, "light"),
    "desktop-dark": (DESKTOP, "dark"),
}


def require(condition: object, what: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail in CI."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI must run every browser test; .ci/run installs it)")
    pytest.skip(what)


def import_or_require(module: str) -> Any:
    """Import a test dependency from the dev extra; skip without it locally, fail in CI."""
    try:
        return importlib.import_module(module)
    except ImportError:
        require(False, f"{module} is not installed (pip install -e '.[dev]')")


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROME_PATH"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@dataclass(frozen=True)
class Site:
    root: Path  # the built folder
    base_url: str  # http://127.0.0.1:PORT/crps/
    pages: tuple[str, ...]  # paths relative to the build, e.g. "symptoms/index.html"

    def url(self, page: str) -> str:
        """The address of a built file: "symptoms/index.html" -> .../crps/symptoms/."""
        path = page.removesuffix("index.html")
        return self.base_url + path

    @property
    def readable_pages(self) -> tuple[str, ...]:
        """Pages a person reads (not the instant redirects left at old addresses)."""
        return tuple(p for p in self.pages if 'http-equiv="refresh"' not in (self.root / p).read_text())


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the build under BASE_PATH only, with the 404 page like a real host."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = urlsplit(self.path).path
        if path.startswith(BASE_PATH):
            self.path = "/" + self.path[len(BASE_PATH) :]
            if Path(self.translate_path(self.path)).exists():
                return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build the site once and serve it on 127.0.0.1 for the whole session."""
    out = tmp_path_factory.mktemp("site") / "output"
    handler = functools.partial(_Handler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base_url = f"http://127.0.0.1:{server.server_port}{BASE_PATH}"
    config = Path(os.environ.get("SITE_CONFIG") or ROOT / "site.yaml")
    report = Report(root=config.resolve().parent)
    result = build_site(
        BuildOptions(config_path=config, out_dir=out, base_url=base_url, today=dt.date.today()),
        report,
    )
    if report.has_errors:
        errors = "\n".join(d.format() for d in report.sorted() if d.severity == "error")
        pytest.fail(f"the site does not build:\n{errors}", pytrace=False)
    write_site(result.outputs, out)
    pages = tuple(sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(out, base_url, pages)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session."""
    executable = chromium_path()
    require(executable, "Chromium not found (apt-get install chromium, or set CHROME_PATH)")
    sync_api = import_or_require("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watch:
    """What a browser context did that a private, CSP-clean page must never do."""

    foreign: list[str] = field(default_factory=list)  # requests to any other host
    errors: list[str] = field(default_factory=list)  # console errors, page errors

    def check(self) -> None:
        """Fail on anything recorded since the last check, then start afresh."""
        foreign, errors = self.foreign[:], self.errors[:]
        self.foreign.clear()
        self.errors.clear()
        assert not foreign, "requests left 127.0.0.1:\n" + "\n".join(foreign)
        assert not errors, "browser console errors:\n" + "\n".join(errors)


def open_context(browser: Any, mode: str, watch: Watch, **options: Any) -> Any:
    """A context at one width and colour scheme that blocks and records other hosts."""
    viewport, scheme = MODES[mode]
    context = browser.new_context(viewport=viewport, color_scheme=scheme, **options)

    def guard(route: Any) -> None:
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            watch.foreign.append(f"{route.request.resource_type} {route.request.url}")
            route.abort()

    context.route("**/*", guard)

    def on_page(page: Any) -> None:
        def console(message: Any) -> None:
            if message.type == "error":  # a CSP block, a missing file, a script error
                watch.errors.append(f"{page.url}: {message.text}")

        page.on("console", console)
        page.on("pageerror", lambda exc: watch.errors.append(f"{page.url}: {exc}"))

    context.on("page", on_page)
    return context


@pytest.fixture(scope="session")
def tabs(browser: Any) -> Iterator[Callable[[str], tuple[Any, Watch]]]:
    """One context and tab per width and colour scheme, opened once, reused by every test."""
    opened: dict[str, tuple[Any, Any, Watch]] = {}

    def tab(mode: str) -> tuple[Any, Watch]:
        if mode not in opened:
            watch = Watch()
            context = open_context(browser, mode, watch)
            opened[mode] = (context, context.new_page(), watch)
        return opened[mode][1], opened[mode][2]

    yield tab
    for context, _, _ in opened.values():
        context.close()


@pytest.fixture(params=list(MODES))
def mode_page(
    request: pytest.FixtureRequest, tabs: Callable[[str], tuple[Any, Watch]]
) -> tuple[str, Any, Watch]:
    """A tab at each of the four widths and colour schemes."""
    return (request.param, *tabs(request.param))


@pytest.fixture(params=["phone-light", "phone-dark"])
def phone_page(
    request: pytest.FixtureRequest, tabs: Callable[[str], tuple[Any, Watch]]
) -> tuple[str, Any, Watch]:
    """A tab at phone width, light and dark."""
    return (request.param, *tabs(request.param))


@pytest.fixture(params=["phone-light", "desktop-light"])
def fresh_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, Watch]]:
    """A new tab for a keyboard test, where focus history must start clean."""
    watch = Watch()
    context = open_context(browser, request.param, watch)
    page = context.new_page()
    yield page, watch
    context.close()
    watch.check()
