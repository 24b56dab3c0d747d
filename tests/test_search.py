"""search.py: the Pagefind index, made in line or ahead in another process, with the same result."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import make_site, options

from crpsgen import pipeline, search
from crpsgen.buildcache import BuildCache
from crpsgen.diagnostics import Report
from crpsgen.parallel import can_fork
from crpsgen.pipeline import BuildResult, build_site

pytestmark = pytest.mark.skipif(not can_fork(), reason="the index is made ahead only where processes fork")

SEARCH_PAGE = (
    "---\ntitle: Search\ndescription: Search the site.\nlast_reviewed: 2026-11-01\n"
    "template: search.html\nneeds_sources: false\n---\nType a word.\n"
)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = make_site(tmp_path / "site", {"content/search.md": SEARCH_PAGE})
    return root / "site.yaml"


def build(site: Path, jobs: int) -> BuildResult:
    search._index_of.cache_clear()  # Pagefind runs each time (a process keeps its last index)
    return build_site(options(site), Report(root=site.parent), BuildCache(jobs))


def files(result: BuildResult) -> dict[str, bytes]:
    return {output.path: output.content for output in result.outputs}


def lines(result: BuildResult) -> list[str]:
    return [item.format() for item in result.report.sorted()]


def test_an_index_made_ahead_is_the_index_made_in_line(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real = search.IndexAhead.__init__

    def counted(self: search.IndexAhead, pages: tuple[search.IndexedPage, ...]) -> None:
        started.append(len(pages))
        real(self, pages)

    monkeypatch.setattr(search.IndexAhead, "__init__", counted)
    in_line = build(site, jobs=1)
    assert started == []
    ahead = build(site, jobs=2)
    assert started, "two jobs make the index ahead"
    assert any(path.startswith("pagefind/") for path in files(ahead))
    assert files(ahead) == files(in_line)
    assert lines(ahead) == lines(in_line)


def test_an_index_the_cache_holds_is_not_made_again(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = BuildCache(2)
    build_site(options(site), Report(root=site.parent), cache)
    monkeypatch.setattr(search, "IndexAhead", None)  # would fail if called
    monkeypatch.setattr(pipeline, "IndexAhead", None)
    again = build_site(options(site), Report(root=site.parent), cache)
    assert any(output.path.startswith("pagefind/") for output in again.outputs)


def test_a_failure_ahead_is_the_same_one_line(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pagefind.service

    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)  # the child inherits this
    in_line, ahead = build(site, jobs=1), build(site, jobs=2)
    assert lines(ahead) == lines(in_line)
    assert any("the Pagefind search indexer is not installed" in line for line in lines(ahead))


def test_an_index_not_asked_for_is_stopped(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that stops before the index (a template mistake) leaves no process behind."""
    made: list[search.IndexAhead] = []
    real = search.IndexAhead.__init__

    def kept(self: search.IndexAhead, pages: tuple[search.IndexedPage, ...]) -> None:
        real(self, pages)
        made.append(self)

    monkeypatch.setattr(search.IndexAhead, "__init__", kept)
    template = site.parent / "templates" / "page.html"
    text = template.read_text(encoding="utf-8").replace(
        "{% endblock %}", "{{ no_such_thing }}{% endblock %}", 1
    )
    template.write_text(text, encoding="utf-8")
    result = build(site, jobs=2)
    assert result.report.has_errors and result.outputs == []
    assert len(made) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(made[0]._pid, os.WNOHANG)  # stopped and reaped: no such child any more
