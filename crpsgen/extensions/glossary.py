"""Glossary terms: the first use of each term on a page opens its definition on tap.

The definition is a native HTML popover (no JavaScript): the term is a <button>
that opens it by tap, click, Enter or Space, and Escape closes it. Headings,
links, code, citations and buttons are left alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..model import GlossaryTerm
from .state import PageState

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


class GlossaryTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, state: PageState) -> None:
        super().__init__(md)
        self.state = state
        self._pattern: re.Pattern[str] | None = None
        self._forms: dict[str, GlossaryTerm] = {}
        self._terms: tuple[GlossaryTerm, ...] = ()

    def _compile(self) -> re.Pattern[str] | None:
        if self._terms is not self.state.glossary:
            self._terms = self.state.glossary
            self._forms = {form.lower(): term for term in self._terms for form in (term.term, *term.also)}
            forms = sorted(self._forms, key=len, reverse=True)
            self._pattern = (
                re.compile(
                    r"(?<![\w-])(" + "|".join(_flexible(f) for f in forms) + r")(?![\w-])", re.IGNORECASE
                )
                if forms
                else None
            )
        return self._pattern

    def run(self, root: etree.Element) -> None:
        pattern = self._compile()
        if pattern is None:
            return
        self._used: set[str] = set()
        self._walk(root, pattern)

    def _walk(self, element: etree.Element, pattern: re.Pattern[str]) -> None:
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

    def _mark(self, parent: etree.Element, index: int, text: str, pattern: re.Pattern[str]) -> str:
        """Mark the first unused term in `text`; return the text before it."""
        for match in pattern.finditer(text):
            term = self._forms[" ".join(match.group(1).split()).lower()]
            if term.term in self._used:
                continue
            self._used.add(term.term)
            button, popup = self._term_elements(term, match.group(1))
            parent.insert(index, button)
            parent.insert(index + 1, popup)
            popup.tail = self._mark(parent, index + 2, text[match.end() :], pattern)
            return text[: match.start()]
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
            more.text = "Glossary"
        return button, popup


def _flexible(form: str) -> str:
    """A term's pattern that also matches when a line break falls between its words."""
    return r"\s+".join(re.escape(word) for word in form.split())


class GlossaryExtension(Extension):
    def __init__(self, state: PageState) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(GlossaryTreeprocessor(md, self.state), "glossary", 9)
