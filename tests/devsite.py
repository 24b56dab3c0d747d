"""A small site for the build-cache and dev-server tests, written into tmp_path.

It is the golden fixture (with its own minimal theme, so work on the real templates
cannot break these tests) plus a bibliography page and a Draft banner. Its base_url
is https://example.org/crps/, so it is served under /crps/.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from crpsgen import store
from crpsgen.buildcache import BuildCache, Work
from crpsgen.diagnostics import Report
from crpsgen.model import BuildOptions
from crpsgen.pipeline import BuildResult, build_site

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
TODAY = dt.date(2026, 11, 22)

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


def make_site(folder: Path) -> Path:
    """Write the site into `folder`; return its site.yaml."""
    shutil.copytree(GOLDEN, folder, ignore=shutil.ignore_patterns("expected"))
    (folder / "templates" / "references.html").write_text(REFERENCES_TEMPLATE, encoding="utf-8")
    (folder / "content" / "references.md").write_text(REFERENCES_PAGE, encoding="utf-8")
    edit(folder / "templates" / "base.html", "<body>\n", "<body>\n" + DRAFT_BANNER)
    return folder / "site.yaml"


def options(config: Path, **changes: Any) -> BuildOptions:
    """Build options for the site with a fixed date, so review dates never drift."""
    return dataclasses.replace(BuildOptions(config_path=config, today=TODAY), **changes)


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file, insisting that it is there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


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
