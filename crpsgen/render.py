"""Rendering stage: converted pages + navigation + data -> HTML `OutputFile`s via templates."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from markupsafe import Markup

from .addresses import url
from .assets import Assets
from .citations import BibliographyEntry
from .feed import FEED
from .languages import Translations, language_pages
from .model import (
    ConvertedPage,
    OutputFile,
    Page,
    SiteConfig,
    SiteData,
    Strings,
)
from .navigation import SiteNavigation, site_navigation
from .policy import CONTENT_SECURITY_POLICY
from .search import SEARCH_TEMPLATE
from .sharing import localized_share_image, og_locale, share_image
from .strings import long_date
from .structured_data import page_graph, script
from .templates import TemplateRenderer
from .templates import long_date as long_date_en


def build_date() -> str | None:
    """A build date only when SOURCE_DATE_EPOCH asks for one (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date().isoformat()


class SiteRenderer:
    """Renders every page and the 404 page through the templates."""

    def __init__(
        self,
        config: SiteConfig,
        data: SiteData,
        assets: Assets,
        templates: TemplateRenderer,
        show_drafts: bool = False,
    ) -> None:
        self.config = config
        self.data = data
        self.assets = assets
        self.templates = templates
        self.show_drafts = show_drafts
        # One picture for the whole site: found once, not once a page among every asset.
        self.share_image = share_image(config, assets)
        self._site: tuple[list[Page], dict[str | None, tuple[SiteNavigation, str | None]]] | None = None
        self._translations: Translations | None = None

    def site_navigation(
        self, all_pages: list[Page], language: str | None = None
    ) -> tuple[SiteNavigation, str | None]:
        """A language's menu order and search page, worked out once for the list every page shares."""
        if self._site is None or self._site[0] is not all_pages:
            self._site = (all_pages, {})
            self._translations = Translations(all_pages, self.config)
        if language not in self._site[1]:
            pages = language_pages(all_pages, language, self.config)  # menus list their own language
            config = self.config.for_language(language)
            strings = self.strings(language)
            home = strings.home if strings.file is not None else "Home"
            navigation = site_navigation(pages, config, home, self.home_path(language))
            self._site[1][language] = (navigation, self.search_url(pages))
        return self._site[1][language]

    def translations_shown(self, page: Page) -> tuple[object, ...]:
        """What a page shows of its translations (a cache key: they come and go with other pages)."""
        if self._translations is None or not self.config.multilingual:
            return ()
        translations = self._translations
        return (translations.alternates(page), translations.switcher(page), translations.original(page))

    def common(self, language: str | None = None) -> dict[str, Any]:
        config = self.config.for_language(language)
        strings = self.strings(language)
        prefix = self.home_path(language)
        return {
            "site": config,
            "asset": self.assets.url,
            "url": lambda path="": url(config.base_path, path.lstrip("/")),
            "csp": CONTENT_SECURITY_POLICY,
            "build_date": build_date(),
            "show_drafts": self.show_drafts,
            "t": strings,
            "long_date": (lambda day: long_date(day, strings)) if strings.file else long_date_en,
            "home_path": prefix,
            "feed_path": prefix + FEED,
            "alternates": (),
            "switcher": (),
            "translation": None,
            "translated": False,
        }

    def home_path(self, language: str | None) -> str:
        """A language's home below the base path: "es/", or "" for the default language."""
        return next(
            (lang.prefix + "/" for lang in self.config.languages if lang.code == language and lang.prefix), ""
        )

    def strings(self, language: str | None) -> Strings:
        for lang in self.config.languages:
            if lang.code == language:
                return lang.strings
        return (
            self.config.languages[0].strings if self.config.languages else Strings(self.config.language, None)
        )

    def search_url(self, all_pages: list[Page]) -> str | None:
        """The search page's address, for the header link; None on a site without one."""
        for page in all_pages:
            if page.meta.template == SEARCH_TEMPLATE:
                return url(self.config.base_path, page.source.url_path)
        return None

    def render_pages(
        self, converted: list[ConvertedPage], all_pages: list[Page], entries: list[BibliographyEntry]
    ) -> list[OutputFile | None]:
        """Every page's HTML, in order; None for a page a template failed on (see report_failures)."""
        return [self.render_page(page, all_pages, entries) for page in converted]

    def render_page(
        self,
        converted: ConvertedPage,
        all_pages: list[Page],
        entries: list[BibliographyEntry],
    ) -> OutputFile | None:
        page = converted.page
        language = page.meta.language
        context = self.common(language)
        site_nav, search_url = self.site_navigation(all_pages, language)
        nav = site_nav.for_page(page)
        config = self.config.for_language(language)
        translations = self._translations
        assert translations is not None
        context.update(
            alternates=translations.alternates(page),
            switcher=translations.switcher(page),
            translation=translations.original(page),
            translated=language != config.languages[0].code if config.languages else False,
        )
        context.update(
            search_url=search_url,
            contents=site_nav.contents,
            page=converted,
            meta=page.meta,
            content=Markup(converted.html),
            canonical_url=url(self.config.base_url, page.source.url_path),
            nav=nav,
            structured_data=script(page_graph(converted, nav.breadcrumbs, config, self.data.facts)),
            share_image=localized_share_image(self.share_image, self.config, context["t"], language),
            og_locale=og_locale(config.language),
            glossary=self.data.glossary_for(language, self.config),
            site=config,
            bibliography=entries,
        )
        html = self.templates.render(page.meta.template, context, page.source.relpath)
        if html is None:
            return None
        return OutputFile(page.source.output_path, html.encode(), page.source.path)

    def render_404(self, all_pages: list[Page]) -> OutputFile | None:
        language = self.config.languages[0].code if self.config.multilingual else None
        context = self.common(language)
        home = next((p for p in all_pages if p.source.slug == ""), None)
        site_nav, search_url = self.site_navigation(all_pages, language)
        context.update(
            search_url=search_url,
            nav=site_nav.for_page(home) if home else None,
            contents=site_nav.contents,
            glossary=(),
        )
        html = self.templates.render("404.html", context, "the 404 page")
        return None if html is None else OutputFile("404.html", html.encode())
