"""Sources stage: `content/` -> `SourceFile`s, each with its URL and output path fixed here.

This is the only place that decides where a page lives, so links, navigation,
the sitemap and the writer can never disagree about it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .diagnostics import Report
from .model import SourceFile

DATA_DIR = "_data"
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def read_text(path: Path, report: Report) -> str | None:
    """Read a UTF-8 text file, reporting the line of the first bad byte."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(
            path,
            line,
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read)",
            "save the file as UTF-8 in your editor",
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def discover_sources(content_dir: Path, report: Report) -> list[SourceFile]:
    """List the Markdown pages under content/, sorted, skipping the data folder."""
    if not content_dir.is_dir():
        report.error(content_dir, None, "content folder not found", "create content/index.md")
        return []
    sources = []
    for path in sorted(content_dir.rglob("*.md")):
        relpath = path.relative_to(content_dir).as_posix()
        if relpath.startswith(DATA_DIR + "/") or any(part.startswith(".") for part in relpath.split("/")):
            continue
        sources.append(source_for(content_dir, relpath))
    if not any(s.slug == "" for s in sources):
        report.error(content_dir, None, "no home page", "create content/index.md")
    return sources


def source_for(content_dir: Path, relpath: str, slug: str | None = None) -> SourceFile:
    """Fix the URL and output path of one source file (optionally with a front-matter slug)."""
    stem = relpath.removesuffix(".md")
    if slug is None:
        parts = stem.split("/")
        if parts[-1] == "index":
            parts = parts[:-1]
        slug = "/".join(parts)
    url_path = f"{slug}/" if slug else ""
    return SourceFile(
        path=content_dir / relpath,
        relpath=relpath,
        slug=slug,
        url_path=url_path,
        output_path=f"{url_path}index.html",
    )


def check_slug(slug: str) -> str | None:
    """Return what is wrong with a slug, or None."""
    for part in slug.split("/"):
        if not SLUG_PATTERN.match(part):
            return "lower-case letters, digits and single hyphens (e.g. what-is-crps)"
    return None
