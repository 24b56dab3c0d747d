"""The output scanner: one pass per file, a repeated tag worked out once, found at each of its lines."""

from __future__ import annotations

from crpsgen.policy import scan_html

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
