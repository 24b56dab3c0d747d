"""Incremental builds for the dev server: `build_site`'s result, redoing only what changed.

A `Session` runs the stages of `pipeline.build_site` in the same order, but keeps each
page's result from earlier rebuilds together with the inputs it was made from:

- a page file's bytes -> its `Page` (front matter);
- the `Page`, the bibliography and glossary, and the addresses of the pages it links
  to -> its `RenderedPage` (Markdown);
- the `RenderedPage`, the menu (every page's address, section, order and menu title)
  and, for templates that show it, the site's bibliography -> its HTML (templates);
- an output file's bytes and the site paths its links ask for -> the output checks.

A result is reused only when every input is equal, and the diagnostics it produced are
replayed into the new report, so a rebuild reports exactly what a full build would.
site.yaml, templates, static files and data files are small and read whole each time;
when one changes, every result that depends on it is redone.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import jinja2
from jinja2 import meta

from .assets import Assets, collect_assets
from .checks import check_addresses, check_citations, check_links, check_outputs, check_readability
from .config import load_config
from .diagnostics import Diagnostic, Report
from .frontmatter import parse_page
from .images import Images, collect_images
from .markup import MarkupRenderer
from .model import BuildOptions, OutputFile, Page, RenderedPage, SiteConfig, SiteData, SourceFile
from .pipeline import (
    BuildResult,
    assemble_outputs,
    check_templates,
    page_addresses,
    refused_sources,
    report_pending_review,
    unparsed_sources,
)
from .render import BibliographyEntry, SiteRenderer
from .scaffold import check_placeholders
from .site_data import check_data_files, load_site_data
from .sources import DATA_DIR, discover_sources, file_bytes
from .structured_data import check_facts
from .templates import TemplateRenderer

if TYPE_CHECKING:
    from _collections_abc import dict_items, dict_keys, dict_values

T = TypeVar("T")


@dataclass
class Work:
    """What one rebuild redid; everything else came from the session's caches."""

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


@dataclass
class _Entry:
    """One cached result, the inputs it was made from, and what it reported."""

    key: tuple[object, ...]
    value: Any
    diagnostics: list[Diagnostic]
    asked: dict[str, str | None] = field(default_factory=dict)  # page addresses looked up meanwhile
    listed: dict[str, str] | None = None  # all page addresses, when it went through all of them


class _Checked:
    """The findings of the output checks on one file, and the site paths its links asked for."""

    def __init__(
        self,
        key: tuple[object, ...],
        diagnostics: list[Diagnostic],
        asked: _AskedPaths,
        paths: frozenset[str],
        version: int,
    ) -> None:
        self.key = key
        self.diagnostics = diagnostics
        self.present = frozenset(path for path, found in asked.asked.items() if found)
        self.absent = frozenset(path for path, found in asked.asked.items() if not found)
        self.listed = paths if asked.listed else None  # it went through every path
        self.version = version  # of the site's path set these answers were last confirmed against

    def still_valid(self, paths: frozenset[str], version: int) -> bool:
        """Whether every path asked about is still there, or still missing."""
        if self.version != version:
            if self.listed is not None and self.listed != paths:
                return False
            if not (self.present <= paths and paths.isdisjoint(self.absent)):
                return False
            self.version = version
        return True


