"""A corpus of XSS and markup-injection payloads: each is refused at its line or rendered inert.

The inertness check is written apart from the policy (`crpsgen/rawhtml.py`) on purpose:
it reads the rendered HTML with html.parser and looks for anything that runs, loads from
elsewhere, redirects, submits or restyles, whatever the policy thought it allowed.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import convert

from crpsgen.diagnostics import Report

CORPUS = Path(__file__).parent / "fixtures" / "xss_payloads.txt"
PAYLOADS = [
    line.replace("\\n", "\n").replace("\\t", "\t")
    for line in CORPUS.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]
BODY_LINE = 6  # support.convert's body starts on line 6
INTRO = "Intro.\n\n"

DANGEROUS_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "meta", "link",
    "base", "form", "svg", "math", "template", "portal", "noscript", "isindex", "audio", "video",
    "source", "marquee", "xss", "body", "title", "textarea", "select",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href", "cite"}
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "background", "data"}
OUR_CONTROLS = {("input", "checkbox"), ("button", "button")}  # checklists and glossary terms


def _scheme(value: str) -> str | None:
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", unescape(value)).lower()
    match = re.match(r"([a-z][a-z0-9+.\-]*):", cleaned)
    return match.group(1) if match else ("//" if cleaned.startswith(("//", "\\\\", "/\\", "\\/")) else None)


class InertnessChecker(HTMLParser):
    """Everything in rendered HTML that could run, load, redirect, submit or restyle."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # text stays escaped: a bare "<" is a parse failure
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in DANGEROUS_TAGS or (
            tag in {"input", "button"} and (tag, values.get("type")) not in OUR_CONTROLS
        ):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            scheme = _scheme(value or "")
            if name.startswith("on") or name in {"style", "srcdoc", "http-equiv"}:
                self.found.append(f"<{tag} {name}>")
            elif name in LOADING_ATTRIBUTES and scheme is not None:
                self.found.append(f"<{tag} {name}={value!r}> loads from elsewhere")
            elif name in URL_ATTRIBUTES and scheme not in {None, "http", "https", "mailto", "tel", "//"}:
                self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        if re.search(r"<[a-zA-Z/!?]", data):
            self.found.append(f"unparsed markup {data[:40]!r}")

    def handle_comment(self, data: str) -> None:
        if re.search(r"[<>]|--", data):
            self.found.append(f"odd comment {data[:40]!r}")

    def handle_decl(self, decl: str) -> None:
        self.found.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.found.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.found.append(f"<![{data}]>")


def not_inert(html: str) -> list[str]:
    checker = InertnessChecker()
    checker.feed(html)
    checker.close()
    return checker.found


def test_the_corpus_is_big_enough() -> None:
    assert len(PAYLOADS) >= 80


def test_the_checker_sees_what_it_must() -> None:
    assert not_inert('<p>ok <a href="https://x.org">x</a> <img src="a.png" alt=""></p>') == []
    assert not_inert('<a href="jav&#x61;script:x">x</a>') != []
    assert not_inert("<img src=x onerror=alert(1)>") != []
    assert not_inert('<meta http-equiv="refresh" content="0">') != []
    assert not_inert("<p>&lt;script&gt;</p>") == []


@pytest.mark.parametrize("payload", PAYLOADS, ids=[f"{i:03d}" for i in range(len(PAYLOADS))])
def test_payload_is_refused_at_its_line_or_rendered_inert(payload: str) -> None:
    report = Report()
    html = convert(INTRO + payload + "\n", report).html
    if report.has_errors:
        last_line = BODY_LINE + (INTRO + payload).count("\n")
        for item in report.items:
            assert item.path == "content/page.md"
            assert item.line is not None and BODY_LINE + 2 <= item.line <= last_line, item.format()
            assert item.hint, item.format()
    else:
        assert not_inert(html) == [], html


def test_code_in_the_corpus_is_accepted_as_text() -> None:
    for payload in ("`<script>alert(1)</script>`", "    <script>alert(1)</script>"):
        report = Report()
        html = convert(INTRO + payload + "\n", report).html
        assert report.items == []
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
