"""Headings in Markdown (crpsgen/extensions/headings.py): ids, permalinks, contents entries."""

from __future__ import annotations

from pathlib import Path

from support import convert, errors_of

from crpsgen.diagnostics import Report


def test_headings_get_ids_and_named_permalinks() -> None:
    out = convert("## What is CRPS?\n\n## Custom {#my-id}\n")
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


def test_body_h1_is_refused() -> None:
    report = Report(root=Path.cwd())
    convert("# Title again\n", report)
    assert report.items[0].message == 'top-level heading "# Title again" in the page body'


def test_second_heading_with_the_same_id_is_an_error_at_its_line() -> None:
    body = "## Dose {#dose}\n\nText.\n\n## Another dose {#dose}\n\n## Dose\n"
    assert errors_of(body) == [
        'content/page.md:10: error: heading id "dose" is already used on this page '
        "(hint: give this heading its own id with {#another-id})"
    ]


def test_citation_in_a_heading_stays_out_of_its_id_and_contents_entry() -> None:
    out = convert("## Ketamine can help [@a] some people\n")
    assert out.html.startswith(
        '<h2 id="ketamine-can-help-some-people">Ketamine can help <sup class="cite" id="cite-1">'
    )
    assert 'aria-label="Link to the section Ketamine can help some people"' in out.html
    assert [(h.id, h.title) for h in out.headings] == [
        ("ketamine-can-help-some-people", "Ketamine can help some people")
    ]
    assert [c.reference.id for c in out.citations] == ["a"]


def test_ids_are_unique_on_a_page_and_the_contents_list_h2_and_h3() -> None:
    out = convert("## Same\n\n### Café au lait\n\n#### Detail\n\n## Same\n")
    ids = [h.id for h in out.headings]
    assert len(set(ids)) == len(ids)
    assert [(h.level, h.title) for h in out.headings] == [(2, "Same"), (3, "Café au lait"), (2, "Same")]
    assert ids[1] == "cafe-au-lait"
    assert '<h4 id="detail">' in out.html
