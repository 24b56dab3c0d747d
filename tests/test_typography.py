"""Typography and glossary marking: the fast forms write exactly what the slow ones wrote.

`TypographyExtension` replaced Python-Markdown's `smarty`, and the glossary's trie pattern
replaced an alternation of every form; both are compared with what they replaced, on
chosen edge cases and on generated text.
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown import Markdown
from test_markup import DATA, render

from crpsgen.extensions.glossary import _Compiled
from crpsgen.extensions.typography import TypographyExtension
from crpsgen.model import GlossaryTerm

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
    out = render("## Don't wait\n\n\"Allodynia\" -- it's real...\n")
    assert 'id="dont-wait"' in out.html
    assert (
        '<p>&ldquo;<button class="term" popovertarget="def-allodynia" type="button">Allodynia</button>'
        in out.html
    )
    assert "&rdquo; &ndash; it&rsquo;s real&hellip;</p>" in out.html
    assert out.headings[0].title == "Don\u2019t wait"


# ---------------------------------------------------------------- glossary


def alternation(forms: list[str]) -> re.Pattern[str]:
    """The pattern the glossary used before its trie: every form, longest first."""

    def flexible(form: str) -> str:
        return r"\s+".join(re.escape(word) for word in form.split())

    ordered = sorted(forms, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(flexible(f) for f in ordered) + r")(?![\w-])", re.IGNORECASE)


FORMS = [
    "pain",
    "nerve pain",
    "nerve pain relief",
    "nerve",
    "nmda receptor",
    "x-ray",
    "ab",
    "abc",
    "ab cd",
    "é",
]


def spans(forms: list[str], text: str) -> list[tuple[int, int]]:
    return list(_Compiled({form: DATA.glossary[0] for form in forms}).finditer(text))


def test_longest_form_wins_and_words_stay_whole() -> None:
    text = "Nerve pain relief, nerve pain, NERVE, painful, x-ray, x-rays, re-pain, abcd, ab  cd."
    assert [text[a:b] for a, b in spans(FORMS, text)] == [
        "Nerve pain relief",
        "nerve pain",
        "NERVE",
        "x-ray",
        "ab  cd",
    ]


def test_a_longer_form_that_does_not_end_a_word_gives_way_to_a_shorter_one() -> None:
    text = "nerve pain reliefs and nerve painx"
    assert [text[a:b] for a, b in spans(FORMS, text)] == ["nerve pain", "nerve"]


def test_non_ascii_text_is_matched_ignoring_case() -> None:
    text = "Él dijo É y NMDA\nRECEPTOR"
    assert [text[a:b] for a, b in spans(FORMS, text)] == ["É", "NMDA\nRECEPTOR"]


@SETTINGS
@given(
    st.lists(
        st.sampled_from([*FORMS, "AB", "Nerve", "CD", " ", "  ", "\n", "-", "s", "x", ".", "É", "Ab Cd"]),
        max_size=12,
    ).map("".join)
)
def test_trie_finds_what_the_alternation_found(text: str) -> None:
    assert spans(FORMS, text) == [m.span(1) for m in alternation(FORMS).finditer(text)]


def test_overlapping_terms_mark_the_longest_once() -> None:
    data_terms = (
        GlossaryTerm("nerve", (), "A cable of cells.", "term-nerve", 1),
        GlossaryTerm("nerve block", (), "An injection near a nerve.", "term-nerve-block", 2),
    )
    from pathlib import Path

    from test_markup import META, URLS

    from crpsgen.diagnostics import Report
    from crpsgen.markup import MarkdownConverter
    from crpsgen.model import Page, SiteData, SourceFile

    data = SiteData(DATA.references, DATA.references_path, data_terms, DATA.glossary_path)
    source = SourceFile(Path("content/page.md"), "page.md", "page", "page/", "page/index.html")
    body = "A nerve block numbs the nerve. [A nerve](page.md) and `nerve`.\n\n## Nerve\n"
    out = MarkdownConverter("/", URLS, data).convert(Page(source, META, body, 6), Report())
    assert 'popovertarget="def-nerve-block" type="button">nerve block</button>' in out.html
    assert 'numbs the <button class="term" popovertarget="def-nerve" type="button">nerve</button>' in out.html
    assert out.html.count("<button") == 2  # not in the link, the code span or the heading
