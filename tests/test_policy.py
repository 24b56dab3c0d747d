"""The privacy and security policy (policy.py): the headers, and the scanner that holds every
output file to it (one pass per file, a repeated tag worked out once, found at each of its lines)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from support import site_config

from crpsgen.diagnostics import Report
from crpsgen.model import OutputFile
from crpsgen.policy import CONTENT_SECURITY_POLICY, HEADERS, check_policy, headers_file, scan_html

PAGE = """<!doctype html>
<html><head>
<link rel="stylesheet" href="/style.css">
<script type="application/ld+json">{"a": 1}</script>
</head><body>
<nav><a href="/a/">A</a> <a href="/b/">B</a></nav>
<!-- <a href="/commented/">not a link</a>
-->
<p class="section">Text <span onclick="x()">tap</span> <b style="color: red">b</b></p>
<nav><a href="/a/">A</a> <a href="/b/">B</a></nav>
<img src="https://other.example/x.png" srcset="/a.png 1x, /b.png 2x">
<script>alert(1)</script>
<p data-on="x" title='say "on"'>no handler</p>
</body></html>
"""


def test_every_finding_keeps_its_own_line() -> None:
    scan = scan_html(PAGE)
    assert scan.links == [(6, "/a/"), (6, "/b/"), (10, "/a/"), (10, "/b/")]  # the menu twice, two lines
    assert scan.loads == [
        (3, "link", "/style.css"),
        (11, "img", "https://other.example/x.png"),
        (11, "img", "/a.png"),
        (11, "img", "/b.png"),
    ]
    assert scan.handler_lines == [(9, "onclick")]
    assert scan.inline_script_lines == [12]
    assert scan.data_blocks == [(4, '{"a": 1}')]


def test_the_same_tag_on_another_page_is_found_at_that_page_s_line() -> None:
    first = scan_html('<a href="/x/">x</a>')
    second = scan_html('\n\n\n<a href="/x/">x</a>')
    assert first.links == [(1, "/x/")]
    assert second.links == [(4, "/x/")]


def test_style_urls_and_handlers_on_any_tag() -> None:
    scan = scan_html('<div\nSTYLE="background: url(\'//cdn.example/i.png\')" OnLoad="y()">')
    assert scan.loads == [(1, "div", "//cdn.example/i.png")]
    assert scan.handler_lines == [(1, "onload")]


# ---------------------------------------------------------------- the policy on a site's files

CONFIG = replace(site_config(Path("/site")), base_url="https://example.org/crps/")


def html(body: str) -> bytes:
    return ("<!doctype html><html><head></head><body>\n" + body + "\n</body></html>").encode()


def test_each_kind_of_breach_is_one_line_at_the_output_line_blaming_the_source() -> None:
    body = "\n".join(
        [
            '<a href="/crps/symptoms/">fine</a> <a href="/crps/">home</a> <a href="#top">top</a>',
            '<a href="/symptoms/">forgot the base path</a>',
            '<script src="https://cdn.example/x.js"></script>',
            '<p onclick="x()">tap</p>',
            '<a href="javascript:x()">run</a>',
            '<script type="application/ld+json">{bad</script>',
            "<script>inline()</script>",
            '<img src="/crps/missing.png" alt="">',
        ]
    )
    outputs = [
        OutputFile("index.html", html(body), Path("/site/content/index.md")),
        OutputFile("symptoms/index.html", html("<p>fine</p>"), Path("/site/content/symptoms.md")),
        OutputFile("assets/site.css", b"body { background: url(https://t.example/a.png) }"),
    ]
    report = Report(root=Path("/site"))
    check_policy(outputs, CONFIG, report, {o.path for o in outputs})
    assert [d.format() for d in report.sorted()] == [
        "assets/site.css: error: stylesheet loads https://t.example/a.png from another site",
        "content/index.md: error: index.html:3: link to /symptoms/ goes nowhere",
        "content/index.md: error: index.html:4: <script> loads https://cdn.example/x.js from another site "
        "(hint: patients' reading is private: serve every file from this site)",
        "content/index.md: error: index.html:5: inline event handler onclick=",
        'content/index.md: error: index.html:6: link to a "javascript:" address '
        "(hint: a link goes to another page file, #a-heading, or an http(s), mailto: or tel: address)",
        "content/index.md: error: index.html:7: JSON-LD block is not valid JSON",
        "content/index.md: error: index.html:8: inline <script> (hint: put scripts in static/)",
        "content/index.md: error: index.html:9: <img> loads missing file /crps/missing.png",
    ]


def test_a_link_to_a_file_outside_this_batch_resolves_through_existing() -> None:
    page = OutputFile("index.html", html('<a href="/crps/faq/">FAQ</a>'), Path("/site/content/index.md"))
    report = Report(root=Path("/site"))
    check_policy([page], CONFIG, report, {"index.html", "faq/index.html"})
    assert report.items == []


def test_the_headers_file_says_the_same_policy_as_each_page() -> None:
    output = headers_file(CONFIG)
    assert output.path == "_headers"
    lines = output.content.decode().splitlines()
    assert lines[0] == "/*"
    assert lines[1 : 1 + len(HEADERS)] == [f"  {name}: {value}" for name, value in HEADERS.items()]
    # Hashed assets never change, so they are cached for a year, under the base path.
    assert lines[1 + len(HEADERS) :] == [
        "",
        "/crps/assets/*",
        "  Cache-Control: public, max-age=31536000, immutable",
    ]
    assert HEADERS["Content-Security-Policy"].startswith(CONTENT_SECURITY_POLICY)
