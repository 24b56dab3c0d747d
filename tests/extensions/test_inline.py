"""The quick inline pass converts every page exactly as Python-Markdown's own inline pass."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.treeprocessors import InlineProcessor
from support import MARKDOWN_DATA, MARKDOWN_URLS, page_meta

from crpsgen.diagnostics import Report
from crpsgen.extensions.inline import QuickInlineProcessor
from crpsgen.markup import MarkdownConverter
from crpsgen.model import ConvertedPage, Page, SourceFile

EXAMPLES = int(os.environ.get("CRPSGEN_EXAMPLES", "300"))
SOURCE = SourceFile(Path("content/page.md"), "page.md", "page", "page/", "page/index.html")
QUICK = MarkdownConverter("/", MARKDOWN_URLS, MARKDOWN_DATA)
FULL = MarkdownConverter("/", MARKDOWN_URLS, MARKDOWN_DATA)
FULL.md.treeprocessors.register(InlineProcessor(FULL.md), "inline", 20)  # Markdown's own


def convert(converter: MarkdownConverter, body: str) -> tuple[ConvertedPage, list[str]]:
    report = Report()
    converted = converter.convert(Page(SOURCE, page_meta(), body, 6), report)
    return converted, [item.format() for item in report.items]


def test_the_site_converter_uses_the_quick_pass_with_every_pattern_known() -> None:
    inline = QUICK.md.treeprocessors["inline"]
    assert isinstance(inline, QuickInlineProcessor)
    assert inline._compile() is not None


def test_an_unknown_pattern_turns_the_quick_pass_off() -> None:
    converter = MarkdownConverter("/", MARKDOWN_URLS, MARKDOWN_DATA)
    converter.md.inlinePatterns.register(SimpleTagInlineProcessor(r"(\+\+)(.+?)\1", "ins"), "ins", 65)
    inline = converter.md.treeprocessors["inline"]
    assert isinstance(inline, QuickInlineProcessor)
    assert inline._compile() is None
    assert "<ins>new</ins>" in convert(converter, "Plain ++new++ text.")[0].html


def test_texts_with_and_without_markup() -> None:
    body = "## Plain heading\n\n- plain item\n- *em* and `code`\n\nA line  \nbreak, &amp; [@a] and [a link](page.md).\n"
    quick, full = convert(QUICK, body), convert(FULL, body)
    assert quick == full
    assert "<em>em</em>" in quick[0].html and "<br>" in quick[0].html


PIECES = [
    "a", " ", "  \n", "\n", "\n\n", "*", "_", "**", "`", "\\", "[", "]", "(", ")", "[@a]", "[@b; @c]",
    "<b>", "</b>", "&amp;", "&", "<https://x.org>", "<a@b.c>", "[l](page.md)", "[r]", "[r]: http://x.org",
    "## ", "- ", "1. ", "| A | B |\n|---|---|\n| 1 | 2 |\n", "allodynia", "'", '"', "--", "...", "{: .x}",
    "    code", '!!! info "T"\n    ', "é", "*em*", "__s__",
]  # fmt: skip


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_quick_pass_equals_the_full_pass(body: str) -> None:
    assert convert(QUICK, body) == convert(FULL, body)
