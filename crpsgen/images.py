"""The site's images: each static image file's hashed address and its size in pixels.

Markdown images (`![alt](images/diagram.png)`) name a file in static/; the markup stage
looks it up here to point at the published copy and set width and height.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .assets import Assets
from .imagesize import IMAGE_SUFFIXES, image_size


@dataclass(frozen=True)
class Image:
    url: str  # the hashed asset's address
    size: tuple[int, int] | None  # None when the header cannot be read


@dataclass(frozen=True)
class Images:
    by_name: dict[str, Image] = field(default_factory=dict)  # static name -> image

    def get(self, name: str) -> Image | None:
        return self.by_name.get(name)


def collect_images(assets: Assets) -> Images:
    """Every image among the static files; headers only, so the cost is per image, not per page."""
    found = {}
    for output in assets.files:
        name = str(output.source)
        if name.lower().endswith(IMAGE_SUFFIXES) and name in assets.urls:
            found[name] = Image(assets.urls[name], image_size(name, output.content))
    return Images(found)
