"""Citation markers ([@key]) in Markdown (crpsgen/extensions/citations.py): numbering, ranges, locators, mistakes."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import convert, errors_of

from crpsgen.diagnostics import Report


def cite(n: int, occurrence: int) -> str:
    return f'<a aria-label="Reference {n}" href="#ref-{n}">{n}</a>'


def test_citations_are_numbered_in_reading_order() -> None:
    out = convert("One [@a]. Two [@b]. Again [@a]. Three [@c].")
    assert out.html == (
        '<p>One <sup class="cite" id="cite-1">[' + cite(1, 1) + "]</sup>. "
        'Two <sup class="cite" id="cite-2">[' + cite(2, 2) + "]</sup>. "
        'Again <sup class="cite" id="cite-3">[' + cite(1, 3) + "]</sup>. "
        'Three <sup class="cite" id="cite-4">[' + cite(3, 4) + "]</sup>.</p>"
    )
    assert [(c.number, c.reference.id, c.backlinks) for c in out.citations] == [
        (1, "a", ("cite-1", "cite-3")),
        (2, "b", ("cite-2",)),
        (3, "c", ("cite-4",)),
    ]


def test_reading_order_holds_across_nested_blocks() -> None:
    out = convert("- item [@a]\n    - nested [@b]\n\nAfter [@c].")
    assert [c.reference.id for c in out.citations] == ["a", "b", "c"]


def test_several_keys_compress_to_a_range() -> None:
    out = convert("First [@a; @b; @c].")
    assert out.html == (
        '<p>First <sup class="cite" id="cite-1">[<a aria-label="Reference 1" href="#ref-1">1</a>'
        '<span aria-hidden="true">\u2013</span><span class="visually-hidden"> to </span>'
        '<a aria-label="Reference 3" href="#ref-3">3</a>]</sup>.</p>'
    )


def test_locator_is_shown_after_its_number() -> None:
    out = convert("See [@a, p. 12].")
    assert out.html == (
        '<p>See <sup class="cite" id="cite-1">[<a aria-label="Reference 1" href="#ref-1">1</a>'
        ", p. 12]</sup>.</p>"
    )


def test_escaped_and_code_citations_stay_literal() -> None:
    out = convert("Write \\[@a] or `[@b]` or email me@example.org.")
    assert out.html == "<p>Write [@a] or <code>[@b]</code> or email me@example.org.</p>"
    assert out.citations == ()


def test_unknown_key_is_an_error_at_its_line_with_suggestion() -> None:
    report = Report(root=Path.cwd())
    convert("Intro.\n\nText [@aa].", report)
    assert [d.format() for d in report.items] == [
        'content/page.md:8: error: unknown citation key "aa" (did you mean "a"?) '
        "(hint: cite an id from content/_data/references.yaml)"
    ]


FORM_HINT = "[@key], [@a; @b] or [@key, p. 12]; \\[@ shows a literal [@"


@pytest.mark.parametrize(
    ("body", "written", "problem"),
    [
        ("See [@a here for more.", "[@a", "close it with ]"),
        ("See [@].", "[@]", "name a source after @"),
        ("See [@ a].", "[@ a]", "no space after @"),
        ("See [@a;].", "[@a;]", 'each source after ";" needs its own @key'),
        ("See [@a here].", "[@a here]", "a locator follows a comma, and each key is one word"),
    ],
)
def test_malformed_citation_is_an_error_at_its_line_with_the_right_form(
    body: str, written: str, problem: str
) -> None:
    assert errors_of(f"Intro.\n\n{body}\n") == [
        f'content/page.md:8: error: malformed citation "{written}" (hint: {problem}: {FORM_HINT})'
    ]


def test_escaped_citation_and_code_are_not_malformed_and_each_repeat_has_its_line() -> None:
    body = "Write \\[@a here and `[@b` freely.\n\nNow [@ a].\n\nAgain [@ a].\n"
    assert errors_of(body) == [
        f'content/page.md:8: error: malformed citation "[@ a]" (hint: no space after @: {FORM_HINT})',
        f'content/page.md:10: error: malformed citation "[@ a]" (hint: no space after @: {FORM_HINT})',
    ]
    assert "[@a here" in convert(body).html


def test_malformed_citation_in_a_table_cell_and_list_is_found() -> None:
    body = "| h |\n|---|\n| [@a;;@b] |\n\n- item [@]\n"
    assert errors_of(body) == [
        f'content/page.md:8: error: malformed citation "[@a;;@b]" (hint: each source after ";" needs '
        f"its own @key: {FORM_HINT})",
        f'content/page.md:10: error: malformed citation "[@]" (hint: name a source after @: {FORM_HINT})',
    ]
