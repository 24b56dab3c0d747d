"""Front matter stage: `SourceFile` -> `Page` (validated metadata, body, body start line)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import schema
from .addresses import NameProblem, alias_path, check_file_name, check_slug, check_template_name
from .diagnostics import ERROR, Report, did_you_mean
from .editorial import PLACEHOLDER_REVIEWER, Reviewer
from .files import read_text
from .model import Page, PageMeta, SiteConfig, SourceFile
from .pagemeta import ASPECTS as ASPECTS  # declared with the front matter; structured data reads them
from .sources import source_for
from .yamlfile import LocatedDict, LocatedList, read_yaml

# The keys front matter may have: declared once, on `PageMeta` (pagemeta.py).
FIELDS = schema.fields_of(PageMeta)

DESCRIPTION_LIMIT = 160


def split_front_matter(text: str, source: SourceFile, report: Report) -> tuple[str, str, int] | None:
    """Return (front matter, body, body line), or None after reporting why not."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        report.error(
            source.path,
            1,
            "page has no front matter",
            "start the file with a line containing only ---, then title: ..., then ---",
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    report.error(
        source.path,
        1,
        "front matter is not closed",
        "add a line containing only --- after the last front-matter line",
    )
    return None


def parse_page(source: SourceFile, config: SiteConfig, report: Report, today: dt.date) -> Page | None:
    """Read one Markdown file and validate its front matter."""
    text = read_text(source.path, report)
    if text is None:
        return None
    parts = split_front_matter(text, source, report)
    if parts is None:
        return None
    front, body, body_line = parts
    data = read_yaml(
        source.path,
        report,
        LocatedDict,
        "front matter must be key: value lines",
        text=front,
        line_offset=1,
        empty=("front matter is empty", "add at least title: ..."),
    )
    if data is None:
        return None
    errors_before = report.count(ERROR)
    values = schema.check_fields(data, FIELDS, source.path, report, "front-matter key")
    meta = _meta(values, data, source, config, report, today)
    failed = meta is None or report.count(ERROR) > errors_before
    if meta is not None:
        # A bad alias or template is reported but leaves the page in the build, so the
        # pages linking to it are not blamed as well (the build fails all the same).
        meta = _with_paths(meta, values, data, source.path, report)
    if failed or meta is None:
        return None
    language = config.language_of(source.relpath)
    if meta.translation_of is not None and language is not None and not config.multilingual:
        return None  # a site in one language leaves translations out (README: "Languages")
    if meta.slug is not None:
        slug = meta.slug
        if language is not None and language.prefix and not slug.startswith(language.prefix + "/"):
            slug = f"{language.prefix}/{slug}"  # a page's own slug stays inside its language
        source = source_for(config.content_dir, source.relpath, slug)
    return Page(
        source=source,
        meta=meta,
        body=body,
        body_line=body_line,
        meta_lines=tuple(sorted(data.key_lines.items())),
    )


def _meta(
    values: dict[str, Any],
    data: LocatedDict,
    source: SourceFile,
    config: SiteConfig,
    report: Report,
    today: dt.date,
) -> PageMeta | None:
    """The page's typed metadata (what follows from the site filled in), checked against the site."""
    if values["title"] is None or values["last_reviewed"] is None or values["description"] is None:
        return None
    language = config.language_of(source.relpath)
    given = values["reviewed_by"]
    reviewer = schema.build(Reviewer, given) if given else config.review.default_reviewer
    home = source.slug == "" or _language_home(source.relpath, config)
    meta = schema.build(
        PageMeta,
        values,
        nav_title=values["nav_title"] or values["title"],
        template="home.html" if home else "page.html",
        next_review_due=values["next_review_due"]
        or add_months(values["last_reviewed"], config.review.interval_months),
        reviewed_by=reviewer,
        review_is_placeholder=reviewer == PLACEHOLDER_REVIEWER,
        aliases=(),  # checked by the address rules in `_with_paths`
        language=language.code if language is not None else None,
    )
    _check_meta(meta, values["next_review_due"] is not None, data, source, config, report, today)
    return meta


