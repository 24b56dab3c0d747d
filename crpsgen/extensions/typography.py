"""Typography: curly quotes, en and em dashes and ellipses, as Python-Markdown's `smarty` writes them.

`smarty` (with `smart_angled_quotes` off) runs a second inline processor over the
whole tree: 18 regular expressions tried one after another on every text node, each
through Python-Markdown's pattern machinery. That was most of a page's conversion
time, although most text nodes hold no quote, no `--` and no `...` at all.

This tree processor gives the same output with less work:

- one compiled regular expression (`CANDIDATE`) tells whether a text holds anything
  to change; most texts stop there;
- dashes and ellipses need no context beyond their own run of characters, so
  `DASHES` and `ELLIPSES` replace them in one pass each;
- quotes depend on each other (`"'Quoted' words"`), so the few texts that hold one
  run smarty's own quote rules in smarty's order (`QUOTE_RULES`), each replaced part
  standing for the placeholder smarty would have left there, so every rule sees the
  text exactly as it would under smarty (its quirks included: `"it's".` opens its
  last quote, because smarty's apostrophe rule took the `s` before it).

Like smarty, each symbol is an entity stashed as raw HTML (`&rsquo;`), so the table
of contents, the glossary and the raw-HTML check see what they saw before; code
spans and code blocks (AtomicString) are left alone, and `\\"` and `\\'` still write
a straight quote. Byte-identity with smarty is checked in tests/test_typography.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension, smarty
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

MDASH, NDASH, HELLIP = "&mdash;", "&ndash;", "&hellip;"
LSQUO, RSQUO, LDQUO, RDQUO = "&lsquo;", "&rsquo;", "&ldquo;", "&rdquo;"

CANDIDATE = re.compile(r"""['"]|--|\.\.\.""")
# A run of exactly three hyphens is an em dash, exactly two an en dash (smarty's two rules,
# which never overlap: a longer run is left as typed).
DASHES = re.compile(r"(?<!-)(---|--)(?!-)")
ELLIPSES = re.compile(r"(?<!\.)\.{3}(?!\.)")

# smarty's quote rules in its order: (pattern, replacement parts); an int is a group kept.
QUOTE_RULES: tuple[tuple[re.Pattern[str], tuple[int | str, ...]], ...] = tuple(
    (re.compile(pattern, re.DOTALL | re.UNICODE), parts)
    for pattern, parts in (
        (smarty.singleQuoteStartRe, (RSQUO,)),
        (smarty.doubleQuoteStartRe, (RDQUO,)),
        (smarty.doubleQuoteSetsRe, (LDQUO + LSQUO,)),
        (smarty.singleQuoteSetsRe, (LSQUO + LDQUO,)),
        (smarty.doubleQuoteSetsRe2, (RSQUO + RDQUO,)),
        (smarty.singleQuoteSetsRe2, (RDQUO + RSQUO,)),
        (smarty.decadeAbbrRe, (RSQUO,)),
        (smarty.openingSingleQuotesRegex, (1, LSQUO)),
        (smarty.closingSingleQuotesRegex, (RSQUO,)),
        (smarty.closingSingleQuotesRegex2, (RSQUO, 1)),
        (smarty.remainingSingleQuotesRegex, (LSQUO,)),
        (smarty.openingDoubleQuotesRegex, (1, LDQUO)),
        (smarty.closingDoubleQuotesRegex, (RDQUO,)),
        (smarty.closingDoubleQuotesRegex2, (RDQUO,)),
        (smarty.remainingDoubleQuotesRegex, (LDQUO,)),
    )
)
SINGLE_ONLY = frozenset({0, 6, 7, 8, 9, 10})  # rules that need a ' (the rest need a ")
BOTH = frozenset({2, 3, 4, 5})  # rules that need both

# A replaced part, while quote rules still run: STX, its number, ETX. Rules look at most
# one character into or out of a replaced part, and see STX or ETX there, exactly as
# they see the edges of smarty's own placeholder (its middle is never looked at).
TOKEN_BASE = 0xF0000  # Supplementary Private Use Area-A: never in a page's text here
TOKEN = re.compile("\x02([\U000f0000-\U000ffffd])\x03")


class Educator:
    """Rewrites one text the way smarty would; `store` stashes an entity, returning its placeholder."""

    def __init__(self, store: Callable[[str], str]) -> None:
        self.store = store

    def __call__(self, text: str) -> str:
        if CANDIDATE.search(text) is None:
            return text  # most texts: nothing to do
        if "'" not in text and '"' not in text:
            text = DASHES.sub(lambda m: self.store(MDASH if len(m.group(1)) == 3 else NDASH), text)
            return ELLIPSES.sub(lambda m: self.store(HELLIP), text)
        return self._with_quotes(text)

    def _with_quotes(self, text: str) -> str:
        parts: list[str] = []

        def token(replacement: str) -> str:
            parts.append(replacement)
            return f"\x02{chr(TOKEN_BASE + len(parts) - 1)}\x03"

        text = DASHES.sub(lambda m: token(self.store(MDASH if len(m.group(1)) == 3 else NDASH)), text)
        has_single, has_double = "'" in text, '"' in text
        for index, (rule, replacement) in enumerate(QUOTE_RULES):
            if index in BOTH:
                if not (has_single and has_double):
                    continue
            elif (index in SINGLE_ONLY and not has_single) or (index not in SINGLE_ONLY and not has_double):
                continue
            # As smarty: after each replacement, search on from just after it, in the new text.
            start = 0
            while (match := rule.search(text, start)) is not None:
                written = "".join(
                    match.group(part) if isinstance(part, int) else self.store(part) for part in replacement
                )
                placeholder = token(written)
                text = text[: match.start()] + placeholder + text[match.end() :]
                start = match.start() + len(placeholder)
            has_single, has_double = "'" in text, '"' in text
        text = ELLIPSES.sub(lambda m: token(self.store(HELLIP)), text)
        # Replaced parts hold no token themselves, so one pass restores them all.
        return TOKEN.sub(lambda m: parts[ord(m.group(1)) - TOKEN_BASE], text)


class TypographyTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        educate = Educator(self.md.htmlStash.store)
        for element in root.iter():
            if element is root:
                continue  # as smarty: the root's own text is not inline text
            if element.text and not isinstance(element.text, AtomicString):
                element.text = educate(element.text)
            if element.tail and not isinstance(element.tail, AtomicString):
                element.tail = educate(element.tail)


class TypographyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After inline patterns (20), glossary terms (9) and attribute lists (8), before the
        # table of contents (5): where smarty ran (6), so every stage sees what it saw.
        md.treeprocessors.register(TypographyTreeprocessor(md), "typography", 7)
        md.ESCAPED_CHARS.extend(['"', "'"])  # \" and \' write a straight quote
