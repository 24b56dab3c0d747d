"""What search engines read: sitemap.xml, and robots.txt, which names it."""

from __future__ import annotations

from html import escape

from .languages import Translations
from .model import OutputFile, RenderedPage, SiteConfig


def sitemap(pages: list[RenderedPage], config: SiteConfig) -> OutputFile:
    """Every published page; on a site in several languages, each with its translations."""
    translations = Translations([r.page for r in pages if not r.page.meta.draft], config)
    entries = []
    for rendered in sorted(pages, key=lambda r: r.page.source.url_path):
        page = rendered.page
        if page.meta.draft:
            continue  # a --drafts build lists only published pages: drafts are not for search engines
        entries.append(
            "  <url>\n"
            f"    <loc>{escape(config.base_url + page.source.url_path)}</loc>\n"
            f"    <lastmod>{page.meta.last_reviewed.isoformat()}</lastmod>\n"
            + "".join(
                f'    <xhtml:link rel="alternate" hreflang="{escape(a.hreflang)}" href="{escape(a.url)}"/>\n'
                for a in translations.alternates(page)
            )
            + "  </url>\n"
        )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
            if config.multilingual
            else '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        )
        + "".join(entries)
        + "</urlset>\n"
    )
    return OutputFile("sitemap.xml", text.encode())


def robots(config: SiteConfig, extra: str = "") -> OutputFile:
    """Allow everything and name the sitemap; `extra` is the clinic's root/robots.txt, added after."""
    text = f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n"
    if extra.strip():
        text += "\n" + extra.rstrip("\n") + "\n"
    return OutputFile("robots.txt", text.encode())
