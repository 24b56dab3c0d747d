"""The build cache: after any edit, the same files and diagnostics as a full build, with less work.

Whether the cache is kept in memory (the dev server), stored on disk (`python build.py`)
or the work is shared among processes, the result is byte for byte a serial build's.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import jinja2
import pytest
from support import Session, StoredSession, WatchedSession, edit, make_site, options, snapshot

from crpsgen import files, parallel, store
from crpsgen.checks import check_outputs
from crpsgen.diagnostics import Report
from crpsgen.markup import MarkdownConverter
from crpsgen.model import ConvertedPage, OutputFile, Page, SiteConfig
from crpsgen.pipeline import BuildResult, build_site
from crpsgen.templates import ParsedEnvironment, template_variables

PAGES = 5  # index, about, glossary, symptoms, references


def full_build(config: Path, **changes: object) -> BuildResult:
    return build_site(options(config, **changes), Report(root=config.parent))


def assert_same(result: BuildResult, expected: BuildResult) -> None:
    """The same files, byte for byte, and the same diagnostics."""
    assert [o.path for o in result.outputs] == [o.path for o in expected.outputs]
    for mine, theirs in zip(result.outputs, expected.outputs, strict=True):
        assert mine.content == theirs.content, mine.path
    assert [d.format() for d in result.report.sorted()] == [d.format() for d in expected.report.sorted()]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", golden=True) / "site.yaml"


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


NEW_PAGE = "---\ntitle: Treatment\ndescription: Treatments.\nsection: crps\norder: 2\nlast_reviewed: 2026-11-01\n---\n"

Edit = Callable[[Path], None]
EDITS: dict[str, Edit] = {
    "body text": lambda root: edit(root / "content/symptoms.md", "is common", "is very common"),
    "title (every menu shows it)": lambda root: edit(
        root / "content/symptoms.md", "title: Symptoms", "title: Signs"
    ),
    "menu order": lambda root: edit(root / "content/about.md", "order: 1", "order: 9"),
    "section": lambda root: edit(root / "content/about.md", "section: help", "section: crps"),
    "new citation (bibliography page)": lambda root: edit(
        root / "content/about.md", "We write plain pages.", "We write plain pages [@b2021]."
    ),
    "citations removed": lambda root: edit(root / "content/index.md", " [@a2020]", ""),
    "new page": lambda root: write(root / "content/treatment.md", NEW_PAGE + "Rest [@a2020].\n"),
    "page deleted (its link breaks)": lambda root: (root / "content/symptoms.md").unlink(),
    "page renamed": lambda root: os.replace(root / "content/about.md", root / "content/about-us.md"),
    "slug": lambda root: edit(root / "content/about.md", "order: 1", "order: 1\nslug: who-we-are"),
    "alias": lambda root: edit(root / "content/about.md", "order: 1", "order: 1\naliases: [old-about]"),
    "draft": lambda root: edit(root / "content/about.md", "order: 1", "order: 1\ndraft: true"),
    "front matter broken": lambda root: edit(root / "content/about.md", "title: About", "title: [About"),
    "link to a missing heading": lambda root: edit(root / "content/index.md", "#signs", "#sign"),
    "review date (sitemap, feed)": lambda root: edit(
        root / "content/symptoms.md", "last_reviewed: 2026-11-01", "last_reviewed: 2026-11-15"
    ),
    "menu title (breadcrumbs)": lambda root: edit(
        root / "content/about.md", "order: 1", "order: 1\nnav_title: Us"
    ),
    "template": lambda root: edit(root / "templates/page.html", "<h1>", '<h1 class="title">'),
    "sitemap template": lambda root: edit(root / "templates/sitemap.xml", "<url>", "<url>\n    "),
    "sitemap template fails": lambda root: edit(
        root / "templates/sitemap.xml", "{{ entry.url }}", "{{ entry.url }}{{ no_such_thing }}"
    ),
    "template syntax error": lambda root: edit(
        root / "templates/page.html", "{% endblock %}", "{% endblok %}"
    ),
    "template removed": lambda root: (root / "templates/glossary.html").unlink(),
    "stylesheet": lambda root: edit(root / "static/css/site.css", "{", "{ color: black;"),
    "bibliography entry": lambda root: edit(root / "content/_data/references.yaml", "title: ", "title: New "),
    "glossary term": lambda root: write(
        root / "content/_data/glossary.yaml",
        (root / "content/_data/glossary.yaml").read_text() + "- term: common\n  definition: Often seen.\n",
    ),
    "data file broken": lambda root: write(root / "content/_data/glossary.yaml", "- term: [x\n"),
    "site.yaml": lambda root: edit(root / "site.yaml", "title: Golden site", "title: Silver site"),
    "site.yaml menu titles": lambda root: edit(root / "site.yaml", "title: Help", "title: Get help"),
    "site.yaml broken": lambda root: edit(root / "site.yaml", "title: Golden site", "title: [Golden"),
    "root-level file": lambda root: write(
        root / "root/.well-known/security.txt", "Contact: mailto:a@b.org\n"
    ),
    "robots.txt extras": lambda root: write(root / "root/robots.txt", "User-agent: GPTBot\nDisallow: /\n"),
    "root file clashes": lambda root: write(root / "root/feed.xml", "<feed/>\n"),
    "image missing": lambda root: edit(
        root / "content/symptoms.md", "is common", "is common ![A](images/a.png)"
    ),
}


@pytest.mark.parametrize("cache", ["in memory", "watched", "stored on disk", "2 processes"])
@pytest.mark.parametrize("change", EDITS.values(), ids=EDITS.keys())
def test_a_rebuild_after_an_edit_matches_a_full_build(
    site: Path, change: Edit, cache: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dev server's cache (with and without its watcher's hint), python build.py's stored
    cache and a parallel build: each a serial build."""
    if cache == "2 processes":
        monkeypatch.setattr(parallel, "MINIMUM", 2)  # the small site's pages go to 2 processes
        monkeypatch.setattr(parallel, "MINIMUM_SLOW", 2)
    kinds = {"stored on disk": StoredSession, "watched": WatchedSession}
    kind = kinds.get(cache, Session)
    session = kind(options(site), jobs=2 if cache == "2 processes" else 1)
    assert_same(session.rebuild(), full_build(site))
    change(site.parent)
    assert_same(session.rebuild(), full_build(site))


