"""`site.yaml`'s settings, each declared once: its type, check, default and line of documentation.

Every setting is a field of the dataclass it fills (`field(metadata=schema.declare(...))`); the
checks, the typed `SiteConfig` and the settings list in the README (`schema.document`) come
from these declarations, so a new setting is one declaration here plus its use. The review
policy and reading targets are declared in `editorial.py`, the theme in `theme.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import schema
from .editorial import Readability, ReviewPolicy
from .schema import Field, declare
from .theme import Theme
from .yamlfile import LocatedDict

if TYPE_CHECKING:
    from .model import Strings


def _edit_address(value: Any) -> str:
    # The page's file name is appended, so no ?query or #fragment (as for base_url).
    try:
        result = schema.site_address(value)
    except ValueError:
        raise ValueError(
            "a web address of content/ in your repository, such as "
            "https://github.com/OWNER/REPO/edit/main/content/ (no ?query or #fragment)"
        ) from None
    return result if result.endswith("/") else result + "/"


# Only folders above site.yaml: the settings file is inside the project it builds.
_project_folder = schema.matching(
    r"\.\.(?:/\.\.)*/?", "a folder above site.yaml, written .. or ../.. (the folder holding content/)"
)
# Never the data folder (_data): the pattern has no underscore.
_prefix = schema.matching(r"[a-z]{2,3}(-[a-z0-9]+)?", "a short lower-case folder name such as es or pt-br")


def _section_titles(value: Any) -> Any:
    if not isinstance(value, LocatedDict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("a mapping of section id -> menu title, e.g. crps: Sobre el SDRC")
    return value


@dataclass(frozen=True)
class Organization:
    name: str = field(metadata=declare("The clinic or organization publishing the site.", required=True))
    phone: str | None = field(metadata=declare("Contact phone number, shown in the footer."))
    email: str | None = field(metadata=declare("Contact email address, shown in the footer."))
    address: str | None = field(metadata=declare("Postal address, shown in the footer."))
    website: str | None = field(metadata=declare("The organization's main website.", schema.web_address))


@dataclass(frozen=True)
class CrisisHelp:
    emergency_number: str = field(metadata=declare("Emergency number.", default="911"))
    emergency_text: str = field(
        metadata=declare(
            "What to do in an emergency.", default="If you or someone else is in danger now, call 911."
        )
    )
    line_name: str = field(
        metadata=declare("Name of the crisis line.", default="988 Suicide & Crisis Lifeline")
    )
    line_number: str = field(metadata=declare("Crisis line number.", default="988"))
    line_text: str = field(
        metadata=declare(
            "How to reach the crisis line.",
            default="Call or text 988, any time of day or night. It is free and confidential.",
        )
    )
    line_url: str | None = field(
        metadata=declare("Crisis line website.", schema.web_address, default="https://988lifeline.org/")
    )
    # For readers outside the country whose numbers are shown.
    elsewhere_text: str = field(
        metadata=declare(
            "What readers in other countries should do.",
            default="Outside the US, call your local emergency number.",
        )
    )


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site, whether they sell what it describes, and who pays for it."""

    offers_treatment: bool = field(
        metadata=declare(
            "true if the organization offers any treatment this site describes.",
            schema.boolean,
            required=True,
        )
    )
    treatments: str | None = field(metadata=declare("Which of them it offers, e.g. ketamine infusions."))
    funding: str = field(metadata=declare("Who pays for the site, and who has a say in it.", required=True))


@dataclass(frozen=True)
class NavSection:
    id: str = field(metadata=declare("Short name pages use in `section:`.", required=True))
    title: str = field(metadata=declare("Heading shown in the menu.", required=True))


