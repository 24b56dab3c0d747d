"""The site's icons: an SVG favicon and a 180x180 PNG touch icon, from the clinic's logo or colours.

Both are made the same way every build (no timestamps in the PNG), and published as
hashed assets like the stylesheet. A clinic replaces either by putting its own file at
the same name in static/ (`icons/favicon.svg`, `icons/apple-touch-icon.png`).
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache

from .model import SiteConfig

FAVICON = "icons/favicon.svg"
TOUCH_ICON = "icons/apple-touch-icon.png"
TOUCH_SIZE = 180  # what iOS asks for


def favicon_svg(config: SiteConfig, logo: bytes | None) -> bytes:
    """The clinic's SVG logo when it has one; else a white disc on the brand colour."""
    if logo is not None and (config.theme.logo or "").lower().endswith(".svg"):
        return logo
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="6" fill="{config.theme.primary_color}"/>'
        '<circle cx="16" cy="16" r="8" fill="#ffffff"/></svg>\n'
    ).encode()


def touch_icon_png(config: SiteConfig) -> bytes:
    """A square PNG: the brand colour with a white disc in the middle (as the favicon)."""
    return _touch_icon(config.theme.primary_color)


@lru_cache(maxsize=8)  # the dev server rebuilds often; the colour rarely changes
def _touch_icon(color: str) -> bytes:
    brand = bytes.fromhex(color[1:])
    white = b"\xff\xff\xff"
    size, centre, radius = TOUCH_SIZE, (TOUCH_SIZE - 1) / 2, TOUCH_SIZE * 0.25
    rows = []
    for y in range(size):
        # The disc's span on this row: whole runs of pixels, not one test per pixel.
        inside = [x for x in range(size) if (x - centre) ** 2 + (y - centre) ** 2 <= radius**2]
        left, width = (inside[0], len(inside)) if inside else (size, 0)
        rows.append(b"\x00" + brand * left + white * width + brand * (size - left - width))  # filter: none
    return png(size, size, b"".join(rows))


def png(width: int, height: int, raw_rows: bytes) -> bytes:
    """An 8-bit RGB PNG from filtered rows (each a filter byte and width*3 bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw_rows, 9))
        + chunk(b"IEND", b"")
    )
