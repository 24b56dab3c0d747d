"""The site's privacy and security policy, and the scanner that holds the output to it.

Patients' reading is private: everything a page needs comes from the site's own origin,
and nothing is sent elsewhere. The policy is said once here and used three ways:

- `CONTENT_SECURITY_POLICY`, put in every page as a `<meta>` (render.py);
- `HEADERS`, the same policy and its companions as HTTP headers, in the `_headers` file
  (`headers_file`) and by the dev server; deploy/nginx/security-headers.conf repeats them
  (tests/test_hosting.py checks it stays exactly these);
- `check_policy`, run on the final files before anything is written: no load from another
  origin, no inline script or event handler, no `javascript:` link, every JSON-LD block
  valid, and every internal address resolving under the site's base path.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from urllib.parse import unquote, urlsplit

from . import addresses
from .diagnostics import Report
from .model import OutputFile, SiteConfig
from .rawhtml import LINK_HINT, link_problem
from .structured_data import JSON_LD_TYPE

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
PRIVACY_HINT = "patients' reading is private: serve every file from this site"


def headers_file(config: SiteConfig) -> OutputFile:
    """Security headers for hosts that read a `_headers` file (Netlify, Cloudflare Pages)."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in HEADERS.items()]
    cached = addresses.url(config.base_path, "assets/*")
    lines += ["", cached, "  Cache-Control: public, max-age=31536000, immutable", ""]
    return OutputFile("_headers", "\n".join(lines).encode())


# ---------------------------------------------------------------- what a page loads and links to

LOADING_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "source": ("src", "srcset"),
    "track": ("src",),
    "input": ("src",),
}
LOADING_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "preconnect",
    "dns-prefetch",
    "apple-touch-icon",
}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")

