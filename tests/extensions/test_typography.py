"""Typography (crpsgen/extensions/typography.py): writes exactly what smarty wrote.

`TypographyExtension` replaced Python-Markdown's `smarty`; it is compared with what it
replaced, on chosen edge cases and on generated text. (The glossary's trie, compared the
same way with the alternation it replaced, is tested in test_glossary.py.)
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import Markdown
from support import convert

from crpsgen.extensions.typography import TypographyExtension

EXAMPLES = int(os.environ.get("CRPSGEN_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def converters() -> tuple[Markdown, Markdown]:
    """smarty as the site configured it, and ours, each with the table of contents after it."""
    toc = {"toc": {"permalink": "#", "toc_depth": "2-3"}}
    smarty = Markdown(
        extensions=["smarty", "toc", "attr_list"],
        extension_configs={**toc, "smarty": {"smart_angled_quotes": False}},
        output_format="html",
    )
    ours = Markdown(
        extensions=[TypographyExtension(), "toc", "attr_list"], extension_configs=toc, output_format="html"
    )
    return smarty, ours


SMARTY, OURS = converters()


def both(text: str) -> tuple[str, str]:
    SMARTY.reset()
    OURS.reset()
    return SMARTY.convert(text), OURS.convert(text)


def ours(text: str) -> str:
    OURS.reset()
    return OURS.convert(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Quoted" words', "<p>&ldquo;Quoted&rdquo; words</p>"),
        (
            "It's the patient's choice, don't rush.",
            "<p>It&rsquo;s the patient&rsquo;s choice, don&rsquo;t rush.</p>",
        ),
        ('She said "stop."', "<p>She said &ldquo;stop.&rdquo;</p>"),
        ('("in brackets")', "<p>(&ldquo;in brackets&rdquo;)</p>"),
        ("'single', then \"double\"!", "<p>&lsquo;single&rsquo;, then &ldquo;double&rdquo;!</p>"),
        ("\"'Nested' quotes\"", "<p>&ldquo;&lsquo;Nested&rsquo; quotes&rdquo;</p>"),
        ("In the '80s", "<p>In the &rsquo;80s</p>"),
        ("2--3 weeks -- or --- more", "<p>2&ndash;3 weeks &ndash; or &mdash; more</p>"),
        ("a ---- b", "<p>a ---- b</p>"),  # a longer run is left as typed
        ("Wait... and.... go", "<p>Wait&hellip; and.... go</p>"),
        ("`don't \"touch\" -- ...` it's", '<p><code>don\'t "touch" -- ...</code> it&rsquo;s</p>'),
        ("\\\"straight\\\" and \\'too\\'", "<p>\"straight\" and 'too'</p>"),
        # smarty's own quirk, kept for byte-identical pages: its apostrophe rule takes the s.
        ('"it\'s".', "<p>&ldquo;it&rsquo;s&ldquo;.</p>"),
    ],
)
def test_typography_writes_what_smarty_wrote(text: str, expected: str) -> None:
    smarty, result = both(text)
    assert result == expected
    assert result == smarty


def test_code_blocks_and_spans_keep_straight_quotes() -> None:
    html = ours("    print(\"it's\") -- ...\n\nSay `'x'`.\n")
    assert '<pre><code>print("it\'s") -- ...\n</code></pre>' in html
    assert "<code>'x'</code>" in html


def test_headings_get_the_same_ids_and_contents_entries() -> None:
    text = '## The patient\'s "own" words -- and more...\n\nText.\n'
    smarty, result = both(text)
    assert result == smarty
    assert OURS.toc_tokens == SMARTY.toc_tokens  # type: ignore[attr-defined]
    assert 'id="the-patients-own-words-and-more"' in result


PIECES = [
    "'", '"', "-", "--", "---", "----", ".", "...", " ", "\n", "a", "s", "it's", "1", "80s", "(", ")",
    "[", "]", "{", "}", ",", "!", "?", "_", "*", "`", "\\'", '\\"', "&mdash;", "&nbsp;", "\u2013",
    "\u2014", "<b>", "</b>", "word", "## ", "\n- ", "\n\n", "[link](page.md)", "é",
]  # fmt: skip


@SETTINGS
@given(st.lists(st.sampled_from(PIECES), max_size=24).map("".join))
def test_typography_equals_smarty_on_any_text(text: str) -> None:
    smarty, result = both(text)
    assert result == smarty
    assert OURS.toc_tokens == SMARTY.toc_tokens  # type: ignore[attr-defined]


def test_typography_in_the_site_renderer() -> None:
    out = convert("## Don't wait\n\n\"Allodynia\" -- it's real...\n")
    assert 'id="dont-wait"' in out.html
    assert (
        '<p>&ldquo;<button class="term" popovertarget="def-allodynia" type="button">Allodynia</button>'
        in out.html
    )
    assert "&rdquo; &ndash; it&rsquo;s real&hellip;</p>" in out.html
    assert out.headings[0].title == "Don\u2019t wait"
