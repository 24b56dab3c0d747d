"""The clinic's theme (`theme:` in site.yaml), declared once: its colours, logo, share picture and
folders. A colour is six hex digits; the brand colour must be dark enough for white text (WCAG AA).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import schema
from .schema import declare


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


@dataclass(frozen=True)
class Theme:
    primary_color: str = field(
        metadata=declare("Main brand colour (links, header).", brand_color, default="#005eb8")
    )
    accent_color: str = field(metadata=declare("Accent colour (focus ring).", color, default="#ffb81c"))
    logo: str | None = field(metadata=declare("Logo file inside the static folder, e.g. logo.svg."))
    # The three folders are named in site.yaml and resolved inside the project by `config`.
    templates: Path | None = field(
        metadata=declare("Folder of templates that override ours by name (inside the project).")
    )
    static: Path | None = field(
        metadata=declare("Folder of static files that override ours by name (inside the project).")
    )
    root: Path | None = field(
        default=None,
        metadata=declare("Folder of files copied unhashed to the top of the site, overriding root/ by name."),
    )
    # In the static folders; None: one is generated from the colours.
    share_image: str | None = field(
        default=None,
        metadata=declare(
            "Picture shown when a page is shared (PNG or JPEG in the static folder, best 1200x630); "
            "default: one drawn from the title and colours.",
        ),
    )
    share_image_alt: str | None = field(
        default=None,
        metadata=declare(
            "What the share picture shows, for people who cannot see it (needed with share_image).",
        ),
    )