def _check_meta(
    meta: PageMeta,
    due_given: bool,
    data: LocatedDict,
    source: SourceFile,
    config: SiteConfig,
    report: Report,
    today: dt.date,
) -> None:
    """Each check of a page's metadata against the site, at the line of its key."""
    path = source.path
    if meta.slug is not None and (problem := check_slug(meta.slug)):
        report.error(path, data.line_of("slug"), f'slug "{meta.slug}" should be {problem}')
    elif meta.slug is None and (name_problem := check_file_name(source.relpath)):
        report.error(path, None, name_problem.message, name_problem.hint)
    section_ids = [s.id for s in config.navigation]
    if meta.section is not None and meta.section not in section_ids:
        report.error(
            path,
            data.line_of("section"),
            f'unknown section "{meta.section}"{did_you_mean(meta.section, section_ids)}',
            "sections are listed under navigation in site.yaml: " + ", ".join(section_ids),
        )
    if len(meta.description) > DESCRIPTION_LIMIT:
        report.warning(
            path,
            data.line_of("description"),
            f"description is {len(meta.description)} characters; "
            f"search results cut it after about {DESCRIPTION_LIMIT}",
        )
    last, due = meta.last_reviewed, meta.next_review_due
    if last > today:
        report.error(
            path,
            data.line_of("last_reviewed"),
            f"last_reviewed {last.isoformat()} is in the future",
            "use the date the page was actually checked",
        )
    if due <= last:
        report.error(
            path,
            data.line_of("next_review_due"),
            f"next_review_due {due.isoformat()} is not after last_reviewed {last.isoformat()}",
        )
    elif due < today:
        report.warning(
            path,
            data.line_of("next_review_due") if due_given else data.line_of("last_reviewed"),
            f"review overdue since {due.isoformat()}",
            "check the page against its sources, then update last_reviewed",
        )
    elif (due - today).days <= config.review.warn_days:
        report.notice(path, data.line_of("last_reviewed"), f"review due on {due.isoformat()}")
    language = config.language_of(source.relpath)
    if meta.translation_of and language and config.multilingual and not language.prefix:
        report.error(
            path,
            data.line_of("translation_of"),
            f"translation_of on a page of the default language ({language.code})",
            f"translations live in their language's folder, e.g. content/{config.languages[1].prefix}/",
        )
    if meta.review_is_placeholder and config.review.require_clinical_review:
        report.error(
            path,
            data.line,
            "no clinical reviewer named (site.yaml review.require_clinical_review is true)",
            "add reviewed_by: {name: ..., role: ...} once a clinician has signed the page off",
        )


def _language_home(relpath: str, config: SiteConfig) -> bool:
    """content/es/index.md is the Spanish home page."""
    return any(language.prefix and relpath == f"{language.prefix}/index.md" for language in config.languages)


def _with_paths(
    meta: PageMeta, values: dict[str, Any], data: LocatedDict, path: Path, report: Report
) -> PageMeta:
    """The page's template and aliases, each checked by the address rules."""
    template = meta.template
    if values["template"] is not None:
        if bad := check_template_name(values["template"]):
            report.error(path, data.line_of("template"), bad.message, bad.hint)
        else:
            template = values["template"]
    aliases = _aliases(values["aliases"], data, report, path)
    return replace(
        meta,
        template=template,
        aliases=tuple(alias for alias, _ in aliases),
        alias_lines=tuple(line for _, line in aliases),
    )


def _aliases(values: tuple[str, ...], data: LocatedDict, report: Report, path: Path) -> list[tuple[str, int]]:
    """Each valid alias as a folder path ("old/page/") with its line; report the others."""
    raw = data.get("aliases")
    lines = raw.item_lines if isinstance(raw, LocatedList) else []
    result = []
    for index, value in enumerate(values):
        line = lines[index] if index < len(lines) else data.line_of("aliases")
        folder = alias_path(value)
        if isinstance(folder, NameProblem):
            report.error(path, line, folder.message, folder.hint)
        else:
            result.append((folder, line))
    return result


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
