"""Extras: sitemap.xml, robots.txt, _headers, redirects for old addresses."""

from __future__ import annotations

from html import escape

from .languages import Translations
from .model import OutputFile, RenderedPage, SiteConfig

# Everything the site needs comes from its own origin; nothing is sent elsewhere.
# 'wasm-unsafe-eval' lets the search page's Pagefind index run as WebAssembly (compiled
# from this site's own files); it does not allow eval() or new Function() in JavaScript.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
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


def redirects_file(pages: list[RenderedPage], config: SiteConfig) -> OutputFile:
    """`_redirects` for hosts that read one (Netlify, Cloudflare Pages): a 301 from each alias.

    The paths carry the base path, as `_headers` does. The redirect pages above stay too:
    hosts without a `_redirects` file (GitHub Pages, S3, nginx) serve those instead.
    """
    lines = ["# Old addresses (aliases: in front matter) -> their page. Made by the build."]
    for rendered in sorted(pages, key=lambda r: r.page.source.url_path):
        target = config.base_path + rendered.page.source.url_path
        lines += [f"{config.base_path}{alias} {target} 301" for alias in sorted(rendered.page.meta.aliases)]
    return OutputFile("_redirects", ("\n".join(lines) + "\n").encode())


SEARCH_TEMPLATE = "search.html"  # the search index (crpsgen/search.py) is built only when a page uses it
