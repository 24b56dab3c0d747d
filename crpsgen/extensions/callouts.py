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
from markdown.extensions.admonition import AdmonitionProcessor

from ..diagnostics import ERROR
from .state import PageExtension, PageTreeprocessor, Problem

LEVELS = {
    "info": "Information",
    "non-urgent": "Non-urgent advice",
    "urgent": "Urgent advice",
    "emergency": "Emergency",
}


class CalloutBlockProcessor(AdmonitionProcessor):
    """Admonition syntax, but no made-up title when the writer gives none."""

    def __init__(self, extension: CalloutExtension) -> None:
        super().__init__(extension.md.parser)
        self.extension = extension

    def get_class_and_title(self, match: re.Match[str]) -> tuple[str, str | None]:
        klass, _ = super().get_class_and_title(match)
        self.extension.heads.append(match.group(0).strip())
        return klass, match.group(2) or None


class CalloutTreeprocessor(PageTreeprocessor["CalloutExtension"]):
    def run(self, root: etree.Element) -> None:
        heads = self.extension.heads
        seen: dict[str, int] = {}
        callouts = [div for div in root.iter("div") if "admonition" in div.get("class", "").split()]
        for div, head in zip(callouts, heads, strict=False):
            seen[head] = seen.get(head, 0) + 1
            if all(child.get("class") == "admonition-title" for child in div):
                level = div.get("class", "").split()[-1]
                self.problem(
                    Problem(
                        ERROR,
                        f'callout "{level}" has no indented body',
                        head,
                        "indent its lines by four spaces",
                        self.state.body_index(head, seen[head]),
                    )
                )
        for div in callouts:
            classes = div.get("class", "").split()
            level = " ".join(c for c in classes if c != "admonition")
            label = LEVELS.get(level)
            if label is None:
                self.problem(
                    Problem(
                        ERROR,
                        f'unknown callout type "{level}"',
                        f"!!! {level}",
                        "use one of: " + ", ".join(LEVELS),
                    )
                )
                label = LEVELS["info"]
                level = "info"
            label = self.state.strings.get("callout_" + level.replace("-", "_"), label)  # page's language
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


class CalloutExtension(PageExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        md.parser.blockprocessors.register(CalloutBlockProcessor(self), "callout", 105)
        md.treeprocessors.register(CalloutTreeprocessor(self), "callouts", 11)

    def reset(self) -> None:
        super().reset()
        self.heads: list[str] = []  # each callout's first line, in document order
