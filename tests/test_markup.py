"""Markdown in, exact HTML out: what the converter (markup.py) does beyond any one extension.

Each extension's own tests are in tests/extensions/, one file per module.
"""

from __future__ import annotations

from support import convert

from crpsgen.markup import plain_text


def test_tables_smart_quotes_and_definition_lists() -> None:
    out = convert('| A | B |\n|---|---|\n| 1 | 2 |\n\n"Quoted"\n\nTerm\n: Meaning\n')
    assert "<table>" in out.html and '<td data-label="A">1</td>' in out.html
    assert "&ldquo;Quoted&rdquo;" in out.html
    assert "<dl>\n<dt>Term</dt>\n<dd>Meaning</dd>\n</dl>" in out.html


def test_plain_text_drops_citations_and_definitions() -> None:
    out = convert("Allodynia hurts [@a].")
    assert plain_text(out.html) == "Allodynia hurts."
