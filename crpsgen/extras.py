"""Extras: sitemap.xml, robots.txt, _headers, the search index, redirects for old addresses."""

from __future__ import annotations

import json
from html import escape

from .model import OutputFile, RenderedPage, SiteConfig

# Everything the site needs comes from its own origin; nothing is sent elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "X-Frame-Options": "DENY",
}


def sitemap(pages: list[RenderedPage], config: SiteConfig) -> OutputFile:
    entries = []
    for rendered in sorted(pages, key=lambda r: r.page.source.url_path):
        page = rendered.page
        if page.meta.draft:
            continue  # a --drafts build lists only published pages: drafts are not for search engines
        entries.append(
            "  <url>\n"
            f"    <loc>{escape(config.base_url + page.source.url_path)}</loc>\n"
            f"    <lastmod>{page.meta.last_reviewed.isoformat()}</lastmod>\n"
            "  </url>\n"
        )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "".join(entries) + "</urlset>\n"
    )
    return OutputFile("sitemap.xml", text.encode())


def robots(config: SiteConfig) -> OutputFile:
    text = f"User-agent: *\nAllow: /\n\nSitemap: {config.base_url}sitemap.xml\n"
    return OutputFile("robots.txt", text.encode())


def headers_file(config: SiteConfig) -> OutputFile:
    """Security headers for hosts that read a `_headers` file (Netlify, Cloudflare Pages)."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in HEADERS.items()]
    lines += ["", f"{config.base_path}assets/*", "  Cache-Control: public, max-age=31536000, immutable", ""]
    return OutputFile("_headers", "\n".join(lines).encode())


def redirect(alias: str, target_url: str, title: str) -> OutputFile:
    """A static redirect page for an old address (no JavaScript needed)."""
    text = (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {escape(title)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={escape(target_url)}">\n'
        f'<link rel="canonical" href="{escape(target_url)}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{escape(target_url)}">{escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    )
    return OutputFile(alias + "index.html", text.encode())


SEARCH_INDEX = "search-index.json"
SEARCH_TEMPLATE = "search.html"  # the index is written only when a page uses this template


def search_index(pages: list[RenderedPage], config: SiteConfig) -> OutputFile:
    """The words of every page, for the search page's script (read on this site only)."""
    entries = [
        {
            "title": r.page.meta.title,
            "url": config.base_path + r.page.source.url_path,
            "description": r.page.meta.description,
            "text": r.plain_text,
        }
        for r in sorted(pages, key=lambda r: r.page.source.url_path)
        if r.page.meta.template != SEARCH_TEMPLATE
    ]
    text = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return OutputFile(SEARCH_INDEX, text.encode())
