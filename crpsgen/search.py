"""Search: a Pagefind index of the site's pages, built in memory as output files.

Pagefind (https://pagefind.app) splits the index into small chunks, so a reader's first
query downloads only the chunks for its words plus the excerpts of the pages it shows,
never the whole text of the site; it stems words ("injections" finds "injection") and
keeps one index per page language. Everything stays on this site: static/js/search.js
loads `pagefind/pagefind.js` from the site's own address, and no query leaves the device.

The index is made by the `pagefind` binary (the `pagefind[bin]` package) in service
mode, fed each page from memory and asked for its files, so nothing is read from or
written to output/ here. We speak the binary's small service protocol (base64 JSON
messages, each ended by a comma) ourselves instead of through `pagefind.index`:
that client waits 0.1 s between replies (100 s for 1,000 pages) and cannot read a
reply over 2 MiB, which the files of a 1,000-page index are.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import os
import pickle
import re
import signal
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from typing import IO, Any

from .addresses import SEARCH_DIR
from .diagnostics import Report
from .model import ConvertedPage, OutputFile, Page, SiteConfig

# What the search page's script uses; the binary also makes its own UIs (which need
# inline styles) and a playground, which are left out.
KEPT_FILES = re.compile(
    r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|pagefind\.[\w-]+\.pf_meta"
    r"|wasm\.[\w-]+\.pagefind|(?:index|fragment|filter)/[\w.-]+"
)
# Inside a page's text: the citation numbers, permalink signs and glossary definitions
# (the glossary page has those) would only add noise to the results and excerpts.
EXCLUDED = [".cite", ".headerlink", ".term-def"]
SEARCH_TEMPLATE = "search.html"  # the index is built only when a page uses this template
INSTALL_HINT = 'install the search indexer with: pip install "pagefind[bin]"'


class SearchIndexError(Exception):
    """Pagefind is missing or failed: reported as one line, and nothing is written."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class SearchIndexCancelled(Exception):
    """The pages being indexed are out of date (the preview's newer pages are waiting)."""


_cancel = threading.local()  # .event: set when the index being made on this thread is not wanted


@dataclass(frozen=True)
class IndexedPage:
    """What the index reads of one page: its address and a small HTML document."""

    url: str
    html: str


def search_files(
    converted: list[ConvertedPage],
    config: SiteConfig,
    report: Report,
    cancel: threading.Event | None = None,
    ahead: IndexAhead | None = None,
) -> list[OutputFile]:
    """The search index, if a page uses the search template; a failure is one error on that page.

    Setting `cancel` stops the index being made (SearchIndexCancelled), for the preview;
    `ahead` is the same index, already being made in another process (IndexAhead).
    """
    search_page = search_page_of(converted)
    if search_page is None:
        return []
    _cancel.event = cancel
    try:
        if ahead is not None:
            return ahead.result()
        return list(_index_of(tuple(indexed_pages(converted, config))))
    except SearchIndexError as error:
        report.error(search_page.source.path, search_page.line_of_key("template"), error.message, error.hint)
        return []
    finally:
        _cancel.event = None


def search_page_of(converted: list[ConvertedPage]) -> Page | None:
    """The page that uses the search template: the site has a search index only if one does."""
    return next((r.page for r in converted if r.page.meta.template == SEARCH_TEMPLATE), None)


class IndexAhead:
    """The search index, made by a forked process while this one renders and checks the pages.

    Pagefind takes seconds on a large site and needs only the converted pages, so the
    build starts it as soon as they are known. `result()` gives what `build_index` would
    have (or raises its SearchIndexError); `close()` stops it if it was not needed.
    """

    def __init__(self, pages: tuple[IndexedPage, ...]) -> None:
        self._read, write = os.pipe()
        self._outcome: list[OutputFile] | SearchIndexError | None = None
        self._pid = os.fork()
        if self._pid == 0:  # the child: index, send the files (or the error) back, and go
            os.close(self._read)
            status = 1
            try:
                try:
                    outcome: object = build_index(pages)
                except SearchIndexError as error:
                    outcome = error
                with os.fdopen(write, "wb") as pipe:
                    pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)  # not Python's exit: nothing of the parent's is flushed or closed twice
        os.close(write)

    def result(self) -> list[OutputFile]:
        if self._outcome is None:
            with os.fdopen(self._read, "rb") as pipe:
                data = pipe.read()  # before waiting: the child may be blocked writing its files
            _, status = os.waitpid(self._pid, 0)
            try:
                self._outcome = pickle.loads(data) if status == 0 else None
            except Exception:  # cut short: the child died while writing
                self._outcome = None
            if not isinstance(self._outcome, (list, SearchIndexError)):
                self._outcome = SearchIndexError("the Pagefind search indexer stopped unexpectedly")
        if isinstance(self._outcome, SearchIndexError):
            raise self._outcome
        return self._outcome

    def close(self) -> None:
        """Stop the child if its index was not asked for (a build that failed before it)."""
        if self._outcome is None:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)  # its Pagefind process ends with its pipe
            os.close(self._read)
            os.waitpid(self._pid, 0)
            self._outcome = []


