"""What tests build with: small sites written into a folder, snapshots, keyword factories for
the model (page_meta, site_config, reference), and one page of Markdown converted (convert).

Two sites: the small one (the project's own templates and static files, two pages citing
three references) for tests of what an editor sees, and the golden fixture (its own
minimal theme, so work on the real templates cannot break them, plus a references page
and a Draft banner; base_url https://example.org/crps/) for the build-cache and
dev-server tests. `conftest.py` keeps only fixtures and hooks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import struct
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crpsgen import store
from crpsgen.buildcache import BuildCache, Work
from crpsgen.diagnostics import Report
from crpsgen.icons import png
from crpsgen.images import Images
from crpsgen.markup import MarkdownConverter
from crpsgen.model import (
    BuildOptions,
    ConvertedPage,
    CrisisHelp,
    GlossaryTerm,
    NavSection,
    Organization,
    Page,
    PageMeta,
    Publisher,
    Reference,
    Reviewer,
    ReviewPolicy,
    SiteConfig,
    SiteData,
    SourceFile,
    Theme,
)
from crpsgen.pipeline import BuildResult, build_site
from crpsgen.watch import changes, scan

PROJECT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "fixtures" / "golden"
TODAY = dt.date(2026, 11, 22)

# A site's files by path: text, bytes, or None to leave a file out.
Files = dict[str, str | bytes | None]
SiteMaker = Callable[..., Path]

# ------------------------------------------------------------------------------ the small site

SITE_YAML = """\
title: Test site
base_url: https://example.org/
organization:
  name: Test Clinic
  phone: "555-0100"
publisher:
  offers_treatment: false
  funding: Paid for by the clinic.
disclaimer: General information, not medical advice.
navigation:
  - id: crps
    title: About CRPS
"""

REFERENCES_YAML = """\
- id: alpha2020
  type: article
  authors: [Alpha A, Beta B]
  title: A first study
  container: Pain
  year: 2020
  volume: "10"
  issue: "2"
  pages: "100-110"
  doi: 10.1000/alpha
  pmid: "12345"
  verified_from: [test fixture]
- id: beta2021
  type: review
  authors: [Gamma C]
  title: A review
  container: J Test
  year: 2021
  verified_from: [test fixture]
- id: gamma2022
  type: webpage
  authors: [Test Organization]
  title: A web page
  url: https://example.com/page
  accessed: 2026-11-01
  verified_from: [test fixture]
