"""The raw-HTML policy: allowed HTML passes; everything else is refused at its Markdown line."""

from __future__ import annotations

import re

import pytest
from support import SiteMaker, convert, page, run_build, snapshot

from crpsgen.diagnostics import Report
from crpsgen.rawhtml import check_fragment, image_problem, link_problem

SCRIPT_HINT = "pages run no scripts of their own; a developer adds scripts to static/"
HANDLER_HINT = "pages run no scripts; remove the event handler"
STYLE_HINT = "the site's security policy blocks inline styles; use a class from the stylesheet"
LINK_HINT = "a link goes to another page file, #a-heading, or an http(s), mailto: or tel: address"
IMAGE_HINT = "images load from this site only: a relative path to a file in static/"


def errors(body: str) -> list[str]:
    report = Report()
    convert(body, report)
    return [d.format() for d in report.sorted()]


def test_allowed_html_passes_unchanged() -> None:
    body = (
        '<abbr title="complex regional pain syndrome">CRPS</abbr> <kbd>Ctrl</kbd> <mark>now</mark>\n\n'
        '<details open><summary>More</summary><p class="note" lang="en">Text</p></details>\n\n'
        '<table><tr><th scope="col">A</th></tr><tr><td colspan="2">B</td></tr></table>\n\n'
        '<a href="https://example.org/a">x</a> <a href="#top">top</a> <a href="mailto:a@b.org">m</a> '
        '<a href="tel:555">t</a> <img src="images/hand.png" alt="A hand" width="20" height="20">\n\n'
        '<ol start="3" reversed type="a"><li><time datetime="2026-01-01">1 Jan</time></li></ol>\n\n'
        "<!-- Editors: keep this true -->\n"
    )
    report = Report()
    html = convert(body, report).html
    assert report.items == []
    assert '<details open><summary>More</summary><p class="note" lang="en">Text</p></details>' in html
    assert "<!-- Editors: keep this true -->" in html


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<script>alert(1)</script>\n", f"raw HTML <script> is not allowed (hint: {SCRIPT_HINT})"),
        (
            'Tap <span onclick="x()">here</span>.\n',
            f"raw HTML attribute onclick on <span> is not allowed (hint: {HANDLER_HINT})",
        ),
        (
            '<p style="color: red">Red</p>\n',
            f"raw HTML attribute style on <p> is not allowed (hint: {STYLE_HINT})",
        ),
        ("<style>p { color: red }</style>\n", f"raw HTML <style> is not allowed (hint: {STYLE_HINT})"),
        (
            '<meta http-equiv="refresh" content="0; url=https://evil.example/">\n',
            "raw HTML <meta> is not allowed (hint: a page's settings go in its front matter; "
            "old addresses go in aliases)",
        ),
        (
            '<base href="https://evil.example/">\n',
            "raw HTML <base> is not allowed (hint: links are worked out by the build; write them in Markdown)",
        ),
        (
            '<form action="https://evil.example/steal"><p>x</p></form>\n',
            "raw HTML <form> is not allowed (hint: forms are not allowed; link to the form's own page instead)",
        ),
        (
            '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>\n',
            "raw HTML <iframe> is not allowed (hint: patients' reading is private: nothing is embedded "
            "from anywhere; link to it instead)",
        ),
        (
            '<a href="javascript:alert(1)">x</a>\n',
            f'raw HTML <a href="javascript:..."> is not allowed (hint: {LINK_HINT})',
        ),
        (
            '<img src="https://tracker.example/p.gif" alt="">\n',
            f'raw HTML <img src="https:..."> is not allowed (hint: {IMAGE_HINT})',
        ),
        (
            '<img src="hand.png">\n',
            'raw HTML <img> has no alt text (hint: describe the image with alt="..." '
            '(alt="" only for decoration))',
        ),
        (
            "<!-- a -- b -->\n",
            'raw HTML comment is not allowed in this form (hint: write comments as <!-- text --> with no "--", '
            '"<" or ">" inside)',
        ),
    ],
)
def test_refused_html_is_one_error_at_its_markdown_line(body: str, expected: str) -> None:
    assert errors("Intro.\n\n" + body) == [f"content/page.md:8: error: {expected}"]


@pytest.mark.parametrize(
    "href",
    [
        "JaVaScRiPt:alert(1)",
        "jav&#x61;script:alert(1)",
        "jav&#97;script:alert(1)",
        "javascript&colon;alert(1)",
        "jav\tascript:alert(1)",
        "jav&#x09;ascript:alert(1)",
        "  javascript:alert(1)",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
        "java&NewLine;script:alert(1)",
    ],
)
def test_obfuscated_javascript_links_are_refused(href: str) -> None:
    quoted = f'<a href="{href}">x</a>'
    unquoted = f"<a href={href.strip()}>x</a>"  # a space or tab would end the value
    for html in (quoted, unquoted) if href.strip().isprintable() else (quoted,):
        assert errors(f"Intro.\n\n{html}\n") == [
            f'content/page.md:8: error: raw HTML <a href="javascript:..."> is not allowed (hint: {LINK_HINT})'
        ]


def test_split_script_tag_and_scheme_on_two_lines_are_refused() -> None:
    assert errors("Intro.\n\n<scr<script>ipt>alert(1)</script>\n") == [
        f"content/page.md:8: error: raw HTML <script> is not allowed (hint: {SCRIPT_HINT})"
    ]
    assert errors('Intro.\n\n<a href="java\nscript:alert(1)">x</a>\n') == [
        f'content/page.md:8: error: raw HTML <a href="javascript:..."> is not allowed (hint: {LINK_HINT})'
    ]


