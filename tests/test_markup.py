"""Markdown in, exact HTML out: what the converter (markup.py) does beyond any one extension.

Each extension's own tests are in tests/extensions/, one file per module.
"""

from __future__ import annotations

from support import convert, converter

from crpsgen import markup
from crpsgen.markup import plain_text


def test_tables_smart_quotes_and_definition_lists() -> None:
    out = convert('| A | B |\n|---|---|\n| 1 | 2 |\n\n"Quoted"\n\nTerm\n: Meaning\n')
    assert "<table>" in out.html and '<td data-label="A">1</td>' in out.html
    assert "&ldquo;Quoted&rdquo;" in out.html
    assert "<dl>\n<dt>Term</dt>\n<dd>Meaning</dd>\n</dl>" in out.html


def test_plain_text_drops_citations_and_definitions() -> None:
    out = convert("Allodynia hurts [@a].")
    assert plain_text(out.html) == "Allodynia hurts."


def test_the_table_of_processors_is_the_registries() -> None:
    """markup.py's table lists every processor our extensions register, with its priority, in run order."""
    md = converter().md
    registries = {
        "blockprocessors": md.parser.blockprocessors,
        "inlinePatterns": md.inlinePatterns,
        "treeprocessors": md.treeprocessors,
    }
    registered = []
    for registry_name, registry in registries.items():
        registry._sort()
        for item in registry._priority:
            processor = registry[item.name]
            module = type(processor).__module__
            if module.startswith("crpsgen.extensions."):
                where = f"{module.removeprefix('crpsgen.extensions.')}.{type(processor).__name__}"
                registered.append((registry_name, item.name, str(item.priority), where))
    rows = [line.split(" | ") for line in (markup.__doc__ or "").splitlines() if line.startswith("| ")]
    documented = [(r[0][2:], r[1].strip("`"), r[2], r[3].strip("`")) for r in rows[2:]]
    assert documented == registered
