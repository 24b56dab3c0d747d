"""Data stage: `content/_data/references.yaml` and `glossary.yaml` -> typed values.

Both are YAML lists of mappings, checked field by field so that an editor's
mistake is reported at its own line. A mistake is reported once: an entry that
fails its checks is still there for the pages citing it, and a bibliography that
cannot be read is one line naming the file, not one line for every citation.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from . import schema
from .diagnostics import Report
from .health_facts import load_facts
from .model import ConvertedPage, GlossaryTerm, SiteData
from .references import SCHOLARLY_TYPES, Reference
from .slugs import slugify
from .sources import DATA_DIR
from .yamlfile import LocatedDict, LocatedList, read_yaml

# The fields of an entry: declared once, on `Reference` (references.py) and `GlossaryTerm`.
REFERENCE_FIELDS = schema.fields_of(Reference)
GLOSSARY_FIELDS = schema.fields_of(GlossaryTerm)

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


def check_data_files(pages: list[ConvertedPage], data: SiteData, report: Report) -> None:
    """One line for a missing or empty data file that pages need, naming the file."""
    citing = sum(1 for converted in pages if converted.citations)
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
    data = read_yaml(
        path, report, LocatedList, f"{path.name} must be a list of {what}", "start each entry with '- '"
    )
    if data is None:
        return None, None
    if not data:
        return None, "is empty"
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
                # A value given but refused (year: 20) is reported already: one mistake, one line.
                refused = item.get(name) is not None and values[name] is None
                if not values[name] and not refused:
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
        references[key] = schema.build(
            Reference,
            values,
            type=values["type"] or "webpage",
            title=values["title"] or key,
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
            schema.build(
                GlossaryTerm, values, anchor="term-" + slugify(values["term"]), line=item.line_of("term")
            )
        )
    return tuple(sorted(terms, key=lambda t: alphabetical(t.term)))


def alphabetical(term: str) -> str:
    """A sort key that ignores accents: "ácido" files under a, as in a Spanish dictionary."""
    decomposed = unicodedata.normalize("NFKD", term.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
