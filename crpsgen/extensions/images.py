"""Markdown images: `![What the diagram shows](images/diagram.png)` from static/.

Every image needs alt text, or the `{: .decorative}` mark for one that only decorates
(its alt is then empty, so screen readers skip it). Its address becomes the hashed
asset's, with width and height from the file so the page does not jump while it loads;
images after the first are loaded lazily (the first is usually in view at once).
Addresses that leave the site are the link policy's to refuse (links.py), not ours.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from html import unescape

from markdown import Markdown

from ..addresses import NameProblem, image_name
from ..diagnostics import ERROR
from ..imagesize import IMAGE_SUFFIXES
from ..rawhtml import image_problem
from .state import PageExtension, PageTreeprocessor, Problem

DECORATIVE = "decorative"  # the class that marks an image as decoration: ![](x.png){: .decorative}
ALT_HINT = (
    "describe what it shows: ![Diagram of the nerves in the hand](images/nerves.png); "
    "an image that only decorates is written ![](images/border.png){: .decorative}"
)


class ImageTreeprocessor(PageTreeprocessor["ImageExtension"]):
    def run(self, root: etree.Element) -> None:
        first = True
        for image in root.iter("img"):
            src = image.get("src", "")
            if image_problem(unescape(src)) is not None:
                continue  # another site's image: refused by the link policy
            if first:
                first = False  # above the fold: loaded at once
            else:
                image.set("loading", "lazy")
                image.set("decoding", "async")
            self._check(image, src)

    def _check(self, image: etree.Element, src: str) -> None:
        decorative = DECORATIVE in image.get("class", "").split()
        alt = image.get("alt", "")
        if not alt.strip() and not decorative:
            self._problem(src, f'image "{src}" has no alt text', ALT_HINT)
        elif alt.strip() and decorative:
            self._problem(
                src,
                f'image "{src}" is marked decorative but has alt text',
                "keep the alt text and remove {: .decorative}, or empty the alt text: ![](...)",
            )
        name = image_name(src, IMAGE_SUFFIXES)
        if isinstance(name, NameProblem):
            self._problem(src, name.message, name.hint)
            return
        found = self.state.images.get(name)
        if found is None:
            hint = "put the file in static/ (e.g. static/images/) and write its path inside static/"
            if name.startswith("static/") and self.state.images.get(name.removeprefix("static/")):
                hint = f"write {name.removeprefix('static/')}: image paths start inside static/"
            self._problem(src, f'image "{src}" not found in static/', hint)
            return
        if found.size is None:
            self._problem(
                src,
                f'cannot read the width and height of image "{src}"',
                "save it again as PNG, JPEG, GIF or WebP; an SVG needs width and height or a viewBox",
            )
            return
        image.set("src", found.url)
        image.set("width", str(found.size[0]))
        image.set("height", str(found.size[1]))

    def _problem(self, src: str, message: str, hint: str) -> None:
        where = self.state.body_index(f"]({src}")
        if where is None:
            where = self.state.body_index(src)
        self.problem(Problem(ERROR, message, src, hint, where))


class ImageExtension(PageExtension):
    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        # After attr_list (8), which sets the decorative class; before the link policy (3).
        md.treeprocessors.register(ImageTreeprocessor(self), "images", 4)
