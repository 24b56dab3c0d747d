"""The build cache: each per-item result of `build_site`, kept with the inputs it was made from.

`pipeline.build_site` is the only list of stages. Its per-item steps ask a `BuildCache`:

- a page file's bytes -> its `Page` (front matter);
- the `Page`, the bibliography and glossary, and the addresses of the pages it links
  to -> its `ConvertedPage` (Markdown, converted);
- the `ConvertedPage`, the navigation the page shows, the templates' bytes and, for
  templates that show it, the site's bibliography or contents -> its HTML (rendered);
- an output file's bytes and the site paths its links ask for -> the output checks.

A result is reused only when every input is equal, and the diagnostics it produced are
replayed into the new report, so a cached build reports exactly what a full build would.
Results to redo are shared among `jobs` processes (see `parallel.py`) when there are many.

A result is kept as a `cached.Entry`; the inputs every page shares (site.yaml, data,
templates, static files) are loaded through `siteinputs.py`, and pages are rendered through
`cachedrender.py`.
The dev server keeps one cache in memory between rebuilds; `python build.py` keeps it
on disk between runs (`store.py`). A fresh cache makes a full build.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from . import parallel
from .addresses import check_output_paths, url
from .cached import Entry, capture, replay
from .checks import check_outputs, check_readability
from .citations import BibliographyEntry
from .diagnostics import Diagnostic, Report
from .files import KnownFiles
from .frontmatter import parse_page
from .images import Images
from .lookups import AskedPaths, AskedUrls, Checked
from .markup import MarkdownConverter
from .model import ConvertedPage, OutputFile, Page, SiteConfig, SiteData, SourceFile
from .navigation import SiteNavigation
from .siteinputs import SiteInputs
from .sources import discover_sources
from .watch import Changes

T = TypeVar("T")
CheckResult = tuple[list[Diagnostic], dict[str, bool], bool]  # findings, paths asked, all listed
CheckAhead = CheckResult | None  # None: the findings kept already hold


@dataclass
class Work:
    """What one build redid; everything else came from the cache."""

    parsed: int = 0  # page files parsed
    converted: int = 0  # page bodies converted from Markdown
    rendered: int = 0  # pages put through their templates
    checked: int = 0  # output files checked
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"{self.parsed} parsed, {self.converted} converted, {self.rendered} rendered, "
            f"{self.checked} checked in {self.seconds * 1000:.0f} ms"
        )


class BuildCache(SiteInputs):
    """Results of `build_site`'s per-item steps, reused while their inputs are unchanged."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs  # processes for the results to redo (see parallel.py)
        self.work = Work()
        self._started = 0.0
        self.begin_inputs()
        self._memos: dict[str, Entry] = {}  # whole-site values (bibliography, 404 page, sitemap, feeds)
        self._files = KnownFiles()  # pages' bytes, read again only when a page's file changed
        self._parsed: dict[str, Entry] = {}
        self._converted: dict[str, Entry] = {}
        self._page_urls: dict[str, str] = {}  # the addresses the kept conversions were made with
        self._graded: dict[str, Entry] = {}
        self.html: dict[str, Entry] = {}  # by source relpath
        self.navigations: dict[str | None, SiteNavigation] = {}  # by language, with pages' menus made
        self._bibliography: list[BibliographyEntry] = []
        self._bibliography_version = 0
        self._checked: dict[str, Checked] = {}
        self._paths: frozenset[str] = frozenset()
        self._paths_version = 0
        self._site_wide: dict[str, Entry] = {}  # whole-site results (the search index), by name
        self._sources: Entry | None = None  # the page files listed, by content folder
        self.changed = True  # whether anything differs from the cache as loaded (store.py)
        # What the dev server's watcher saw since the last build (None: anything may have changed).
        self.changes: Changes | None = None
        self._changes_used = True  # whether a build has used them (see expect)

    def __getstate__(self) -> dict[str, Any]:
        """What is stored on disk: results and keys, not compiled templates."""
        state = dict(self.__dict__)
        state.update(_templates=None, work=Work(), jobs=1, changes=None, _changes_used=True)
        return state

    def begin(self) -> None:
        self.work = Work()
        self._started = time.perf_counter()
        self.changed = False

    def expect(self, changes: Changes | None) -> None:
        """What the dev server's watcher saw change before this build (None: anything may have).

        Until a build has got to its end and used them, they are joined with the next: a build
        that stopped early (a broken site.yaml) read no page, so it cannot vouch for any.
        """
        if self._changes_used:
            self.changes = changes
        elif self.changes is not None and changes is not None:
            self.changes = self.changes.join(changes)
        else:
            self.changes = None
        self._changes_used = False

    def end(self) -> None:
        self.changes, self._changes_used = None, True
        self.work.seconds = time.perf_counter() - self._started
        work = self.work
        self.changed = self.changed or bool(work.parsed + work.converted + work.rendered + work.checked)

    def site_wide(self, name: str, key: tuple[object, ...], report: Report, make: Callable[[Report], T]) -> T:
        """A result made from the whole site (the search index), kept while `key` is equal."""
        entry = self._site_wide.get(name)
        if entry is None or entry.key != key:
            value, diagnostics = capture(report, make)
            self._site_wide[name] = Entry(key, value, diagnostics)
            self.changed = True
            return value
        replay(entry.diagnostics, report)
        kept: T = entry.value
        return kept

    def holds(self, name: str, key: tuple[object, ...]) -> bool:
        """Whether `site_wide(name, key, ...)` would give its kept result without making it."""
        entry = self._site_wide.get(name)
        return entry is not None and entry.key == key

    def check_output_paths(
        self, outputs: list[OutputFile], pages: list[Page], config: SiteConfig, report: Report
    ) -> list[OutputFile]:
        """`addresses.check_output_paths`, again only when a path, its source or an alias changed."""

        def kept(own: Report) -> list[int]:
            ids = {id(output) for output in check_output_paths(outputs, pages, config, own)}
            return [index for index, output in enumerate(outputs) if id(output) in ids]

        key = (
            config,
            tuple((output.path, output.verbatim, output.source) for output in outputs),
            tuple((page.source.path, page.meta.aliases) for page in pages),
        )
        return [outputs[index] for index in self.site_wide("output paths", key, report, kept)]

    # ---------------------------------------------------------------- per page

    def discover(self, content_dir: Path, report: Report) -> list[SourceFile]:
        """The page files under content/, listed again unless the watcher saw no file come or go."""
        entry = self._sources
        if entry is not None and entry.key == (content_dir,) and self.changes and self.changes.same_files:
            replay(entry.diagnostics, report)
            kept: list[SourceFile] = entry.value
            return kept
        sources, diagnostics = capture(report, partial(discover_sources, content_dir))
        self._sources = Entry((content_dir,), sources, diagnostics)
        return sources

    def parse(self, source: SourceFile, config: SiteConfig, today: dt.date, report: Report) -> Page | None:
        trusted = self.changes is not None and self.changes.trusts(source.path)
        key = (source, self._files.bytes_of(source.path, trusted), config, today)
        entry = self._parsed.get(source.relpath)
        if entry is None or entry.key != key:
            self.work.parsed += 1
            page, diagnostics = capture(report, partial(parse_page, source, config, today=today))
            entry = self._parsed[source.relpath] = Entry(key, page, diagnostics)
        else:
            replay(entry.diagnostics, report)
        page_or_none: Page | None = entry.value
        return page_or_none

    def convert(
        self,
        pages: list[Page],
        data: SiteData,
        config: SiteConfig,
        report: Report,
        page_urls: dict[str, str],
        images: Images,
    ) -> list[ConvertedPage]:
        """Each page's Markdown, converted; the pages to redo shared among processes."""
        glossary_url = url(config.base_path, page_urls["glossary.md"]) if "glossary.md" in page_urls else None
        keys: list[tuple[object, ...]] = []
        todo: list[int] = []
        # Every kept result held for the last build's addresses: while they are the same, the
        # addresses a page asked for are too, and need not be looked up one by one.
        same_urls = page_urls == self._page_urls
        for index, page in enumerate(pages):
            key = (page, data, config.base_path, glossary_url, images, config.languages)
            keys.append(key)
            entry = self._converted.get(page.source.relpath)
            if (
                entry is None
                or entry.key != key
                or (
                    not same_urls
                    and (
                        (entry.listed is not None and entry.listed != page_urls)
                        or any(page_urls.get(target) != url for target, url in entry.asked.items())
                    )
                )
            ):
                todo.append(index)
        converter = MarkdownConverter(config.base_path, AskedUrls(page_urls), data, images, config.languages)
        converter.prepare(pages[i].meta.language for i in todo)
        todo_pages = [pages[i] for i in todo]
        step = partial(_convert_one, converter, report.root)
        done = parallel.run(step, todo_pages, self.jobs, minimum=parallel.MINIMUM_SLOW)
        fresh = dict(zip(todo, done, strict=True))
        converted: dict[str, Entry] = {}
        for index, page in enumerate(pages):
            if index in fresh:
                self.work.converted += 1
                rest, diagnostics, asked, listed = fresh[index]
                value = ConvertedPage(page, *rest)  # the parent's own Page: keys compare it at once
                entry = Entry(keys[index], value, diagnostics, asked, page_urls if listed else None)
            else:
                entry = self._converted[page.source.relpath]
            replay(entry.diagnostics, report)
            converted[page.source.relpath] = entry
        self._converted, self._page_urls = converted, page_urls
        return [entry.value for entry in converted.values()]

    def grade(self, converted: list[ConvertedPage], config: SiteConfig, report: Report) -> None:
        graded: dict[str, Entry] = {}
        for page in converted:
            entry = self._graded.get(page.page.source.relpath)
            if entry is None or entry.key != (page, config):
                _, diagnostics = capture(report, partial(check_readability, [page], config))
                entry = Entry((page, config), None, diagnostics)
            else:
                replay(entry.diagnostics, report)
            graded[page.page.source.relpath] = entry
        self._graded = graded

    # ---------------------------------------------------------------- whole site

    def check(self, outputs: list[OutputFile], config: SiteConfig, report: Report) -> None:
        """The output checks on each file; the files to check again shared among processes."""
        if not outputs:
            return  # a failed build renders nothing: keep what the last good one checked
        paths = AskedPaths(o.path for o in outputs)
        if paths != self._paths:  # type: ignore[comparison-overlap]  # a set equals a frozenset
            self._paths, self._paths_version = frozenset(paths), self._paths_version + 1
        keys = [_check_key(output, config) for output in outputs]
        todo = [i for i, output in enumerate(outputs) if not self._holds_check(output.path, keys[i])]
        # Only pages take time to check (stylesheets, images and the like are nearly free): a
        # site with few is checked in this process, without starting others for nothing.
        pages = sum(outputs[i].path.endswith(".html") for i in todo)
        jobs = self.jobs if pages >= parallel.MINIMUM else 1
        done = parallel.run(partial(_check_one, paths, config, report.root), [outputs[i] for i in todo], jobs)
        for index, result in zip(todo, done, strict=True):
            self.keep_checked(outputs[index], config, result)
        self._checked = {output.path: self._checked[output.path] for output in outputs}
        for entry in self._checked.values():
            replay(entry.diagnostics, report)

    def _holds_check(self, path: str, key: tuple[object, ...]) -> bool:
        entry = self._checked.get(path)
        return entry is not None and entry.key == key and entry.still_valid(self._paths, self._paths_version)

    def check_ahead(self, config: SiteConfig, root: Path) -> Callable[[OutputFile], CheckAhead] | None:
        """The output checks for one file as it is made, against the last build's site paths.

        A page is then checked by the process that rendered it, in the same pass. The findings
        are kept like any other (`keep_checked`): `check` uses them while the paths they asked
        about are still there, or still missing, and checks the file again otherwise. None
        when there was no last build: every path is then new, and `check` does it all.
        """
        if not self._paths:
            return None
        paths = AskedPaths(self._paths)
        check = partial(_check_one, paths, config, root)

        def ahead(output: OutputFile) -> CheckAhead:
            if self._holds_check(output.path, _check_key(output, config)):
                return None  # the same bytes as last time (a template comment): kept as it is
            return check(output)

        return ahead

    def keep_checked(self, output: OutputFile, config: SiteConfig, result: CheckAhead) -> None:
        """Keep the findings of the output checks on `output` (None: the kept ones still hold)."""
        if result is not None:
            self.work.checked += 1
            diagnostics, asked, listed = result
            key, version = _check_key(output, config), self._paths_version
            self._checked[output.path] = Checked(key, diagnostics, asked, listed, self._paths, version)

    def note_bibliography(self, entries: list[BibliographyEntry]) -> int:
        if entries != self._bibliography:
            self._bibliography, self._bibliography_version = entries, self._bibliography_version + 1
        return self._bibliography_version

    def memo(self, name: str, key: tuple[object, ...], make: Callable[[], T]) -> T:
        """A whole-site value (no findings of its own), made again only when `key` changes."""
        entry = self._memos.get(name)
        # None is a template that failed: made again, so that its failure is reported again.
        if entry is None or entry.key != key or entry.value is None:
            entry = self._memos[name] = Entry(key, make(), [])
            self.changed = True
        value: T = entry.value
        return value


def _check_key(output: OutputFile, config: SiteConfig) -> tuple[object, ...]:
    return (output.content, output.source, config)


def _check_one(paths: AskedPaths, config: SiteConfig, root: Path, output: OutputFile) -> CheckResult:
    """Check one output file, noting the site paths it asked about (here or in a worker)."""
    paths.start()
    own = Report(root=root)
    check_outputs([output], config, own, existing=paths)
    return own.items, dict(paths.asked), paths.listed


def _convert_one(
    converter: MarkdownConverter, root: Path, page: Page
) -> tuple[tuple[Any, ...], list[Diagnostic], dict[str, str | None], bool]:
    """Convert one page, noting the addresses it asked for (run here or in a worker process).

    The result goes without its `Page`, which the caller has: a worker sends back less.
    """
    urls = converter.state.page_urls
    assert isinstance(urls, AskedUrls)
    urls.start()
    own = Report(root=root)
    value = converter.convert(page, own)
    rest = tuple(getattr(value, f.name) for f in fields(value) if f.name != "page")
    return rest, own.items, dict(urls.asked), urls.listed
