"""Old addresses (`aliases:` in front matter): a redirect page at each, and `_redirects`."""

from __future__ import annotations

from html import escape

from .model import OutputFile, RenderedPage, SiteConfig


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
