"""Dev server: `python build.py serve` rebuilds on every save and browsers reload themselves.

It builds once, then polls site.yaml, content/ (pages and data files), templates/,
static/ and the clinic's override folders. A burst of saves is rebuilt once by a
`build_site` with a `BuildCache` kept between rebuilds (only what changed is redone);
the new site is kept in memory and served at once. Every open page then reloads
through livereload's websocket. A rebuild that fails leaves the last good site served
with the problems shown on every page, until a save fixes them. What each address
serves is decided in `preview.py`, from the build's own list of files.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import errno
import os
import signal
import socket
import sys
import threading
import time
import traceback
import webbrowser
from dataclasses import replace
from pathlib import Path

from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

from . import store
from .buildcache import BuildCache
from .diagnostics import DEBUG_VARIABLE, ERROR, WARNING, Diagnostic, Report, print_report
from .handlers import application, reload_browsers
from .hostcheck import is_loopback
from .indexer import BackgroundIndex
from .model import BuildOptions, ConvertedPage, OutputFile, SiteConfig
from .pipeline import BuildResult, build_site
from .preview import PreviewSite
from .search import search_files
from .watch import (
    MAX_SETTLE_SECONDS,
    POLL_SECONDS,
    SETTLE_SECONDS,
    Changes,
    changes,
    poll_interval,
    scan,
    watched_paths,
)

# What the indexer is asked for: the site shown (a count), its pages, settings and files.
_IndexJob = tuple[int, list[ConvertedPage], SiteConfig, list[OutputFile]]


class DevServer:
    """The preview: a web server on one thread, watching and rebuilding on another."""

    def __init__(
        self,
        options: BuildOptions,
        host: str = "127.0.0.1",
        port: int = 8000,
        quiet: bool = False,
        jobs: int = 1,
    ) -> None:
        self.options = options
        self.quiet = quiet  # hide notices (they are shown on the first build otherwise)
        self.host = host
        self.port = port
        # The search index is made after the pages are shown (index_search): Pagefind
        # indexes the whole site, which would hold every one-page edit up.
        # The cache `python build.py` stored: a restart redoes only what changed meanwhile.
        self.cache = store.load(options.config_path, jobs)
        self.search: list[OutputFile] = []  # the last search index, served until the next is made
        self.site = PreviewSite()
        root = options.config_path.resolve().parent
        self.watched: tuple[Path, ...] = (
            options.config_path.resolve(),
            root / "content",
            root / "templates",
            root / "static",
        )
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()  # the site shown, between the watcher and the indexer
        self._shown = 0  # how many sites were shown: an index for older pages is not served
        self._indexer: BackgroundIndex[_IndexJob] = BackgroundIndex(self._index_job)
        self._loop: IOLoop | None = None

    @property
    def url(self) -> str:
        """The address to open on this computer."""
        host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}{self.site.base_path}"

    def start(self) -> None:
        """Listen (OSError if the port is taken), build once, then serve and watch in the background."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        listening = socket.create_server((self.host, self.port), family=family)  # closed again if it fails
        listening.setblocking(False)
        self.port = listening.getsockname()[1]
        seen = scan(self.watched)  # before building: a save made meanwhile is rebuilt too
        self._indexer.start()
        self.rebuild(first=True)
        ready = threading.Event()
        serving = threading.Thread(
            target=self._serve, args=(listening, ready), name="crpsgen-serve", daemon=True
        )
        watching = threading.Thread(target=self._watch, args=(seen,), name="crpsgen-watch", daemon=True)
        self._threads = [serving, watching]
        serving.start()
        ready.wait(timeout=10)
        watching.start()

    def stop(self) -> None:
        """Stop serving and watching."""
        self._stopping.set()
        self._indexer.stop()
        if self._loop is not None:
            self._loop.add_callback(self._loop.stop)
        for thread in self._threads:
            thread.join(timeout=10)

    def wait(self) -> None:
        """Block until stopped (Ctrl+C raises KeyboardInterrupt here)."""
        while not self._stopping.wait(0.5):
            pass

    def build(self, changes: Changes | None = None) -> BuildResult:
        """The site as `python build.py` would build it today, redoing only what changed
        (`changes`: what the watcher saw, so that files it saw unchanged are not looked at)."""
        options = replace(self.options, today=dt.date.today())
        self.cache.expect(changes)
        return build_site(
            options, Report(root=options.config_path.resolve().parent), self.cache, search=False
        )

    def rebuild(self, first: bool = False, changes: Changes | None = None) -> bool:
        """Rebuild what changed and show it; return whether what browsers see changed."""
        try:
            result = self.build(changes)
        except Exception as exc:  # a bug must not end the preview: report it and start afresh
            if os.environ.get(DEBUG_VARIABLE):
                traceback.print_exc()
            self.cache = BuildCache(jobs=self.cache.jobs)
            problem = Diagnostic(
                "crpsgen",
                None,
                ERROR,
                f"the rebuild stopped with an internal error ({type(exc).__name__}: {exc})",
                "this is a bug in the generator, not in your files; please report it "
                f"({DEBUG_VARIABLE}=1 shows the details). Saving a file tries again",
            )
            print(problem.format(), file=sys.stderr, flush=True)
            return self._show(PreviewSite(self.site.base_path, self.site.files, (problem,)))
        report, strict, work = result.report, self.options.strict, self.cache.work
        print_report(report, quiet=self.quiet or not first)
        if result.config is not None:
            self.watched = watched_paths(result.config)
        stamp = time.strftime("%H:%M:%S")
        if report.failed(strict) or result.config is None:
            failing = {ERROR, WARNING} if strict else {ERROR}
            problems = tuple(item for item in report.sorted() if item.severity in failing)
            base_path = (
                result.config.base_path if result.config and not self.site.files else self.site.base_path
            )
            kept = (
                "keeps showing the last version that built" if self.site.files else "has nothing to show yet"
            )
            print(
                f"[{stamp}] not built: {report.summary()}. The preview {kept}; fix and save to try again.",
                flush=True,
            )
            return self._show(PreviewSite(base_path, self.site.files, problems))
        outputs = [*result.outputs, *self.search]  # the last index, until index_search makes the next
        site = PreviewSite(result.config.base_path, {o.path: o.content for o in outputs})
        changed = self._show(site)  # browsers reload from memory; the folder follows
        print(f"[{stamp}] rebuilt: {work.summary()}", flush=True)
        if first:
            store.save(self.cache, self.options.config_path)  # for the next start or build
        if self._indexer.running:  # on its own thread: the next save is not held up
            self._indexer.submit((self._shown, result.pages, result.config, result.outputs))
        else:
            self.index_search(result.pages, result.config, result.outputs)
        return changed

    def index_search(
        self,
        pages: list[ConvertedPage],
        config: SiteConfig,
        outputs: list[OutputFile],
        shown: int | None = None,
        cancel: threading.Event | None = None,
    ) -> None:
        """Make the search index for the pages just shown, and serve it without a reload.

        A search page fetches the index only when someone searches, so the pages need
        not reload for it; a full build makes exactly these files. With `shown`, the index
        is served only if no other site was shown since (it would bring older pages back).
        """
        report = Report(root=config.root)
        index = search_files(pages, config, report, cancel)
        if cancel is not None and cancel.is_set():
            return  # out of date, or stopping (Pagefind may have been stopped with us)
        if report.items:
            print_report(report)
        if report.has_errors or index == self.search:
            return
        with self._lock:
            if shown is not None and shown != self._shown:
                return
            self.search = index
            files = {o.path: o.content for o in [*outputs, *index]}
            self.site = PreviewSite(self.site.base_path, files, self.site.problems)

    def _index_job(self, job: _IndexJob, cancel: threading.Event) -> None:
        shown, pages, config, outputs = job
        self.index_search(pages, config, outputs, shown, cancel)

    def _show(self, site: PreviewSite) -> bool:
        with self._lock:
            if site == self.site:
                return False
            self.site = site
            self._shown += 1
        if self._loop is not None:
            self._loop.add_callback(reload_browsers)
        return True

    def _watch(self, seen: dict[str, tuple[int, int]]) -> None:
        interval = POLL_SECONDS
        while not self._stopping.wait(interval):
            started = time.perf_counter()
            current = scan(self.watched)
            interval = poll_interval(time.perf_counter() - started)
            if current == seen:
                continue
            self._indexer.cancel()  # an index of the pages about to change: it would hold the rebuild up
            deadline = time.monotonic() + MAX_SETTLE_SECONDS
            while time.monotonic() < deadline:  # let a burst of saves finish
                if self._stopping.wait(SETTLE_SECONDS):
                    return
                settled = scan(self.watched)
                if settled == current:
                    break
                current = settled
            seen, before = current, seen  # changes made while rebuilding are caught by the next scan
            self.rebuild(changes=changes(before, current))

    def _serve(self, listening: socket.socket, ready: threading.Event) -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        self._loop = IOLoop.current()
        server = HTTPServer(application(self))
        server.add_sockets([listening])
        ready.set()
        self._loop.start()
        server.stop()
        self._loop.close(all_fds=True)


