"""Care-level callouts in the NHS care-card style, written with admonition syntax.

    !!! urgent "Ask for an urgent appointment if"
        - your pain spreads quickly

Each level gets its own class and a visually hidden spoken prefix, so a screen
reader announces "Urgent advice:" before the title just as sighted readers see the
colour.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.treeprocessors import Treeprocessor

from .state import PageState, Problem

LEVELS = {
    "info": "Information",
    "non-urgent": "Non-urgent advice",
    "urgent": "Urgent advice",
    "emergency": "Emergency",
}


class CalloutBlockProcessor(AdmonitionProcessor):
    """Admonition syntax, but no made-up title when the writer gives none."""

    def get_class_and_title(self, match: re.Match[str]) -> tuple[str, str | None]:
        klass, _ = super().get_class_and_title(match)
        return klass, match.group(2) or None


class CalloutTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, state: PageState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        for div in root.iter("div"):
            classes = div.get("class", "").split()
            if "admonition" not in classes:
                continue
            level = " ".join(c for c in classes if c != "admonition")
            label = LEVELS.get(level)
            if label is None:
                self.state.problems.append(
                    Problem(
                        "error",
                        f'unknown callout type "{level}"',
                        f"!!! {level}",
                        "use one of: " + ", ".join(LEVELS),
                    )
                )
                label = LEVELS["info"]
                level = "info"
            div.set("class", f"callout callout--{level}")
            first = div[0] if len(div) else None
            if first is not None and first.get("class") == "admonition-title":
                title = first
                title_text = title.text or ""
            else:
                title = etree.Element("p")
                div.insert(0, title)
                title_text = label
            title.set("class", "callout__title")
            title.text = None
            if title_text.strip().lower() != label.lower():
                hidden = etree.SubElement(title, "span", {"class": "visually-hidden"})
                hidden.text = f"{label}: "
                hidden.tail = title_text
            else:
                title.text = title_text


class CalloutExtension(Extension):
    def __init__(self, state: PageState) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:
        md.parser.blockprocessors.register(CalloutBlockProcessor(md.parser), "callout", 105)
        md.treeprocessors.register(CalloutTreeprocessor(md, self.state), "callouts", 11)
