"""What the extensions share while a page is converted (crpsgen/extensions/state.py), and
that nothing found on one page is left over for the next."""

from __future__ import annotations

from support import convert, converter, markdown_page

from crpsgen.diagnostics import Report
from crpsgen.extensions.state import PageState

FIRST = "## Dose\n\nAllodynia [@b; @c] and [x](nowhere.md) [@zz].\n\n!!! danger\n    Text.\n\n| t |\n|---|\n| 1 |\n"
SECOND = "## Dose\n\nAllodynia [@a] and [criteria](diagnosis.md#budapest).\n\n| t |\n|---|\n| 1 |\n"


def test_one_converter_carries_nothing_from_one_page_to_the_next() -> None:
    """The dev server and a build convert every page with one converter: the second page
    must come out as if it were the first (citation numbers, first glossary use, heading
    ids, table numbers, links and problems all start again)."""
    shared = converter()
    first_report, second_report, fresh_report = Report(), Report(), Report()
    shared.convert(markdown_page(FIRST), first_report)
    second = shared.convert(markdown_page(SECOND), second_report)
    assert len(first_report.items) == 3  # missing page, unknown key, unknown callout type
    assert second == convert(SECOND, fresh_report)
    assert second_report.items == fresh_report.items == []
    assert [c.number for c in second.citations] == [1]
    assert 'aria-label="Table 1: Dose"' in second.html and 'id="dose"' in second.html


def test_body_index_counts_occurrences_and_can_ask_for_a_line_start() -> None:
    state = PageState(body="See [@a.\n- item [@a.\n  - [@a.\n")
    assert state.body_index("[@a") == 0
    assert state.body_index("[@a", occurrence=2) == 1
    assert state.body_index("[@a", occurrence=4) is None
    assert state.body_index("[@a", prefix="- ") == 1
    assert state.body_index("[@a", occurrence=2, prefix="- ") == 2  # indentation does not count
    assert state.body_index("missing") is None
