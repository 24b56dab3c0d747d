"""Glossary terms: the first use of each term on a page opens its definition on tap.

The definition is a native HTML popover (no JavaScript): the term is a <button>
that opens it by tap, click, Enter or Space, and Escape closes it. Headings,
links, code, citations and buttons are left alone.

Every term and variant is found by one regular expression per glossary, built as a
trie (`_trie`): at each character it branches only on the letters terms continue
with, instead of trying each of the 130-odd forms in turn; on text that is all ASCII
it runs case-sensitively over the lowered text, which Python's `re` matches about
twice as fast again. It finds what the plain alternation of forms (longest first)
found: the deepest form along the one path that fits is the longest that matches.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Iterator
from typing import Any

from markdown import Markdown

from ..model import GlossaryTerm
from .state import PageExtension, PageTreeprocessor

SKIP = {
    "a",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "sup",
    "button",
    "label",
    "abbr",
    "script",
    "style",
}


# Compiled glossaries, one per language, kept while their tuple lives (keyed by identity):
# the build cache keeps an unchanged glossary as the same tuple, so a rebuild compiles none.
_COMPILED: dict[int, tuple[tuple[GlossaryTerm, ...], _Compiled | None]] = {}
COMPILED_KEPT = 16  # more than any site's languages; then start again


class GlossaryTreeprocessor(PageTreeprocessor["GlossaryExtension"]):
    def __init__(self, extension: GlossaryExtension) -> None:
        super().__init__(extension)
        self._forms: dict[str, GlossaryTerm] = {}

    def run(self, root: etree.Element) -> None:
        compiled = compiled_glossary(self.state.glossary)
        if compiled is None:
            return
        self._forms = compiled.forms
        self._used: set[str] = set()
        self._walk(root, compiled)

    def _walk(self, element: etree.Element, pattern: _Compiled) -> None:
        classes = element.get("class", "").split()
        if element.tag in SKIP or "callout__title" in classes or "term-def" in classes:
            return  # never mark terms inside a definition we have just added
        if element.text:
            element.text = self._mark(element, 0, element.text, pattern)
        for child in list(element):
            self._walk(child, pattern)
            if child.tail:
                index = list(element).index(child) + 1
                child.tail = self._mark(element, index, child.tail, pattern)

    def _mark(self, parent: etree.Element, index: int, text: str, pattern: _Compiled) -> str:
        """Mark the first unused term in `text`; return the text before it."""
        for start, end in pattern.finditer(text):
            shown = text[start:end]
            term = self._forms[" ".join(shown.split()).lower()]
            if term.term in self._used:
                continue
            self._used.add(term.term)
            button, popup = self._term_elements(term, shown)
            parent.insert(index, button)
            parent.insert(index + 1, popup)
            popup.tail = self._mark(parent, index + 2, text[end:], pattern)
            return text[:start]
        return text

    def _term_elements(self, term: GlossaryTerm, shown: str) -> tuple[etree.Element, etree.Element]:
        popup_id = f"def-{term.anchor.removeprefix('term-')}"
        button = etree.Element("button", {"type": "button", "class": "term", "popovertarget": popup_id})
        button.text = shown
        popup = etree.Element("span", {"class": "term-def", "id": popup_id, "popover": "auto"})
        name = etree.SubElement(popup, "strong")
        name.text = term.term[:1].upper() + term.term[1:]
        name.tail = f": {term.definition} "
        if self.state.glossary_url:
            more = etree.SubElement(popup, "a", {"href": f"{self.state.glossary_url}#{term.anchor}"})
            more.text = self.state.strings.get("glossary_link", "Glossary")
        return button, popup


def compiled_glossary(terms: tuple[GlossaryTerm, ...]) -> _Compiled | None:
    """The glossary's one pattern, compiled once while `terms` lives (None for no terms).

    MarkdownConverter.prepare calls it before pages are shared among processes, so that
    each worker inherits the compiled pattern instead of compiling its own.
    """
    cached = _COMPILED.get(id(terms))
    if cached is None or cached[0] is not terms:
        forms = {form.lower(): term for term in terms for form in (term.term, *term.also)}
        cached = (terms, _Compiled(forms) if forms else None)
        if len(_COMPILED) >= COMPILED_KEPT:
            _COMPILED.clear()
        _COMPILED[id(terms)] = cached
    return cached[1]


class _Compiled:
    """A glossary's forms (lowered) and the one pattern that finds them, whole words only."""

    def __init__(self, forms: dict[str, GlossaryTerm]) -> None:
        self.forms = forms
        trie = _trie(forms)
        # The same pattern twice: case-sensitive for lowered ASCII text (faster), ignoring case otherwise.
        self.lowered = re.compile(rf"(?<![\w-])({trie})(?![\w-])")
        self.any_case = re.compile(rf"(?<![\w-])({trie})(?![\w-])", re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[tuple[int, int]]:
        """Where each term is written, left to right (lower() keeps ASCII text's length)."""
        matches = self.lowered.finditer(text.lower()) if text.isascii() else self.any_case.finditer(text)
        return (match.span(1) for match in matches)


SPACE = ""  # in the trie, the break between two words: any run of white space (a line break, too)


def _trie(forms: Iterable[str]) -> str:
    """One pattern for all forms, sharing their beginnings: `allodynia|allodynic` -> `allodyni(?:a|c)`.

    A form that another continues is optional at its end, tried longer first, so the
    longest form that matches (and ends a word) wins, as in the longest-first alternation.
    """
    root: dict[str, Any] = {}
    for form in forms:
        node = root
        for index, word in enumerate(form.split()):
            for step in ([SPACE] if index else []) + list(word):
                node = node.setdefault(step, {})
        node[END] = {}
    return _pattern(root)


END = "end"  # a key no single character or SPACE can be: a form ends here


def _pattern(node: dict[str, Any]) -> str:
    branches = [
        (r"\s+" if step == SPACE else re.escape(step)) + _pattern(child)
        for step, child in node.items()
        if step != END
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if END in node else body


class GlossaryExtension(PageExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        md.treeprocessors.register(GlossaryTreeprocessor(self), "glossary", 9)
