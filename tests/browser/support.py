"""What the browser tests share: the site served under a base path, Chromium's options,
the widths and colour schemes, and what a page must never do (`Watch`). Fixtures are in conftest.py."""

from __future__ import annotations

import http.server
import importlib
import io
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

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
