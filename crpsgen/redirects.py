"""Old addresses (`aliases:` in front matter): a redirect page at each, and `_redirects`."""

from __future__ import annotations

from .addresses import url
from .model import ConvertedPage, OutputFile, SiteConfig
from .render import SiteRenderer

REDIRECT_TEMPLATE = "redirect.html"


def redirect_pages(converted: list[ConvertedPage], renderer: SiteRenderer) -> list[OutputFile | None]:
    """A page at each old address that sends readers on (no JavaScript needed): `redirect.html`.

    In the page's language, with the page's full address as canonical; None where the
    template failed (reported once, see TemplateRenderer.report_failures).
    """
    config = renderer.config
    outputs: list[OutputFile | None] = []
    for page in (r.page for r in converted):
        target, canonical_url = (
            url(config.base_path, page.source.url_path),
            url(config.base_url, page.source.url_path),
        )
        for alias in page.meta.aliases:
            context = renderer.common(page.meta.language)
            context.update(title=page.meta.title, target=target, canonical_url=canonical_url)
            path = alias + "index.html"
            html = renderer.templates.render(REDIRECT_TEMPLATE, context, path)
            outputs.append(None if html is None else OutputFile(path, html.encode()))
    return outputs


def redirects_file(pages: list[ConvertedPage], config: SiteConfig) -> OutputFile:
    """`_redirects` for hosts that read one (Netlify, Cloudflare Pages): a 301 from each alias.

    The paths carry the base path, as `_headers` does. The redirect pages above stay too:
    hosts without a `_redirects` file (GitHub Pages, S3, nginx) serve those instead.
    """
    lines = ["# Old addresses (aliases: in front matter) -> their page. Made by the build."]
    for converted in sorted(pages, key=lambda r: r.page.source.url_path):
        target = url(config.base_path, converted.page.source.url_path)
        lines += [
            f"{url(config.base_path, alias)} {target} 301" for alias in sorted(converted.page.meta.aliases)
        ]
    return OutputFile("_redirects", ("\n".join(lines) + "\n").encode())
