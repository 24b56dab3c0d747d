"""A page's front matter, each key declared once on the `PageMeta` field it fills.

The checks, the README's list of front-matter keys (`schema.document`) and the typed
`PageMeta` come from these declarations; `frontmatter.py` reads them and adds what
follows from the rest of the site (the default reviewer, the review date, the template).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from . import schema
from .editorial import Reviewer
from .schema import declare

ASPECTS = (
    "overview",
    "symptoms",
    "diagnosis",
    "treatment",
    "ketamine",
    "research",
    "safety",
    "support",
    "reference",
    "about",
)


def _page_file(value: Any) -> str:
    result = schema.text(value)
    if not result.endswith(".md") or result.startswith(("/", "../")):
        raise ValueError("a page file of the default language in content/, such as symptoms.md")
    return result


def _content_hash(value: Any) -> str:
    result = schema.text(value).lower()
    if not re.fullmatch(r"[0-9a-f]{12}", result):
        raise ValueError("12 hex digits (the start of the page file's sha256)")
    return result


@dataclass(frozen=True)
class PageMeta:
    title: str = field(metadata=declare("The page's title, shown as its main heading.", required=True))
    description: str = field(
        metadata=declare("One sentence for search results and link previews.", required=True)
    )
    # Keyword-only, so the fields after it keep their places as positional arguments.
    slug: str | None = field(
        default=None, kw_only=True, metadata=declare("The page's address; defaults to the file name.")
    )
    section: str | None = field(
        metadata=declare("Menu section id from site.yaml `navigation`; omit to hide.")
    )
    order: int = field(
        metadata=declare("Position within the section (lower first).", schema.integer, default=100)
    )
    nav_title: str = field(
        metadata=declare("Shorter title for menus and breadcrumbs.")
    )  # the title when not given
    template: str = field(metadata=declare("Template file to use, directly in templates/, e.g. page.html."))
    last_reviewed: dt.date = field(
        metadata=declare("Date the page was last checked (YYYY-MM-DD).", schema.date, required=True)
    )
    next_review_due: dt.date = field(
        metadata=declare("Date the next review is due; default from site.yaml.", schema.date)
    )
    reviewed_by: Reviewer = field(metadata=declare("Who reviewed it: name and role.", of=Reviewer))
    review_is_placeholder: bool
    authors: tuple[str, ...] = field(metadata=declare("Who wrote the page.", schema.text_list, default=()))
    draft: bool = field(
        metadata=declare(
            "true keeps the page out of the build (see --drafts).", schema.boolean, default=False
        )
    )
    aliases: tuple[str, ...] = field(
        metadata=declare(
            "Old addresses of this site that should redirect here, e.g. [old-page, old/page/].",
            schema.text_list,
            default=(),
        )
    )
    aspect: str | None = field(
        metadata=declare("What the page is about: " + ", ".join(ASPECTS), schema.one_of(*ASPECTS))
    )
    tags: tuple[str, ...] = field(metadata=declare("Keywords.", schema.text_list, default=()))
    needs_sources: bool = field(
        metadata=declare(
            "false for pages that make no medical claims (about, contact).", schema.boolean, default=True
        )
    )
    alias_lines: tuple[int, ...] = ()  # file line of each alias, for messages
    language: str | None = None  # the page's language tag (None: the site's only language)
    translation_of: str | None = field(
        default=None,
        metadata=declare(  # e.g. symptoms.md
            "On a page in a language folder (content/es/): the default-language page it translates, "
            "e.g. symptoms.md.",
            _page_file,
        ),
    )
    translated_from: str | None = field(
        default=None,
        metadata=declare(
            "The first 12 hex digits of the sha256 of that page's file when it was translated "
            "(the build names the current one when the page changes).",
            _content_hash,
        ),
    )
    translation_reviewer: Reviewer | None = field(
        default=None,
        metadata=declare(  # the qualified medical translator
            "The qualified medical translator who checked the translation: name and role "
            "(until then the page says it awaits that review).",
            key="translation_reviewed_by",
            of=Reviewer,
        ),
    )
