"""Static assets: copied with content-hashed names so browsers can cache them forever.

`static/css/site.css` becomes `assets/css/site.<hash>.css`; templates ask for the
logical name with `asset("css/site.css")`. The clinic's colours become a small
generated stylesheet (no inline styles, so the Content-Security-Policy stays strict).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .addresses import ASSET_DIR, check_static_name, url
from .diagnostics import Report
from .files import read_bytes
from .icons import FAVICON, TOUCH_ICON, favicon_svg, touch_icon_png
from .model import OutputFile, SiteConfig
from .sharing import SHARE_IMAGE, generated_share_image
from .walk import walk_files

THEME_CSS = "css/theme.css"


@dataclass(frozen=True)
class Assets:
    urls: dict[str, str]  # logical name -> URL
    files: tuple[OutputFile, ...]

    def url(self, name: str) -> str:
        try:
            return self.urls[name]
        except KeyError:
            raise ValueError(f'no static file "{name}" (looked in static/)') from None


def hashed_name(name: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:10]
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def theme_css(config: SiteConfig) -> bytes:
    theme = config.theme
    return (f":root {{\n  --brand: {theme.primary_color};\n  --accent: {theme.accent_color};\n}}\n").encode()


def collect_assets(config: SiteConfig, report: Report) -> Assets:
    """Gather static files (clinic overrides win by name) and the theme stylesheet.

    Symlinks are followed only inside the project; every name must be usable in an address.
    """
    found: dict[str, bytes] = {}
    for folder in (config.static_dir, config.theme.static):
        if folder is None:
            continue
        for name, path in walk_files(folder, config.root, report):
            if name == THEME_CSS:
                report.error(
                    path,
                    None,
                    f"{THEME_CSS} is made by the build from theme colours in site.yaml",
                    "rename this file; set the colours with theme.primary_color and theme.accent_color",
                )
            elif (problem := check_static_name(name)) is not None:
                report.error(
                    path,
                    None,
                    f'static file name "{name}" cannot be part of an address',
                    f"use only {problem}",
                )
            elif (content := read_bytes(path, report)) is not None:
                found[name] = content
    found[THEME_CSS] = theme_css(config)
    # Icons from the clinic's logo or colours, unless static/ has its own.
    if FAVICON not in found:
        found[FAVICON] = favicon_svg(config, found.get(config.theme.logo or ""))
    if TOUCH_ICON not in found:
        found[TOUCH_ICON] = touch_icon_png(config)
    if config.theme.share_image is None and SHARE_IMAGE not in found:  # the link-preview picture
        found[SHARE_IMAGE] = generated_share_image(config)
    urls: dict[str, str] = {}
    files = []
    for name in sorted(found):
        output = f"{ASSET_DIR}/{hashed_name(name, found[name])}"
        urls[name] = url(config.base_path, output)
        files.append(OutputFile(output, found[name], Path(name)))
    return Assets(urls, tuple(files))