"""


def page(title: str, body: str, **front: object) -> str:
    """A page with valid front matter plus any extra keys."""
    lines = [
        "---",
        f"title: {title}",
        "description: A test page.",
        "last_reviewed: 2026-11-01",
    ]
    lines += [f"{key}: {value}" for key, value in front.items()]
    return "\n".join(lines) + "\n---\n" + textwrap.dedent(body)


def default_files() -> dict[str, str]:
    return {
        "site.yaml": SITE_YAML,
        "content/_data/references.yaml": REFERENCES_YAML,
        "content/index.md": page("Home", "Welcome [@alpha2020].\n"),
        "content/symptoms.md": page(
            "Symptoms",
            "## Budapest criteria\n\nSee [home](index.md) [@beta2021; @gamma2022].\n",
            section="crps",
            order=1,
        ),
    }


# ------------------------------------------------------------------------------ the golden site

REFERENCES_TEMPLATE = """\
{% extends "page.html" %}
{% block content %}{{ content }}<ul>{% for entry in bibliography %}<li>{{ entry.reference|reference }}
Cited on:{% for citing in entry.cited_by %} <a href="{{ citing.url }}">{{ citing.title }}</a>{% endfor %}</li>
{% endfor %}</ul>{% endblock %}
"""

REFERENCES_PAGE = """\
---
title: References
description: Every source.
section: help
order: 3
last_reviewed: 2026-11-01
needs_sources: false
template: references.html
---
Every source the site cites.
"""

DRAFT_BANNER = (
    '{% if show_drafts and meta is defined and meta.draft %}<p class="draft-banner">Draft</p>{% endif %}\n'
)


def make_site(root: Path, files: Files | None = None, *, golden: bool = False) -> Path:
    """Write a site into `root` and return `root`.

    The small site by default; `golden=True` for the golden fixture with a references page
    and a Draft banner. `files` are written over it (None leaves a file out).
    """
    if golden:
        shutil.copytree(GOLDEN, root, ignore=shutil.ignore_patterns("expected"))
        (root / "templates" / "references.html").write_text(REFERENCES_TEMPLATE, encoding="utf-8")
        (root / "content" / "references.md").write_text(REFERENCES_PAGE, encoding="utf-8")
        edit(root / "templates" / "base.html", "<body>\n", "<body>\n" + DRAFT_BANNER)
        base: Files = {}
    else:
        shutil.copytree(PROJECT / "templates", root / "templates")
        shutil.copytree(PROJECT / "static", root / "static")
        base = {**default_files()}
    for relpath, text in {**base, **(files or {})}.items():
        path = root / relpath
        if text is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file, insisting that it is there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to prove nothing changed ({} if it is not there)."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# Addresses a preview must answer with 404 (tests/test_preview.py, and a running server in
# tests/test_devserver.py): escapes from the output folder, source files, folder listings.
TRAVERSALS = [
    "/crps/../site.yaml",
    "/crps/../../../../etc/passwd",
    "/crps/%2e%2e/site.yaml",
    "/crps/%2E%2E/%2E%2E/etc/passwd",
    "/crps/..%2fsite.yaml",
    "/crps/%2e%2e%2fsite.yaml",
    "/crps/..%5csite.yaml",
    "/crps/..\\site.yaml",
    "/crps/%252e%252e/site.yaml",
    "/crps/assets/../../site.yaml",
    "/crps/./index.html",
    "/crps//symptoms/",
    "/crps/%00index.html",
    "//etc/passwd",
]
SOURCES = [
    "/site.yaml",
    "/content/symptoms.md",
    "/crps/content/symptoms.md",
    "/templates/base.html",
    "/crps/symptoms.md",
]
LISTINGS = ["/crps/assets/", "/crps/assets/css/", "/crps/.crpsgen-build", "/crps/_data/"]


# Image files of a given size, for the image tests (the header is all that is read).


def png_bytes(width: int, height: int) -> bytes:
    return png(width, height, (b"\x00" + b"\x00\x00\x00" * width) * height)


def jpeg_bytes(width: int, height: int, frame: int = 0xC0) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof = bytes([0xFF, frame]) + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + b"\xff\xff" + sof + b"\xff\xd9"


def webp_bytes(kind: bytes, width: int, height: int) -> bytes:
    if kind == b"VP8X":
        body = b"\x00\x00\x00\x00" + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    elif kind == b"VP8L":
        bits = (width - 1) | ((height - 1) << 14)
        body = b"\x2f" + bits.to_bytes(4, "little")
    else:
        body = b"\x00\x00\x00" + b"\x9d\x01\x2a" + struct.pack("<HH", width, height)
    chunk = kind + struct.pack("<I", len(body)) + body
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


# ------------------------------------------------------------------------------ building


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` in a site folder, as an editor would."""
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def options(config: Path, **changes: Any) -> BuildOptions:
    """Build options for a site with a fixed date, so review dates never drift."""
    return dataclasses.replace(BuildOptions(config_path=config, today=TODAY), **changes)


class Session:
    """What the dev server does: `build_site` again and again with one cache."""

    def __init__(self, build_options: BuildOptions, jobs: int = 1) -> None:
        self.options = build_options
        self.cache = BuildCache(jobs)

    def rebuild(self) -> BuildResult:
        return build_site(self.options, Report(root=self.options.config_path.parent), self.cache)

    @property
    def work(self) -> Work:
        return self.cache.work


class StoredSession(Session):
    """What `python build.py` does: the cache stored on disk after each build, loaded before the next."""

    def rebuild(self) -> BuildResult:
        self.cache = store.load(self.options.config_path, self.cache.jobs)
        result = super().rebuild()
        store.save(self.cache, self.options.config_path)
        return result


class WatchedSession(Session):
    """What the dev server does, with its watcher's hint: each rebuild told what the scans saw change."""

    def __init__(self, build_options: BuildOptions, jobs: int = 1) -> None:
        super().__init__(build_options, jobs)
        self.folder = build_options.config_path.parent
        self.seen: dict[str, tuple[int, int]] | None = None

    def rebuild(self) -> BuildResult:
        current = scan([self.folder])
        self.cache.expect(None if self.seen is None else changes(self.seen, current))
        self.seen = current
        return super().rebuild()


# ------------------------------------------------------------------------------ keyword factories


