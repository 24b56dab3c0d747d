"""Private, locked down and light: a strict CSP in every page and in `_headers`, nothing
inline that the CSP would block, and CSS + JavaScript under 30 KB compressed per page."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from .support import BASE_PATH, Site

pytestmark = pytest.mark.browser

BUDGET = 30 * 1024  # bytes of CSS + JavaScript, gzip, per page


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.csp: str | None = None
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link" and "stylesheet" in values.get("rel", "").split():
            self.assets.append(values["href"])
        if tag == "script":
            if "src" in values:
                self.assets.append(values["src"])
            elif values.get("type") != "application/ld+json":  # JSON-LD is data, never run
                self.inline.append("inline <script>")
        if tag == "style":
            self.inline.append("<style> element")
        if "style" in values:
            self.inline.append(f"style attribute on <{tag}>")
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = values.get("content")


def parse(site: Site, page: str) -> _Page:
    parser = _Page()
    parser.feed((site.root / page).read_text())
    return parser


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def test_css_and_javascript_under_budget_on_every_page(site: Site) -> None:
    heavy = []
    for page in site.readable_pages:
        total = 0
        for url in parse(site, page).assets:
            path = urlsplit(url).path
            assert path.startswith(BASE_PATH), f"{page}: {url} is not on this site"
            total += gzip_size((site.root / path[len(BASE_PATH) :]).read_bytes())
        if total > BUDGET:
            heavy.append(f"{page}: {total} bytes")
    assert not heavy, f"over {BUDGET} bytes of CSS+JS (gzip):\n" + "\n".join(heavy)


def test_every_page_has_a_strict_csp_and_nothing_inline(site: Site) -> None:
    for page in site.readable_pages:
        parsed = parse(site, page)
        assert parsed.csp, f"{page}: no Content-Security-Policy"
        # 'wasm-unsafe-eval' (the search's WebAssembly) is allowed; JavaScript eval is not.
        assert "unsafe-inline" not in parsed.csp and "'unsafe-eval'" not in parsed.csp
        assert re.search(r"script-src 'self'", parsed.csp), parsed.csp
        assert not parsed.inline, f"{page}: {parsed.inline} (blocked by the CSP)"


def test_headers_file_sets_security_headers(site: Site) -> None:
    text = (site.root / "_headers").read_text()
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy",
        "Permissions-Policy",
    ):
        assert header in text, f"_headers lacks {header}"
    assert "unsafe-inline" not in text
