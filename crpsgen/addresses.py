"""Addresses: the one rule for every path that comes from input and ends up in the site.

Page addresses (from file names or `slug:`), old addresses (`aliases:`), static file
names, theme folders, template names and the symlinks under content/ and static/ all
pass through here. Each is checked for its form first, then resolved, so nothing an
editor types or a file holds can leave its folder or land on another output file.
`sources.py` applies these rules to fix each page's address once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from .diagnostics import Report
from .model import OutputFile, Page, SiteConfig
from .slugs import page_slug, slugify

SEGMENT = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_FORM = "lower-case letters, digits and single hyphens (e.g. what-is-crps)"
ALIAS_FORM = (
    "an alias is an old address of this site, such as old-page or old/page/: "
    "lower-case letters, digits and hyphens, parts separated by /"
)
ASSET_DIR = "assets"  # every static file is published under output/assets/
SEARCH_DIR = "pagefind"  # the search index (crpsgen/search.py), when a page uses search.html
# Files the build writes at the top of output/ (a page or alias there would clash).
GENERATED_FILES = (
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "_headers",
    "_redirects",
    "feed.xml",
)
STATIC_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
TEMPLATE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\.html")
LAYOUT_TEMPLATE = "base.html"  # the frame page templates extend; not a page template itself


# ---------------------------------------------------------------- page addresses (slugs.py makes them)


def check_slug(slug: str) -> str | None:
    """Return what is wrong with a page address ("what-is-crps", "guides/pacing"), or None."""
    if slug.split("/")[0] == ASSET_DIR:
        return f"an address outside {ASSET_DIR}/, which holds the site's static files"
    if slug.split("/")[0] == SEARCH_DIR:
        return f"an address outside {SEARCH_DIR}/, which holds the site's search index"
    if not all(SEGMENT.fullmatch(part) for part in slug.split("/")):
        return SLUG_FORM
    return None


@dataclass(frozen=True)
class NameProblem:
    message: str
    hint: str


def check_file_name(relpath: str) -> NameProblem | None:
    """A content file whose name (and folders) cannot be an address, with the clean name to use."""
    slug = page_slug(relpath)
    if slug == "" or check_slug(slug) is None:
        return None
    # The suggestion also splits camelCase and snake_case ("PainDiary", "pain_diary" -> "pain-diary").
    parts = [
        slugify(re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[_.]", " ", part))
        for part in relpath.removesuffix(".md").split("/")
    ]
    suggestion, clean = "/".join(parts), page_slug("/".join(parts) + ".md")
    if clean.split("/")[0] == ASSET_DIR:
        hint = f"rename it or its folder: addresses under {ASSET_DIR}/ belong to the site's static files"
    elif not all(parts) or (clean != "" and check_slug(clean) is not None):
        hint = "rename it using lower-case letters, digits and hyphens, or set slug: in its front matter"
    elif clean == "":
        hint = "rename it to index.md"
    else:
        hint = f"rename it to {suggestion}.md, or set slug: {clean}"
    return NameProblem(f'file name "{relpath.removesuffix(".md")}" cannot be an address', hint)


# ---------------------------------------------------------------- links


def url(base: str, path: str) -> str:
    """The one join of a base path ("/crps/"; the base URL for an absolute address) and a path below it."""
    return base + path


# ---------------------------------------------------------------- aliases


def alias_path(value: str) -> str | NameProblem:
    """An old address as a folder under output/ ("old/page/"), or what is wrong with it."""
    bare = value.strip("/")
    problem = _alias_problem(value, bare)
    if problem is not None:
        return NameProblem(f'alias "{value}" {problem}', ALIAS_FORM)
    return bare + "/"


def _alias_problem(value: str, bare: str) -> str | None:
    if "://" in value or value.startswith("//") or value.lower().startswith(("mailto:", "javascript:")):
        return "is a full web address; write only the path on this site"
    if "\\" in value:
        return "contains a backslash; separate parts with /"
    if "?" in value or "#" in value:
        return "has a query or fragment (? or #), which a static redirect cannot match"
    parts = bare.split("/")
    if any(part in {".", ".."} for part in parts):
        return "leaves its folder (. or .. parts are not allowed)"
    if bare == "":
        return "is the home page's address"
    if "" in parts:
        return "has an empty part (//)"
    if bare in GENERATED_FILES:
        return f"is the name of a file the build writes ({bare})"
    if parts[0] == ASSET_DIR:
        return f"is inside {ASSET_DIR}/, which holds the site's static files"
    if parts[0] == SEARCH_DIR:
        return f"is inside {SEARCH_DIR}/, which holds the site's search index"
    if any(not SEGMENT.fullmatch(part) for part in parts):
        if any("." in part for part in parts):
            return "contains a dot; aliases are folder addresses (a redirect is written as ALIAS/index.html)"
        return "should be lower-case letters, digits and single hyphens, parts separated by /"
    return None


# ---------------------------------------------------------------- templates


def check_template_name(name: str) -> NameProblem | None:
    """What is wrong with a page's `template:` (a file directly in templates/), or None."""
    shown = f'template "{name}"'
    if "/" in name or "\\" in name:
        return NameProblem(
            f"{shown} is not a page template",
            "name a file directly in templates/, such as page.html; partials/ holds pieces of pages",
        )
    if not TEMPLATE_NAME.fullmatch(name):
        return NameProblem(f"{shown} should be a template file name", "such as page.html")
    if name == LAYOUT_TEMPLATE:
        return NameProblem(f"{shown} is the frame other templates extend", "use page.html")
    return None


