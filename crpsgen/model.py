"""The values that flow between the stages of a build. Frozen where possible."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markupsafe import Markup

if TYPE_CHECKING:
    from .structured_data import HealthFacts


@dataclass(frozen=True)
class Organization:
    name: str
    phone: str | None
    email: str | None
    address: str | None
    website: str | None


@dataclass(frozen=True)
class CrisisHelp:
    emergency_number: str
    emergency_text: str
    line_name: str
    line_number: str
    line_text: str
    line_url: str | None
    elsewhere_text: str  # for readers outside the country whose numbers are shown


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site, whether they sell what it describes, and who pays for it."""

    offers_treatment: bool
    treatments: str | None
    funding: str


@dataclass(frozen=True)
class NavSection:
    id: str
    title: str


@dataclass(frozen=True)
class Reviewer:
    name: str
    role: str


@dataclass(frozen=True)
class ReviewPolicy:
    interval_months: int
    warn_days: int
    default_reviewer: Reviewer
    require_clinical_review: bool


@dataclass(frozen=True)
class Theme:
    primary_color: str
    accent_color: str
    logo: str | None
    templates: Path | None
    static: Path | None
    root: Path | None = None  # overrides root/: files copied unhashed to the top of the site
    share_image: str | None = None  # in the static folders; None: one is generated from the colours
    share_image_alt: str | None = None


@dataclass(frozen=True)
class Strings:
    """A language's template strings (templates/strings/<lang>.yaml): key -> text, with lines.

    A template asking for a key the file lacks fails the build, naming the language, the
    key and the template line; `file` is None when the site has no strings file at all.
    """

    language: str  # the language tag, e.g. es-US
    file: Path | None
    items: tuple[tuple[str, str, int], ...] = ()  # key, text, file line

    @cached_property
    def values(self) -> dict[str, str]:
        return {key: text for key, text, _ in self.items}

    def get(self, key: str, default: str) -> str:
        """The text of `key`; `default` only for a site with no strings file (its markup labels)."""
        if self.file is None:
            return default
        return self[key]

    def __getitem__(self, key: str) -> str:
        try:
            return self.values[key]
        except KeyError:
            raise MissingString(self, key) from None

    def __getattr__(self, key: str) -> Markup:
        if key.startswith(("_", "jinja_")):  # Python's and Jinja's own look-ups
            raise AttributeError(key)
        return html_text(self[key])

    @cached_property
    def filled(self) -> dict[tuple[object, ...], Markup]:
        """Strings already filled in: every page asks for the same few ("back to citation 3")."""
        return {}

    def __call__(self, key: str, **values: object) -> Markup:
        """For templates: a string with its {placeholders} filled in (escaped), e.g. t("table", number=2)."""
        # The type is part of the key: 1, 1.0 and True are equal but written differently.
        memo = (key, *((name, type(value), value) for name, value in values.items()))
        try:
            return self.filled[memo]
        except KeyError:
            made = self.filled[memo] = html_text(self[key]).format(**values)
            return made
        except TypeError:  # a value that cannot be a key
            return html_text(self[key]).format(**values)


def html_text(text: str) -> Markup:
    """Text for HTML, escaped as our templates always wrote it: an apostrophe stays as it is.

    Templates quote attributes with double quotes, so a `'` needs no escape (and the
    English output stays byte for byte what it was when these words were in the templates).
    """
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
    return Markup(escaped)


class MissingString(ValueError):  # a ValueError: Jinja lets it through to our error report
    def __init__(self, strings: Strings, key: str) -> None:
        where = strings.file.name if strings.file else "a strings file"
        super().__init__(f'no string "{key}" for language {strings.language} (add it to {where})')
        self.key = key


# The settings a patient reads, given again by each language (`Language`, `SiteConfig.localized`).
LOCALIZED = ("title", "tagline", "disclaimer", "crisis", "publisher", "navigation")


@dataclass(frozen=True)
class Language:
    """One language of the site, with every setting a patient reads in that language.

    The first language of `SiteConfig.languages` is the default: its pages are at the
    site root and its settings are the top-level ones. The others live under `prefix/`.
    """

    code: str  # language tag: en-US, es-US
    prefix: str  # "" for the default language, "es" for content/es/ and /es/
    name: str  # in the language itself, for the switcher: "Español"
    title: str
    tagline: str | None
    disclaimer: str
    crisis: CrisisHelp
    publisher: Publisher
    navigation: tuple[NavSection, ...]
    strings: Strings
    line: int = 0  # of the entry in site.yaml

    @property
    def short(self) -> str:
        """The primary subtag, which names the strings file: es-US -> es."""
        return self.code.split("-")[0].lower()


