"""Site-wide checks: what needs every page at once, before anything is written.

Content checks run on rendered pages (links and headings, citations, addresses,
readability). Output checks run on the final files: nothing may load from another
origin, and every internal address must resolve under the site's base path.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html import unescape
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import escape

from .diagnostics import Report, did_you_mean
from .model import OutputFile, Page, RenderedPage, SiteConfig, SiteData
from .rawhtml import LINK_HINT, link_problem
from .structured_data import JSON_LD_TYPE


def check_addresses(pages: list[Page], report: Report) -> list[Page]:
    """Refuse two pages (or an old address) with one URL; return the pages that keep theirs.

    Pages claim their addresses first, so an alias that takes a page's address is
    blamed, at its own line, whatever the order of the files.
    """
    owners: dict[str, Page] = {}
    kept = []
    for page in pages:
        url = page.source.url_path
        if url in owners:
            report.error(
                page.source.path,
                page.line_of_key("slug"),
                f'address "/{url}" is already used by {report.relative(owners[url].source.path)}',
                "give one of them a different file name or slug",
            )
            continue
        owners[url] = page
        kept.append(page)
    aliases: dict[str, Page] = {}
    return [_keep_own_aliases(page, owners, aliases, report) for page in kept]


def _keep_own_aliases(page: Page, owners: dict[str, Page], aliases: dict[str, Page], report: Report) -> Page:
    """Report the aliases that take another address; return the page without them."""
    good: list[tuple[str, int]] = []
    lines = page.meta.alias_lines
    if len(lines) != len(page.meta.aliases):  # a page made without them (tests)
        lines = (page.line_of_key("aliases"),) * len(page.meta.aliases)
    for alias, line in zip(page.meta.aliases, lines, strict=True):
        shown = f'alias "{alias.rstrip("/")}"'
        if owners.get(alias) is page:
            report.error(
                page.source.path,
                line,
                f"{shown} is this page's own address",
                "remove it: an alias is an old address that redirects here",
            )
        elif alias in owners:
            report.error(
                page.source.path,
                line,
                f"{shown} is the address of {report.relative(owners[alias].source.path)}",
                "an alias must be an address no page uses",
            )
        elif alias in aliases:
            other = aliases[alias]
            where = "this page" if other is page else report.relative(other.source.path)
            report.error(
                page.source.path, line, f"{shown} is already an alias of {where}", "keep only one of them"
            )
        else:
            aliases[alias] = page
            good.append((alias, line))
    if len(good) == len(page.meta.aliases):
        return page
    kept_meta = replace(page.meta, aliases=tuple(a for a, _ in good), alias_lines=tuple(n for _, n in good))
    return replace(page, meta=kept_meta)


def check_links(pages: list[RenderedPage], report: Report) -> None:
    """Every link to a heading must find that heading's id on the target page."""
    ids = {r.page.source.relpath: r.ids for r in pages}
    for rendered in pages:
        for link in rendered.links:
            target = link.target or rendered.page.source.relpath
            if not link.fragment or target not in ids:
                continue
            if link.fragment not in ids[target]:
                report.error(
                    rendered.page.source.path,
                    link.line,
                    f'link to missing heading "#{link.fragment}" in {target}'
                    + did_you_mean(link.fragment, sorted(ids[target])),
                    "heading ids are the heading text in lower case with hyphens, or set one with {#id}",
                )


def check_citations(pages: list[RenderedPage], data: SiteData, report: Report) -> None:
    """Warn about uncited sources and about medical pages that cite nothing."""
    cited = {c.reference.id for r in pages for c in r.citations}
    for key, reference in data.references.items():
        if key not in cited:
            report.warning(
                data.references_path,
                reference.line,
                f'bibliography entry "{key}" is not cited by any page',
                "cite it with [@" + key + "] or remove it",
            )
    for rendered in pages:
        page = rendered.page
        if page.meta.needs_sources and not rendered.citations:
            report.warning(
                page.source.path,
                1,
                "page cites no sources",
                "cite with [@id], or add needs_sources: false if the page makes no medical claims",
            )


def reading_grade(text: str) -> float:
    """US school grade (Flesch-Kincaid) of plain text."""
    import textstat  # imported here: loading its dictionaries takes most of a second

    return float(textstat.flesch_kincaid_grade(text))


def is_spanish(language: str | None) -> bool:
    return language is not None and language.split("-")[0].lower() == "es"


