"""Checklists (- [ ] item) in Markdown (crpsgen/extensions/checklists.py)."""

from __future__ import annotations

from support import convert


def test_checklist_items_get_labelled_tick_boxes() -> None:
    out = convert("- [ ] Ask about side effects\n- plain item\n")
    assert out.html == (
        "<ul>\n"
        '<li class="checklist-item"><label><input type="checkbox">Ask about side effects</label></li>\n'
        "<li>plain item</li>\n"
        "</ul>"
    )


def test_ticked_and_numbered_checklist_items() -> None:
    out = convert("- [x] done\n- [ ] to do\n\n1. [ ] first step\n")
    assert out.html == (
        "<ul>\n"
        '<li class="checklist-item"><label><input checked type="checkbox">done</label></li>\n'
        '<li class="checklist-item"><label><input type="checkbox">to do</label></li>\n'
        "</ul>\n"
        "<ol>\n"
        '<li class="checklist-item"><label><input type="checkbox">first step</label></li>\n'
        "</ol>"
    )