def test_many_edits_in_a_row_match_full_builds(site: Path) -> None:
    """State carried from rebuild to rebuild never goes stale, through errors and recoveries."""
    root = site.parent
    original = snapshot(root)
    session = Session(options(site))
    clean = session.rebuild()
    for name in (
        "body text",
        "new citation (bibliography page)",
        "front matter broken",
        "title (every menu shows it)",
        "new page",
        "template syntax error",
        "glossary term",
        "page renamed",
        "data file broken",
        "stylesheet",
        "site.yaml broken",
        "sitemap template fails",
        "review date (sitemap, feed)",
    ):
        EDITS[name](root)
        assert_same(session.rebuild(), full_build(site))
    for path in set(snapshot(root)) - set(original):
        (root / path).unlink()
    for path, content in original.items():
        (root / path).write_bytes(content)
    result = session.rebuild()
    assert_same(result, full_build(site))
    assert_same(result, clean)


def test_a_failed_sitemap_template_fails_every_build_until_fixed(site: Path) -> None:
    """A site-wide page kept by the cache is never a template failure kept: it is reported again."""
    session = Session(options(site))
    session.rebuild()
    EDITS["sitemap template fails"](site.parent)
    failed = session.rebuild()
    assert_same(failed, full_build(site))
    EDITS["body text"](site.parent)  # nothing the sitemap shows: its key is unchanged
    assert_same(session.rebuild(), full_build(site))


