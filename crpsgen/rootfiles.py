"""Root-level files: `root/` is copied as it is to the top of the site, names unchanged.

Hosts and search engines look for some files at fixed addresses: `CNAME` and
`.nojekyll` (GitHub Pages), `.well-known/security.txt`, `google1234.html`
verification files, `favicon.ico`. They are part of every build's outputs, so the
swap that replaces output/ keeps them. A file here that the build also writes
(index.html, feed.xml, assets/...) is an error naming both, except `robots.txt`,
whose lines are added to the end of the generated one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .addresses import check_root_name
from .diagnostics import Report
from .files import read_bytes
from .model import OutputFile, SiteConfig
from .walk import walk_files
from .writer import MARKER

ROOT_DIR = "root"
ROBOTS = "robots.txt"
SKIPPED = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})  # left by file managers, never published


@dataclass(frozen=True)
class RootFiles:
    files: tuple[OutputFile, ...]
    robots_extra: str  # lines of root/robots.txt, added to the generated robots.txt


def collect_root_files(config: SiteConfig, report: Report) -> RootFiles:
    """Read root/ and the theme.root folder (whose files win by name)."""
    found: dict[str, tuple[Path, bytes]] = {}
    for folder in (config.root / ROOT_DIR, config.theme.root):
        if folder is None:
            continue
        for name, path in walk_files(folder, config.root, report, hidden=True):
            if name.rsplit("/", 1)[-1] in SKIPPED or name.split("/")[0] == ".git":
                continue
            if name == MARKER:
                report.error(path, None, f"{MARKER} is the mark the build leaves in output/", "remove it")
            elif (problem := check_root_name(name)) is not None:
                message = f'root file name "{name}" cannot be part of an address'
                report.error(path, None, message, f"use only {problem}")
            elif (content := read_bytes(path, report)) is not None:
                found[name] = (path, content)
    robots = found.pop(ROBOTS, None)
    extra = ""
    if robots is not None:
        try:
            extra = robots[1].decode("utf-8")
        except UnicodeDecodeError:
            report.error(robots[0], None, "robots.txt is not UTF-8 text", "save it as UTF-8")
    files = tuple(
        OutputFile(name, content, path, verbatim=True) for name, (path, content) in sorted(found.items())
    )
    return RootFiles(files, extra)
