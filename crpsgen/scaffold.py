"""The page `python build.py new` writes, and the check that none of its placeholders is published.

The placeholder sentences are defined once, here: the scaffold writes them and
`check_placeholders` refuses a published page that still holds one, so removing
only `draft: true` from a new page cannot put "TODO" text in front of patients.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from functools import lru_cache

from .diagnostics import Report
from .model import Page
from .slugs import slugify

DESCRIPTION = "TODO: one plain sentence saying what this page covers."
OPENING = "Write the opening paragraph here."
SECTION = "TODO: write this section, or delete it."
PLACEHOLDERS = (DESCRIPTION, OPENING, SECTION)
MAX_SLUG = 60  # a file name and address people can read; far below any file system's limit
REFUSED_CATEGORIES = {"Cc", "Cs", "Cn"}  # control characters, lone surrogates, non-characters


class BadTitle(ValueError):
    """A title no page can be made from; the message says why."""


def clean_title(title: str) -> str:
    """The title on one line with single spaces; BadTitle if it has no letters to name a file."""
    cleaned = " ".join(title.split())
    if any(unicodedata.category(char) in REFUSED_CATEGORIES for char in cleaned):
        raise BadTitle("the title contains a control character")
    if not file_slug(cleaned):
        raise BadTitle(f'cannot make a file name from "{cleaned}"')
    return cleaned


def file_slug(title: str) -> str:
    """The page's file name (without .md): the slug, cut at a word boundary to MAX_SLUG characters."""
    slug = slugify(title)
    if len(slug) <= MAX_SLUG:
        return slug
    cut = slug[: MAX_SLUG + 1]
    return cut[: cut.rfind("-")] if "-" in cut else slug[:MAX_SLUG]


def scaffold(title: str, today: dt.date) -> str:
    """A draft page with every required front-matter field and the placeholders to replace."""
    return (
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"  # a JSON string is a YAML string
        f"description: {json.dumps(DESCRIPTION)}\n"
        "# section: crps        # a navigation id from site.yaml to list it in the menu\n"
        "# order: 100\n"
        f"last_reviewed: {today.isoformat()}\n"
        "authors: [Editorial team]\n"
        "draft: true\n"
        "---\n\n"
        f"{OPENING} Cite sources like this [@goebel2021].\n\n"
        "## First section\n\n"
        f"{SECTION}\n"
    )


def check_placeholders(pages: list[Page], report: Report) -> None:
    """An error for each scaffold placeholder left in a published page (drafts may keep them)."""
    for page in pages:
        for line, placeholder, hint in _placeholders(page):
            report.error(page.source.path, line, f'placeholder text "{placeholder}" is still here', hint)


@lru_cache(maxsize=16384)  # a rebuild looks again only at the pages that changed
def _placeholders(page: Page) -> tuple[tuple[int, str, str], ...]:
    """Each placeholder left in the page: its line, the placeholder and the hint."""
    if page.meta.draft:
        return ()
    found = []
    for placeholder in PLACEHOLDERS:
        if placeholder in page.meta.description:
            line: int | None = page.line_of_key("description")
            hint = "write one plain sentence saying what this page covers, or put back draft: true"
        else:
            line = page.line_of(placeholder)
            hint = "replace it with the page's own words, or put back draft: true until it is written"
        if line is not None:
            found.append((line, placeholder, hint))
    return tuple(found)
