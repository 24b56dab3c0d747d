"""Data stage: `content/_data/references.yaml` and `glossary.yaml` -> typed values.

Both are YAML lists of mappings, checked field by field so that an editor's
mistake is reported at its own line. A mistake is reported once: an entry that
fails its checks is still there for the pages citing it, and a bibliography that
cannot be read is one line naming the file, not one line for every citation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

from . import schema
from .addresses import slugify
from .diagnostics import Report
from .files import read_text
from .model import GlossaryTerm, Reference, RenderedPage, SiteData
from .schema import Field
from .sources import DATA_DIR
from .structured_data import load_facts
from .yamlfile import LocatedDict, LocatedList, load_yaml

REFERENCE_TYPES = ("article", "review", "guideline", "book", "webpage", "label")
SCHOLARLY_TYPES = ("article", "review", "guideline", "book")
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_PATTERN = re.compile(r"^[1-9]\d{0,8}$")


def _doi(value: Any) -> str:
    result = schema.text(value)
    if not DOI_PATTERN.match(result):
        raise ValueError('a DOI such as 10.1097/j.pain.0000000000002245 (without "https://doi.org/")')
    return result


def _pmid(value: Any) -> str:
    result = schema.text(value)
    if not PMID_PATTERN.match(result):
        raise ValueError("a PubMed id of 1 to 9 digits")
    return result


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= dt.date.today().year + 1:
        raise ValueError("a four-digit year")
    return value


REFERENCE_FIELDS: tuple[Field, ...] = (
    Field("id", schema.text, "Short key pages cite with [@id].", True),
    Field("type", schema.one_of(*REFERENCE_TYPES), "Kind of source: " + ", ".join(REFERENCE_TYPES), True),
    Field("authors", schema.text_list, "Authors as Family Initials; for web pages, the organization."),
    Field("title", schema.text, "Title of the article, guideline, book or page.", True),
    Field("container", schema.text, "Journal, publisher or website name."),
    Field("year", _year, "Year of publication."),
    Field("volume", schema.text, "Journal volume."),
    Field("issue", schema.text, "Journal issue."),
    Field("pages", schema.text, "Page range, e.g. 2346-2348."),
    Field("doi", _doi, "Digital Object Identifier, e.g. 10.1097/j.pain.0000000000002245."),
    Field("pmid", _pmid, "PubMed id (digits only)."),
    Field("url", schema.web_address, "Address of the source (required for web pages and labels)."),
    Field("accessed", schema.date, "Date a web page was looked at (YYYY-MM-DD)."),
    Field("verified_from", schema.text_list, "Where each field was checked (not shown on the site).", True),
    Field("notes", schema.text, "Notes for editors (not shown on the site)."),
)

GLOSSARY_FIELDS: tuple[Field, ...] = (
    Field("term", schema.text, "The word or phrase as readers see it.", True),
    Field(
        "also",
        schema.text_list,
        "Other forms to recognise (plural, British spelling, abbreviation).",
        default=(),
    ),
    Field("definition", schema.text, "One or two plain sentences.", True),
)


GLOSSARY_TEMPLATE = "glossary.html"


class UnreadBibliography(dict[str, Reference]):
    """Stands in for a bibliography that could not be read, which is reported once.

    Every key counts as present, so the citations in every page are not each reported
    as unknown as well: one mistake, one line.
    """

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)

    def __missing__(self, key: str) -> Reference:
        return Reference(key, "webpage", (), key, None, None, None, None, None, None, None, None, None, 0)

    def __eq__(self, other: object) -> bool:
        return type(other) is UnreadBibliography

    __hash__ = None


def load_site_data(content_dir: Path, report: Report) -> SiteData:
    """Load the bibliography and glossary; a missing or empty file is noted (see `check_data_files`)."""
    data_dir = content_dir / DATA_DIR
    references_path = data_dir / "references.yaml"
    glossary_path = data_dir / "glossary.yaml"
    reference_items, references_missing = _load_list(references_path, report, "sources")
    glossary_items, glossary_missing = _load_list(glossary_path, report, "terms")
    references = (
        _load_references(references_path, reference_items, report)
        if reference_items is not None
        else UnreadBibliography()
    )
    glossaries = {}
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()) if content_dir.is_dir() else ():
        # A language's own glossary: content/es/_data/glossary.yaml (references stay shared).
        other = folder / DATA_DIR / "glossary.yaml"
        if folder.name != DATA_DIR and other.is_file():
            items, _ = _load_list(other, report, "terms")
            glossaries[folder.name] = _load_glossary(other, items or [], report)
    return SiteData(
        glossaries=glossaries,
        references=references,
        references_path=references_path,
        glossary=_load_glossary(glossary_path, glossary_items or [], report),
        glossary_path=glossary_path,
        references_missing=references_missing,
        glossary_missing=glossary_missing,
        facts=load_facts(data_dir, report),
    )


def check_data_files(pages: list[RenderedPage], data: SiteData, report: Report) -> None:
    """One line for a missing or empty data file that pages need, naming the file."""
    citing = sum(1 for rendered in pages if rendered.citations)
    if data.references_missing and citing:
        report.error(
            data.references_path,
            None,
            f"bibliography {data.references_missing}",
            f"{citing} pages cite sources with [@id]; each id needs an entry in this file",
        )
    glossary_pages = [r.page for r in pages if r.page.meta.template == GLOSSARY_TEMPLATE]
    if data.glossary_missing and glossary_pages:
        report.error(
            data.glossary_path,
            None,
            f"glossary {data.glossary_missing}",
            f"{report.relative(glossary_pages[0].source.path)} lists the terms of this file",
        )


def _load_list(path: Path, report: Report, what: str) -> tuple[list[LocatedDict] | None, str | None]:
    """The file's entries, or None when it gives none; and why, if not reported already."""
    if not path.is_file():
        return None, "not found"
    text = read_text(path, report)
    if text is None:
        return None, None
    data, problems = load_yaml(text)
    for problem in problems:
        report.error(path, problem.line, problem.message, problem.hint)
    if data is None or data == []:
        return None, None if problems else "is empty"
    if not isinstance(data, LocatedList):
        report.error(path, 1, f"{path.name} must be a list of {what}", "start each entry with '- '")
        return None, None
    items = []
    for item, line in zip(data, data.item_lines, strict=True):
        if isinstance(item, LocatedDict):
            items.append(item)
        else:
            report.error(path, line, f"each entry of {path.name} must be a mapping of fields")
    return items or None, None  # no usable entry: reported, and not an empty list to cite from