# ---------------------------------------------------------------- folders and files


def resolve_inside(root: Path, value: str) -> Path | None:
    """`value` (a path an editor wrote) resolved against `root`, or None unless it is under it.

    Symlinks are followed first, so a link that leads out of the project is refused too.
    """
    try:
        root = root.resolve()
        folder = (root / value).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        return None
    return folder if folder != root and folder.is_relative_to(root) else None


ROOT_NAME = re.compile(r"\.?[A-Za-z0-9_][A-Za-z0-9_.-]*")  # .nojekyll, .well-known


def check_root_name(name: str) -> str | None:
    """What is wrong with a root-level file's path relative to root/, or None."""
    if all(ROOT_NAME.fullmatch(part) for part in name.split("/")):
        return None
    return "ASCII letters, digits, dots, hyphens and underscores (a dot may start a name)"


IMAGE_PATH_HINT = "write the path inside static/, e.g. images/diagram.png for static/images/diagram.png"


def image_name(src: str, suffixes: tuple[str, ...]) -> str | NameProblem:
    """A Markdown image's path as a static file name ("images/diagram.png"), or what is wrong.

    Images are written relative to static/, the same for every page, and may not leave it.
    """
    shown = f'image "{src}"'
    if src.startswith("/"):
        return NameProblem(f"{shown} is an address, not a file in static/", IMAGE_PATH_HINT)
    path = unquote(src.split("?")[0].split("#")[0])
    if "\\" in path:
        return NameProblem(f"{shown} contains a backslash", "separate folders with /: images/diagram.png")
    if any(part in {"", ".", ".."} for part in path.split("/")):
        return NameProblem(f"{shown} is outside static/", IMAGE_PATH_HINT)
    if not path.lower().endswith(suffixes):
        return NameProblem(f"{shown} is not a PNG, JPEG, GIF, WebP or SVG file", IMAGE_PATH_HINT)
    if check_static_name(path) is not None:
        return NameProblem(f"{shown} cannot be part of an address", f"use only {STATIC_FORM}")
    return path


STATIC_FORM = "ASCII letters, digits, dots, hyphens and underscores"


def check_static_name(name: str) -> str | None:
    """What is wrong with a static file's path relative to its folder, or None."""
    if all(STATIC_NAME.fullmatch(part) for part in name.split("/")):
        return None
    return STATIC_FORM


# ---------------------------------------------------------------- output paths


class OutputPaths:
    """Every output path claimed so far, to refuse a second file at one path.

    A file also clashes with a folder of another ("sitemap.xml" and
    "sitemap.xml/index.html"). Dictionary look-ups only: linear in the site's size.
    """

    def __init__(self) -> None:
        self.files: dict[str, Path] = {}
        self.folders: dict[str, str] = {}  # folder -> a file under it

    def claim(self, path: str, origin: Path) -> str | None:
        """Record `path` for `origin`; return the claimed path it clashes with instead, if any."""
        parents = [p.as_posix() for p in PurePosixPath(path).parents][:-1]  # without "."
        if path in self.files:
            return path
        if path in self.folders:
            return self.folders[path]
        clash = next((p for p in parents if p in self.files), None)
        if clash is not None:
            return clash
        self.files[path] = origin
        for parent in parents:
            self.folders.setdefault(parent, path)
        return None


def check_output_paths(
    outputs: list[OutputFile], pages: list[Page], config: SiteConfig, report: Report
) -> list[OutputFile]:
    """Refuse an output path outside output/ or claimed twice; keep the first claim.

    The checks on slugs, file names and aliases stop these earlier; this is the
    backstop over every file the build would write, naming both sources.
    """
    redirects = {alias + "index.html": page.source.path for page in pages for alias in page.meta.aliases}
    claimed = OutputPaths()
    kept = []
    # Root-level files claim last (a stable sort): a clash with a generated file blames the root file.
    for output in sorted(outputs, key=lambda o: o.verbatim):
        origin = _origin(output, redirects, config)
        if not is_safe_output(output.path):
            report.error(origin, None, f'output path "{output.path}" would be outside output/')
            continue
        clash = claimed.claim(output.path, origin)
        if clash is None:
            kept.append(output)
            continue
        report.error(
            origin,
            None,
            f"would write output/{output.path}, which clashes with output/{clash} "
            f"from {report.relative(claimed.files[clash])}",
            "give one of them another file name, slug or alias",
        )
    kept_ids = {id(o) for o in kept}
    return [o for o in outputs if id(o) in kept_ids]  # in the order given


def _origin(output: OutputFile, redirects: dict[str, Path], config: SiteConfig) -> Path:
    """The input file an output comes from, for messages."""
    if output.source is None:
        return redirects.get(output.path, config.path)  # a redirect, or a file site.yaml shapes
    if output.source.is_absolute():
        return output.source  # a page
    return config.static_dir / output.source  # an asset names its static file


def is_safe_output(path: str) -> bool:
    """Whether an output path stays inside output/: relative, no empty, "." or ".." parts."""
    parts = path.split("/")
    return "\\" not in path and not path.startswith("/") and all(p not in {"", ".", ".."} for p in parts)
