"""Watching what a build reads: the dev server scans it for saves (devserver.py), and
`python build.py build` stamps it to skip a build that would change nothing (stamp.py)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .rootfiles import ROOT_DIR

if TYPE_CHECKING:
    from .model import SiteConfig

POLL_SECONDS = 0.1  # the longest between two scans of the watched files...
MIN_POLL_SECONDS = 0.03  # ...and the shortest, for small sites
SCAN_SHARE = 0.1  # scanning may take this share of a core (a scan is about 5 ms at 1,000 pages)
SETTLE_SECONDS = 0.02  # a burst of saves is over when nothing changed for this long...
MAX_SETTLE_SECONDS = 1.0  # ...or after this long, whichever comes first
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")  # editors' scratch files


def scan(paths: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Every file under the paths with its modification time and size; hidden files skipped."""
    found: dict[str, tuple[int, int]] = {}

    def add(path: str) -> None:
        try:
            stat = os.stat(path)
        except OSError:
            return  # deleted while we looked; the next scan sees it gone
        found[path] = (stat.st_mtime_ns, stat.st_size)

    for path in paths:
        if path.is_file():
            add(str(path))
        for folder, folders, files in os.walk(path):
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in files:
                if not name.startswith((".", "#")) and not name.endswith(IGNORED_SUFFIXES):
                    add(os.path.join(folder, name))
    return found


@dataclass(frozen=True)
class Changes:
    """What one scan found against the one before: the dev server's hint to its next rebuild."""

    unchanged: frozenset[str]  # files seen in both scans with the same time and size
    same_files: bool  # no file came or went

    def join(self, later: Changes) -> Changes:
        """What two scans in a row saw, as one."""
        return Changes(self.unchanged & later.unchanged, self.same_files and later.same_files)

    def trusts(self, path: Path) -> bool:
        """Whether `path` is known not to have changed (a path the scans never saw is not)."""
        return str(path) in self.unchanged


def changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> Changes:
    unchanged = frozenset(path for path, seen in after.items() if before.get(path) == seen)
    return Changes(unchanged, before.keys() == after.keys())


def poll_interval(scan_seconds: float) -> float:
    """How long to wait before the next scan, when one takes `scan_seconds`: as soon as a save
    can be seen without the scans using more than `SCAN_SHARE` of a core while nothing changes."""
    return min(POLL_SECONDS, max(MIN_POLL_SECONDS, scan_seconds / SCAN_SHARE))


def source_folders(config: SiteConfig) -> tuple[Path, ...]:
    """Every folder a build reads: content/ (with its data files), templates, static and root files,
    ours and the clinic's."""
    candidates = (
        config.content_dir,
        config.templates_dir,
        config.static_dir,
        config.root / ROOT_DIR,
        config.theme.templates,
        config.theme.static,
        config.theme.root,
    )
    return tuple(dict.fromkeys(path for path in candidates if path is not None))


def watched_paths(config: SiteConfig) -> tuple[Path, ...]:
    """What a build reads: site.yaml and the folders above."""
    return (config.path, *source_folders(config))
