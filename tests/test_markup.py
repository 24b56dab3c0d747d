"""Markdown in, exact HTML out, for every extension the site supports."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import page_meta, reference

from crpsgen.diagnostics import Report
from crpsgen.markup import MarkdownConverter, plain_text
from crpsgen.model import (
    GlossaryTerm,
    Page,
    Reference,
    RenderedPage,
    SiteData,
    SourceFile,
)


def ref(key: str) -> Reference:
    return reference(id=key, line=7)


DATA = SiteData(
    references={key: ref(key) for key in ("a", "b", "c", "d")},
    references_path=Path("content/_data/references.yaml"),
    glossary=(
        GlossaryTerm("allodynia", ("allodynic",), "Pain from a light touch.", "term-allodynia", 1),
        GlossaryTerm("NMDA receptor", (), "A switch on nerve cells.", "term-nmda-receptor", 4),
    ),
    glossary_path=Path("content/_data/glossary.yaml"),
)
URLS = {"page.md": "page/", "diagnosis.md": "diagnosis/", "glossary.md": "glossary/"}
META = page_meta()


def render(body: str, report: Report | None = None, base: str = "/") -> RenderedPage:
    source = SourceFile(Path("content/page.md"), "page.md", "page", "page/", "page/index.html")
    converter = MarkdownConverter(base, URLS, DATA)
    return converter.convert(Page(source, META, body, 6), report or Report())


def cite(n: int, occurrence: int) -> str:
    return f'<a aria-label="Reference {n}" href="#ref-{n}">{n}</a>'


def test_citations_are_numbered_in_reading_order() -> None:
    out = render("One [@a]. Two [@b]. Again [@a]. Three [@c].")
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
    out = render("- item [@a]\n    - nested [@b]\n\nAfter [@c].")
    assert [c.reference.id for c in out.citations] == ["a", "b", "c"]


def test_several_keys_compress_to_a_range() -> None:
    out = render("First [@a; @b; @c].")
    assert out.html == (
        '<p>First <sup class="cite" id="cite-1">[<a aria-label="Reference 1" href="#ref-1">1</a>'
        '<span aria-hidden="true">\u2013</span><span class="visually-hidden"> to </span>'
        '<a aria-label="Reference 3" href="#ref-3">3</a>]</sup>.</p>'
    )


def test_locator_is_shown_after_its_number() -> None:
    out = render("See [@a, p. 12].")
    assert out.html == (
        '<p>See <sup class="cite" id="cite-1">[<a aria-label="Reference 1" href="#ref-1">1</a>'
        ", p. 12]</sup>.</p>"
    )


def test_escaped_and_code_citations_stay_literal() -> None:
    out = render("Write \\[@a] or `[@b]` or email me@example.org.")
    assert out.html == "<p>Write [@a] or <code>[@b]</code> or email me@example.org.</p>"
    assert out.citations == ()


def test_unknown_key_is_an_error_at_its_line_with_suggestion() -> None:
    report = Report(root=Path.cwd())
    render("Intro.\n\nText [@aa].", report)
    assert [d.format() for d in report.items] == [
        'content/page.md:8: error: unknown citation key "aa" (did you mean "a"?) '
        "(hint: cite an id from content/_data/references.yaml)"
    ]


@pytest.mark.parametrize(
    ("level", "label"),
    [
        ("info", "Information"),
        ("non-urgent", "Non-urgent advice"),
        ("urgent", "Urgent advice"),
        ("emergency", "Emergency"),
    ],
)
def test_callouts_have_a_spoken_level(level: str, label: str) -> None:
    out = render(f'!!! {level} "Call us if"\n    Your pain spreads.\n')
    assert out.html == (
        f'<div class="callout callout--{level}">\n'
        f'<p class="callout__title"><span class="visually-hidden">{label}: </span>Call us if</p>\n'
        "<p>Your pain spreads.</p>\n"
        "</div>"
    )


def test_callout_without_title_uses_the_level_name() -> None:
    out = render("!!! urgent\n    Text.\n")
    assert '<p class="callout__title">Urgent advice</p>' in out.html


def test_unknown_callout_type_is_an_error() -> None:
    report = Report(root=Path.cwd())
    render("Intro.\n\n!!! danger\n    Text.\n", report)
    assert report.items[0].format() == (
        'content/page.md:8: error: unknown callout type "danger" '
        "(hint: use one of: info, non-urgent, urgent, emergency)"
    )


def test_links_between_source_files_become_pretty_urls_under_the_base_path() -> None:
    out = render("See [criteria](diagnosis.md#budapest) and [home](page.md).", base="/crps/")
    assert out.html == (
        '<p>See <a href="/crps/diagnosis/#budapest">criteria</a> and <a href="/crps/page/">home</a>.</p>'
    )
    assert [(link.target, link.fragment, link.line) for link in out.links] == [
        ("diagnosis.md", "budapest", 6),
        ("page.md", "", 6),
    ]


def test_link_to_missing_page_is_an_error() -> None:
    report = Report(root=Path.cwd())
    render("See [x](nowhere.md).", report)
    assert report.items[0].format() == (
        'content/page.md:6: error: link to missing page "nowhere.md" (hint: check the file name in content/)'
    )


def test_headings_get_ids_and_named_permalinks() -> None:
    out = render("## What is CRPS?\n\n## Custom {#my-id}\n")
    assert out.html == (
        '<h2 id="what-is-crps">What is CRPS?<a aria-label="Link to the section What is CRPS?" '
        'class="headerlink" href="#what-is-crps">#</a></h2>\n'
        '<h2 id="my-id">Custom<a aria-label="Link to the section Custom" class="headerlink" '
        'href="#my-id">#</a></h2>'
    )
    assert [(h.level, h.id, h.title) for h in out.headings] == [
        (2, "what-is-crps", "What is CRPS?"),
        (2, "my-id", "Custom"),
    ]


def test_checklist_items_get_labelled_tick_boxes() -> None:
    out = render("- [ ] Ask about side effects\n- plain item\n")
    assert out.html == (
        "<ul>\n"
        '<li class="checklist-item"><label><input type="checkbox">Ask about side effects</label></li>\n'
        "<li>plain item</li>\n"
        "</ul>"
    )


def test_first_use_of_a_glossary_term_opens_its_definition() -> None:
    out = render("Allodynia is common. Allodynia again.\n\n## Allodynia\n")
    assert out.html.startswith(
        '<p><button class="term" popovertarget="def-allodynia" type="button">Allodynia</button>'
        '<span class="term-def" id="def-allodynia" popover="auto"><strong>Allodynia</strong>: '
        'Pain from a light touch. <a href="/glossary/#term-allodynia">Glossary</a></span>'
        " is common. Allodynia again.</p>"
    )


def test_glossary_skips_links_and_headings_and_marks_variants() -> None:
    out = render("## NMDA receptor\n\n[allodynia](page.md) then allodynic skin and NMDA receptor.")
    assert 'popovertarget="def-allodynia" type="button">allodynic</button>' in out.html
    assert out.html.count("<button") == 2
    assert "<h2" in out.html and "<button" not in out.html.split("</h2>")[0]


def test_tables_smart_quotes_and_definition_lists() -> None:
    out = render('| A | B |\n|---|---|\n| 1 | 2 |\n\n"Quoted"\n\nTerm\n: Meaning\n')
    assert "<table>" in out.html and '<td data-label="A">1</td>' in out.html
    assert "&ldquo;Quoted&rdquo;" in out.html
    assert "<dl>\n<dt>Term</dt>\n<dd>Meaning</dd>\n</dl>" in out.html


def test_body_h1_is_refused() -> None:
    report = Report(root=Path.cwd())
    render("# Title again\n", report)
    assert report.items[0].message == 'top-level heading "# Title again" in the page body'


def test_plain_text_drops_citations_and_definitions() -> None:
    out = render("Allodynia hurts [@a].")
    assert plain_text(out.html) == "Allodynia hurts."


def test_glossary_matches_across_line_breaks_and_not_inside_definitions() -> None:
    out = render("The NMDA\nreceptor and allodynia.")
    assert out.html.count("<button") == 2
    assert 'popovertarget="def-nmda-receptor" type="button">NMDA\nreceptor</button>' in out.html


def test_glossary_does_not_mark_terms_inside_a_definition() -> None:
    data = SiteData(
        DATA.references,
        DATA.references_path,
        (
            GlossaryTerm("edema", (), "Swelling, as in allodynia.", "term-edema", 1),
            *DATA.glossary,
        ),
        DATA.glossary_path,
    )
    source = SourceFile(Path("content/page.md"), "page.md", "page", "page/", "page/index.html")
    out = MarkdownConverter("/", URLS, data).convert(
        Page(source, META, "Edema first, then allodynia.", 6), Report()
    )
    assert out.html.count("<button") == 2
    assert 'type="button">allodynia</button>' in out.html


def test_tables_are_named_scroll_boxes_with_labelled_cells() -> None:
    out = render("## Main studies\n\n| Study | Size |\n|---|---|\n| Sigtermans | 60 |\n")
    assert out.html.split("</h2>\n", 1)[1] == (
        '<div aria-label="Table 1: Main studies" class="table-scroll" role="region" tabindex="0">\n'
        "<table>\n<thead>\n<tr>\n<th>Study</th>\n<th>Size</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        '<td data-label="Study">Sigtermans</td>\n<td data-label="Size">60</td>\n</tr>\n</tbody>\n</table>\n</div>'
    )


def test_root_relative_link_is_refused_because_it_breaks_under_a_subpath() -> None:
    report = Report(root=Path.cwd())
    render("See [symptoms](/symptoms/).", report)
    assert report.items[0].format() == (
        'content/page.md:6: error: link "/symptoms/" points at an address, not a page file '
        "(hint: link to the Markdown file instead, e.g. (symptoms.md))"
    )


# ---------------------------------------------------------------- issue 9, section 4

FORM_HINT = "[@key], [@a; @b] or [@key, p. 12]; \\[@ shows a literal [@"


def errors_of(body: str) -> list[str]:
    report = Report(root=Path.cwd())
    render(body, report)
    return [d.format() for d in report.sorted()]


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
    assert "[@a here" in render(body).html


def test_malformed_citation_in_a_table_cell_and_list_is_found() -> None:
    body = "| h |\n|---|\n| [@a;;@b] |\n\n- item [@]\n"
    assert errors_of(body) == [
        f'content/page.md:8: error: malformed citation "[@a;;@b]" (hint: each source after ";" needs '
        f"its own @key: {FORM_HINT})",
        f'content/page.md:10: error: malformed citation "[@]" (hint: name a source after @: {FORM_HINT})',
    ]


def test_callout_without_indented_body_is_an_error_at_the_callout_line() -> None:
    body = '!!! info\n    Fine.\n\n!!! urgent "Ask for help if"\n- your pain spreads\n'
    assert errors_of(body) == [
        'content/page.md:9: error: callout "urgent" has no indented body '
        "(hint: indent its lines by four spaces)"
    ]


def test_callout_body_after_a_blank_line_is_still_its_body() -> None:
    body = '!!! urgent "Ask for help if"\n\n    - your pain spreads\n'
    assert errors_of(body) == []
    assert "<li>your pain spreads</li>\n</ul>\n</div>" in render(body).html


def test_second_heading_with_the_same_id_is_an_error_at_its_line() -> None:
    body = "## Dose {#dose}\n\nText.\n\n## Another dose {#dose}\n\n## Dose\n"
    assert errors_of(body) == [
        'content/page.md:10: error: heading id "dose" is already used on this page '
        "(hint: give this heading its own id with {#another-id})"
    ]


def test_citation_in_a_heading_stays_out_of_its_id_and_contents_entry() -> None:
    out = render("## Ketamine can help [@a] some people\n")
    assert out.html.startswith(
        '<h2 id="ketamine-can-help-some-people">Ketamine can help <sup class="cite" id="cite-1">'
    )
    assert 'aria-label="Link to the section Ketamine can help some people"' in out.html
    assert [(h.id, h.title) for h in out.headings] == [
        ("ketamine-can-help-some-people", "Ketamine can help some people")
    ]
    assert [c.reference.id for c in out.citations] == ["a"]


def test_table_name_leaves_out_the_heading_id_and_citations() -> None:
    out = render("## The four groups [@a] {#four-groups}\n\n| A |\n|---|\n| 1 |\n")
    assert 'aria-label="Table 1: The four groups"' in out.html
    assert '<h2 id="four-groups">' in out.html
