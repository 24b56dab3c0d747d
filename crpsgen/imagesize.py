"""An image's width and height from its first bytes: PNG, JPEG, GIF, WebP and SVG.

Pages set `width` and `height` on every image so the browser keeps its space while it
loads (no layout shift). Reading the header is enough; no imaging library is needed.
"""

from __future__ import annotations

import math
import re
import struct
import xml.etree.ElementTree as etree

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")
SVG_LENGTH = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*")
# JPEG start-of-frame markers (baseline, progressive...); C4, C8 and CC are not frames.
JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def image_size(name: str, content: bytes) -> tuple[int, int] | None:
    """(width, height) in CSS pixels, or None when the file is not a readable image of its kind."""
    suffix = name[name.rfind(".") :].lower()
    try:
        if suffix == ".png":
            return _png(content)
        if suffix in {".jpg", ".jpeg"}:
            return _jpeg(content)
        if suffix == ".gif":
            return _gif(content)
        if suffix == ".webp":
            return _webp(content)
        if suffix == ".svg":
            return _svg(content)
    except (struct.error, IndexError, ValueError, OverflowError, etree.ParseError):
        return None
    return None


def _positive(width: int, height: int) -> tuple[int, int] | None:
    return (width, height) if width > 0 and height > 0 else None


def _png(data: bytes) -> tuple[int, int] | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return _positive(width, height)


def _gif(data: bytes) -> tuple[int, int] | None:
    if data[:6] not in {b"GIF87a", b"GIF89a"}:
        return None
    width, height = struct.unpack("<HH", data[6:10])
    return _positive(width, height)


def _jpeg(data: bytes) -> tuple[int, int] | None:
    if data[:2] != b"\xff\xd8":
        return None
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in {0xD8, 0x01} or 0xD0 <= marker <= 0xD7:  # markers without a length
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return _positive(width, height)
        if marker == 0xD9 or length < 2:
            return None
        at += 2 + length
    return None


def _webp(data: bytes) -> tuple[int, int] | None:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    chunk = data[12:16]
    if chunk == b"VP8 ":  # lossy: a key frame's start code, then 14-bit sizes
        if data[23:26] != b"\x9d\x01\x2a":
            return None
        width, height = struct.unpack("<HH", data[26:30])
        return _positive(width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L":  # lossless: 14 bits each, stored minus one
        if data[20] != 0x2F:
            return None
        bits = int.from_bytes(data[21:25], "little")
        return _positive((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X":  # extended: 24 bits each, stored minus one
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return _positive(width, height)
    return None


def _svg(data: bytes) -> tuple[int, int] | None:
    """The root's width and height in pixels, else its viewBox's."""
    root = etree.fromstring(data)  # no DTDs or entities are expanded by ElementTree
    if root.tag not in {"svg", "{http://www.w3.org/2000/svg}svg"}:
        return None
    width, height = _svg_length(root.get("width")), _svg_length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if width and height:
        return _positive(width, height)
    if len(box) == 4:
        box_width, box_height = float(box[2]), float(box[3])
        if not (0 < box_width < math.inf and 0 < box_height < math.inf):  # also refuses nan and 1e999
            return None
        if width:  # one length given: the other keeps the viewBox's proportions
            return _positive(width, round(width * box_height / box_width))
        if height:
            return _positive(round(height * box_width / box_height), height)
        return _positive(round(box_width), round(box_height))
    return None


def _svg_length(value: str | None) -> int | None:
    """A length in pixels ("120", "120px"); None for none, percentages and other units."""
    match = SVG_LENGTH.fullmatch(value or "")
    number = float(match.group(1)) if match else math.nan
    return round(number) if math.isfinite(number) else None