START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s/>=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>"
)
ATTRIBUTE = re.compile(r"""([^\s/>=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
COMMENT = re.compile(r"<!--.*?-->", re.S)
SCANNED_TAGS = frozenset({*LOADING_ATTRIBUTES, "a", "link", "script"})
# Where an attribute named on... or style could begin: at the start or after a character that
# ends the name or value before it. A tag of another kind without it is skipped unparsed;
# a false alarm (`class="section"`) is only parsed in full.
MAYBE_HANDLER_OR_STYLE = re.compile(r"""(?:^|[\s/=>"'])(?:on|style)""", re.IGNORECASE)


@dataclass
class _Scan:
    """What one HTML file loads and links to, with output line numbers."""

    loads: list[tuple[int, str, str]] = field(default_factory=list)  # line, tag, url
    links: list[tuple[int, str]] = field(default_factory=list)
    inline_script_lines: list[int] = field(default_factory=list)
    handler_lines: list[tuple[int, str]] = field(default_factory=list)
    data_blocks: list[tuple[int, str]] = field(default_factory=list)  # line, JSON-LD text


@dataclass(frozen=True)
class _Findings:
    """What one start tag adds to a `_Scan`, each entry without its line."""

    loads: tuple[tuple[str, str], ...] = ()  # tag, url
    links: tuple[str, ...] = ()
    handlers: tuple[str, ...] = ()
    inline_script: bool = False
    data_block: bool = False  # a JSON-LD script: its text follows the tag


NOTHING = _Findings()


def scan_html(text: str) -> _Scan:
    """Find every start tag's loads and links.

    A regular expression over our own generated HTML, rather than html.parser: the
    check then costs a few milliseconds a page instead of most of the build. What a
    tag holds is worked out once per distinct tag (`_findings`): the header, menu and
    footer repeat on every page, so most tags are looked up, not parsed.
    """
    scan = _Scan()
    text = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    line, counted_to = 1, 0
    for match in START_TAG.finditer(text):
        found = _findings(match.group())
        if found is NOTHING:
            continue
        line += text.count("\n", counted_to, match.start())  # counted once, front to back
        counted_to = match.start()
        _add(scan, found, line, text, match.end())
    return scan


def _add(scan: _Scan, found: _Findings, line: int, text: str, end: int) -> None:
    """Note one tag's findings at `line`; a JSON-LD block's text runs from `end` to its `</script`."""
    if found.links:  # the common case first: most scanned tags are links
        scan.links += [(line, url) for url in found.links]
    if found.loads:
        scan.loads += [(line, tag, url) for tag, url in found.loads]
    if found.handlers:
        scan.handler_lines += [(line, name) for name in found.handlers]
    if found.inline_script:
        scan.inline_script_lines.append(line)
    if found.data_block:
        close = text.find("</script", end)
        scan.data_blocks.append((line, text[end : close if close >= 0 else len(text)]))


@lru_cache(maxsize=16384)
def _findings(start_tag: str) -> _Findings:
    """What one start tag holds; `NOTHING` for most tags."""
    parts = START_TAG.fullmatch(start_tag)
    assert parts is not None  # a match of START_TAG, matched again on its own
    tag, attributes = parts.group(1).lower(), parts.group(2) or ""
    if tag not in SCANNED_TAGS and MAYBE_HANDLER_OR_STYLE.search(attributes) is None:
        return NOTHING  # most tags (<p>, <li>, <span class=...>): no attribute to read
    values = _attributes(attributes)
    found = _Findings(
        loads=_loads(tag, values),
        links=_links(tag, values),
        handlers=_handlers(values),
        # JSON-LD is data that browsers never run: exactly this type, nothing like it, is let through.
        inline_script=tag == "script" and "src" not in values and values.get("type") != JSON_LD_TYPE,
        data_block=tag == "script" and values.get("type") == JSON_LD_TYPE,
    )
    return NOTHING if found == NOTHING else found


def _attributes(attributes: str) -> dict[str, str]:
    """A start tag's attributes by lower-case name, values unescaped ("" for a bare name)."""
    return {
        name.lower(): unescape(next((v for v in quoted if v is not None), ""))
        for name, *quoted in ATTRIBUTE.findall(attributes)
    }


def _handlers(values: dict[str, str]) -> tuple[str, ...]:
    return tuple(name for name in values if name.startswith("on"))


def _loads(tag: str, values: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """Every file the tag makes the browser fetch: src/srcset and the like, stylesheets, CSS url()s."""
    loads = [
        (tag, url.strip().split(" ")[0])
        for name in LOADING_ATTRIBUTES.get(tag, ())
        if name in values
        for url in values[name].split(",")
    ]
    if tag == "link" and set(values.get("rel", "").lower().split()) & LOADING_RELS:
        loads.append(("link", values.get("href", "")))
    loads += [(tag, url) for url in CSS_URL.findall(values.get("style", ""))]
    return tuple(loads)


def _links(tag: str, values: dict[str, str]) -> tuple[str, ...]:
    """The address an `<a>`, or a `<link>` that loads nothing (rel=alternate, canonical), leads to."""
    if tag == "link" and set(values.get("rel", "").lower().split()) & LOADING_RELS:
        return ()
    return (values["href"],) if tag in {"a", "link"} and "href" in values else ()


# ---------------------------------------------------------------- holding the output to the policy


def check_policy(outputs: list[OutputFile], config: SiteConfig, report: Report, existing: set[str]) -> None:
    """Fail on third-party loads, inline scripts and internal addresses that go nowhere.

    `existing` is every path of the site (`outputs` may be only part of it).
    """
    verdicts: dict[str, str | None] = {}  # link -> _link_verdict, worked out once per call
    for output in outputs:
        if output.path.endswith(".css"):
            _check_stylesheet(output, report)
        elif output.path.endswith(".html"):
            scan = scan_html(output.content.decode())
            page = _Page(output, config.base_path, existing, report)
            page.check_loads(scan.loads)
            page.check_scripts(scan)
            page.check_links(scan.links, verdicts)


def _check_stylesheet(output: OutputFile, report: Report) -> None:
    for url in CSS_URL.findall(output.content.decode()):
        if _is_foreign(url):
            report.error(output.source or output.path, None, f"stylesheet loads {url} from another site")


@dataclass
class _Page:
    """One HTML output file, for reporting what its scan found at `path:line`."""

    output: OutputFile
    base: str
    existing: set[str]
    report: Report

    def error(self, line: int, message: str, hint: str = "") -> None:
        where = self.output.source or self.output.path
        self.report.error(where, None, f"{self.output.path}:{line}: {message}", hint)

    def check_loads(self, loads: list[tuple[int, str, str]]) -> None:
        for line, tag, url in loads:
            if _is_foreign(url):
                self.error(line, f"<{tag}> loads {url} from another site", PRIVACY_HINT)
            elif url and not url.startswith("data:") and not _resolves(url, self.base, self.existing):
                self.error(line, f"<{tag}> loads missing file {url}")

    def check_scripts(self, scan: _Scan) -> None:
        for line in scan.inline_script_lines:
            self.error(line, "inline <script>", "put scripts in static/")
        for line in _bad_data_blocks(scan.data_blocks):
            self.error(line, "JSON-LD block is not valid JSON")
        for line, name in scan.handler_lines:
            self.error(line, f"inline event handler {name}=")

    def check_links(self, links: list[tuple[int, str]], verdicts: dict[str, str | None]) -> None:
        for line, url in links:
            if url not in verdicts:  # the menu's and footer's links are on every page
                verdicts[url] = _link_verdict(url, self.base, self.existing)
            verdict = verdicts[url]
            if verdict:  # a template's javascript: link
                self.error(line, f'link to a "{verdict}:" address', LINK_HINT)
            elif verdict is not None:
                self.error(line, f"link to {url} goes nowhere")


@lru_cache(maxsize=4096)
def _is_foreign(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or url.startswith("//") or parts.scheme in {"http", "https", "ftp"}


def _link_verdict(url: str, base: str, existing: set[str]) -> str | None:
    """None for a good link; the refused scheme; or "" for an internal address that goes nowhere."""
    kind = _link_kind(url, base)
    if kind is None or isinstance(kind, str):
        return kind
    return None if _any_exists(kind, existing) else ""


@lru_cache(maxsize=16384)
def _link_kind(url: str, base: str) -> str | tuple[str, ...] | None:
    """What a link's verdict depends on, worked out once per address for every page that has it:
    None for a good link whatever the site holds, the refused scheme, or the site paths it may name.
    """
    if (scheme := link_problem(url)) is not None:
        return scheme
    if _is_foreign(url) or url.startswith(("#", "mailto:", "tel:")):
        return None
    return _candidates(url, base)


def _resolves(url: str, base: str, existing: set[str]) -> bool:
    return _any_exists(_candidates(url, base), existing)


def _any_exists(candidates: tuple[str, ...], existing: set[str]) -> bool:
    # Asked in order, stopping at the first found: the build cache notes each path asked (lookups.py).
    return any(path in existing for path in candidates)


@lru_cache(maxsize=16384)
def _candidates(url: str, base: str) -> tuple[str, ...]:
    """The site paths an internal address may name, in the order a server tries them."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(base):
        return ()
    relative = path[len(base) :]
    return (relative, (relative.rstrip("/") + "/index.html").lstrip("/"))  # "" -> index.html too


def _bad_data_blocks(blocks: list[tuple[int, str]]) -> list[int]:
    """The lines of JSON-LD blocks that do not parse (a template's hand-written one, say)."""
    bad = []
    for line, text in blocks:
        try:
            json.loads(text)
        except ValueError:
            bad.append(line)
    return bad