def _load_references(path: Path, items: list[LocatedDict], report: Report) -> dict[str, Reference]:
    references: dict[str, Reference] = {}
    for item in items:
        values = schema.check_fields(item, REFERENCE_FIELDS, path, report, "bibliography field")
        key = values["id"]
        if key is None:
            continue  # nothing can cite it
        if key in references:
            report.error(
                path,
                item.line_of("id"),
                f'duplicate bibliography id "{key}" (first on line {references[key].line})',
            )
            continue
        if values["type"] in SCHOLARLY_TYPES:
            for name in ("authors", "year"):
                if not values[name]:
                    report.error(
                        path,
                        item.line_of("id"),
                        f'bibliography entry "{key}" has no {name}',
                        "add it from the source itself; never guess",
                    )
        elif values["type"] is not None and not values["url"]:
            report.error(path, item.line_of("id"), f'{values["type"]} "{key}" has no url')
        # An entry with a mistake (already reported) is still there for the pages citing it,
        # so they are not blamed too; the build fails, so its stand-in values are never shown.
        references[key] = Reference(
            id=key,
            type=values["type"] or "webpage",
            authors=values["authors"] or (),
            title=values["title"] or key,
            container=values["container"],
            year=values["year"],
            volume=values["volume"],
            issue=values["issue"],
            pages=values["pages"],
            doi=values["doi"],
            pmid=values["pmid"],
            url=values["url"],
            accessed=values["accessed"],
            line=item.line_of("id"),
        )
    return references


def _load_glossary(path: Path, items: list[LocatedDict], report: Report) -> tuple[GlossaryTerm, ...]:
    terms: list[GlossaryTerm] = []
    seen: dict[str, int] = {}
    for item in items:
        values = schema.check_fields(item, GLOSSARY_FIELDS, path, report, "glossary field")
        if values["term"] is None or values["definition"] is None:
            continue
        for form in (values["term"], *values["also"]):
            if form.lower() in seen:
                report.error(
                    path,
                    item.line_of("term"),
                    f'glossary form "{form}" is already defined on line {seen[form.lower()]}',
                )
            seen[form.lower()] = item.line_of("term")
        terms.append(
            GlossaryTerm(
                term=values["term"],
                also=values["also"],
                definition=values["definition"],
                anchor="term-" + slugify(values["term"]),
                line=item.line_of("term"),
            )
        )
    return tuple(sorted(terms, key=lambda t: alphabetical(t.term)))


def alphabetical(term: str) -> str:
    """A sort key that ignores accents: "ácido" files under a, as in a Spanish dictionary."""
    decomposed = unicodedata.normalize("NFKD", term.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
