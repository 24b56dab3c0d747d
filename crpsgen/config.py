"""Config stage: `site.yaml` -> `SiteConfig`.

Every setting is declared once below, with a line of documentation; the README
and `build.py --help-config` print the same list.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import schema
from .addresses import resolve_inside
from .diagnostics import ERROR, Diagnostic, Report
from .files import read_text
from .model import (
    LOCALIZED,
    CrisisHelp,
    Language,
    NavSection,
    Organization,
    Publisher,
    Reviewer,
    ReviewPolicy,
    SiteConfig,
    Theme,
)
from .schema import Field
from .sources import DATA_DIR
from .strings import check_complete, load_strings
from .yamlfile import LocatedDict, LocatedList, load_yaml

PLACEHOLDER_REVIEWER = Reviewer(
    name="Editorial team",
    role=("Prepared from the cited sources; awaiting review by the deploying clinic's clinician"),
)


def _color(value: Any) -> str:
    result = schema.text(value)
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", result):
        raise ValueError('a colour written as six hex digits, such as "#005eb8"')
    return result.lower()


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours."""

    def luminance(color: str) -> float:
        channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _brand_color(value: Any) -> str:
    # The brand colour is used for links and as a background behind white text.
    result = _color(value)
    if contrast_ratio(result, "#ffffff") < 4.5:
        raise ValueError(
            "a colour dark enough for white text and for links on white "
            f"(contrast with white is {contrast_ratio(result, '#ffffff'):.1f}:1; WCAG AA needs 4.5:1)"
        )
    return result


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


PROJECT_FOLDER = re.compile(r"\.\.(?:/\.\.)*/?")


def _project_folder(value: Any) -> str:
    # Only folders above site.yaml: the settings file is inside the project it builds.
    result = schema.text(value)
    if not PROJECT_FOLDER.fullmatch(result):
        raise ValueError("a folder above site.yaml, written .. or ../.. (the folder holding content/)")
    return result


