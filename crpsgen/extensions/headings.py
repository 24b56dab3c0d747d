"""Heading anchors with accessible names, one h1 per page (the title), one heading per id.

Runs after the toc extension has given every heading its id and permalink. A citation
in a heading stays in the heading but not in its id or its contents-list entry.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor

from ..diagnostics import ERROR
from .state import PageExtension, PageTreeprocessor, Problem

SECTION_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
# The toc extension leaves footnote references (`<sup id="fnref...">`) out of ids and
# titles (its `remove_fnrefs`); citations borrow such an id while it runs.
BORROWED_PREFIX = "fnref-"


class CitationsOutOfIdsTreeprocessor(Treeprocessor):
    """Before toc: mark citations in headings so the id and contents list leave them out."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in SECTION_HEADINGS or element.tag == "h1":
                for sup in element.iter("sup"):
                    if sup.get("class") == "cite":
                        sup.set("id", BORROWED_PREFIX + sup.get("id", ""))


class HeadingTreeprocessor(PageTreeprocessor["HeadingExtension"]):
    def run(self, root: etree.Element) -> None:
        seen_ids: set[str] = set()
        headings_with: dict[str, int] = {}
        for element in root.iter():
            if element.tag == "sup" and element.get("id", "").startswith(BORROWED_PREFIX):
                element.set("id", element.get("id", "").removeprefix(BORROWED_PREFIX))
            if element.tag == "h1":
                text = (element.text or "").strip()
                self.problem(
                    Problem(
                        ERROR,
                        f'top-level heading "# {text}" in the page body',
                        f"# {text}",
                        "the title is the page's only main heading; use ## for sections",
                    )
                )
            if element.tag in SECTION_HEADINGS:
                self._check_unique(element, seen_ids, headings_with)
                for anchor in element.findall("a[@class='headerlink']"):
                    title = heading_text(element)
                    label = self.state.strings.get("heading_link", "Link to the section {title}")
                    anchor.set("aria-label", label.format(title=title).strip())
                    anchor.attrib.pop("title", None)
            if "id" in element.attrib:
                seen_ids.add(element.attrib["id"])

    def _check_unique(self, heading: etree.Element, seen: set[str], headings_with: dict[str, int]) -> None:
        """Two elements with one id: links and the contents list would all go to the first."""
        heading_id = heading.get("id", "")
        headings_with[heading_id] = headings_with.get(heading_id, 0) + 1
        if heading_id not in seen:
            return
        self.problem(
            Problem(
                ERROR,
                f'heading id "{heading_id}" is already used on this page',
                "#" + heading_id,
                "give this heading its own id with {#another-id}",
                self._heading_line(heading_id, headings_with[heading_id]),
            )
        )

    def _heading_line(self, heading_id: str, occurrence: int) -> int | None:
        """The body line of the `occurrence`-th heading that sets `{#heading_id}`."""
        attribute = re.compile(r"\{:?[^}]*(?<![\w-])#" + re.escape(heading_id) + r"(?=[\s}])[^}]*\}\s*$")
        for index, line in enumerate(self.state.body.splitlines()):
            if line.startswith("#") and attribute.search(line):
                occurrence -= 1
                if occurrence == 0:
                    return index
        return None


def heading_text(heading: etree.Element) -> str:
    """What a heading says, without its citations and permalink."""
    parts = [heading.text or ""]
    for child in heading:
        if child.get("class") not in {"cite", "headerlink"}:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


class HeadingExtension(PageExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        # After citations (15) and the glossary (9), before toc (5).
        md.treeprocessors.register(CitationsOutOfIdsTreeprocessor(md), "citations_out_of_ids", 6)
        md.treeprocessors.register(HeadingTreeprocessor(self), "heading_checks", 4)
