"""Property tests for the Markdown slice: citation syntax and raw HTML.

Whatever an editor types, converting a page raises nothing but our diagnostics, every
diagnostic names the page and a line of its body, a `[@` patients would see is always
reported, and raw HTML is either refused or comes out with nothing executable in it.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import convert
from test_xss_corpus import not_inert

from crpsgen.diagnostics import Report

BODY_LINE = 6
# CRPSGEN_EXAMPLES=3000 for a longer hunt than CI's.
EXAMPLES = int(os.environ.get("CRPSGEN_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def checked_render(body: str) -> tuple[Report, str]:
    """Render; assert every diagnostic is ours, names the page and a line inside the body."""
    report = Report()
    html = convert(body, report).html
    last = BODY_LINE + body.count("\n")
    for item in report.items:
        assert item.path == "content/page.md", item.format()
        assert item.line is not None and BODY_LINE <= item.line <= last, item.format()
    return report, html


class VisibleText(HTMLParser):
    """The text a reader sees: not code, not attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag in {"code", "pre"}

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag in {"code", "pre"}

    def handle_data(self, data: str) -> None:
        if self.depth == 0:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


# ---------------------------------------------------------------- citations

KEYS = st.sampled_from(["a", "b", "c", "zz", "a:b", "a.b", "_x", ""])
CITATION_PIECES = st.one_of(
    st.sampled_from(["[@", "]", "[", "@", ";", "; ", ",", ", p. 12", " ", "\n", "\n\n", "word", "## ", "- "]),
    KEYS.map(lambda key: f"[@{key}]"),
    st.text(alphabet="ab @;,[]\n.'-", max_size=6),
)
ESCAPES = st.sampled_from(["\\[@a]", "`[@a`", "\\", "`"])


@SETTINGS
@given(st.lists(st.one_of(CITATION_PIECES, ESCAPES), max_size=12).map("".join))
def test_any_citation_text_gives_only_our_diagnostics(body: str) -> None:
    checked_render(body)


@SETTINGS
@given(st.lists(CITATION_PIECES, max_size=12).map("".join))
def test_a_visible_citation_marker_is_always_reported(body: str) -> None:
    report, html = checked_render(body)
    if "[@" in visible_text(html):
        messages = [item.message for item in report.items]
        assert any(m.startswith("malformed citation") for m in messages), (body, html)


# ---------------------------------------------------------------- raw HTML

TAGS = st.sampled_from(
    ["a", "b", "p", "div", "span", "img", "script", "style", "iframe", "svg", "meta", "base", "form", "math",
     "details", "table", "td", "xss", "SCRIPT", "Img", "scr<script>ipt", "a/"]
)  # fmt: skip
NAMES = st.sampled_from(
    ["href", "src", "alt", "class", "title", "onclick", "ONERROR", "onload", "style", "srcdoc", "formaction",
     "action", "xlink:href", "http-equiv", "content", "data", "open", "id", ""]
)  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(
        ["javascript:alert(1)", "JaVaScRiPt:x", "jav&#x61;script:x", "jav\tascript:x", "java\nscript:x",
         "&#106;avascript:x", "javascript&colon;x", " javascript:x", "vbscript:x", "data:text/html,x",
         "https://evil.example/x", "//evil.example/x", "page.md", "#top", "x.png", "mailto:a@b.org", "",
         "refresh", "0;url=https://evil.example/", "color:red", "\"><script>alert(1)</script>"]
    ),
    st.text(alphabet="jav script:&#x;<>\"'=/ ", max_size=12),
)  # fmt: skip
QUOTES = st.sampled_from(['"{}"', "'{}'", "{}", "`{}`"])
SEPARATORS = st.sampled_from([" ", "\n", "/", "\t", "  "])


@st.composite
def start_tags(draw: st.DrawFn) -> str:
    attributes = "".join(
        draw(SEPARATORS) + draw(NAMES) + "=" + draw(QUOTES).format(draw(VALUES))
        for _ in range(draw(st.integers(0, 3)))
    )
    return f"<{draw(TAGS)}{attributes}>"


HTML_PIECES = st.one_of(
    start_tags(),
    TAGS.map(lambda tag: f"</{tag}>"),
    st.sampled_from(
        ["text", "\n", "\n\n", "<!-- c -->", "<!--", "-->", "<", ">", "&lt;", "`", "    ", "<!x>"]
    ),
)


@SETTINGS
@given(st.lists(HTML_PIECES, min_size=1, max_size=8).map("".join))
def test_raw_html_is_refused_or_inert(body: str) -> None:
    report, html = checked_render(body)
    if not report.has_errors:
        assert not_inert(html) == [], (body, html)


MARKDOWN_LINKS = st.builds(
    lambda image, value, title: f"{'!' if image else ''}[x]({value}{title})",
    st.booleans(),
    VALUES.filter(lambda v: not re.search(r"[\s()]", v)),
    st.sampled_from(["", ' "t"', " 'a\" onclick=\"x'"]),
)


@SETTINGS
@given(st.lists(st.one_of(MARKDOWN_LINKS, HTML_PIECES), min_size=1, max_size=5).map(" ".join))
def test_markdown_links_and_images_are_refused_or_inert(body: str) -> None:
    report, html = checked_render(body)
    if not report.has_errors:
        assert not_inert(html) == [], (body, html)
