"""Each language's settings in `site.yaml`, checked and completed from the top-level ones.

The first language is the default: its settings are the top-level ones. Every other
language gives again what a patient reads (`settings.LOCALIZED`) in its own words, or
its readers would see the default language's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from . import schema
from .diagnostics import Report
from .settings import LOCALIZED, Language, NavSection, SiteConfig
from .strings import check_complete, load_strings
from .yamlfile import LocatedDict, LocatedList

# What a reader of another language sees instead of the top-level settings.
LANGUAGE_FIELDS = schema.fields_of(Language)

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


def languages_of(
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
        result.append(_other_language(config, values, item, folders, report))
    taken = [other.prefix for other in result[1:]]
    for other in result[1:]:
        if taken.count(other.prefix) > 1:
            report.error(path, other.line, f'two languages use the prefix "{other.prefix}"')
            break
    for other in result[1:]:
        check_complete(result[0].strings, other.strings, report)
    return tuple(result)


def _other_language(
    config: SiteConfig, values: dict[str, Any], item: LocatedDict, folders: list[Path], report: Report
) -> Language:
    path, code = config.path, values["code"]
    crisis, publisher = values["crisis"], values["publisher"]
    for key in TRANSLATED_SETTINGS:
        # Only what the site shows: a language need not translate a tagline the site has none of.
        top, _, sub = key.partition(".")
        shown = getattr(getattr(config, top), sub) if sub else getattr(config, top)
        given = values[top][sub] if sub else values[top]
        if shown and given is None:
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
        crisis=replace(config.crisis, **{key: value for key, value in crisis.items() if value is not None}),
        publisher=replace(
            config.publisher,
            treatments=publisher["treatments"] or config.publisher.treatments,
            funding=publisher["funding"] or config.publisher.funding,
        ),
        navigation=tuple(NavSection(s.id, str(titles.get(s.id, s.title))) for s in config.navigation),
        strings=load_strings(folders, code, report, True),
        line=item.line,
    )