@dataclass(frozen=True)
class SiteConfig:
    """`site.yaml`, validated. Paths are absolute."""

    path: Path
    root: Path
    title: str
    tagline: str | None
    language: str
    base_url: str  # always ends with "/"
    organization: Organization
    publisher: Publisher
    disclaimer: str
    crisis: CrisisHelp
    navigation: tuple[NavSection, ...]
    review: ReviewPolicy
    readability_grade: float
    theme: Theme
    content_dir: Path
    templates_dir: Path
    static_dir: Path
    edit_url: str | None = None  # content/ in the clinic's repository, for editors' "Edit this page"
    readability_spanish: float = 60.0  # Fernández Huerta score Spanish pages should reach
    # Every language, the default first; one entry (or none, in tests) for a single-language site.
    languages: tuple[Language, ...] = ()

    @cached_property
    def base_path(self) -> str:
        """The URL path the site lives under: "/" or "/crps/"."""
        return urlsplit(self.base_url).path or "/"

    @property
    def multilingual(self) -> bool:
        return len(self.languages) > 1

    def language_of(self, relpath: str) -> Language | None:
        """The language of a content file: by its first folder (es/...), else the default."""
        if not self.languages:
            return None
        first = relpath.split("/")[0] if "/" in relpath else ""
        for language in self.languages[1:]:
            if language.prefix == first:
                return language
        return self.languages[0]

    @cached_property
    def localized(self) -> dict[str, SiteConfig]:
        """The settings as a reader of each language sees them (title, disclaimer, crisis, menu)."""
        return {
            language.code: replace(
                self, language=language.code, **{name: getattr(language, name) for name in LOCALIZED}
            )
            for language in self.languages
        }

    def for_language(self, code: str | None) -> SiteConfig:
        """The settings in one language (unchanged for the default language)."""
        if code is None or not self.languages or code == self.languages[0].code:
            return self
        return self.localized[code]


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file, with its URL and output path fixed once, here."""

    path: Path
    relpath: str  # relative to content/, posix, e.g. "symptoms.md"
    slug: str  # "" for the home page
    url_path: str  # relative to the base path: "" or "symptoms/"
    output_path: str  # relative to output/: "index.html" or "symptoms/index.html"


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    section: str | None
    order: int
    nav_title: str
    template: str
    last_reviewed: dt.date
    next_review_due: dt.date
    reviewed_by: Reviewer
    review_is_placeholder: bool
    authors: tuple[str, ...]
    draft: bool
    aliases: tuple[str, ...]
    aspect: str | None
    tags: tuple[str, ...]
    needs_sources: bool
    alias_lines: tuple[int, ...] = ()  # file line of each alias, for messages
    language: str | None = None  # the page's language tag (None: the site's only language)
    translation_of: str | None = None  # the default-language page this translates, e.g. symptoms.md
    translated_from: str | None = None  # first 12 hex digits of that page's sha256 when translated
    translation_reviewer: Reviewer | None = None  # the qualified medical translator who reviewed it


@dataclass(frozen=True)
class Page:
    source: SourceFile
    meta: PageMeta
    body: str
    body_line: int  # file line of the body's first line
    meta_lines: tuple[tuple[str, int], ...] = ()  # front-matter key -> file line

    def line_of_key(self, key: str) -> int:
        """Return the file line of a front-matter key (line 1 if it is not there)."""
        return dict(self.meta_lines).get(key, 1)

    def line_of(self, needle: str) -> int | None:
        """Return the file line of the first body line containing `needle`."""
        if needle not in self.body:  # the common case, without splitting every line
            return None
        for index, line in enumerate(self.body.splitlines()):
            if needle in line:
                return self.body_line + index
        return None


@dataclass(frozen=True)
class Reference:
    """One bibliography entry."""

    id: str
    type: str
    authors: tuple[str, ...]
    title: str
    container: str | None
    year: int | None
    volume: str | None
    issue: str | None
    pages: str | None
    doi: str | None
    pmid: str | None
    url: str | None
    accessed: dt.date | None
    line: int


@dataclass(frozen=True)
class GlossaryTerm:
    term: str
    also: tuple[str, ...]
    definition: str
    anchor: str
    line: int


@dataclass(frozen=True)
class SiteData:
    references: dict[str, Reference]
    references_path: Path
    glossary: tuple[GlossaryTerm, ...]
    glossary_path: Path
    # Why a data file gave nothing ("not found", "is empty"): a mistake only if pages use it.
    references_missing: str | None = None
    glossary_missing: str | None = None
    facts: HealthFacts | None = None  # content/_data/structured.yaml, for JSON-LD
    # Each other language's glossary (content/<prefix>/_data/glossary.yaml), by folder name.
    glossaries: dict[str, tuple[GlossaryTerm, ...]] = field(default_factory=dict)

    def glossary_for(self, code: str | None, config: SiteConfig) -> tuple[GlossaryTerm, ...]:
        """The glossary of a page's language: terms are marked and listed in the page's words."""
        for language in config.languages[1:]:
            if language.code == code:
                return self.glossaries.get(language.prefix, ())
        return self.glossary


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str


@dataclass(frozen=True)
class LinkTarget:
    """An internal link found in a page body, checked once every page is rendered."""

    target: str  # content-relative path of the target source, "" for the same page
    fragment: str
    line: int | None


@dataclass(frozen=True)
class CitedReference:
    number: int
    reference: Reference
    backlinks: tuple[str, ...]  # ids of the places in the text that cite it


@dataclass(frozen=True)
class RenderedPage:
    page: Page
    html: str
    headings: tuple[Heading, ...]
    ids: frozenset[str]
    links: tuple[LinkTarget, ...]
    citations: tuple[CitedReference, ...]
    plain_text: str


@dataclass(frozen=True)
class NavLink:
    title: str
    url: str
    current: bool


@dataclass(frozen=True)
class NavGroup:
    id: str
    title: str
    links: tuple[NavLink, ...]  # on a page's menu: only its own section's pages
    url: str = ""  # the section's first page
    total: int = 0  # pages in the section


@dataclass(frozen=True)
class PageNavigation:
    groups: tuple[NavGroup, ...]
    breadcrumbs: tuple[NavLink, ...]
    previous: NavLink | None
    next: NavLink | None


@dataclass(frozen=True)
class OutputFile:
    path: str  # relative to output/, posix
    content: bytes
    source: Path | None = None
    verbatim: bool = False  # a root-level file copied as it is (root/): not a page of the site


@dataclass
class BuildOptions:
    config_path: Path
    out_dir: Path | None = None
    strict: bool = False
    drafts: bool = False
    base_url: str | None = None
    readability: bool = False  # score reading grade (slow to load; `check` turns it on)
    today: dt.date = field(default_factory=dt.date.today)
