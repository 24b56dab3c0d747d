"""Rendering through the build cache: a page's HTML is reused while everything it shows is unchanged."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from . import parallel
from .assets import Assets
from .buildcache import BuildCache, CheckAhead
from .cached import Entry
from .citations import BibliographyEntry
from .model import ConvertedPage, OutputFile, Page, SiteConfig, SiteData
from .navigation import SiteNavigation
from .render import SiteRenderer
from .templates import TemplateRenderer


class CachingRenderer(SiteRenderer):
    """A `SiteRenderer` that reuses a page's HTML while everything the page shows is unchanged."""

    def __init__(
        self,
        cache: BuildCache,
        config: SiteConfig,
        data: SiteData,
        assets: Assets,
        templates: TemplateRenderer,
        show_drafts: bool,
        root: Path,
    ) -> None:
        super().__init__(config, data, assets, templates, show_drafts)
        self.cache = cache
        self.root = root  # the project's, for the paths in the output checks' findings
        self.used: dict[str, Entry] = {}
        self._kept: dict[int, SiteNavigation] = {}  # by the id of this build's own, once compared

    def site_navigation(
        self, all_pages: list[Page], language: str | None = None
    ) -> tuple[SiteNavigation, str | None]:
        """The last build's navigation while it is equal, with the pages' navigation it made."""
        navigation, search_url = super().site_navigation(all_pages, language)
        kept = self._kept.get(id(navigation))
        if kept is None:
            last = self.cache.navigations.get(language)
            kept = last if last is not None and last == navigation else navigation
            self.cache.navigations[language] = self._kept[id(navigation)] = kept
        return kept, search_url

    def render_pages(
        self, converted: list[ConvertedPage], all_pages: list[Page], entries: list[BibliographyEntry]
    ) -> list[OutputFile | None]:
        cache = self.cache
        bibliography_version = cache.note_bibliography(entries)
        keys: list[tuple[object, ...]] = []
        todo: list[int] = []
        for index, page in enumerate(converted):
            reads = cache.template_reads(self.templates, page.page.meta.template)
            site_nav, search_url = self.site_navigation(all_pages, page.page.meta.language)  # its language's
            key = (
                page,
                site_nav.for_page(page.page),  # the menu, breadcrumbs and pager this page shows
                self.translations_shown(page.page),  # hreflang, switcher: its translations come and go
                search_url,
                site_nav.contents if reads is None or "contents" in reads else None,
                bibliography_version if reads is None or "bibliography" in reads else None,
                self.config,
                self.data,
                self.assets,
                cache.template_key,
            )
            keys.append(key)
            entry = cache.html.get(page.page.source.relpath)
            # A page a template failed on is rendered again: its failure is reported once for
            # all the pages it broke (see TemplateRenderer.report_failures), not replayed per page.
            if entry is None or entry.key != key or entry.value is None:
                todo.append(index)
        # Each page is checked as it is rendered, in the same pass (see BuildCache.check_ahead).
        render = partial(_render_one, self, all_pages, entries, cache.check_ahead(self.config, self.root))
        done = parallel.run(render, [converted[i] for i in todo], cache.jobs)
        fresh = dict(zip(todo, done, strict=True))
        outputs: list[OutputFile | None] = []
        for index, page in enumerate(converted):
            relpath = page.page.source.relpath
            if index in fresh:
                cache.work.rendered += 1
                output, failures, checked = fresh[index]
                for failure, labels in failures.items():  # in page order, as one process would
                    self.templates.failures.setdefault(failure, []).extend(labels)
                if output is not None:
                    cache.keep_checked(output, self.config, checked)
                entry = Entry(keys[index], output, [])
            else:
                entry = cache.html[relpath]
            self.used[relpath] = entry
            outputs.append(entry.value)
        cache.html = self.used
        return outputs

    def render_404(self, all_pages: list[Page]) -> OutputFile | None:
        """The 404 page lists every page: made again when a page's settings or the templates change."""
        cache = self.cache
        key = (
            cache.template_key,
            self.config,
            self.data,
            self.assets,
            self.show_drafts,
            *((p.source, p.meta) for p in all_pages),
        )
        return cache.memo("404", key, partial(SiteRenderer.render_404, self, all_pages))


def _render_one(
    renderer: SiteRenderer,
    all_pages: list[Page],
    entries: list[BibliographyEntry],
    check: Callable[[OutputFile], CheckAhead] | None,
    page: ConvertedPage,
) -> tuple[OutputFile | None, dict[tuple[str, int | None, str], list[str]], CheckAhead]:
    """Render one page, with the template failures it met and, given `check`, the output checks'
    findings (here or in a worker process)."""
    failures = renderer.templates.failures
    renderer.templates.failures = {}
    try:
        output = SiteRenderer.render_page(renderer, page, all_pages, entries)
        checked = check(output) if check is not None and output is not None else None
        return output, renderer.templates.failures, checked
    finally:
        renderer.templates.failures = failures
