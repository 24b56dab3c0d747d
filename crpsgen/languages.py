"""Languages: which pages translate which, and what each page links to in the other languages.

A page in a language folder (content/es/sintomas.md) names the default-language page it
translates with `translation_of: symptoms.md`, and records that page's state when it was
translated with `translated_from:` (the first 12 hex digits of its file's sha256). From
those two fields come the `hreflang` alternates, the language switcher, the sitemap's
alternates and the stale-translation warning. A site without `languages:` has none of it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property

from .addresses import url
from .diagnostics import Report, did_you_mean
from .files import file_bytes
from .model import Language, Page, SiteConfig, Strings

HASH_DIGITS = 12


def content_hash(content: bytes) -> str:
    """What `translated_from:` records: the start of the sha256 of the original page's file."""
    return hashlib.sha256(content).hexdigest()[:HASH_DIGITS]


@dataclass(frozen=True)
class Alternate:
    """One `<link rel="alternate" hreflang>`: a language tag (or x-default) and a full address."""

    hreflang: str
    url: str


@dataclass(frozen=True)
class Choice:
    """One other language in the switcher: this page in it, or (url None) its home page."""

    code: str
    name: str
    url: str | None
    home: str
    strings: Strings


@dataclass(frozen=True)
class Original:
    """The page a translation was made from, for the 'awaits review' notice."""

    code: str
    url: str


class Translations:
    """Every page's versions in the site's languages: original relpath -> language -> page."""

    def __init__(self, pages: list[Page], config: SiteConfig) -> None:
        self.config = config
        self.default = config.languages[0] if config.languages else None
        self.versions: dict[str, dict[str, Page]] = {}
        for page in pages:
            self.versions.setdefault(key_of(page, config), {}).setdefault(page.meta.language or "", page)

    @cached_property
    def homes(self) -> dict[str, str]:
        """Each language's home page address (relative to the base path)."""
        return {
            language.code: (language.prefix + "/" if language.prefix else "") for language in self.languages
        }

    @property
    def languages(self) -> tuple[Language, ...]:
        return self.config.languages

    def alternates(self, page: Page) -> tuple[Alternate, ...]:
        """The page in every language it exists in (itself included), then x-default."""
        if not self.config.multilingual:
            return ()
        versions = self.versions.get(key_of(page, self.config), {})
        if len(versions) < 2:
            return ()
        base = self.config.base_url
        links = [
            Alternate(language.code, url(base, versions[language.code].source.url_path))
            for language in self.languages
            if language.code in versions
        ]
        if self.default is not None and self.default.code in versions:
            links.append(Alternate("x-default", url(base, versions[self.default.code].source.url_path)))
        return tuple(links)

    def switcher(self, page: Page) -> tuple[Choice, ...]:
        """Each other language: this page in it, or its home page with 'not translated yet'."""
        if not self.config.multilingual:
            return ()
        versions = self.versions.get(key_of(page, self.config), {})
        base = self.config.base_path
        return tuple(
            Choice(
                code=language.code,
                name=language.name,
                url=url(base, versions[language.code].source.url_path) if language.code in versions else None,
                home=url(base, self.homes[language.code]),
                strings=language.strings,
            )
            for language in self.languages
            if language.code != page.meta.language
        )

    def original(self, page: Page) -> Original | None:
        """The default-language page a translation translates (None for an original)."""
        if self.default is None or page.meta.translation_of is None:
            return None
        found = self.versions.get(page.meta.translation_of, {}).get(self.default.code)
        if found is None:
            return None
        return Original(self.default.code, url(self.config.base_path, found.source.url_path))


def key_of(page: Page, config: SiteConfig) -> str:
    """The original's relpath: what a page and its translations share."""
    default = config.languages[0].code if config.languages else None
    if page.meta.translation_of is not None and page.meta.language != default:
        return page.meta.translation_of
    return page.source.relpath


def language_pages(pages: list[Page], code: str | None, config: SiteConfig) -> list[Page]:
    """The pages of one language: a page's menus list only its own language's pages."""
    if not config.multilingual:
        return pages
    return [page for page in pages if page.meta.language == code]


def check_translations(pages: list[Page], config: SiteConfig, report: Report) -> None:
    """Each translation names a real original, once per language, and is not older than it."""
    if not config.multilingual:
        return
    default = config.languages[0].code
    originals = {page.source.relpath: page for page in pages if page.meta.language == default}
    seen: dict[tuple[str, str | None], Page] = {}
    translations = [page for page in pages if page.meta.translation_of and page.meta.language != default]
    for page in translations:
        target = page.meta.translation_of
        assert target is not None
        line = page.line_of_key("translation_of")
        original = originals.get(target)
        if original is None:
            report.error(
                page.source.path,
                line,
                f"translation_of: {target} is not a page of content/{did_you_mean(target, list(originals))}",
                "name the original page's file, e.g. translation_of: symptoms.md",
            )
            continue
        first = seen.setdefault((target, page.meta.language), page)
        if first is not page:
            report.error(
                page.source.path,
                line,
                f"{target} is already translated by {report.relative(first.source.path)}",
                "one page per language translates an original: merge them, or point one elsewhere",
            )
            continue
        content = file_bytes(original.source.path)
        if content is None:
            continue
        current = content_hash(content)
        shown = f'"{current}"' if current.isdigit() else current  # all digits: YAML would read a number
        if page.meta.translated_from is None:
            report.warning(
                page.source.path,
                line,
                f"no translated_from: the build cannot tell when {target} changes",
                f"once the translation matches {target}, add translated_from: {shown}",
            )
        elif page.meta.translated_from != current:
            report.warning(
                page.source.path,
                page.line_of_key("translated_from"),
                f"{target} changed since this translation",
                f"update the translation, then set translated_from: {shown}",
            )
    pending = [page for page in translations if page.meta.translation_reviewer is None]
    if pending:
        # A notice, like the clinical-review one: the pages say so plainly to their readers.
        report.notice(
            config.path,
            None,
            f"{len(pending)} of {len(translations)} translated pages await review by a qualified "
            "medical translator (each says so on the page)",
            "after the review, add translation_reviewed_by: {name: ..., role: ...} to the page",
        )