def test_drafts_are_built_when_asked(site: Path) -> None:
    EDITS["draft"](site.parent)
    session = Session(options(site, drafts=True))
    result = session.rebuild()
    assert_same(result, full_build(site, drafts=True))
    about = next(o for o in result.outputs if o.path == "about/index.html")
    assert b'class="draft-banner"' in about.content


def test_nothing_changed_means_nothing_redone(site: Path) -> None:
    session = Session(options(site))
    session.rebuild()
    session.rebuild()
    work = session.work
    assert (work.parsed, work.converted, work.rendered, work.checked) == (0, 0, 0, 0)


def test_a_body_edit_redoes_only_that_page(site: Path) -> None:
    session = Session(options(site))
    session.rebuild()
    EDITS["body text"](site.parent)
    session.rebuild()
    work = session.work
    assert (work.parsed, work.converted, work.rendered, work.checked) == (1, 1, 1, 1)


def test_a_new_citation_also_redoes_the_bibliography_page(site: Path) -> None:
    session = Session(options(site))
    session.rebuild()
    EDITS["new citation (bibliography page)"](site.parent)
    result = session.rebuild()
    assert (session.work.converted, session.work.rendered) == (1, 2)  # about and references
    references = next(o for o in result.outputs if o.path == "references/index.html")
    assert b'Cited on: <a href="/crps/about/">About</a>' in references.content


def test_a_new_title_redoes_only_the_pages_that_show_it(site: Path) -> None:
    """Menus list only their own section's pages, so a title is on a few pages, not all of them."""
    session = Session(options(site))
    before = {o.path: o.content for o in session.rebuild().outputs}
    EDITS["title (every menu shows it)"](site.parent)
    after = {o.path: o.content for o in session.rebuild().outputs}
    changed = {path for path in after if path.endswith("index.html") and after[path] != before.get(path)}
    assert session.work.converted == 1
    assert session.work.rendered == len(changed) < PAGES
    assert "symptoms/index.html" in changed


def test_a_page_appearing_redoes_the_pages_that_link_to_it(site: Path) -> None:
    session = Session(options(site))
    edit(site.parent / "content/index.md", "Welcome.", "Welcome. See [treatment](treatment.md).")
    assert "link to missing page" in "".join(d.message for d in session.rebuild().report.items)
    write(site.parent / "content/treatment.md", NEW_PAGE + "Rest [@a2020].\n")
    result = session.rebuild()
    assert session.work.converted == 2  # the new page, and the home page that links to it
    assert not result.report.has_errors
    home = next(o for o in result.outputs if o.path == "index.html")
    assert b'href="/crps/treatment/"' in home.content


def test_a_deleted_page_leaves_no_file_behind(site: Path) -> None:
    session = Session(options(site))
    session.rebuild()
    (site.parent / "content/glossary.md").unlink()
    edit(site.parent / "content/about.md", "See the [glossary](glossary.md).", "")
    result = session.rebuild()
    assert not result.report.has_errors
    assert "glossary/index.html" not in {o.path for o in result.outputs}


def test_removing_a_page_breaks_links_in_pages_whose_html_did_not_change(site: Path) -> None:
    """A page outside the menu, linked from the template: only the link checks can notice."""
    root = site.parent
    write(root / "content/contact.md", NEW_PAGE.replace("section: crps\n", "") + "Call us.\n")
    edit(root / "templates/base.html", "<footer>", '<footer><a href="{{ url("contact/") }}">Contact</a>')
    session = Session(options(site))
    assert not session.rebuild().report.has_errors
    (root / "content/contact.md").unlink()
    result = session.rebuild()
    assert_same(result, full_build(site))
    assert session.work.rendered == 0  # no page's HTML changed...
    assert sum("goes nowhere" in d.message for d in result.report.items) == PAGES + 1  # ...yet all link there


