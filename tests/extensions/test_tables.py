"""Tables in Markdown (crpsgen/extensions/tables.py): named scroll boxes with labelled cells."""

from __future__ import annotations

from support import convert


def test_tables_are_named_scroll_boxes_with_labelled_cells() -> None:
    out = convert("## Main studies\n\n| Study | Size |\n|---|---|\n| Sigtermans | 60 |\n")
    assert out.html.split("</h2>\n", 1)[1] == (
        '<div aria-label="Table 1: Main studies" class="table-scroll" role="region" tabindex="0">\n'
        "<table>\n<thead>\n<tr>\n<th>Study</th>\n<th>Size</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
        '<td data-label="Study">Sigtermans</td>\n<td data-label="Size">60</td>\n</tr>\n</tbody>\n</table>\n</div>'
    )


def test_table_name_leaves_out_the_heading_id_and_citations() -> None:
    out = convert("## The four groups [@a] {#four-groups}\n\n| A |\n|---|\n| 1 |\n")
    assert 'aria-label="Table 1: The four groups"' in out.html
    assert '<h2 id="four-groups">' in out.html


def test_tables_are_numbered_in_order_and_named_only_when_under_a_heading() -> None:
    out = convert("| a |\n|---|\n| 1 |\n\n| b |\n|---|\n| 2 |\n")
    assert out.html.count('class="table-scroll"') == 2
    assert out.html.index('aria-label="Table 1"') < out.html.index('aria-label="Table 2"')