@dataclass(frozen=True)
class Language:
    """One language of the site, with every setting a patient reads in that language.

    The first language of `SiteConfig.languages` is the default: its pages are at the
    site root and its settings are the top-level ones. The others live under `prefix/`.
    Declared here is what a reader of another language sees instead of the top-level settings.
    """

    code: str = field(
        metadata=declare("Language tag of its pages, e.g. es-US.", required=True)
    )  # en-US, es-US
    prefix: str = field(
        metadata=declare(  # "" for the default language
            "Folder in content/ and first part of the address of its pages, e.g. es for content/es/ "
            "and /es/ (not for the first language, whose pages are at the site root).",
            _prefix,
        )
    )
    name: str = field(
        metadata=declare("The language's name in itself, for the language switcher: Español.", required=True)
    )
    title: str = field(metadata=declare("The site's name in this language."))
    tagline: str | None = field(metadata=declare("The tagline in this language."))
    disclaimer: str = field(metadata=declare("The medical disclaimer in this language."))
    crisis: CrisisHelp = field(
        metadata=declare(
            "The crisis wording in this language (numbers stay those of crisis:).",
            schema.mapping(
                (
                    Field("emergency_text", schema.text, "What to do in an emergency."),
                    Field("line_name", schema.text, "Name of the crisis line."),
                    Field(
                        "line_text",
                        schema.text,
                        "How to reach the crisis line, and its options in this language.",
                    ),
                    Field("line_url", schema.web_address, "Crisis line website in this language."),
                    Field("elsewhere_text", schema.text, "What readers in other countries should do."),
                )
            ),
        )
    )
    publisher: Publisher = field(
        metadata=declare(
            "The publisher's statement in this language.",
            schema.mapping(
                (
                    Field("treatments", schema.text, "Which treatments the organization offers."),
                    Field("funding", schema.text, "Who pays for the site, and who has a say in it."),
                )
            ),
        )
    )
    navigation: tuple[NavSection, ...] = field(
        metadata=declare("Menu section titles by section id, e.g. crps: Sobre el SDRC.", _section_titles)
    )
    strings: Strings
    line: int = 0  # of the entry in site.yaml

    @property
    def short(self) -> str:
        """The primary subtag, which names the strings file: es-US -> es."""
        return self.code.split("-")[0].lower()


@dataclass(frozen=True, kw_only=True)
class SiteConfig:
    """`site.yaml`, validated. Paths are absolute."""

    path: Path
    root: Path
    title: str = field(
        metadata=declare(
            "The site's name, shown in the header and browser tab.", required=True, localized=True
        )
    )
    tagline: str | None = field(metadata=declare("A short line under the site name.", localized=True))
    language: str = field(metadata=declare("Language tag for the pages, e.g. en-US.", default="en-US"))
    base_url: str = field(
        metadata=declare(  # always ends with "/"
            "Full address the site is published at, optionally with a subpath (https://example.org/crps/); "
            "no ?query, #fragment or user@.",
            schema.site_address,
            required=True,
        )
    )
    organization: Organization = field(
        metadata=declare(
            "Who publishes the site and how patients contact them.", of=Organization, required=True
        )
    )
    publisher: Publisher = field(
        metadata=declare(
            "The publisher's statement on the home and About pages: patients should know whether "
            "the publisher offers what the site describes.",
            of=Publisher,
            required=True,
            localized=True,
        )
    )
    disclaimer: str = field(
        metadata=declare(
            "Medical disclaimer shown in the footer of every page.", required=True, localized=True
        )
    )
    crisis: CrisisHelp = field(
        metadata=declare(
            "Emergency and crisis help shown on every page (US defaults: 911 and 988).",
            of=CrisisHelp,
            localized=True,
        )
    )
    # Every language, the default first; one entry (or none, in tests) for a single-language site.
    languages: tuple[Language, ...] = field(
        default=(),
        metadata=declare(
            "The site's languages, the default first (its pages at the site root, its settings the "
            "ones above); each other language's pages are in content/<prefix>/ and at /<prefix>/. "
            "Leave it out for a site in one language.",
            schema.list_of(
                "a list of languages, each with code and name (the default language first)",
                schema.fields_of(Language),
                nonempty=True,
            ),
        ),
    )
    navigation: tuple[NavSection, ...] = field(
        metadata=declare(
            "Menu sections in order: a list of {id, title}; pages join one with `section:`.",
            schema.list_of("a list of sections, each with id and title"),
            required=True,
            localized=True,
        )
    )
    review: ReviewPolicy = field(
        metadata=declare("How often pages are reviewed, and who reviewed them.", of=ReviewPolicy)
    )
    readability: Readability = field(
        default=Readability(), metadata=declare("Plain-language target.", of=Readability)
    )
    theme: Theme = field(metadata=declare("The clinic's colours, logo and template overrides.", of=Theme))
    # content/ in the clinic's repository, for editors' "Edit this page"
    edit_url: str | None = field(
        default=None,
        metadata=declare(
            'Address of content/ in the clinic\'s repository, for an "Edit this page (for editors)" link '
            "(the page's file name is added), e.g. https://github.com/OWNER/REPO/edit/main/content/.",
            _edit_address,
        ),
    )
    project: str | None = field(
        default=None,
        metadata=declare(
            "The project folder (with content/, templates/, static/) when site.yaml is in a subfolder "
            "of it: .. or ../..; theme folders are then named from the project folder.",
            _project_folder,
        ),
    )
    content_dir: Path
    templates_dir: Path
    static_dir: Path

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


# The settings a patient reads, given again by each language (`Language`, `SiteConfig.localized`).
LOCALIZED = tuple(declared.name for declared in schema.fields_of(SiteConfig) if declared.localized)
