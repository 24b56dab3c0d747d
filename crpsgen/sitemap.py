"""What search engines read: sitemap.xml, and robots.txt, which names it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .addresses import url
from .languages import Alternate, Translations
from .model import ConvertedPage, OutputFile, SiteConfig
from .render import SiteRenderer

SITEMAP = "sitemap.xml"  # the template and the file it makes


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    last_reviewed: dt.date
    alternates: tuple[Alternate, ...]  # its translations, on a site in several languages


def sitemap(pages: list[ConvertedPage], renderer: SiteRenderer) -> OutputFile | None:
    """Every published page (`sitemap.xml` template); None if the template failed."""
    config = renderer.config
    translations = Translations([r.page for r in pages if not r.page.meta.draft], config)
    entries = [
        SitemapEntry(
            url(config.base_url, page.source.url_path), page.meta.last_reviewed, translations.alternates(page)
        )
        for page in sorted((r.page for r in pages), key=lambda p: p.source.url_path)
        if not page.meta.draft  # a --drafts build lists only published pages: not for search engines
    ]
    context = renderer.common()
    context.update(entries=entries)
    text = renderer.templates.render(SITEMAP, context, SITEMAP)
    return None if text is None else OutputFile(SITEMAP, text.encode())


def robots(config: SiteConfig, extra: str = "") -> OutputFile:
    """Allow everything and name the sitemap; `extra` is the clinic's root/robots.txt, added after."""
    text = f"User-agent: *\nAllow: /\n\nSitemap: {url(config.base_url, SITEMAP)}\n"
    if extra.strip():
        text += "\n" + extra.rstrip("\n") + "\n"
    return OutputFile("robots.txt", text.encode())
