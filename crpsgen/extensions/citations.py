"""Pandoc-style citations: `[@key]`, `[@a; @b]`, `[@key, p. 12]`; `\\[@` is literal.

The inline pattern only marks each citation (inline patterns do not run in document
order); a tree processor then numbers the sources in reading order and writes the
superscript links.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor

from ..citations import compress
from ..diagnostics import ERROR, did_you_mean
from .state import PageExtension, PageTreeprocessor, Problem

CITATION = r"\[(@[^\[\]\n]+)\]"
LEFT_OVER = re.compile(r"\[@[^\[\]\n\x02]{0,60}\]?")  # `[@` the inline pattern did not take
UNCLOSED = re.compile(r"\[@\s*\S*")  # shown up to the end of its first word
SKIP = {"code", "pre", "script", "style"}
FORM = "[@key], [@a; @b] or [@key, p. 12]"
ITEM = re.compile(r"^\s*@([A-Za-z0-9_][\w:.\-]*\w|[A-Za-z0-9_])\s*(?:,\s*(?P<locator>[^;]+?))?\s*$")
SEPARATOR = "\x1f"


class CitationInlineProcessor(InlineProcessor):
    def handleMatch(  # type: ignore[override]  # the stubs describe the legacy Pattern API
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        items = []
        for part in m.group(1).split(";"):
            match = ITEM.match(part)
            if match is None:
                return None, None, None  # not a citation: leave the text alone
            items.append(f"{match.group(1)}{SEPARATOR}{match.group('locator') or ''}")
        marker = etree.Element("sup", {"class": "cite", "data-cite": "\x1e".join(items)})
        return marker, m.start(0), m.end(0)


class CitationTreeprocessor(PageTreeprocessor["CitationExtension"]):
    def run(self, root: etree.Element) -> None:
        state, found = self.state, self.extension
        occurrence = 0
        for sup in list(root.iter("sup")):
            raw = sup.attrib.pop("data-cite", None)
            if raw is None:
                continue
            occurrence += 1
            cite_id = f"cite-{occurrence}"
            sup.set("id", cite_id)
            plain: list[int] = []
            located: list[tuple[int, str]] = []
            for item in raw.split("\x1e"):
                key, locator = item.split(SEPARATOR)
                if key not in state.references:
                    self.problem(
                        Problem(
                            ERROR,
                            f'unknown citation key "{key}"{did_you_mean(key, state.references)}',
                            f"@{key}",
                            "cite an id from content/_data/references.yaml",
                        )
                    )
                    continue
                if key not in found.cited:
                    found.cited.append(key)
                backlinks = found.backlinks.setdefault(key, [])
                if cite_id not in backlinks:
                    backlinks.append(cite_id)
                number = found.cited.index(key) + 1
                if locator:
                    located.append((number, locator))
                else:
                    plain.append(number)
            self._fill(sup, plain, located)
        self._report_malformed(root)

    def _report_malformed(self, root: etree.Element) -> None:
        """A `[@` still in the text is a citation written wrong: patients would see it as is."""
        seen: dict[str, int] = {}
        for text in _texts(root):
            for match in LEFT_OVER.finditer(text):
                written = match.group(0)
                if not written.endswith("]"):
                    written = written[: UNCLOSED.match(written).end()]  # type: ignore[union-attr]
                seen[written] = seen.get(written, 0) + 1
                self.problem(
                    Problem(
                        ERROR,
                        f'malformed citation "{written}"',
                        written,
                        _malformed_hint(written),
                        _unescaped_line(self.state.body, written, seen[written]),
                    )
                )

    def _fill(self, sup: etree.Element, plain: list[int], located: list[tuple[int, str]]) -> None:
        sup.text = "["
        last: etree.Element | None = None

        label = self.state.strings.get("citation_label", "Reference {number}")

        def add_link(number: int) -> etree.Element:
            return etree.SubElement(
                sup, "a", {"href": f"#ref-{number}", "aria-label": label.format(number=number)}
            )

        pieces: list[tuple[int, int, str]] = [(a, b, "") for a, b in compress(plain)]
        pieces += [(n, n, loc) for n, loc in located]
        pieces.sort()
        for index, (first, last_number, locator) in enumerate(pieces):
            if index and last is not None:
                last.tail = (last.tail or "") + ", "
            link = add_link(first)
            link.text = str(first)
            last = link
            if last_number != first:
                dash = etree.SubElement(sup, "span", {"aria-hidden": "true"})
                dash.text = "\u2013"
                hidden = etree.SubElement(sup, "span", {"class": "visually-hidden"})
                hidden.text = " to "
                link = add_link(last_number)
                link.text = str(last_number)
                last = link
            if locator:
                last.tail = f", {locator}"
        if last is None:
            sup.text = "[?]"  # every key was unknown; the build reports it
        else:
            last.tail = (last.tail or "") + "]"


def _texts(element: etree.Element) -> list[str]:
    """The text of an element and its children, but not of code (citations there are literal)."""
    texts = [] if element.tag in SKIP else [element.text or ""]
    for child in element:
        if element.tag not in SKIP:
            texts += _texts(child)
        texts.append(child.tail or "")
    return texts


def _malformed_hint(written: str) -> str:
    inside = written[2:-1] if written.endswith("]") else None
    if inside is None:
        problem = "close it with ]"
    elif not inside.strip():
        problem = "name a source after @"
    elif inside[:1].isspace():
        problem = "no space after @"
    elif inside.rstrip().endswith(";") or ";;" in inside.replace(" ", ""):
        problem = 'each source after ";" needs its own @key'
    elif " " in inside.split(",")[0].split(";")[0].strip():
        problem = "a locator follows a comma, and each key is one word"
    else:
        problem = "write each source as @key"
    return f"{problem}: {FORM}; \\[@ shows a literal [@"


def _unescaped_line(body: str, written: str, occurrence: int) -> int | None:
    """The body line of the `occurrence`-th `written` not escaped with a backslash."""
    for index, line in enumerate(body.splitlines()):
        position = line.find(written)
        while position >= 0:
            if position == 0 or line[position - 1] != "\\":
                occurrence -= 1
                if occurrence == 0:
                    return index
            position = line.find(written, position + 1)
    return None


class CitationExtension(PageExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        # After escapes (180) and code spans (190), before links (160).
        md.inlinePatterns.register(CitationInlineProcessor(CITATION, md), "citation", 175)
        md.treeprocessors.register(CitationTreeprocessor(self), "citations", 15)

    def reset(self) -> None:
        super().reset()
        self.cited: list[str] = []  # keys in order of first citation
        self.backlinks: dict[str, list[str]] = {}  # key -> the ids of the superscripts citing it
