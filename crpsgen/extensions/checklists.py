"""Printable checklists: a list item starting `[ ]` or `[x]` gets a real tick box.

The box sits inside a <label> with the item's text, so it is named for screen
readers and can be ticked on screen or with a pen on paper.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

BOX = re.compile(r"^\[( |x|X)\]\s+")


class ChecklistTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for item in root.iter("li"):
            holder = item
            if not (item.text or "").strip() and len(item) and item[0].tag == "p":
                holder = item[0]  # loose lists wrap the text in <p>
            match = BOX.match(holder.text or "")
            if match is None:
                continue
            label = etree.Element("label")
            box = etree.SubElement(label, "input", {"type": "checkbox"})
            if match.group(1) != " ":
                box.set("checked", "checked")
            box.tail = holder.text[match.end() :] if holder.text else ""
            for child in list(holder):
                holder.remove(child)
                label.append(child)
            holder.text = None
            holder.insert(0, label)
            item.set("class", "checklist-item")


class ChecklistExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(ChecklistTreeprocessor(md), "checklists", 13)
