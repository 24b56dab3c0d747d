"""The preview's background search index (indexer.py): only the newest pages are indexed."""

from __future__ import annotations

import threading
import time

from crpsgen.indexer import QUIET_SECONDS, BackgroundIndex
from crpsgen.search import SearchIndexCancelled


class Recorder:
    """A `make` that works until cancelled or `seconds` pass, noting how each job ended."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ended: list[tuple[str, str]] = []
        self.started = threading.Event()

    def __call__(self, job: str, cancel: threading.Event) -> None:
        self.started.set()
        if cancel.wait(self.seconds):
            self.ended.append((job, "cancelled"))
            raise SearchIndexCancelled
        self.ended.append((job, "made"))


def wait_until(condition: object, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.01)


def test_cancel_stops_the_index_being_made_and_the_next_job_is_made() -> None:
    make = Recorder(seconds=5.0)
    index: BackgroundIndex[str] = BackgroundIndex(make)
    index.start()
    try:
        index.submit("old pages")
        assert make.started.wait(QUIET_SECONDS + 5)
        index.cancel()  # a save was seen: the old pages' index would slow the rebuild down
        wait_until(lambda: make.ended)
        assert make.ended == [("old pages", "cancelled")]
        make.seconds = 0.0
        index.submit("new pages")
        wait_until(lambda: len(make.ended) == 2)
        assert make.ended[1] == ("new pages", "made")
    finally:
        index.stop()


def test_cancel_with_nothing_being_made_changes_nothing() -> None:
    make = Recorder(seconds=0.0)
    index: BackgroundIndex[str] = BackgroundIndex(make)
    index.start()
    try:
        index.cancel()
        index.submit("pages")
        wait_until(lambda: make.ended)
        assert make.ended == [("pages", "made")]
    finally:
        index.stop()
