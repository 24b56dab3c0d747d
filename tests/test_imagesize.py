"""Image sizes from file headers (imagesize.py): PNG, GIF, JPEG, WebP and SVG, or None."""

from __future__ import annotations

import struct

import pytest
from support import jpeg_bytes, png_bytes, webp_bytes

from crpsgen.imagesize import image_size


@pytest.mark.parametrize(
    ("name", "content", "size"),
    [
        ("a.png", png_bytes(3, 2), (3, 2)),
        ("a.gif", b"GIF89a" + struct.pack("<HH", 40, 30) + b"\x00" * 8, (40, 30)),
        ("a.jpg", jpeg_bytes(640, 480), (640, 480)),
        ("a.JPEG", jpeg_bytes(17, 9, 0xC2), (17, 9)),  # progressive
        ("a.webp", webp_bytes(b"VP8 ", 300, 200), (300, 200)),
        ("a.webp", webp_bytes(b"VP8L", 301, 201), (301, 201)),
        ("a.webp", webp_bytes(b"VP8X", 5000, 3000), (5000, 3000)),
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80px"/>', (120, 80)),
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"/>', (400, 300)),
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="200" viewBox="0,0,400,300"/>', (200, 150)),
        ("a.svg", b'<?xml version="1.0"?>\n<svg width="100%" height="50%" viewBox="0 0 10 5"/>', (10, 5)),
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="100%"/>', None),  # no size at all
        ("a.svg", b"<html/>", None),
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1e999 10"/>', None),  # infinite
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 nan 10"/>', None),
        ("a.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="' + b"9" * 400 + b'" height="1"/>', None),
        ("a.svg", b"<svg", None),  # not XML
        ("a.png", b"GIF89a" + b"\x00" * 20, None),  # a GIF named .png
        ("a.png", b"\x89PNG\r\n\x1a\n", None),  # cut short
        ("a.jpg", b"\xff\xd8\xff\xe0\x00", None),
        ("a.gif", b"GIF89a\x00\x00\x00\x00", None),  # zero size
        ("a.bmp", b"BM" + b"\x00" * 30, None),
    ],
)
def test_image_size_reads_headers(name: str, content: bytes, size: tuple[int, int] | None) -> None:
    assert image_size(name, content) == size
