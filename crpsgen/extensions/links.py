"""Links between source files: `[text](symptoms.md#budapest-criteria)` -> the page's pretty URL.

Every internal link is recorded so the build can fail on a missing page or heading
once all pages are converted. Root-relative links (`/symptoms/`) are refused: they
break when the site lives under a subpath.

Markdown's own links, images and `{: attributes}` follow the raw-HTML policy
(`rawhtml.py`): links go to pages, headings or http(s)/mailto:/tel: addresses, images
load from this site, and no element gets an event handler or an inline style.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as etree
from html import unescape
from urllib.parse import unquote, urlsplit

from markdown import Markdown

from ..addresses import url
from ..diagnostics import ERROR
from ..model import LinkTarget
from ..rawhtml import IMAGE_HINT, LINK_HINT, image_problem, link_problem
from .state import PageExtension, PageTreeprocessor, Problem


class LinkTreeprocessor(PageTreeprocessor["LinkExtension"]):
    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href")
            if href is None:
                continue
            self._rewrite(link, href)

    def _rewrite(self, link: etree.Element, href: str) -> None:
        state = self.state
        try:
            parts = urlsplit(href)
        except ValueError:  # "http://x.org[": an unclosed [ reads as half an IPv6 address
            self.problem(
                Problem(
                    ERROR,
                    f'link "{href}" is not a web address',
                    href,
                    "check the address for a stray [ or ]",
                )
            )
            return
        if parts.scheme or parts.netloc:
            return
        fragment = unquote(parts.fragment)
        if not parts.path:
            if fragment:
                self.extension.links.append((LinkTarget("", fragment, None), href))
            return
        if parts.path.startswith("/"):
            self.problem(
                Problem(
                    ERROR,
                    f'link "{href}" points at an address, not a page file',
                    href,
                    "link to the Markdown file instead, e.g. (symptoms.md)",
                )
            )
            return
        if not parts.path.endswith(".md"):
            return  # a static file; checked with the output
        target = posixpath.normpath(posixpath.join(posixpath.dirname(state.relpath), unquote(parts.path)))
        address = state.page_urls.get(target)
        if address is None:
            self.problem(
                Problem(
                    ERROR,
                    f'link to missing page "{parts.path}"',
                    href,
                    "check the file name in content/",
                )
            )
            return
        self.extension.links.append((LinkTarget(target, fragment, None), href))
        link.set("href", url(state.base_path, address) + (f"#{parts.fragment}" if parts.fragment else ""))


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "cite", "data", "poster", "background", "xlink:href"}
REFUSED_ATTRIBUTES = {
    "style": "the site's security policy blocks inline styles; use a class from the stylesheet",
    "srcdoc": "nothing is embedded in a page",
}


class LinkPolicyTreeprocessor(PageTreeprocessor["LinkExtension"]):
    """Refuse what Markdown itself can write but the raw-HTML policy forbids."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name, value in element.attrib.items():
                if (refused := self._refusal(str(element.tag), name.lower(), value)) is not None:
                    message, hint = refused
                    needle = value if name.lower() in URL_ATTRIBUTES else name
                    where = self._locate(element, needle)
                    self.problem(Problem(ERROR, message, needle, hint, where))

    def _refusal(self, tag: str, name: str, written: str) -> tuple[str, str] | None:
        if name not in URL_ATTRIBUTES and not name.startswith("on") and name not in REFUSED_ATTRIBUTES:
            return None  # most attributes: class, id, aria-label...
        if name in URL_ATTRIBUTES and not any(c in written for c in (":", "&", "\\", "//")):
            return None  # a relative address or #fragment: no scheme or other host to hide
        value = unescape(written)  # the serializer keeps entities, and browsers decode them
        if name.startswith("on") or name in REFUSED_ATTRIBUTES:
            hint = REFUSED_ATTRIBUTES.get(name, "pages run no scripts; remove the event handler")
            return f"attribute {name} on <{tag}> is not allowed", hint
        if tag == "img" and name == "src" and (where := image_problem(value)):
            return f'image "{where}" is not allowed', IMAGE_HINT
        if name in URL_ATTRIBUTES and (scheme := link_problem(value)):
            what = "link" if tag == "a" and name == "href" else f"attribute {name} on <{tag}>"
            return f'{what} to a "{scheme}:" address is not allowed', LINK_HINT
        return None

    def _locate(self, element: etree.Element, needle: str) -> int:
        """The body line: of the address as written, else of the link's text, else the first."""
        text = element.get("alt", "") if element.tag == "img" else "".join(element.itertext())
        for candidate in (needle, f"[{text}]" if text else ""):
            if candidate and (index := self.state.body_index(candidate)) is not None:
                return index
        return 0  # Markdown rewrote both (entities after an HTML comment, for one)


class LinkExtension(PageExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        md.treeprocessors.register(LinkTreeprocessor(self), "page_links", 16)
        # After attr_list (8) and toc (5): every attribute is on its element by then.
        md.treeprocessors.register(LinkPolicyTreeprocessor(self), "link_policy", 3)

    def reset(self) -> None:
        super().reset()
        self.links: list[
            tuple[LinkTarget, str]
        ] = []  # each link to a page or heading, with the href as written
