"""Tables patients can read on a phone.

Each table goes in a named box that scrolls sideways and takes keyboard focus
(WCAG 2.1.1), and every cell carries its column heading in `data-label`, so the
stylesheet can show narrow screens each row as a small card.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown

from .headings import heading_text
from .state import PageExtension, PageTreeprocessor

HEADINGS = {"h2", "h3", "h4"}
# attr_list (which runs later) takes `{#id .class}` off the end of a heading.
ATTRIBUTE_LIST = re.compile(r"\s*\{:?[^}\n]*\}\s*$")


class TableTreeprocessor(PageTreeprocessor["TableExtension"]):
    def run(self, root: etree.Element) -> None:
        self.heading = ""
        self.count = 0
        self._walk(root)

    def _walk(self, parent: etree.Element) -> None:
        for index, child in enumerate(list(parent)):
            if child.tag in HEADINGS:
                self.heading = ATTRIBUTE_LIST.sub("", heading_text(child))
            elif child.tag == "table":
                self._wrap(parent, index, child)
            else:
                self._walk(child)

    def _wrap(self, parent: etree.Element, index: int, table: etree.Element) -> None:
        self.count += 1
        headings = ["".join(th.itertext()).strip() for th in table.iter("th")]
        for row in table.iter("tr"):
            for column, cell in enumerate(row.findall("td")):
                if column < len(headings) and headings[column]:
                    cell.set("data-label", headings[column])
        label = self.state.strings.get("table_label", "Table {number}").format(number=self.count)
        label += f": {self.heading}" if self.heading else ""
        box = etree.Element(
            "div", {"class": "table-scroll", "role": "region", "tabindex": "0", "aria-label": label}
        )
        box.tail, table.tail = table.tail, None
        parent.remove(table)
        parent.insert(index, box)
        box.append(table)


class TableExtension(PageExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        # After the inline pass (20), before citations (15) so heading text is final.
        md.treeprocessors.register(TableTreeprocessor(self), "tables_for_phones", 19)