def test_pages_are_checked_as_they_are_rendered_and_again_if_the_paths_they_asked_changed(
    site: Path,
) -> None:
    """A page is checked in its rendering pass against the last build's paths (check_ahead):
    once, while those are the site's; again when a page it links to came or went meanwhile."""
    root = site.parent
    link = '<footer><a href="{{ url("contact/") }}">Contact</a>'
    session = Session(options(site))
    before = {o.path: o.content for o in session.rebuild().outputs}
    edit(root / "templates/base.html", "<footer>", link)  # every page: to a page not there yet
    result = session.rebuild()
    assert_same(result, full_build(site))
    changed = [o for o in result.outputs if before[o.path] != o.content]
    assert session.work.rendered == PAGES
    assert session.work.checked == len(changed) > PAGES  # each once, pages in their rendering pass
    assert sum("goes nowhere" in d.message for d in result.report.items) == PAGES + 1  # and 404
    write(root / "content/contact.md", NEW_PAGE.replace("section: crps\n", "") + "Call us.\n")
    edit(root / "templates/base.html", link, link + " ")  # checked ahead while contact/ was missing
    result = session.rebuild()
    assert_same(result, full_build(site))
    assert not result.report.has_errors
    (root / "content/contact.md").unlink()
    edit(root / "templates/base.html", link + " ", link)  # checked ahead while contact/ was there
    assert_same(session.rebuild(), full_build(site))


def test_a_stage_that_goes_through_every_address_is_redone_when_any_changes(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Say markup or the output checks one day suggest a page name: they must see new pages."""

    class ListingConverter(MarkdownConverter):
        def convert(self, page: Page, report: Report) -> ConvertedPage:
            report.notice(page.source.path, None, "pages: " + " ".join(sorted(self.state.page_urls)))
            return super().convert(page, report)

    def listing_check(
        outputs: list[OutputFile], config: SiteConfig, report: Report, existing: set[str]
    ) -> None:
        check_outputs(outputs, config, report, existing)
        report.notice(outputs[0].path, None, f"{len(existing)} files")

    monkeypatch.setattr("crpsgen.buildcache.MarkdownConverter", ListingConverter)
    monkeypatch.setattr("crpsgen.buildcache.check_outputs", listing_check)
    session = Session(options(site))
    session.rebuild()
    write(site.parent / "content/contact.md", NEW_PAGE.replace("section: crps\n", "") + "Call us.\n")
    result = session.rebuild()
    notices = [d.message for d in result.report.items if d.severity == "notice"]
    listed = [m for m in notices if m.startswith("pages:")]
    assert listed == ["pages: about.md contact.md glossary.md index.md references.md symptoms.md"] * (
        PAGES + 1
    )
    assert {m for m in notices if m.endswith(" files")} == {f"{len(result.outputs)} files"}


def test_template_variables_follow_extends_and_includes(tmp_path: Path) -> None:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "base.html": "{{ site.title }}{% block main %}{% endblock %}{% include 'footer.html' %}",
                "footer.html": "{{ organization }}",
                "page.html": "{% extends 'base.html' %}{% block main %}{{ content }}{% endblock %}",
                "dynamic.html": "{% include name %}",
            }
        )
    )
    assert template_variables(env, "page.html") == frozenset({"site", "content", "organization"})
    assert template_variables(env, "dynamic.html") is None  # chosen at render time: could read anything
    assert template_variables(env, "missing.html") is None


def test_template_variables_read_the_trees_compiling_made(tmp_path: Path) -> None:
    """A ParsedEnvironment keeps the tree each compiled template was parsed into; the variables
    read from it are those a fresh parse finds, with the template's own names as well."""
    sources = {"page.html": "{% set shown = site.title %}{% for item in contents %}{{ item }}{% endfor %}"}
    kept = ParsedEnvironment(loader=jinja2.DictLoader(sources))
    kept.get_template("page.html")  # compiled: its tree is kept
    assert set(kept.trees) == {"page.html"}
    fresh = jinja2.Environment(loader=jinja2.DictLoader(sources))
    assert template_variables(kept, "page.html") == template_variables(fresh, "page.html")
    assert template_variables(kept, "page.html") == frozenset({"site", "contents", "item"})


def test_nothing_changed_since_the_stored_build_means_nothing_redone_or_stored(site: Path) -> None:
    session = StoredSession(options(site))
    session.rebuild()
    stored = store.cache_file(site).stat().st_mtime_ns
    session.rebuild()
    work = session.work
    assert (work.parsed, work.converted, work.rendered, work.checked) == (0, 0, 0, 0)
    assert not session.cache.changed
    assert store.cache_file(site).stat().st_mtime_ns == stored  # not written again


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-200] + b"\x00" * 200,  # corrupt
        lambda data: b"crpsgen build cache 0\n" + data,  # another format
        lambda data: data.replace(
            store.fingerprint(), store.fingerprint().replace(b"a", b"b")
        ),  # another version
        lambda data: store.fingerprint() + pickle.dumps({"not": "a cache"}),
        lambda data: b"",
    ],
    ids=["cut short", "corrupt", "other format", "other version", "not a cache", "empty"],
)
def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(
    site: Path, damage: Callable[[bytes], bytes]
) -> None:
    StoredSession(options(site)).rebuild()
    path = store.cache_file(site)
    path.write_bytes(damage(path.read_bytes()))
    session = StoredSession(options(site))
    assert_same(session.rebuild(), full_build(site))
    assert session.work.parsed == PAGES  # nothing was trusted
    assert path.read_bytes().startswith(store.fingerprint())  # and a good one took its place