def _known(cls: type[Any], values: dict[str, Any]) -> dict[str, Any]:
    """The defaults a dataclass still declares, so a dropped field does not break every test."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {name: value for name, value in values.items() if name in names}


def page_meta(**changes: Any) -> PageMeta:
    """Valid front matter for a page, by keyword; `nav_title` follows `title` unless given."""
    title = changes.get("title", "T")
    defaults = {
        "title": title,
        "description": "D",
        "section": None,
        "order": 1,
        "nav_title": title,
        "template": "page.html",
        "last_reviewed": dt.date(2026, 1, 1),
        "next_review_due": dt.date(2027, 1, 1),
        "reviewed_by": Reviewer(name="X", role="Y"),
        "review_is_placeholder": True,
        "authors": (),
        "draft": False,
        "aliases": (),
        "aspect": None,
        "tags": (),
        "needs_sources": True,
    }
    return PageMeta(**{**_known(PageMeta, defaults), **changes})


def site_config(root: Path = Path("/site"), **changes: Any) -> SiteConfig:
    """A valid site.yaml's settings, by keyword, for a site at `root` (no files are read)."""
    publisher = Publisher(offers_treatment=False, treatments=None, funding="Paid for by the clinic.")
    defaults = {
        "path": root / "site.yaml",
        "root": root,
        "title": "Test site",
        "tagline": None,
        "language": "en",
        "base_url": "https://example.org/",
        "organization": Organization(
            name="Test Clinic", phone="555-0100", email=None, address=None, website=None
        ),
        "publisher": publisher,
        "disclaimer": "General information, not medical advice.",
        "crisis": CrisisHelp(
            emergency_number="911",
            emergency_text="Call 911.",
            line_name="988 Lifeline",
            line_number="988",
            line_text="Call or text 988.",
            line_url=None,
            elsewhere_text="Call your local emergency number.",
        ),
        "navigation": (NavSection(id="crps", title="About CRPS"),),
        "review": ReviewPolicy(
            interval_months=12,
            warn_days=30,
            default_reviewer=Reviewer(name="Editorial team", role="Editors"),
            require_clinical_review=False,
        ),
        "theme": Theme(
            primary_color="#005eb8", accent_color="#ffb81c", logo=None, templates=None, static=None
        ),
        "content_dir": root / "content",
        "templates_dir": root / "templates",
        "static_dir": root / "static",
    }
    return SiteConfig(**{**_known(SiteConfig, defaults), **changes})


def reference(**changes: Any) -> Reference:
    """A bibliography entry (an article by default), by keyword."""
    key = changes.get("id", "doe2020")
    defaults = {
        "id": key,
        "type": "article",
        "authors": ("Doe J",),
        "title": f"Title {key}",
        "container": "Pain",
        "year": 2020,
        "volume": None,
        "issue": None,
        "pages": None,
        "doi": None,
        "pmid": None,
        "url": None,
        "accessed": None,
        "line": 1,
    }
    return Reference(**{**_known(Reference, defaults), **changes})


# ------------------------------------------------------------------------------ Markdown, one page

MARKDOWN_DATA = SiteData(
    references={key: reference(id=key, line=7) for key in ("a", "b", "c", "d")},
    references_path=Path("content/_data/references.yaml"),
    glossary=(
        GlossaryTerm("allodynia", ("allodynic",), "Pain from a light touch.", "term-allodynia", 1),
        GlossaryTerm("NMDA receptor", (), "A switch on nerve cells.", "term-nmda-receptor", 4),
    ),
    glossary_path=Path("content/_data/glossary.yaml"),
)
MARKDOWN_URLS = {"page.md": "page/", "diagnosis.md": "diagnosis/", "glossary.md": "glossary/"}


def markdown_page(body: str) -> Page:
    """content/page.md with `body` (its first line is file line 6)."""
    source = SourceFile(Path("content/page.md"), "page.md", "page", "page/", "page/index.html")
    return Page(source, page_meta(), body, 6)


def converter(
    base: str = "/", data: SiteData = MARKDOWN_DATA, images: Images | None = None
) -> MarkdownConverter:
    """A converter for a site whose pages are MARKDOWN_URLS, citing a-d."""
    return MarkdownConverter(base, MARKDOWN_URLS, data, images=images)


def convert(
    body: str,
    report: Report | None = None,
    base: str = "/",
    data: SiteData = MARKDOWN_DATA,
    images: Images | None = None,
) -> ConvertedPage:
    """Convert `body` as content/page.md with a new converter."""
    return converter(base, data, images).convert(markdown_page(body), report or Report())


def errors_of(body: str, images: Images | None = None) -> list[str]:
    """The diagnostics of converting `body`, as lines."""
    report = Report(root=Path.cwd())
    convert(body, report, images=images)
    return [d.format() for d in report.sorted()]