def test_error_is_at_the_line_inside_a_block_and_for_each_repeat() -> None:
    body = 'Intro.\n\n<div>\n<p>fine</p>\n<p onclick="x()">no</p>\n</div>\n\nA <b onclick="y">b</b>\n\nC <b onclick="y">b</b>\n'
    assert errors(body) == [
        f"content/page.md:10: error: raw HTML attribute onclick on <p> is not allowed (hint: {HANDLER_HINT})",
        f"content/page.md:13: error: raw HTML attribute onclick on <b> is not allowed (hint: {HANDLER_HINT})",
        f"content/page.md:15: error: raw HTML attribute onclick on <b> is not allowed (hint: {HANDLER_HINT})",
    ]


def test_html_inside_code_is_text() -> None:
    body = 'Write `<script>` or `` <a href="javascript:x"> `` in code.\n\nThen <b onclick="x">b</b>.\n'
    assert errors(body) == [
        f"content/page.md:8: error: raw HTML attribute onclick on <b> is not allowed (hint: {HANDLER_HINT})"
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "[tap](javascript:alert(1))\n",
            f'link to a "javascript:" address is not allowed (hint: {LINK_HINT})',
        ),
        (
            "[tap](jav&#x61;script:alert(1))\n",
            f'link to a "javascript:" address is not allowed (hint: {LINK_HINT})',
        ),
        (
            "[tap](  VBScript:msgbox(1) )\n",
            f'link to a "vbscript:" address is not allowed (hint: {LINK_HINT})',
        ),
        (
            "[tap](data:text/html;base64,PHNjcmlwdD4=)\n",
            f'link to a "data:" address is not allowed (hint: {LINK_HINT})',
        ),
        ("![x](javascript:alert(1))\n", f'image "javascript:..." is not allowed (hint: {IMAGE_HINT})'),
        ("![x](https://tracker.example/p.gif)\n", f'image "https:..." is not allowed (hint: {IMAGE_HINT})'),
        (
            "![x](//tracker.example/p.gif)\n",
            f'image "//tracker.example/p.gif" is not allowed (hint: {IMAGE_HINT})',
        ),
        (
            'Text.\n{: onclick="alert(1)" }\n',
            f"attribute onclick on <p> is not allowed (hint: {HANDLER_HINT})",
        ),
        ('Text.\n{: style="color: red" }\n', f"attribute style on <p> is not allowed (hint: {STYLE_HINT})"),
    ],
)
def test_markdown_links_images_and_attributes_follow_the_policy(body: str, expected: str) -> None:
    line = 8 + body.count("\n") - 1
    assert errors("Intro.\n\n" + body) == [f"content/page.md:{line}: error: {expected}"]


def test_reference_link_is_refused_at_its_definition() -> None:
    assert errors("See [this][r].\n\n[r]: javascript:alert(1)\n") == [
        f'content/page.md:8: error: link to a "javascript:" address is not allowed (hint: {LINK_HINT})'
    ]


def test_url_rules() -> None:
    assert link_problem("symptoms.md#a:b") is None
    assert link_problem("https://x.org") is None
    assert link_problem("\x01java\x00script:x") == "javascript"
    assert image_problem("images/a.png") is None
    assert image_problem("\\\\evil.example/a.png") == "//evil.example/a.png"
    assert check_fragment("&rsquo;") == []


def test_raw_html_error_via_build_is_one_line_at_the_markdown_line(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    before = snapshot(root / "output")
    (root / "content/symptoms.md").write_text(
        page(
            "Symptoms",
            'Text [@beta2021; @gamma2022].\n\n<meta http-equiv="refresh" content="0;url=https://x">\n',
        )
    )
    result = run_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        "content/symptoms.md:8: error: raw HTML <meta> is not allowed (hint: a page's settings go in its "
        "front matter; old addresses go in aliases)"
    ]
    assert snapshot(root / "output") == before


def test_javascript_link_via_build_is_at_the_markdown_line(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    before = snapshot(root / "output")
    (root / "content/symptoms.md").write_text(
        page("Symptoms", "Text [@beta2021; @gamma2022].\n\n[Tap](javascript:alert(1))\n")
    )
    result = run_build(root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        f'content/symptoms.md:8: error: link to a "javascript:" address is not allowed (hint: {LINK_HINT})'
    ]
    assert snapshot(root / "output") == before


def test_template_javascript_link_is_caught_by_the_output_backstop(make_site: SiteMaker) -> None:
    root = make_site()
    base = root / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", '<a href="jav&#x61;script:alert(1)">x</a>\n</body>'))
    result = run_build(root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors, result.stderr
    for line in errors:
        assert re.fullmatch(
            rf'(content/[a-z]+\.md|404\.html): error: [a-z/0-9]*\.html:\d+: link to a "javascript:" address '
            rf"\(hint: {re.escape(LINK_HINT)}\)",
            line,
        ), line
    assert not (root / "output").exists()


def test_citation_inside_an_html_block_is_reported_not_shown_raw() -> None:
    assert errors("Intro.\n\n<div>\nKetamine [@a] helps.\n</div>\n") == [
        "content/page.md:9: error: citation inside an HTML block is not read (hint: Markdown inside a block "
        "of raw HTML is shown as it is: cite outside the block)"
    ]
    assert errors("Intro.\n\n<div>\nKetamine \\[@a] helps.\n</div>\n") != []  # shown with its backslash
    assert errors("Inline <b>bold [@a]</b> is Markdown.\n") == []
    assert errors("Intro.\n\n<pre><code>[@a] stays literal</code></pre>\n") == []
