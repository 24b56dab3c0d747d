"""What the preview answers over HTTP: its pages from memory, and livereload's script and
websocket, only to requests that name it (hostcheck.py) and with the headers production
hosts send. The pages themselves come from `preview.respond`."""

from __future__ import annotations

import re
from typing import Protocol
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import web

from .hostcheck import host_allowed, same_origin
from .policy import HEADERS
from .preview import RELOAD_SCRIPT, PreviewSite, respond


class Preview(Protocol):
    """What the handlers read of the dev server."""

    host: str
    port: int
    site: PreviewSite

    @property
    def url(self) -> str: ...


class _HostChecked(web.RequestHandler):
    """Refuses (403) requests whose Host header does not name this preview."""

    def initialize(self, server: Preview) -> None:
        self.server = server

    def prepare(self) -> None:
        host = self.request.headers.get("Host")
        if host is not None and not host_allowed(host, self.server.host):
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(
                f"Forbidden: this preview answers only at {self.server.url}, not at {host}.\n"
                "(It refuses other host names so that no web page can read it.)\n"
            )


class _ReloadScript(_HostChecked, LiveReloadJSHandler):  # type: ignore[misc]
    """livereload's script, for this preview's own pages only."""


class _ReloadSocket(_HostChecked, LiveReloadHandler):  # type: ignore[misc]
    """livereload's websocket, for this preview's own pages only (livereload accepts any origin)."""

    def check_origin(self, origin: str) -> bool:
        # Browsers always send Origin; a program that sends none could read the pages anyway.
        return same_origin(origin, self.request.headers.get("Host", ""))


class _PreviewHandler(_HostChecked):
    """Answers every address that is not livereload's, from the server's current site."""

    def get(self) -> None:
        response = respond(self.request.path, self.server.site, self._port())
        self.set_status(response.status)
        for name, value in HEADERS.items():  # what production hosts send, from the _headers file
            self.set_header(name, value)
        self.set_header("Content-Type", response.content_type)
        self.set_header("Cache-Control", "no-store")
        if response.location is not None:
            self.set_header("Location", response.location)
        self.finish(response.body)

    head = get

    def compute_etag(self) -> None:
        return None

    def _port(self) -> int:
        """The port the browser used (it may differ from ours behind a tunnel)."""
        try:
            return urlsplit("//" + self.request.host).port or 80
        except ValueError:
            return self.server.port


def application(server: Preview) -> web.Application:
    LiveReloadHandler.watcher = Watcher()  # livereload logs its `filepath` on each reload
    LiveReloadHandler.live_css = False  # hashed asset names: a new stylesheet means a new page
    return web.Application(
        [
            (r"/livereload", _ReloadSocket, {"server": server}),
            (re.escape(RELOAD_SCRIPT), _ReloadScript, {"server": server}),
            (r".*", _PreviewHandler, {"server": server}),
        ],
        log_function=lambda handler: None,
    )


def reload_browsers() -> None:
    """Every open page of the preview reloads itself."""
    LiveReloadHandler.reload_waiters(path="*")
