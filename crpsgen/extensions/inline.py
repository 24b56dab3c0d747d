"""Python-Markdown's inline pass, skipping texts in which no inline pattern can match.

The inline pass tries each of its 15 patterns (code spans, escapes, citations, links,
images, autolinks, line breaks, raw HTML, entities, emphasis) on every text of the
page, one after another, through Python-Markdown's pattern machinery: most of a page's
conversion time. Every one of those patterns starts with a character of `TRIGGERS`
(or is a line break: two spaces before a new line), so a text without any of them,
such as most list items, table cells and headings, comes out as it went in; it is
left as it is after one search instead of fifteen.

Only the patterns named in `TRIGGERS` are known: if an extension registers another,
every text takes the full pass, as before. Emphasis takes its characters from the
delimiters Markdown has registered (`*` and `_`).
"""

from __future__ import annotations

import re
from typing import Any, cast

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

# Each known pattern, and the characters one of which every match of it holds.
TRIGGERS = {
    "backtick": "`",
    "escape": "\\",
    "citation": "[",  # extensions/citations.py
    "reference": "[",
    "link": "[",
    "image_link": "[",
    "image_reference": "[",
    "short_reference": "[",
    "short_image_ref": "[",
    "autolink": "<",
    "automail": "<",
    "html": "<",
    "entity": "&",
    "linebreak": "  \n",  # the only one that is a string, not a character
    "em_strong": "",  # the registered delimiters, * and _
}


class QuickInlineProcessor(InlineProcessor):
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self._quick: re.Pattern[str] | None = None  # None: every text takes the full pass

    def run(self, tree: Any, ancestors: list[str] | None = None) -> Any:
        self._quick = self._compile()
        return super().run(tree, ancestors)

    def _compile(self) -> re.Pattern[str] | None:
        names = [name for name in TRIGGERS if name in self.inlinePatterns]
        if len(names) != len(self.inlinePatterns):
            return None  # a pattern we know nothing about
        characters = {TRIGGERS[name] for name in names if len(TRIGGERS[name]) == 1}
        delimiters = getattr(self.md, "delimiters", None)
        if "em_strong" in names:
            if delimiters is None or any(len(token) != 1 for token in delimiters.tokens):
                return None
            characters.update(delimiters.tokens)
        alternatives = ["[" + "".join(re.escape(c) for c in sorted(characters)) + "]"] if characters else []
        if "linebreak" in names:
            alternatives.append(re.escape(TRIGGERS["linebreak"]))
        return re.compile("|".join(alternatives) or "(?!)")

    # Python-Markdown's private `__handleInline`, which every text goes through.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if self._quick is not None and self._quick.search(data) is None:
            return data  # no pattern can match: the full pass would give it back unchanged
        full = InlineProcessor._InlineProcessor__handleInline  # type: ignore[attr-defined]
        return cast(str, full(self, data, patternIndex))  # an AtomicString stays one


class QuickInlineExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)  # in place of Markdown's own
