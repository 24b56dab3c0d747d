"""The theme's colours: six hex digits, and a brand colour dark enough for white text (WCAG AA)."""

from __future__ import annotations

import re
from typing import Any

from . import schema


def color(value: Any) -> str:
    result = schema.text(value)
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", result):
        raise ValueError('a colour written as six hex digits, such as "#005eb8"')
    return result.lower()


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours."""

    def luminance(color: str) -> float:
        channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def brand_color(value: Any) -> str:
    # The brand colour is used for links and as a background behind white text.
    result = color(value)
    if contrast_ratio(result, "#ffffff") < 4.5:
        raise ValueError(
            "a colour dark enough for white text and for links on white "
            f"(contrast with white is {contrast_ratio(result, '#ffffff'):.1f}:1; WCAG AA needs 4.5:1)"
        )
    return result