def _grade(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 18:
        raise ValueError("a US school grade between 1 and 18")
    return float(value)


def _huerta(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError("a Fernández Huerta score between 0 and 100 (60 and up reads easily)")
    return float(value)


def _nav_sections(value: Any) -> Any:
    if not isinstance(value, list) or not all(isinstance(v, LocatedDict) for v in value):
        raise ValueError("a list of sections, each with id and title")
    return value


def _languages(value: Any) -> Any:
    if not isinstance(value, list) or not all(isinstance(v, LocatedDict) for v in value) or not value:
        raise ValueError("a list of languages, each with code and name (the default language first)")
    return value


def _prefix(value: Any) -> str:
    result = schema.text(value)
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)?", result) or result == DATA_DIR:
        raise ValueError("a short lower-case folder name such as es or pt-br")
    return result


def _section_titles(value: Any) -> Any:
    if not isinstance(value, LocatedDict) or not all(isinstance(v, str) for v in value.values()):
        raise ValueError("a mapping of section id -> menu title, e.g. crps: Sobre el SDRC")
    return value


# What a reader of another language sees instead of the top-level settings.
LANGUAGE_FIELDS: tuple[Field, ...] = (
    Field("code", schema.text, "Language tag of its pages, e.g. es-US.", True),
    Field(
        "prefix",
        _prefix,
        "Folder in content/ and first part of the address of its pages, e.g. es for content/es/ "
        "and /es/ (not for the first language, whose pages are at the site root).",
    ),
    Field("name", schema.text, "The language's name in itself, for the language switcher: Español.", True),
    Field("title", schema.text, "The site's name in this language."),
    Field("tagline", schema.text, "The tagline in this language."),
    Field("disclaimer", schema.text, "The medical disclaimer in this language."),
    Field(
        "crisis",
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
        "The crisis wording in this language (numbers stay those of crisis:).",
    ),
    Field(
        "publisher",
        schema.mapping(
            (
                Field("treatments", schema.text, "Which treatments the organization offers."),
                Field("funding", schema.text, "Who pays for the site, and who has a say in it."),
            )
        ),
        "The publisher's statement in this language.",
    ),
    Field("navigation", _section_titles, "Menu section titles by section id, e.g. crps: Sobre el SDRC."),
)
_languages.item_fields = LANGUAGE_FIELDS  # type: ignore[attr-defined]  # for the settings list

# Given for every language but the first, or a Spanish page would show English.
TRANSLATED_SETTINGS = (
    "title",
    "tagline",
    "disclaimer",
    "crisis.emergency_text",
    "crisis.line_text",
    "crisis.elsewhere_text",
    "publisher.treatments",
    "publisher.funding",
)

REVIEWER_FIELDS = (
    Field("name", schema.text, "Who reviewed the page, e.g. Dr Jane Doe", required=True),
    Field("role", schema.text, "Their role, e.g. Consultant in pain medicine", required=True),
)

FIELDS: tuple[Field, ...] = (
    Field("title", schema.text, "The site's name, shown in the header and browser tab.", True),
    Field("tagline", schema.text, "A short line under the site name."),
    Field("language", schema.text, "Language tag for the pages, e.g. en-US.", default="en-US"),
    Field(
        "base_url",
        schema.site_address,
        "Full address the site is published at, optionally with a subpath (https://example.org/crps/); "
        "no ?query, #fragment or user@.",
        True,
    ),
    Field(
        "organization",
        schema.mapping(
            (
                Field("name", schema.text, "The clinic or organization publishing the site.", True),
                Field("phone", schema.text, "Contact phone number, shown in the footer."),
                Field("email", schema.text, "Contact email address, shown in the footer."),
                Field("address", schema.text, "Postal address, shown in the footer."),
                Field("website", schema.web_address, "The organization's main website."),
            )
        ),
        "Who publishes the site and how patients contact them.",
        True,
    ),
    Field(
        "publisher",
        schema.mapping(
            (
                Field(
                    "offers_treatment",
                    schema.boolean,
                    "true if the organization offers any treatment this site describes.",
                    True,
                ),
                Field("treatments", schema.text, "Which of them it offers, e.g. ketamine infusions."),
                Field("funding", schema.text, "Who pays for the site, and who has a say in it.", True),
            )
        ),
        "The publisher's statement on the home and About pages: patients should know whether "
        "the publisher offers what the site describes.",
        True,
    ),
    Field("disclaimer", schema.text, "Medical disclaimer shown in the footer of every page.", True),
    Field(
        "crisis",
        schema.mapping(
            (
                Field("emergency_number", schema.text, "Emergency number.", default="911"),
                Field(
                    "emergency_text",
                    schema.text,
                    "What to do in an emergency.",
                    default="If you or someone else is in danger now, call 911.",
                ),
                Field(
                    "line_name",
                    schema.text,
                    "Name of the crisis line.",
                    default="988 Suicide & Crisis Lifeline",
                ),
                Field("line_number", schema.text, "Crisis line number.", default="988"),
                Field(
                    "line_text",
                    schema.text,
                    "How to reach the crisis line.",
                    default="Call or text 988, any time of day or night. It is free and confidential.",
                ),
                Field(
                    "line_url", schema.web_address, "Crisis line website.", default="https://988lifeline.org/"
                ),
                Field(
                    "elsewhere_text",
                    schema.text,
                    "What readers in other countries should do.",
                    default="Outside the US, call your local emergency number.",
                ),
            )
        ),
        "Emergency and crisis help shown on every page (US defaults: 911 and 988).",
    ),
    Field(
        "languages",
        _languages,
        "The site's languages, the default first (its pages at the site root, its settings the "
        "ones above); each other language's pages are in content/<prefix>/ and at /<prefix>/. "
        "Leave it out for a site in one language.",
    ),
    Field(
        "navigation",
        _nav_sections,
        "Menu sections in order: a list of {id, title}; pages join one with `section:`.",
        True,
    ),
    Field(
        "review",
        schema.mapping(
            (
                Field(
                    "interval_months",
                    schema.integer,
                    "Months from last_reviewed to next review.",
                    default=12,
                ),
                Field(
                    "warn_days",
                    schema.integer,
                    "Warn this many days before a review falls due.",
                    default=30,
                ),
                Field(
                    "default_reviewed_by",
                    schema.mapping(REVIEWER_FIELDS),
                    "Reviewer shown on pages that name none.",
                ),
                Field(
                    "require_clinical_review",
                    schema.boolean,
                    "Make a page without a named clinical reviewer an error.",
                    default=False,
                ),
            )
        ),
        "How often pages are reviewed, and who reviewed them.",
    ),
    Field(
        "readability",
        schema.mapping(
            (
                Field(
                    "target_grade",
                    _grade,
                    "US reading grade pages should not exceed (Flesch-Kincaid).",
                    default=8.0,
                ),
                Field(
                    "target_spanish",
                    _huerta,
                    "Fernández Huerta score Spanish pages should reach "
                    "(60 and up: about US grade 8 or easier).",
                    default=60.0,
                ),
            )
        ),
        "Plain-language target.",
    ),
    Field(
        "theme",
        schema.mapping(
            (
                Field("primary_color", _brand_color, "Main brand colour (links, header).", default="#005eb8"),
                Field("accent_color", _color, "Accent colour (focus ring).", default="#ffb81c"),
                Field("logo", schema.text, "Logo file inside the static folder, e.g. logo.svg."),
                Field(
                    "templates",
                    schema.text,
                    "Folder of templates that override ours by name (inside the project).",
                ),
                Field(
                    "static",
                    schema.text,
                    "Folder of static files that override ours by name (inside the project).",
                ),
                Field(
                    "root",
                    schema.text,
                    "Folder of files copied unhashed to the top of the site, overriding root/ by name.",
                ),
                Field(
                    "share_image",
                    schema.text,
                    "Picture shown when a page is shared (PNG or JPEG in the static folder, best 1200x630); "
                    "default: one drawn from the title and colours.",
                ),
                Field(
                    "share_image_alt",
                    schema.text,
                    "What the share picture shows, for people who cannot see it (needed with share_image).",
                ),
            )
        ),
        "The clinic's colours, logo and template overrides.",
    ),
    Field(
        "edit_url",
        _edit_address,
        'Address of content/ in the clinic\'s repository, for an "Edit this page (for editors)" link '
        "(the page's file name is added), e.g. https://github.com/OWNER/REPO/edit/main/content/.",
    ),
    Field(
        "project",
        _project_folder,
        "The project folder (with content/, templates/, static/) when site.yaml is in a subfolder "
        "of it: .. or ../..; theme folders are then named from the project folder.",
    ),
)


def load_config(path: Path, report: Report, base_url: str | None = None) -> SiteConfig | None:
    """Read and validate site.yaml; return None when it cannot be used."""
    path = path.resolve()
    errors_before = report.count(ERROR)
    if not path.is_file():
        report.error(path, None, "site settings file not found", "create site.yaml or pass --config PATH")
        return None
    text = read_text(path, report)
    if text is None:
        return None
    data, problems = load_yaml(text)
    for problem in problems:
        report.error(path, problem.line, problem.message, problem.hint)
    if data is None and not problems:
        data = LocatedDict()
        data.line, data.key_lines = 1, {}
    if not isinstance(data, LocatedDict):
        if data is not None:
            report.error(
                path,
                1,
                "site.yaml must be a mapping of settings (key: value lines)",
                "start with a line such as: title: My clinic",
            )
        return None
    values = schema.check_fields(data, FIELDS, path, report, "setting")
    if base_url is not None:
        try:
            values["base_url"] = schema.site_address(base_url)
        except ValueError as exc:
            # Blame the command line, not site.yaml: the editor typed it there.
            report.items.append(Diagnostic("--base-url", None, ERROR, f"should be {exc}, not {base_url!r}"))
    if report.count(ERROR) > errors_before or values["base_url"] is None:
        return None
    config = _build(path, values, data, report)
    _check_logo(config, data, report)
    _check_share_image(config, data, report)
    # Stop at any settings error: a missing theme folder or logo would otherwise come
    # back as one error per page. None exactly when site.yaml has an error.
    return None if report.count(ERROR) > errors_before else config


def _check_logo(config: SiteConfig, data: LocatedDict, report: Report) -> None:
    """theme.logo must name a file in the static folders (found here, not once per page in a template)."""
    logo = config.theme.logo
    if logo is None:
        return
    # Written as templates ask for it (asset("images/logo.svg")): no "./", "..", "\\" or leading "/".
    plain = "\\" not in logo and all(part not in {"", ".", ".."} for part in logo.split("/"))
    for folder in (config.theme.static, config.static_dir):
        if folder is None or not plain:
            continue
        inside = folder.resolve()
        candidate = (inside / logo).resolve()
        if candidate.is_relative_to(inside) and candidate.is_file():
            return
    theme = data.get("theme")
    line = theme.line_of("logo") if isinstance(theme, LocatedDict) else None
    folders = "static/" + (" or the theme.static folder" if config.theme.static else "")
    report.error(
        config.path,
        line,
        f'theme.logo "{logo}" is not a file in {folders}',
        "name the file relative to that folder, e.g. logo: logo.svg for static/logo.svg",
    )


def _check_share_image(config: SiteConfig, data: LocatedDict, report: Report) -> None:
    """theme.share_image must be a PNG or JPEG in the static folders, described by share_image_alt."""
    from .sharing import image_size  # Pillow is loaded only by sites that name a picture here

    name = config.theme.share_image
    if name is None:
        return
    theme = data.get("theme")
    line = theme.line_of("share_image") if isinstance(theme, LocatedDict) else None
    plain = "\\" not in name and all(part not in {"", ".", ".."} for part in name.split("/"))
    found = None
    for folder in (config.theme.static, config.static_dir):
        if folder is not None and plain and found is None:
            candidate = (folder.resolve() / name).resolve()
            if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
                found = candidate
    if found is None:
        report.error(
            config.path,
            line,
            f'theme.share_image "{name}" is not a file in static/',
            "name the file relative to that folder, e.g. share_image: share.png for static/share.png",
        )
    elif image_size(found.read_bytes()) is None:
        report.error(
            config.path, line, f'theme.share_image "{name}" is not a PNG or JPEG picture', "save it as PNG"
        )
    elif config.theme.share_image_alt is None:
        report.error(
            config.path,
            line,
            "theme.share_image needs theme.share_image_alt",
            'say what the picture shows, e.g. share_image_alt: "Our clinic\'s logo on a blue background"',
        )


def _build(path: Path, values: dict[str, Any], data: LocatedDict, report: Report) -> SiteConfig:
    root = (path.parent / values["project"]).resolve() if values["project"] else path.parent
    org = values["organization"]
    crisis, review, theme = values["crisis"], values["review"], values["theme"]
    reviewer = review["default_reviewed_by"]
    sections = _sections(values["navigation"], path, report)
    base_url = values["base_url"] if values["base_url"].endswith("/") else values["base_url"] + "/"
    templates = _folder(root, "templates", theme["templates"], path, data, report)
    static = _folder(root, "static", theme["static"], path, data, report)
    root_files = _folder(root, "root", theme["root"], path, data, report)
    config = SiteConfig(
        path=path,
        root=root,
        title=values["title"],
        tagline=values["tagline"],
        language=values["language"],
        base_url=base_url,
        organization=Organization(**org),
        publisher=Publisher(**values["publisher"]),
        disclaimer=values["disclaimer"],
        crisis=CrisisHelp(**crisis),
        navigation=sections,
        review=ReviewPolicy(
            interval_months=review["interval_months"],
            warn_days=review["warn_days"],
            default_reviewer=Reviewer(**reviewer) if reviewer else PLACEHOLDER_REVIEWER,
            require_clinical_review=review["require_clinical_review"],
        ),
        readability_grade=values["readability"]["target_grade"],
        readability_spanish=values["readability"]["target_spanish"],
        theme=Theme(
            primary_color=theme["primary_color"],
            accent_color=theme["accent_color"],
            logo=theme["logo"],
            templates=templates,
            static=static,
            root=root_files,
            share_image=theme["share_image"],
            share_image_alt=theme["share_image_alt"],
        ),
        edit_url=values["edit_url"],
        content_dir=root / "content",
        templates_dir=root / "templates",
        static_dir=root / "static",
    )
    return replace(config, languages=_languages_of(config, values["languages"], data, report))


def _languages_of(
    config: SiteConfig, items: LocatedList | None, data: LocatedDict, report: Report
) -> tuple[Language, ...]:
    """The default language (the top-level settings) and each other language's own wording."""
    path = config.path
    folders = [f for f in (config.theme.templates, config.templates_dir) if f is not None]
    default = Language(
        **{name: getattr(config, name) for name in LOCALIZED},
        code=config.language,
        prefix="",
        name=config.language,
        strings=load_strings(folders, config.language, report, required=items is not None),
    )
    if items is None:
        return (default,)
    result: list[Language] = []
    for index, item in enumerate(items):
        values = schema.check_fields(item, LANGUAGE_FIELDS, path, report, "language setting", "languages.")
        code, name = values["code"], values["name"]
        if code is None or name is None:
            continue
        if any(other.code == code for other in result):
            report.error(path, item.line_of("code"), f'language "{code}" is listed twice')
            continue
        if index == 0:
            if "language" in data and code != config.language:
                report.error(
                    path,
                    item.line_of("code"),
                    f'the first language "{code}" is the site\'s, but language: says "{config.language}"',
                    "the first language is the default: leave language: out, or make them the same",
                )
            if values["prefix"] is not None:
                report.error(
                    path,
                    item.line_of("prefix"),
                    "the first language has no prefix: its pages are at the site root",
                    "remove prefix: from the first language",
                )
            strings = (
                default.strings if code == config.language else load_strings(folders, code, report, True)
            )
            result.append(replace(default, code=code, name=name, strings=strings, line=item.line))
            continue
        result.append(_other_language(config, values, item, default, folders, report))
    taken = [other.prefix for other in result[1:]]
    for other in result[1:]:
        if taken.count(other.prefix) > 1:
            report.error(path, other.line, f'two languages use the prefix "{other.prefix}"')
            break
    for other in result[1:]:
        check_complete(result[0].strings, other.strings, report)
    return tuple(result)


def _other_language(
    config: SiteConfig,
    values: dict[str, Any],
    item: LocatedDict,
    default: Language,
    folders: list[Path],
    report: Report,
) -> Language:
    path, code = config.path, values["code"]
    crisis, publisher = values["crisis"], values["publisher"]
    given = {
        "title": values["title"],
        "tagline": values["tagline"] if config.tagline else "-",
        "disclaimer": values["disclaimer"],
        "crisis.emergency_text": crisis["emergency_text"],
        "crisis.line_text": crisis["line_text"],
        "crisis.elsewhere_text": crisis["elsewhere_text"],
        "publisher.treatments": publisher["treatments"] if config.publisher.treatments else "-",
        "publisher.funding": publisher["funding"],
    }
    for key in TRANSLATED_SETTINGS:
        if given[key] is None:
            report.error(
                path,
                item.line,
                f"language {code} has no {key}: its readers would see the {config.language} text",
                f"add {key} in {code} under this language",
            )
    if values["prefix"] is None:
        report.error(
            path, item.line, f"language {code} has no prefix", "add e.g. prefix: es (content/es/, /es/)"
        )
    titles = values["navigation"] or LocatedDict()
    ids = [section.id for section in config.navigation]
    for key in titles:
        if key not in ids:
            report.error(
                path,
                titles.line_of(key),
                f'unknown section "{key}" in languages: {code} navigation',
                "sections are listed under navigation: " + ", ".join(ids),
            )
    missing = [section_id for section_id in ids if section_id not in titles]
    if missing:
        report.error(
            path,
            item.line_of("navigation") if "navigation" in item else item.line,
            f"language {code} has no menu title for section {', '.join(missing)}",
            "add navigation: {" + ", ".join(f"{m}: ..." for m in missing) + "}",
        )
    return Language(
        code=code,
        prefix=values["prefix"] or "",
        name=values["name"],
        title=values["title"] or config.title,
        tagline=values["tagline"] or config.tagline,
        disclaimer=values["disclaimer"] or config.disclaimer,
        crisis=replace(
            config.crisis,
            **{key: value for key, value in crisis.items() if value is not None},
        ),
        publisher=replace(
            config.publisher,
            treatments=publisher["treatments"] or config.publisher.treatments,
            funding=publisher["funding"] or config.publisher.funding,
        ),
        navigation=tuple(NavSection(s.id, str(titles.get(s.id, s.title))) for s in config.navigation),
        strings=load_strings(folders, code, report, True),
        line=item.line,
    )


def _sections(items: LocatedList, path: Path, report: Report) -> tuple[NavSection, ...]:
    fields = (
        Field("id", schema.text, "Short name pages use in `section:`.", True),
        Field("title", schema.text, "Heading shown in the menu.", True),
    )
    result: list[NavSection] = []
    for item in items:
        values = schema.check_fields(item, fields, path, report, "navigation key")
        if values["id"] and values["title"]:
            if any(s.id == values["id"] for s in result):
                report.error(path, item.line, f'navigation section "{values["id"]}" is listed twice')
            result.append(NavSection(values["id"], values["title"]))
    return tuple(result)


def _folder(
    root: Path, key: str, value: str | None, path: Path, data: LocatedDict, report: Report
) -> Path | None:
    """A theme folder: an existing folder inside the project (the folder of site.yaml)."""
    if value is None:
        return None
    theme = data.get("theme")
    line = theme.line_of(key) if isinstance(theme, LocatedDict) else None
    folder = resolve_inside(root, value)
    if folder is None:
        report.error(
            path,
            line,
            f'theme.{key} "{value}" is outside the project folder',
            f"give the path of a folder next to site.yaml, such as clinic/{key}",
        )
        return None
    if not folder.is_dir():
        report.error(path, line, f'theme folder "{value}" does not exist')
        return None
    return folder