def test_a_cache_from_another_site_only_costs_time(site: Path, tmp_path: Path) -> None:
    other = make_site(tmp_path / "other", golden=True) / "site.yaml"
    edit(other.parent / "content/symptoms.md", "is common", "is rare")
    StoredSession(options(other)).rebuild()
    store.cache_file(site).parent.mkdir(parents=True)
    shutil.copy(store.cache_file(other), store.cache_file(site))
    assert_same(StoredSession(options(site)).rebuild(), full_build(site))


def test_the_cache_lives_beside_site_yaml_and_is_ignored_by_git(site: Path) -> None:
    StoredSession(options(site)).rebuild()
    folder = site.parent / ".cache" / "crpsgen"
    assert (folder / "build.pickle").is_file()
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"


def test_parallel_run_keeps_the_order_of_one_process() -> None:
    items = list(range(103))
    assert parallel.run(lambda n: (n, os.getpid()), items, 2, 2) != [(n, os.getpid()) for n in items]
    assert [n for n, _ in parallel.run(lambda n: (n, os.getpid()), items, 2, 2)] == items
    assert parallel.run(lambda n: (n, os.getpid()), items, 1, 2) == [(n, os.getpid()) for n in items]


def test_the_watchers_hint_is_trusted_and_kept_until_a_build_uses_it(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files the watcher saw unchanged are not read again (a save it did not see is not built),
    and what it saw while site.yaml was broken still counts once the site builds again."""
    monkeypatch.setattr(files, "RECENT_NS", 0)  # the files were written just now: keep them anyway
    root = site.parent
    session = WatchedSession(options(site))
    session.rebuild()
    session.rebuild()  # the hint: nothing changed
    page = root / "content/symptoms.md"
    before = page.stat()
    edit(page, "is common", "is COMMON")  # the same size and, below, the same time: unseen
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    shown = {o.path: o.content for o in session.rebuild().outputs}
    assert b"is common" in shown["symptoms/index.html"] and b"COMMON" not in shown["symptoms/index.html"]

    edit(root / "site.yaml", "title: Golden site", "title: [Golden")
    assert session.rebuild().config is None
    edit(page, "is COMMON", "is rare")  # seen while site.yaml is broken: no page was read
    write(root / "content/treatment.md", NEW_PAGE + "Rest [@a2020].\n")
    assert session.rebuild().config is None
    edit(root / "site.yaml", "title: [Golden", "title: Golden site")
    assert_same(session.rebuild(), full_build(site))
