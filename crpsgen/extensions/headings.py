"""Heading anchors with accessible names, and one h1 per page (the title).

Runs after the toc extension has given every heading its id and permalink.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .state import PageState, Problem


class HeadingTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, state: PageState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "h1":
                text = (element.text or "").strip()
                self.state.problems.append(
                    Problem(
                        "error",
                        f'top-level heading "# {text}" in the page body',
                        f"# {text}",
                        "the title is the page's only main heading; use ## for sections",
                    )
                )
            if element.tag in {"h2", "h3", "h4", "h5", "h6"}:
                for anchor in element.findall("a[@class='headerlink']"):
                    title = (element.text or "").strip()
                    anchor.set("aria-label", f"Link to the section {title}".strip())
                    anchor.attrib.pop("title", None)


class HeadingExtension(Extension):
    def __init__(self, state: PageState) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(HeadingTreeprocessor(md, self.state), "heading_checks", 4)
