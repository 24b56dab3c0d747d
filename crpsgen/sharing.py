"""Sharing: the picture and words a link preview shows (Open Graph and Twitter cards).

A clinic names its own picture with `theme.share_image` (a PNG or JPEG in static/, with
`theme.share_image_alt` describing it). Without one, the build draws a 1200x630 PNG from
the site's title, the clinic's name and its colours, the same bytes every build: Pillow's
built-in font (no font file, no download), no timestamps or other metadata in the PNG.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from PIL import Image, ImageDraw, ImageFont

from .model import SiteConfig, Strings

if TYPE_CHECKING:
    from .assets import Assets

SHARE_IMAGE = "images/share.png"  # the generated picture's name among the static files
WIDTH, HEIGHT = 1200, 630  # what Facebook, LinkedIn and X show without cropping
SHARE_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


@dataclass(frozen=True)
class ShareImage:
    url: str  # absolute
    width: int
    height: int
    type: str
    alt: str


def image_size(content: bytes) -> tuple[str, int, int] | None:
    """The format and size of a PNG or JPEG (read from its header); None for anything else."""
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format not in SHARE_FORMATS:
                return None
            return image.format, image.width, image.height
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def share_image(config: SiteConfig, assets: Assets) -> ShareImage | None:
    """The picture shown when a page is shared, with its full address, size and description."""
    name = config.theme.share_image or SHARE_IMAGE
    content = next((f.content for f in assets.files if f.source == Path(name)), None)
    if content is None or (found := _size(content)) is None:
        return None  # a clinic's file that is not an image was reported by config
    kind, width, height = found
    alt = config.theme.share_image_alt or default_alt(config)
    return ShareImage(urljoin(config.base_url, assets.url(name)), width, height, SHARE_FORMATS[kind], alt)


@lru_cache(maxsize=8)
def _size(content: bytes) -> tuple[str, int, int] | None:
    return image_size(content)


def localized_share_image(
    image: ShareImage | None, config: SiteConfig, strings: Strings, language: str | None
) -> ShareImage | None:
    """The generated picture described in the page's language (it shows the default language's title)."""
    if image is None or config.theme.share_image_alt or not config.multilingual:
        return image
    if language is None or language == config.languages[0].code:
        return image
    alt = strings.get("share_alt", "{title}, published by {organization}")
    return replace(image, alt=alt.format(title=config.title, organization=config.organization.name))


def default_alt(config: SiteConfig) -> str:
    return f"{config.title}, published by {config.organization.name}"


def og_locale(language: str) -> str:
    """Open Graph writes a language tag with an underscore: en-US -> en_US."""
    parts = language.split("-")
    return "_".join([parts[0].lower(), *(p.upper() for p in parts[1:2])])


def generated_share_image(config: SiteConfig) -> bytes:
    return _draw(
        config.title, config.organization.name, config.theme.primary_color, config.theme.accent_color
    )


@lru_cache(maxsize=8)  # the dev server rebuilds often; the title and colours rarely change
def _draw(title: str, organization: str, primary: str, accent: str) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), primary)
    draw = ImageDraw.Draw(image)
    margin = 80
    draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=accent)  # the accent as a band at the foot
    title_font = ImageFont.load_default(size=68)
    lines = _wrap(title, title_font, WIDTH - 2 * margin, draw)[:4]
    y = margin
    for line in lines:
        draw.text((margin, y), line, font=title_font, fill="#ffffff")
        y += 84
    small = ImageFont.load_default(size=40)
    names = _wrap(organization, small, WIDTH - 2 * margin, draw)[:2]
    y = HEIGHT - margin - 52 * len(names)  # the clinic's name sits at the foot, above the band
    for line in names:
        draw.text((margin, y), line, font=small, fill="#ffffff")
        y += 52
    out = io.BytesIO()
    # No text chunks, no time: the same bytes each build. zlib's default level: "optimize"
    # made it 5% smaller (36 KB to 34 KB, fetched only by link previews) in three times as long.
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _wrap(
    text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont, width: int, draw: ImageDraw.ImageDraw
) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(lines[-1] + " " + word, font=font) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines
