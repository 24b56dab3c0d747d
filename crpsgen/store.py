"""The build cache on disk: `.cache/crpsgen/` beside the site.yaml in use.

`python build.py` loads it before building and stores it again when anything changed,
so a second build redoes only what changed since the first. It is never trusted: a
file that is corrupt, cut short, or made by another version of the generator, of
Python or of the libraries it uses is ignored (and replaced), and every result in it
is still checked against its inputs before use (buildcache.py), so a cache from
another site or another machine only costs time. Deleting the folder is always safe;
`--no-cache` neither reads nor writes it.

The file is a pickle, which runs code when loaded: like build.py itself, it must only
be writable by the people who may change the site.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

from .buildcache import BuildCache
from .stamp import FOLDER, cache_folder, fingerprint

FILE = "build.pickle"


def cache_file(config_path: Path) -> Path:
    return config_path.resolve().parent / FOLDER / FILE


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Python's cycle collector, paused: it would scan the objects a pickle makes many times over
    (loading takes a third of the time without it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load(config_path: Path, jobs: int) -> BuildCache:
    """The stored cache if it is usable, else a fresh one (a full build)."""
    try:
        stored = cache_file(config_path).read_bytes()
    except OSError:
        return BuildCache(jobs)
    header = fingerprint()
    if not stored.startswith(header):
        return BuildCache(jobs)
    try:
        with _no_collection():
            cache = pickle.loads(memoryview(stored)[len(header) :])
    except Exception:  # corrupt or cut short: any error unpickling means "not usable"
        return BuildCache(jobs)
    if not isinstance(cache, BuildCache):
        return BuildCache(jobs)
    cache.jobs = jobs
    return cache


def save(cache: BuildCache, config_path: Path) -> None:
    """Store the cache if anything changed; a cache that cannot be written only costs time."""
    if not cache.changed:
        return
    path = cache_file(config_path)
    partial = path.with_name(f".{FILE}.{os.getpid()}.tmp")
    try:
        cache_folder(config_path)
        with partial.open("wb") as file:
            file.write(fingerprint())
            with _no_collection():
                pickle.dump(cache, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)  # whole or not at all: a killed build leaves the old cache
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
