"""Sources stage: `content/` -> `SourceFile`s, each with its URL and output path fixed here.

This is the only place that decides where a page lives, so links, navigation,
the sitemap and the writer can never disagree about it; the rules it applies
(what a slug or file name may be, which symlinks are followed) are in addresses.py.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Report
from .model import SourceFile
from .slugs import page_slug
from .walk import walk_files

DATA_DIR = "_data"
# Markdown files under other names are reported, not silently left out of the site.
OTHER_MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn")


def discover_sources(content_dir: Path, report: Report) -> list[SourceFile]:
    """List the Markdown pages under content/, sorted, skipping the data folder.

    Symlinks are followed only inside the project (the folder holding content/).
    """
    if not content_dir.is_dir():
        report.error(content_dir, None, "content folder not found", "create content/index.md")
        return []
    sources = []
    for relpath, path in walk_files(content_dir, content_dir.parent, report, skip=frozenset({DATA_DIR})):
        if relpath.endswith(".md"):
            sources.append(source_for(content_dir, relpath))
        elif path.suffix.lower() in OTHER_MARKDOWN:
            report.error(
                path,
                None,
                "not read: only files ending in .md are pages",
                f"rename it to {relpath.removesuffix(path.suffix)}.md",
            )
    if not any(s.slug == "" for s in sources):
        report.error(content_dir, None, "no home page", "create content/index.md")
    return sources


def source_for(content_dir: Path, relpath: str, slug: str | None = None) -> SourceFile:
    """Fix the URL and output path of one source file (optionally with a front-matter slug)."""
    if slug is None:
        slug = page_slug(relpath)
    url_path = f"{slug}/" if slug else ""
    return SourceFile(
        path=content_dir / relpath,
        relpath=relpath,
        slug=slug,
        url_path=url_path,
        output_path=f"{url_path}index.html",
    )
