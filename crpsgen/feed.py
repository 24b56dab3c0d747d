"""What's new: an Atom feed (RFC 4287) of the site's pages, newest review first.

Each page is an entry dated by its `last_reviewed`, so a feed reader shows a page
again when a clinician reviews it. The entry id is the page's address, which stays
the same for the life of the page. Same pages in, same bytes out: no build time.
"""

from __future__ import annotations

import datetime as dt
from html import escape as _escape

from .addresses import url
from .model import ConvertedPage, OutputFile, SiteConfig

FEED = "feed.xml"
NO_DATE = dt.date(1970, 1, 1)  # a feed with no entries still needs an <updated>


def escape(text: str) -> str:
    """Text for XML: &, < and > escaped (html.escape: xml.sax.saxutils costs 20 ms of start-up)."""
    return _escape(text, quote=False)


def quoteattr(text: str) -> str:
    """An XML attribute value with its quotes."""
    return f'"{_escape(text)}"'


def stamp(day: dt.date) -> str:
    """An RFC 3339 date-time for a review date: midnight UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def feeds(pages: list[ConvertedPage], config: SiteConfig) -> list[OutputFile]:
    """One feed per language: feed.xml for the default language, es/feed.xml for Spanish..."""
    if not config.multilingual:
        return [atom_feed(pages, config)]
    result = []
    for language in config.languages:
        own = [r for r in pages if r.page.meta.language == language.code]
        prefix = language.prefix + "/" if language.prefix else ""
        result.append(atom_feed(own, config.for_language(language.code), prefix))
    return result


def atom_feed(pages: list[ConvertedPage], config: SiteConfig, prefix: str = "") -> OutputFile:
    """The feed of these pages, at `prefix`feed.xml (a language's folder, or the site root)."""
    published = [r.page for r in pages if not r.page.meta.draft]  # a --drafts build keeps them out
    published.sort(key=lambda p: p.source.url_path)
    published.sort(key=lambda p: p.meta.last_reviewed, reverse=True)  # stable: ties by address
    updated = published[0].meta.last_reviewed if published else NO_DATE
    home = url(config.base_url, prefix)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(config.language)}>',
        f"  <title>{escape(config.title)}</title>",
        f"  <id>{escape(home + FEED)}</id>",  # not the home page's: that is its entry's id
        f"  <updated>{stamp(updated)}</updated>",
        f"  <author><name>{escape(config.organization.name)}</name></author>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(home + FEED)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(home)}/>',
    ]
    for page in published:
        address = url(config.base_url, page.source.url_path)
        lines += [
            "  <entry>",
            f"    <title>{escape(page.meta.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(address)}/>',
            f"    <id>{escape(address)}</id>",
            f"    <updated>{stamp(page.meta.last_reviewed)}</updated>",
            f"    <summary>{escape(page.meta.description)}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>\n")
    return OutputFile(prefix + FEED, "\n".join(lines).encode())
