"""Citations: Vancouver numbering, AMA-style reference entries and the site's bibliography.

Numbers follow the order in which sources are first cited on a page; a run of
three or more consecutive numbers is compressed to a range (1-3). Reference
entries follow the AMA Manual of Style (11th ed.): all authors up to six, and for
more than six the first three followed by "et al.".
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .addresses import url
from .model import ConvertedPage, Reference, SiteConfig, SiteData

MAX_AUTHORS = 6
AUTHORS_BEFORE_ET_AL = 3


def compress(numbers: list[int]) -> list[tuple[int, int]]:
    """Group sorted unique numbers into (first, last) runs; runs of two stay apart."""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    result: list[tuple[int, int]] = []
    for first, last in runs:
        if last == first + 1:
            result.extend([(first, first), (last, last)])
        else:
            result.append((first, last))
    return result


def format_authors(authors: tuple[str, ...]) -> str:
    if len(authors) > MAX_AUTHORS:
        return ", ".join(authors[:AUTHORS_BEFORE_ET_AL]) + ", et al"
    return ", ".join(authors)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def reference_html(ref: Reference) -> str:
    """Return one AMA-style entry as HTML (no surrounding <li>)."""
    parts: list[str] = []
    if ref.authors:
        parts.append(escape(_sentence(format_authors(ref.authors))))
    if ref.type in ("webpage", "label"):
        parts.append(escape(_sentence(ref.title)))
        if ref.container:
            parts.append(f"<i>{escape(_sentence(ref.container))}</i>")
        if ref.year:
            parts.append(f"Published {ref.year}.")
        if ref.accessed:
            parts.append(f"Accessed {ref.accessed.strftime('%B')} {ref.accessed.day}, {ref.accessed.year}.")
    elif ref.type == "book":
        parts.append(f"<i>{escape(_sentence(ref.title))}</i>")
        publisher = f"{escape(ref.container)}; " if ref.container else ""
        parts.append(f"{publisher}{ref.year}." if ref.year else publisher.rstrip("; ") + ".")
    else:
        parts.append(escape(_sentence(ref.title)))
        if ref.container:
            parts.append(f"<i>{escape(_sentence(ref.container))}</i>")
        parts.append(escape(_journal_details(ref)))
    links = []
    if ref.doi:
        links.append(f'<a href="https://doi.org/{escape(ref.doi)}">doi:{escape(ref.doi)}</a>')
    if ref.pmid:
        links.append(f'<a href="https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/">PubMed {ref.pmid}</a>')
    if ref.url and (ref.type in ("webpage", "label") or not links):
        links.append(f'<a class="ref-url" href="{escape(ref.url)}">{escape(ref.url)}</a>')
    return " ".join(p for p in parts if p) + (" " + " ".join(links) if links else "")


def _journal_details(ref: Reference) -> str:
    """year;volume(issue):pages."""
    text = str(ref.year) if ref.year else ""
    if ref.volume:
        text += f";{ref.volume}"
        if ref.issue:
            text += f"({ref.issue})"
    if ref.pages:
        text += f":{ref.pages}"
    return text + "." if text else ""


# ---------------------------------------------------------------- the site's bibliography


@dataclass(frozen=True)
class CitingPage:
    title: str
    url: str


@dataclass(frozen=True)
class BibliographyEntry:
    reference: Reference
    cited_by: tuple[CitingPage, ...]


def bibliography(pages: list[ConvertedPage], data: SiteData, config: SiteConfig) -> list[BibliographyEntry]:
    """Every cited source on the site, by first author, with the pages that cite it."""
    citing: dict[str, list[CitingPage]] = {}
    for converted in sorted(pages, key=lambda c: c.page.meta.title.lower()):
        for cited in converted.citations:
            citing.setdefault(cited.reference.id, []).append(
                CitingPage(converted.page.meta.title, url(config.base_path, converted.page.source.url_path))
            )
    entries = [
        BibliographyEntry(data.references[key], tuple(pages_citing)) for key, pages_citing in citing.items()
    ]
    return sorted(
        entries,
        key=lambda e: (
            (e.reference.authors[0] if e.reference.authors else e.reference.title).lower(),
            e.reference.year or 0,
            e.reference.id,
        ),
    )