def spanish_score(text: str) -> float:
    """Fernández Huerta readability of Spanish text: 60 and up reads easily (about US grade 8)."""
    import textstat

    textstat.set_lang("es")  # Spanish syllables (pyphen's bundled dictionary: no download)
    try:
        return float(textstat.fernandez_huerta(text))
    finally:
        textstat.set_lang("en_US")


def check_readability(pages: list[RenderedPage], config: SiteConfig, report: Report) -> None:
    for rendered in pages:
        page = rendered.page
        if not page.meta.needs_sources or len(rendered.plain_text.split()) < 100:
            continue
        if is_spanish(page.meta.language):
            score = spanish_score(rendered.plain_text)
            if score < config.readability_spanish:
                report.notice(
                    page.source.path,
                    None,
                    f"Fernández Huerta score {score:.1f} is below the target {config.readability_spanish:g} "
                    "for Spanish",
                    "shorter sentences and everyday words raise it",
                )
            continue
        grade = reading_grade(rendered.plain_text)
        if grade > config.readability_grade:
            report.notice(
                page.source.path,
                None,
                f"reading grade {grade:.1f} is above the target {config.readability_grade:g}",
                "shorter sentences and everyday words bring it down",
            )


# ---------------------------------------------------------------- output checks

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


def scan_html(text: str) -> _Scan:
    """Find every start tag's loads and links.

    A regular expression over our own generated HTML, rather than html.parser: the
    check then costs a few milliseconds a page instead of most of the build. What a
    tag holds is worked out once per distinct tag (`_findings`): the header, menu and
    footer repeat on every page, so most tags are looked up, not parsed.
    """
    scan = _Scan()
    lists: dict[str, list[Any]] = {
        "loads": scan.loads,
        "links": scan.links,
        "handler_lines": scan.handler_lines,
    }
    text = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    line, counted_to = 1, 0
    for match in START_TAG.finditer(text):
        found = _findings(match.group())
        if not found:
            continue
        line += text.count("\n", counted_to, match.start())  # counted once, front to back
        counted_to = match.start()
        for kind, detail in found:
            if kind == "data_blocks":  # JSON-LD: its text, up to the end of the script
                end = text.find("</script", match.end())
                scan.data_blocks.append((line, text[match.end() : end if end >= 0 else len(text)]))
            elif kind == "inline_script_lines":
                scan.inline_script_lines.append(line)
            else:
                lists[kind].append((line, *detail))
    return scan


Findings = tuple[tuple[str, tuple[str, ...]], ...]  # (list name, the entry without its line), in order


@lru_cache(maxsize=16384)
def _findings(start_tag: str) -> Findings:
    """What one start tag adds to a `_Scan`, by list name, without its line; () for most tags."""
    parts = START_TAG.fullmatch(start_tag)
    assert parts is not None  # a match of START_TAG, matched again on its own
    tag, attributes = parts.group(1).lower(), parts.group(2) or ""
    if tag not in SCANNED_TAGS and MAYBE_HANDLER_OR_STYLE.search(attributes) is None:
        return ()  # most tags (<p>, <li>, <span class=...>): no attribute to read
    values = {
        name.lower(): unescape(next((v for v in quoted if v is not None), ""))
        for name, *quoted in ATTRIBUTE.findall(attributes)
    }
    interesting = (tag in SCANNED_TAGS or "style" in values) or any(name.startswith("on") for name in values)
    if not interesting:
        return ()
    one = _Scan()
    _record(one, tag, values, 0)
    if tag == "script" and values.get("type") == JSON_LD_TYPE:
        one.data_blocks.append((0, ""))
    found = [
        (kind, entry[1:]) for kind in ("loads", "links", "handler_lines") for entry in getattr(one, kind)
    ]
    found += [(kind, ()) for kind in ("inline_script_lines", "data_blocks") if getattr(one, kind)]
    return tuple(found)


def _record(scan: _Scan, tag: str, values: dict[str, str], line: int) -> None:
    for name in values:
        if name.startswith("on"):
            scan.handler_lines.append((line, name))
    for name in LOADING_ATTRIBUTES.get(tag, ()):
        if name in values:
            for url in values[name].split(","):
                scan.loads.append((line, tag, url.strip().split(" ")[0]))
    if tag == "link":
        rels = set(values.get("rel", "").lower().split())
        if rels & LOADING_RELS:
            scan.loads.append((line, "link", values.get("href", "")))
        elif "href" in values:
            scan.links.append((line, values["href"]))
    if tag == "a" and "href" in values:
        scan.links.append((line, values["href"]))
    if "style" in values:
        for url in CSS_URL.findall(values["style"]):
            scan.loads.append((line, tag, url))
    # JSON-LD is data that browsers never run: exactly this type, nothing like it, is let through.
    if tag == "script" and "src" not in values and values.get("type") != JSON_LD_TYPE:
        scan.inline_script_lines.append(line)