def serve(
    options: BuildOptions,
    host: str = "127.0.0.1",
    port: int = 8000,
    open_browser: bool = False,
    quiet: bool = False,
    jobs: int = 1,
) -> int:
    """Run the preview until Ctrl+C."""
    if not is_loopback(host):
        print(
            f"warning: --host {host} lets other computers on your network see this preview, drafts included",
            file=sys.stderr,
        )
    for name in ("SIGTERM", "SIGHUP"):  # a closed terminal or `kill` stops it like Ctrl+C does
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    server = DevServer(options, host, port, quiet, jobs)
    try:
        server.start()
        print(f"Previewing the site at {server.url}")
        print(
            "It rebuilds when you save a file, and open pages reload themselves. Press Ctrl+C to stop.",
            flush=True,
        )
        if open_browser:
            webbrowser.open(server.url)
        server.wait()
    except OSError as exc:
        print(f"error: cannot serve on {host}:{port}: {cannot_listen(exc, host, port)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stopping")
    finally:
        with contextlib.suppress(KeyboardInterrupt):  # pressed again while cleaning up: leave the rest
            server.stop()
    return 0


def cannot_listen(error: OSError, host: str, port: int) -> str:
    """Why the preview could not listen, and what to do, as the end of one line."""
    if isinstance(error, socket.gaierror) or (error.errno or 0) < 0:  # name look-up errors are negative
        return f"unknown host name (hint: leave out --host {host} to preview on this computer only)"
    reason = os.strerror(error.errno) if error.errno else str(error)  # without Python's "(while ...)"
    if error.errno in {errno.EACCES, errno.EPERM}:
        return f"{reason} (hint: ports below 1024 need administrator rights; try --port 8000)"
    if error.errno == errno.EADDRNOTAVAIL:
        hint = f"--host {host} is not an address of this computer; leave it out to use 127.0.0.1"
        return f"{reason} (hint: {hint})"
    return f"{reason} (hint: another program may be using the port; try --port {port + 1})"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