def indexed_pages(pages: Iterable[ConvertedPage], config: SiteConfig) -> list[IndexedPage]:
    """Each page's title, description and text, in address order (the search page left out).

    The document is made from the page's own content, not its template, so menus, footers
    and a clinic's template changes never end up in the results.
    """
    documents = []
    for converted in sorted(pages, key=lambda r: r.page.source.url_path):
        meta = converted.page.meta
        if meta.template == SEARCH_TEMPLATE:
            continue
        documents.append(
            IndexedPage(
                # Pagefind adds the site's base path itself: the folder pagefind/ is in
                url="/" + converted.page.source.url_path,
                html=(
                    f'<!doctype html><html lang="{escape(meta.language or config.language)}"><head>'
                    f"<title>{escape(meta.title)}</title></head><body>"
                    f"<h1>{escape(meta.title)}</h1><p>{escape(meta.description)}</p>"
                    f"{converted.html}</body></html>"
                ),
            )
        )
    return documents


@functools.lru_cache(maxsize=1)
def _index_of(pages: tuple[IndexedPage, ...]) -> tuple[OutputFile, ...]:
    """The last index, kept: the preview's rebuilds skip Pagefind unless a page's text changed."""
    return tuple(build_index(pages))


def build_index(pages: Iterable[IndexedPage]) -> list[OutputFile]:
    """Pagefind's files for these pages, under pagefind/, sorted by path."""
    from pagefind.service import get_executable  # the binary from pagefind[bin]

    executable = get_executable()
    if executable is None:
        raise SearchIndexError("the Pagefind search indexer is not installed", INSTALL_HINT)
    try:
        process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as error:
        problem = f"cannot run the Pagefind search indexer: {error.strerror}"
        raise SearchIndexError(problem, INSTALL_HINT) from error
    with process:  # closes the pipes and waits for the process, however this ends
        try:
            service = _Service(process)
            config = {"exclude_selectors": EXCLUDED}
            index_id = service.call({"type": "NewIndex", "config": config})["index_id"]
            cancel: threading.Event | None = getattr(_cancel, "event", None)
            for page in pages:
                if cancel is not None and cancel.is_set():
                    raise SearchIndexCancelled
                request = {"type": "AddFile", "index_id": index_id, "file_path": None}
                service.call(request | {"url": page.url, "file_contents": page.html})
            files = service.call({"type": "GetFiles", "index_id": index_id})["files"]
        finally:
            process.kill()
    outputs = [
        OutputFile(f"{SEARCH_DIR}/{file['path']}", _in_order(file["path"], base64.b64decode(file["content"])))
        for file in files
        if KEPT_FILES.fullmatch(file["path"])
    ]
    return sorted(outputs, key=lambda o: o.path)


def _in_order(path: str, content: bytes) -> bytes:
    """pagefind-entry.json with its languages in a fixed order.

    Pagefind writes one entry per page language in the order of a hash map, which changes
    from run to run; same pages in must give the same bytes out.
    """
    if path != "pagefind-entry.json":
        return content
    entry = json.loads(content)
    languages = entry.get("languages")
    if not isinstance(languages, dict) or len(languages) < 2:
        return content  # nothing to order: the file stays exactly as Pagefind wrote it
    entry["languages"] = dict(sorted(languages.items()))
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()


class _Service:
    """One request at a time to `pagefind --service`: base64 JSON, each message ended by a comma."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.stdin: IO[bytes] = process.stdin
        self.stdout: IO[bytes] = process.stdout
        self.message_id = 0
        self.pending = b""  # bytes read past the last message's comma

    def call(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.message_id += 1
        request = {"message_id": self.message_id, "payload": payload}
        try:
            self.stdin.write(base64.b64encode(json.dumps(request).encode()) + b",")
            self.stdin.flush()
        except OSError as error:
            raise SearchIndexError("the Pagefind search indexer stopped unexpectedly") from error
        while True:  # skip anything that is not the answer to this request
            reply = self._read_message()
            if reply.get("message_id") == self.message_id:
                break
        answer: dict[str, Any] = reply.get("payload", {})
        if answer.get("type") == "Error":
            raise SearchIndexError(f"the Pagefind search indexer failed: {answer.get('message')}")
        return answer

    def _read_message(self) -> dict[str, Any]:
        chunks = [self.pending]
        while (end := chunks[-1].find(b",")) < 0:
            more = self.stdout.read1(1 << 16)  # type: ignore[attr-defined]
            if not more:
                raise SearchIndexError("the Pagefind search indexer stopped unexpectedly")
            chunks.append(more)
        self.pending = chunks[-1][end + 1 :]
        chunks[-1] = chunks[-1][:end]
        message: dict[str, Any] = json.loads(base64.b64decode(b"".join(chunks)))
        return message
