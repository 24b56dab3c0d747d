"""Slugs: the one rule that turns text into an address part, and a content file's name into its address.

Heading ids, glossary anchors, the file names `new` makes and the hints for a file name
that cannot be an address all use `slugify`; whether an address may be used is
`addresses.check_slug`'s to say.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape


def slugify(text: str, separator: str = "-") -> str:
    """The one slug rule: heading ids, glossary anchors and the file names `new` makes.

    Accents are dropped ("café" -> "cafe"), other characters that are not ASCII
    letters, digits, spaces or hyphens are removed, and runs of spaces and hyphens
    become one separator. With "-" the result always passes `check_slug` (or is "").
    The signature is Python-Markdown's toc `slugify` option.
    """
    ascii_text = unicodedata.normalize("NFKD", unescape(text)).encode("ascii", "ignore").decode()
    kept = re.sub(r"[^a-z0-9\s-]", "", ascii_text.lower())
    return re.sub(r"[\s-]+", separator, kept).strip(separator)


def page_slug(relpath: str) -> str:
    """The address a content file gets from its name: "guides/index.md" -> "guides"."""
    parts = relpath.removesuffix(".md").split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    return "/".join(parts)
