"""The values that flow between the stages of a build. Frozen where possible."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import schema

# site.yaml's settings, the front matter and a bibliography entry are declared in settings.py
# (with editorial.py and theme.py), pagemeta.py and references.py; named here too, as values
# between stages.
from .editorial import Readability as Readability
from .editorial import Reviewer as Reviewer
from .editorial import ReviewPolicy as ReviewPolicy
from .pagemeta import PageMeta as PageMeta
from .references import Reference as Reference
from .schema import declare
from .settings import CrisisHelp as CrisisHelp
from .settings import Language as Language
from .settings import NavSection as NavSection
from .settings import Organization as Organization
from .settings import Publisher as Publisher
from .settings import SiteConfig as SiteConfig
from .theme import Theme as Theme

if TYPE_CHECKING:
    from .health_facts import HealthFacts


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


@dataclass(frozen=True)
class SourceFile:
    """A Markdown file, with its URL and output path fixed once, here."""

    path: Path
    relpath: str  # relative to content/, posix, e.g. "symptoms.md"
    slug: str  # "" for the home page
    url_path: str  # relative to the base path: "" or "symptoms/"
    output_path: str  # relative to output/: "index.html" or "symptoms/index.html"


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
class GlossaryTerm:
    """One entry of a glossary (content/_data/glossary.yaml), its keys declared here."""

    term: str = field(metadata=declare("The word or phrase as readers see it.", required=True))
    also: tuple[str, ...] = field(
        metadata=declare(
            "Other forms to recognise (plural, British spelling, abbreviation).", schema.text_list, default=()
        )
    )
    definition: str = field(metadata=declare("One or two plain sentences.", required=True))
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
    """An internal link found in a page body, checked once every page is converted."""

    target: str  # content-relative path of the target source, "" for the same page
    fragment: str
    line: int | None


@dataclass(frozen=True)
class CitedReference:
    number: int
    reference: Reference
    backlinks: tuple[str, ...]  # ids of the places in the text that cite it


@dataclass(frozen=True)
class ConvertedPage:
    """A page's Markdown converted to HTML (markup.py), with what the checks and templates need of it."""

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