class _AskedUrls(dict[str, str]):
    """The page-address map, noting which addresses were asked for (a page's link targets).

    Going through all of them (to suggest a name, say) is noted too: the result then
    depends on every address.
    """

    def __init__(self, urls: dict[str, str]) -> None:
        super().__init__(urls)
        self.asked: dict[str, str | None] = {}
        self.listed = False

    def start(self) -> None:
        self.asked, self.listed = {}, False

    def __iter__(self) -> Iterator[str]:
        self.listed = True
        return super().__iter__()

    def __len__(self) -> int:
        self.listed = True
        return super().__len__()

    def keys(self) -> dict_keys[str, str]:
        self.listed = True
        return super().keys()

    def values(self) -> dict_values[str, str]:
        self.listed = True
        return super().values()

    def items(self) -> dict_items[str, str]:
        self.listed = True
        return super().items()

    def get(self, key: str, default: Any = None) -> Any:
        self.asked[key] = super().get(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> str:
        self.asked[key] = super().get(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        if isinstance(key, str):
            self.asked[key] = super().get(key)
        return super().__contains__(key)


class _AskedPaths(set[str]):
    """The site's output paths, noting which were asked for (the addresses a file links to).

    Going through all of them is noted too: the result then depends on every path.
    """

    def __init__(self, paths: Iterable[str]) -> None:
        super().__init__(paths)
        self.asked: dict[str, bool] = {}
        self.listed = False

    def start(self) -> None:
        self.asked, self.listed = {}, False

    def __iter__(self) -> Iterator[str]:
        self.listed = True
        return super().__iter__()

    def __len__(self) -> int:
        self.listed = True
        return super().__len__()

    def __contains__(self, item: object) -> bool:
        found = super().__contains__(item)
        if isinstance(item, str):
            self.asked[item] = found
        return found


def _replay(diagnostics: Iterable[Diagnostic], report: Report) -> None:
    for item in diagnostics:
        if item not in report.items:
            report.items.append(item)


def _capture(report: Report, action: Callable[[Report], T]) -> tuple[T, list[Diagnostic]]:
    """Run `action` with a report of its own; return its result and what it reported."""
    own = Report(root=report.root)
    value = action(own)
    _replay(own.items, report)
    return value, own.items


def _folder_bytes(*folders: Path | None) -> tuple[tuple[str, bytes], ...]:
    """Every file under the folders with its bytes: the key of what was built from them."""
    found: list[tuple[str, bytes]] = []
    for folder in folders:
        if folder is not None and folder.is_dir():
            found += [(str(p), file_bytes(p) or b"") for p in sorted(folder.rglob("*")) if p.is_file()]
    return tuple(found)


def _folders_exist(config: SiteConfig) -> tuple[bool, ...]:
    return tuple(
        folder is not None and folder.is_dir() for folder in (config.theme.templates, config.theme.static)
    )


def template_variables(env: jinja2.Environment, name: str) -> frozenset[str] | None:
    """Every variable a template and the templates it uses may read; None when unknown."""
    names: set[str] = set()
    todo, seen = [name], set()
    try:
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            assert env.loader is not None
            source, _, _ = env.loader.get_source(env, current)
            tree = env.parse(source)
            names |= meta.find_undeclared_variables(tree)
            for referenced in meta.find_referenced_templates(tree):
                if referenced is None:
                    return None  # a template chosen at render time: assume it reads anything
                todo.append(referenced)
    except jinja2.TemplateError:
        return None
    return frozenset(names)


@dataclass
class _Pages:
    """What the template stage keeps between rebuilds."""

    html: dict[str, _Entry] = field(default_factory=dict)  # by source relpath
    menu: tuple[object, ...] = ()  # every page's address, section, order and menu title
    menu_version: int = 0
    bibliography: list[BibliographyEntry] = field(default_factory=list)
    bibliography_version: int = 0
    variables: dict[str, frozenset[str] | None] = field(default_factory=dict)  # by template

    def note_menu(self, rendered: list[RenderedPage], config: SiteConfig) -> None:
        sections = {section.id for section in config.navigation}
        menu = tuple(
            (r.page.source, r.page.meta.section, r.page.meta.order, r.page.meta.nav_title)
            for r in rendered
            if r.page.meta.section in sections  # pages outside the menu change no one else's navigation
        )
        if menu != self.menu:
            self.menu, self.menu_version = menu, self.menu_version + 1

    def note_bibliography(self, entries: list[BibliographyEntry]) -> None:
        if entries != self.bibliography:
            self.bibliography, self.bibliography_version = entries, self.bibliography_version + 1

    def template_variables(self, templates: TemplateRenderer, name: str) -> frozenset[str] | None:
        if name not in self.variables:
            self.variables[name] = template_variables(templates.env, name)
        return self.variables[name]


class Session:
    """Rebuilds one site again and again, redoing only what its changed files affect."""

    def __init__(self, options: BuildOptions, search: bool = True) -> None:
        self.options = options
        self.search = search  # False: the caller makes the search index (see DevServer.index_search)
        self.root = options.config_path.resolve().parent
        self.work = Work()
        self._config: _Entry | None = None
        self._data: _Entry | None = None
        self._templates: _Entry | None = None
        self._assets: Assets | None = None
        self._images = Images()
        self._parsed: dict[str, _Entry] = {}
        self._converted: dict[str, _Entry] = {}
        self._graded: dict[str, _Entry] = {}
        self._pages = _Pages()
        self._checked: dict[str, _Checked] = {}
        self._paths: frozenset[str] = frozenset()
        self._paths_version = 0

    def rebuild(self, today: dt.date | None = None) -> BuildResult:
        """Build the site as `build_site` would, reusing every result whose inputs are unchanged."""
        started = time.perf_counter()
        self.work = Work()
        today = today or self.options.today
        report = Report(root=self.root)
        config = self._load_config(report)
        if config is None:
            return BuildResult(report)
        sources = discover_sources(config.content_dir, report)
        pages = [page for s in sources if (page := self._parse(s, config, today, report))]
        unparsed = unparsed_sources(sources, pages)
        published = [p for p in pages if self.options.drafts or not p.meta.draft]
        pages = check_addresses(published, report)
        unparsed += refused_sources(published, pages)
        check_placeholders(pages, report)  # new pages' TODO text is never published
        report_pending_review(pages, config, report)
        data = self._load_data(config, today, report)
        images = self._load_images(config, report)  # before Markdown, as in build_site
        rendered = self._convert(pages, data, config, report, unparsed, images)
        check_links(rendered, report)
        check_citations(rendered, data, report)
        check_data_files(rendered, data, report)
        check_facts(rendered, data.facts, report)  # JSON-LD says only what the pages say
        if self.options.readability:
            self._grade(rendered, config, report)
        outputs = self._render(rendered, data, config, report)
        self._check(outputs, config, report)
        self.work.seconds = time.perf_counter() - started
        return BuildResult(report, config, rendered, outputs)

    # ---------------------------------------------------------------- site-wide inputs

    def _load_config(self, report: Report) -> SiteConfig | None:
        path = self.options.config_path
        key = (file_bytes(path),)
        entry = self._config
        # A usable config depends on the file and on the theme folders it names still existing.
        if entry is not None and entry.value is not None and entry.key == key + _folders_exist(entry.value):
            _replay(entry.diagnostics, report)
            same: SiteConfig = entry.value
            return same
        config, diagnostics = _capture(report, partial(load_config, path, base_url=self.options.base_url))
        if entry is not None and config is not None and config == entry.value:
            config = entry.value  # the same object, so results keyed on it stay valid
        self._config = _Entry(key + (_folders_exist(config) if config else ()), config, diagnostics)
        return config

    def _load_data(self, config: SiteConfig, today: dt.date, report: Report) -> SiteData:
        # Data checks compare years with today's date, so a new day reloads the data.
        key = (config, today, _folder_bytes(config.content_dir / DATA_DIR))
        if self._data is None or self._data.key != key:
            data, diagnostics = _capture(report, partial(load_site_data, config.content_dir))
            self._data = _Entry(key, data, diagnostics)
        else:
            _replay(self._data.diagnostics, report)
        value: SiteData = self._data.value
        return value

    def _load_templates(self, config: SiteConfig, report: Report) -> TemplateRenderer:
        key = (config, _folder_bytes(config.theme.templates, config.templates_dir))
        if self._templates is None or self._templates.key != key:
            self._templates = _Entry(key, TemplateRenderer(config, report), [])
            self._pages.variables = {}
        templates: TemplateRenderer = self._templates.value
        templates.report = report  # compiled templates are kept; problems go to this rebuild
        return templates

    def _load_assets(self, config: SiteConfig, report: Report) -> Assets:
        assets = collect_assets(config, report)
        if assets != self._assets:
            self._assets = assets
        return self._assets

    def _load_images(self, config: SiteConfig, report: Report) -> Images:
        assets = self._load_assets(config, report)
        images = collect_images(assets)
        if images != self._images:
            self._images = images  # the same object while equal: page keys compare it at once
        return self._images

    # ---------------------------------------------------------------- per page

    def _parse(self, source: SourceFile, config: SiteConfig, today: dt.date, report: Report) -> Page | None:
        key = (source, file_bytes(source.path), config, today)
        entry = self._parsed.get(source.relpath)
        if entry is None or entry.key != key:
            self.work.parsed += 1
            page, diagnostics = _capture(report, partial(parse_page, source, config, today=today))
            entry = self._parsed[source.relpath] = _Entry(key, page, diagnostics)
        else:
            _replay(entry.diagnostics, report)
        page_or_none: Page | None = entry.value
        return page_or_none

    def _convert(
        self,
        pages: list[Page],
        data: SiteData,
        config: SiteConfig,
        report: Report,
        unparsed: list[SourceFile],
        images: Images,
    ) -> list[RenderedPage]:
        page_urls = page_addresses(pages, unparsed)
        glossary_url = config.base_path + page_urls["glossary.md"] if "glossary.md" in page_urls else None
        asked_urls = _AskedUrls(page_urls)
        renderer: MarkupRenderer | None = None
        converted: dict[str, _Entry] = {}
        for page in pages:
            key = (page, data, config.base_path, glossary_url, images)
            entry = self._converted.get(page.source.relpath)
            if (
                entry is None
                or entry.key != key
                or (entry.listed is not None and entry.listed != page_urls)
                or any(page_urls.get(target) != url for target, url in entry.asked.items())
            ):
                self.work.converted += 1
                renderer = renderer or MarkupRenderer(config.base_path, asked_urls, data, images)
                asked_urls.start()
                value, diagnostics = _capture(report, partial(renderer.render, page))
                listed = page_urls if asked_urls.listed else None
                entry = _Entry(key, value, diagnostics, dict(asked_urls.asked), listed)
            else:
                _replay(entry.diagnostics, report)
            converted[page.source.relpath] = entry
        self._converted = converted
        return [entry.value for entry in converted.values()]

    def _grade(self, rendered: list[RenderedPage], config: SiteConfig, report: Report) -> None:
        graded: dict[str, _Entry] = {}
        for page in rendered:
            entry = self._graded.get(page.page.source.relpath)
            if entry is None or entry.key != (page, config):
                _, diagnostics = _capture(report, partial(check_readability, [page], config))
                entry = _Entry((page, config), None, diagnostics)
            else:
                _replay(entry.diagnostics, report)
            graded[page.page.source.relpath] = entry
        self._graded = graded

    # ---------------------------------------------------------------- whole site

    def _render(
        self, rendered: list[RenderedPage], data: SiteData, config: SiteConfig, report: Report
    ) -> list[OutputFile]:
        templates = self._load_templates(config, report)
        if not check_templates(rendered, templates, report):
            return []
        self._pages.note_menu(rendered, config)
        assets = self._assets  # read by _load_images at the start of this rebuild
        assert assets is not None
        renderer = _CachingRenderer(
            self._pages, self.work, self.options.drafts, config, data, assets, templates, report
        )
        outputs = assemble_outputs(rendered, data, config, renderer, search=self.search)
        self._pages.html = renderer.used
        return outputs

    def _check(self, outputs: list[OutputFile], config: SiteConfig, report: Report) -> None:
        if not outputs:
            return  # a failed build renders nothing: keep what the last good one checked
        paths = _AskedPaths(o.path for o in outputs)
        if paths != self._paths:  # type: ignore[comparison-overlap]  # a set equals a frozenset
            self._paths, self._paths_version = frozenset(paths), self._paths_version + 1
        checked: dict[str, _Checked] = {}
        for output in outputs:
            key = (output.content, output.source, config)
            entry = self._checked.get(output.path)
            if entry is None or entry.key != key or not entry.still_valid(self._paths, self._paths_version):
                self.work.checked += 1
                paths.start()
                _, diagnostics = _capture(report, partial(check_outputs, [output], config, existing=paths))
                entry = _Checked(key, diagnostics, paths, self._paths, self._paths_version)
            else:
                _replay(entry.diagnostics, report)
            checked[output.path] = entry
        self._checked = checked


class _CachingRenderer(SiteRenderer):
    """A `SiteRenderer` that reuses a page's HTML while everything the page shows is unchanged."""

    def __init__(
        self,
        pages: _Pages,
        work: Work,
        show_drafts: bool,
        config: SiteConfig,
        data: SiteData,
        assets: Assets,
        templates: TemplateRenderer,
        report: Report,
    ) -> None:
        super().__init__(config, data, assets, templates, report, show_drafts)
        self.pages = pages
        self.work = work
        self.used: dict[str, _Entry] = {}
        self._entries_seen: list[BibliographyEntry] | None = None

    def render_page(
        self, rendered: RenderedPage, all_pages: list[Page], entries: list[BibliographyEntry]
    ) -> OutputFile | None:
        pages = self.pages
        if entries is not self._entries_seen:  # the same list for every page of one rebuild
            self._entries_seen = entries
            pages.note_bibliography(entries)
        variables = pages.template_variables(self.templates, rendered.page.meta.template)
        shows_bibliography = variables is None or "bibliography" in variables
        key = (
            rendered,
            pages.menu_version,  # the navigation every page shows
            pages.bibliography_version if shows_bibliography else None,
            self.config,
            self.data,
            self.assets,
            self.templates,
        )
        relpath = rendered.page.source.relpath
        entry = pages.html.get(relpath)
        # A page a template failed on is rendered again: its failure is reported once for
        # all the pages it broke (see TemplateRenderer.report_failures), not replayed per page.
        if entry is None or entry.key != key or entry.value is None:
            self.work.rendered += 1
            main = self.report
            own = self.report = self.templates.report = Report(root=main.root)
            try:
                output = super().render_page(rendered, all_pages, entries)
            finally:
                self.report = self.templates.report = main
            _replay(own.items, main)
            entry = _Entry(key, output, own.items)
        else:
            _replay(entry.diagnostics, self.report)
        self.used[relpath] = entry
        output_or_none: OutputFile | None = entry.value
        return output_or_none
