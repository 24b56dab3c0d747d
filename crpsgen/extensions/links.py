"""Links between source files: `[text](symptoms.md#budapest-criteria)` -> the page's pretty URL.

Every internal link is recorded so the build can fail on a missing page or heading
once all pages are rendered. Root-relative links (`/symptoms/`) are refused: they
break when the site lives under a subpath.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..model import LinkTarget
from .state import PageState, Problem


class LinkTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, state: PageState) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href")
            if href is None:
                continue
            self._rewrite(link, href)

    def _rewrite(self, link: etree.Element, href: str) -> None:
        state = self.state
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return
        fragment = unquote(parts.fragment)
        if not parts.path:
            if fragment:
                state.links.append((LinkTarget("", fragment, None), href))
            return
        if parts.path.startswith("/"):
            state.problems.append(
                Problem(
                    "error",
                    f'link "{href}" points at an address, not a page file',
                    href,
                    "link to the Markdown file instead, e.g. (symptoms.md)",
                )
            )
            return
        if not parts.path.endswith(".md"):
            return  # a static file; checked with the output
        target = posixpath.normpath(posixpath.join(posixpath.dirname(state.relpath), unquote(parts.path)))
        url = state.page_urls.get(target)
        if url is None:
            state.problems.append(
                Problem(
                    "error",
                    f'link to missing page "{parts.path}"',
                    href,
                    "check the file name in content/",
                )
            )
            return
        state.links.append((LinkTarget(target, fragment, None), href))
        link.set("href", state.base_path + url + (f"#{parts.fragment}" if parts.fragment else ""))


class LinkExtension(Extension):
    def __init__(self, state: PageState) -> None:
        super().__init__()
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(LinkTreeprocessor(md, self.state), "page_links", 16)
