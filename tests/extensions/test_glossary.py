"""Glossary terms in Markdown (crpsgen/extensions/glossary.py): the first use opens its definition.

The trie that finds the terms replaced an alternation of every form; it is compared with
what it replaced, on chosen edge cases and on generated text.
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import MARKDOWN_DATA, convert

from crpsgen.extensions.glossary import _Compiled
from crpsgen.model import GlossaryTerm, SiteData

EXAMPLES = int(os.environ.get("CRPSGEN_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_first_use_of_a_glossary_term_opens_its_definition() -> None:
    out = convert("Allodynia is common. Allodynia again.\n\n## Allodynia\n")
    assert out.html.startswith(
        '<p><button class="term" popovertarget="def-allodynia" type="button">Allodynia</button>'
        '<span class="term-def" id="def-allodynia" popover="auto"><strong>Allodynia</strong>: '
        'Pain from a light touch. <a href="/glossary/#term-allodynia">Glossary</a></span>'
        " is common. Allodynia again.</p>"
    )


def test_glossary_skips_links_and_headings_and_marks_variants() -> None:
    out = convert("## NMDA receptor\n\n[allodynia](page.md) then allodynic skin and NMDA receptor.")
    assert 'popovertarget="def-allodynia" type="button">allodynic</button>' in out.html
    assert out.html.count("<button") == 2
    assert "<h2" in out.html and "<button" not in out.html.split("</h2>")[0]


def test_glossary_matches_across_line_breaks_and_not_inside_definitions() -> None:
    out = convert("The NMDA\nreceptor and allodynia.")
    assert out.html.count("<button") == 2
    assert 'popovertarget="def-nmda-receptor" type="button">NMDA\nreceptor</button>' in out.html


def test_glossary_does_not_mark_terms_inside_a_definition() -> None:
    data = SiteData(
        MARKDOWN_DATA.references,
        MARKDOWN_DATA.references_path,
        (
            GlossaryTerm("edema", (), "Swelling, as in allodynia.", "term-edema", 1),
            *MARKDOWN_DATA.glossary,
        ),
        MARKDOWN_DATA.glossary_path,
    )
    out = convert("Edema first, then allodynia.", data=data)
    assert out.html.count("<button") == 2
    assert 'type="button">allodynia</button>' in out.html


# ---------------------------------------------------------------- the trie


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
    return list(_Compiled({form: MARKDOWN_DATA.glossary[0] for form in forms}).finditer(text))


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
    data = SiteData(
        MARKDOWN_DATA.references, MARKDOWN_DATA.references_path, data_terms, MARKDOWN_DATA.glossary_path
    )
    body = "A nerve block numbs the nerve. [A nerve](page.md) and `nerve`.\n\n## Nerve\n"
    out = convert(body, data=data)
    assert 'popovertarget="def-nerve-block" type="button">nerve block</button>' in out.html
    assert 'numbs the <button class="term" popovertarget="def-nerve" type="button">nerve</button>' in out.html
    assert out.html.count("<button") == 2  # not in the link, the code span or the heading