@lru_cache(maxsize=4096)
def _is_foreign(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or url.startswith("//") or parts.scheme in {"http", "https", "ftp"}


def check_required_text(outputs: list[OutputFile], config: SiteConfig, report: Report) -> None:
    """Every page must show the disclaimer and the crisis line, whatever a template override does."""
    for output in outputs:
        if (output.source is None and output.path != "404.html") or output.verbatim:
            continue  # redirects, assets, sitemap, a clinic's verification file
        language = config.language_of(output.path)  # es/... is in Spanish, with its own wording
        local = config.for_language(language.code if language else None)
        required = {
            "the disclaimer from site.yaml": str(escape(local.disclaimer)),
            "the crisis line from site.yaml": str(escape(local.crisis.line_text)),
        }
        text = output.content.decode()
        for name, value in required.items():
            if value not in text:
                report.error(
                    output.source or output.path,
                    None,
                    f"{output.path} does not show {name}",
                    "a template override must keep the footer's disclaimer and crisis help",
                )


def check_outputs(
    outputs: list[OutputFile], config: SiteConfig, report: Report, existing: set[str] | None = None
) -> None:
    """Fail on third-party loads, inline scripts and internal addresses that go nowhere.

    `existing` is every path of the site, when `outputs` is only part of it.
    """
    check_required_text([o for o in outputs if o.path.endswith(".html")], config, report)
    existing = {f.path for f in outputs} if existing is None else existing
    base = config.base_path
    verdicts: dict[str, str | None] = {}  # link -> _link_verdict, worked out once per call
    for output in outputs:
        where = output.source or output.path
        if output.path.endswith(".css"):
            for url in CSS_URL.findall(output.content.decode()):
                if _is_foreign(url):
                    report.error(where, None, f"stylesheet loads {url} from another site")
            continue
        if not output.path.endswith(".html"):
            continue
        scanner = scan_html(output.content.decode())
        for line, tag, url in scanner.loads:
            if _is_foreign(url):
                report.error(
                    where,
                    None,
                    f"{output.path}:{line}: <{tag}> loads {url} from another site",
                    "patients' reading is private: serve every file from this site",
                )
            elif url and not url.startswith("data:") and not _resolves(url, base, existing):
                report.error(where, None, f"{output.path}:{line}: <{tag}> loads missing file {url}")
        for line in scanner.inline_script_lines:
            report.error(where, None, f"{output.path}:{line}: inline <script>", "put scripts in static/")
        for line in _bad_data_blocks(scanner.data_blocks):
            report.error(where, None, f"{output.path}:{line}: JSON-LD block is not valid JSON")
        for line, name in scanner.handler_lines:
            report.error(where, None, f"{output.path}:{line}: inline event handler {name}=")
        for line, url in scanner.links:
            if url not in verdicts:  # the menu's and footer's links are on every page
                verdicts[url] = _link_verdict(url, base, existing)
            if (verdict := verdicts[url]) is None:
                continue
            if verdict:  # a template's javascript: link
                report.error(where, None, f'{output.path}:{line}: link to a "{verdict}:" address', LINK_HINT)
            else:
                report.error(where, None, f"{output.path}:{line}: link to {url} goes nowhere")


def _link_verdict(url: str, base: str, existing: set[str]) -> str | None:
    """None for a good link; the refused scheme; or "" for an internal address that goes nowhere."""
    if (scheme := link_problem(url)) is not None:
        return scheme
    if _is_foreign(url) or url.startswith(("#", "mailto:", "tel:")) or _resolves(url, base, existing):
        return None
    return ""


def _bad_data_blocks(blocks: list[tuple[int, str]]) -> list[int]:
    """The lines of JSON-LD blocks that do not parse (a template's hand-written one, say)."""
    bad = []
    for line, text in blocks:
        try:
            json.loads(text)
        except ValueError:
            bad.append(line)
    return bad


def _resolves(url: str, base: str, existing: set[str]) -> bool:
    path = _path_of(url)
    if not path.startswith(base):
        return False
    relative = path[len(base) :]
    return (
        relative in existing
        or (relative.rstrip("/") + "/index.html").lstrip("/") in existing
        or (relative == "" and "index.html" in existing)
    )


@lru_cache(maxsize=4096)
def _path_of(url: str) -> str:
    return unquote(urlsplit(url).path)
