"""The preview's search index, made on a thread of its own after the pages are shown.

Pagefind indexes the whole site at once (8 s at 1,000 pages), so the dev server shows an
edited page first and asks for the index after. Only the newest pages are indexed: a
request waits until no newer one came for `QUIET_SECONDS`, and a newer one stops the
index being made (its Pagefind process ends at the next page), so a burst of saves never
queues up indexes nobody will see, nor slows the next rebuild down.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from .search import SearchIndexCancelled

QUIET_SECONDS = 0.3  # a newer request within this long replaces the waiting one

Job = TypeVar("Job")


class BackgroundIndex(Generic[Job]):
    """Runs `make(job, cancel)` for the newest job submitted, one at a time, on its own thread."""

    def __init__(self, make: Callable[[Job, threading.Event], None]) -> None:
        self._make = make
        self._job: Job | None = None
        self._cancel = threading.Event()  # set: the job being made is out of date
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="crpsgen-index", daemon=True)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._cancel.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def cancel(self) -> None:
        """Stop the index being made, if any: it is out of date (the next `submit` follows)."""
        with self._lock:
            self._cancel.set()

    def submit(self, job: Job) -> None:
        with self._lock:
            self._job = job
            self._cancel.set()  # whatever is being made now is for older pages
        self._wake.set()

    def _run(self) -> None:
        while self._wake.wait() and not self._stopping.is_set():
            while True:  # wait for the saves to settle: only the newest job is made
                self._wake.clear()
                if self._stopping.wait(QUIET_SECONDS):
                    return
                if not self._wake.is_set():
                    break
            with self._lock:
                job, self._job = self._job, None
                cancel = self._cancel = threading.Event()
            if job is None:
                continue
            try:
                self._make(job, cancel)
            except SearchIndexCancelled:
                continue  # a newer job is waiting: _wake is set
