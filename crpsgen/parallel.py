"""Share a build step's items among processes, results in the same order as one process.

The workers are forked: they start with everything the parent has already built
(settings, data, compiled templates), so only each item's result is sent back. A
step gives each item the same inputs as one process would, so the output is
byte-identical to a serial build (tests/test_buildcache.py proves it).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# The step of the pool running now: set before the workers fork, so they inherit it.
_STEP: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
CHUNKS_PER_JOB = 4  # smaller chunks even out pages of different lengths
MINIMUM = 48  # fewer items than this: one process is quicker than starting more
MINIMUM_SLOW = 8  # the same for steps of ten milliseconds an item or more (Markdown)


def default_jobs() -> int:
    """One process per core this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run(step: Callable[[T], R], items: Sequence[T], jobs: int, minimum: int | None = None) -> list[R]:
    """`[step(item) for item in items]`, in `jobs` processes when there are at least `minimum`
    (by default `MINIMUM`)."""
    global _STEP
    minimum = MINIMUM if minimum is None else minimum
    if jobs <= 1 or len(items) < max(minimum, 2) or not can_fork() or _STEP is not None:
        return [step(item) for item in items]
    count = min(len(items), jobs * CHUNKS_PER_JOB)
    bounds = [(len(items) * i // count, len(items) * (i + 1) // count) for i in range(count)]
    _STEP = (step, items)
    # The workers' cycle collector leaves alone what they inherit: scanning it would copy
    # the parent's memory into each of them, page by page (gc.freeze's documented use).
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(processes=min(jobs, count)) as pool:
            chunks = pool.map(_run_chunk, bounds, chunksize=1)
    finally:
        _STEP = None
        gc.unfreeze()
    return [result for chunk in chunks for result in chunk]


def _run_chunk(bounds: tuple[int, int]) -> list[Any]:
    assert _STEP is not None  # inherited from the parent
    step, items = _STEP
    return [step(items[index]) for index in range(*bounds)]
