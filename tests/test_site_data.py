"""Data stage: content/_data/references.yaml and glossary.yaml -> SiteData, each mistake one line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import REFERENCES_YAML, page_meta

from crpsgen.diagnostics import Report
from crpsgen.model import ConvertedPage, Page, SiteData, SourceFile
from crpsgen.site_data import alphabetical, check_data_files, load_site_data

GLOSSARY_YAML = """\
- term: Allodynia
  also: [allodynic]
  definition: Pain from a light touch.
- term: ácido
  definition: An acid.
- term: NMDA receptor
  definition: A switch on nerve cells.
"""

ENTRY = "- id: x\n  type: article\n  title: T\n  verified_from: [a]\n"


def load(
    root: Path, references: str | None = None, glossary: str | None = None, **languages: str
) -> tuple[SiteData, list[str]]:
    """Write the data files (None: no file) and load them; the data and every diagnostic line."""
    data_dir = root / "content" / "_data"
    data_dir.mkdir(parents=True)
    for name, text in (("references.yaml", references), ("glossary.yaml", glossary)):
        if text is not None:
            (data_dir / name).write_text(text, encoding="utf-8")
    for prefix, text in languages.items():
        (root / "content" / prefix / "_data").mkdir(parents=True)
        (root / "content" / prefix / "_data" / "glossary.yaml").write_text(text, encoding="utf-8")
    report = Report(root=root)
    data = load_site_data(root / "content", report)
    return data, [d.format() for d in report.sorted()]


def test_references_are_typed_and_remember_their_lines(tmp_path: Path) -> None:
    data, lines = load(tmp_path, REFERENCES_YAML)
    assert lines == []
    assert list(data.references) == ["alpha2020", "beta2021", "gamma2022"]
    alpha = data.references["alpha2020"]
    assert (alpha.type, alpha.authors, alpha.year, alpha.doi, alpha.pmid, alpha.line) == (
        "article",
        ("Alpha A", "Beta B"),
        2020,
        "10.1000/alpha",
        "12345",
        1,
    )
    gamma = data.references["gamma2022"]
    assert (gamma.url, gamma.accessed, gamma.year, gamma.line) == (
        "https://example.com/page",
        dt.date(2026, 11, 1),
        None,
        20,
    )
    assert data.references_path == tmp_path / "content" / "_data" / "references.yaml"


def test_glossary_is_sorted_ignoring_accents_with_anchors_from_the_term(tmp_path: Path) -> None:
    data, lines = load(tmp_path, glossary=GLOSSARY_YAML, es="- term: alodinia\n  definition: Dolor.\n")
    assert lines == []
    assert [(t.term, t.also, t.anchor, t.line) for t in data.glossary] == [
        ("ácido", (), "term-acido", 4),
        ("Allodynia", ("allodynic",), "term-allodynia", 1),
        ("NMDA receptor", (), "term-nmda-receptor", 6),
    ]
    assert [t.term for t in data.glossaries["es"]] == ["alodinia"]
    assert alphabetical("Ácido") == alphabetical("acido") == "acido"


def test_missing_and_empty_files_are_noted_not_reported(tmp_path: Path) -> None:
    missing, lines = load(tmp_path / "missing")
    assert lines == []
    assert (missing.references_missing, missing.glossary_missing) == ("not found", "not found")
    assert missing.glossary == () and missing.glossaries == {}
    # An unread bibliography holds every key, so each citation is not reported too.
    assert "anything2024" in missing.references
    empty, lines = load(tmp_path / "empty", "", "")
    assert lines == []
    assert (empty.references_missing, empty.glossary_missing) == ("is empty", "is empty")


FILE = "content/_data/references.yaml"
MISTAKES = {
    "duplicate id": (
        REFERENCES_YAML + REFERENCES_YAML.split("- id: beta2021")[0],
        f'{FILE}:27: error: duplicate bibliography id "alpha2020" (first on line 1)',
    ),
    "article without authors": (
        ENTRY + "  year: 2020\n",
        f'{FILE}:1: error: bibliography entry "x" has no authors (hint: add it from the source itself; never guess)',
    ),
    "article with an empty year": (
        ENTRY + "  authors: [A]\n  year:\n",
        f'{FILE}:1: error: bibliography entry "x" has no year (hint: add it from the source itself; never guess)',
    ),
    "article with a malformed year": (
        ENTRY + "  authors: [A]\n  year: twenty\n",
        f"{FILE}:6: error: bibliography field \"year\" should be a four-digit year, not 'twenty' (hint: Year of publication.)",
    ),
    "web page without url": (
        "- id: x\n  type: webpage\n  title: T\n  authors: [A]\n  verified_from: [a]\n",
        f'{FILE}:1: error: webpage "x" has no url',
    ),
    "unknown type": (
        "- id: x\n  type: blog\n  title: T\n  url: https://e.org\n  verified_from: [a]\n",
        f'{FILE}:2: error: bibliography field "type" should be one of article, review, guideline, book, '
        "webpage, label, not 'blog' (hint: Kind of source: article, review, guideline, book, webpage, label)",
    ),
    "malformed DOI": (
        ENTRY + "  authors: [A]\n  year: 2020\n  doi: nope\n",
        f'{FILE}:7: error: bibliography field "doi" should be a DOI such as 10.1097/j.pain.0000000000002245 '
        "(without \"https://doi.org/\"), not 'nope' (hint: Digital Object Identifier, e.g. 10.1097/j.pain.0000000000002245.)",
    ),
    "a mapping, not a list": (
        "id: x\n",
        f"{FILE}:1: error: references.yaml must be a list of sources (hint: start each entry with '- ')",
    ),
    "an entry that is not a mapping": (
        "- just text\n",
        f"{FILE}:1: error: each entry of references.yaml must be a mapping of fields",
    ),
}


@pytest.mark.parametrize(("text", "expected"), MISTAKES.values(), ids=MISTAKES.keys())
def test_each_bibliography_mistake_is_one_line(tmp_path: Path, text: str, expected: str) -> None:
    _, lines = load(tmp_path, text)
    assert lines == [expected]


def test_each_glossary_mistake_is_one_line(tmp_path: Path) -> None:
    _, lines = load(tmp_path / "twice", glossary=GLOSSARY_YAML + "- term: allodynic\n  definition: again\n")
    assert lines == [
        'content/_data/glossary.yaml:8: error: glossary form "allodynic" is already defined on line 1'
    ]
    _, lines = load(tmp_path / "undefined", glossary="- term: X\n")
    assert lines == [
        'content/_data/glossary.yaml:1: error: missing required glossary field "definition" '
        "(hint: One or two plain sentences.)"
    ]


def rendered(root: Path, relpath: str, template: str, cites: bool) -> ConvertedPage:
    source = SourceFile(root / "content" / relpath, relpath, relpath[:-3], relpath[:-3] + "/", "x.html")
    page = Page(source, page_meta(template=template), "", 1)
    citations = (object(),) if cites else ()
    return ConvertedPage(page, "", (), frozenset(), (), citations, "")  # type: ignore[arg-type]


def test_a_missing_data_file_is_an_error_only_when_pages_need_it(tmp_path: Path) -> None:
    data, _ = load(tmp_path)
    report = Report(root=tmp_path)
    check_data_files([rendered(tmp_path, "a.md", "page.html", cites=False)], data, report)
    assert report.items == []
    check_data_files(
        [
            rendered(tmp_path, "a.md", "page.html", cites=True),
            rendered(tmp_path, "glossary.md", "glossary.html", cites=False),
        ],
        data,
        report,
    )
    assert [d.format() for d in report.sorted()] == [
        "content/_data/glossary.yaml: error: glossary not found (hint: content/glossary.md lists the terms of this file)",
        "content/_data/references.yaml: error: bibliography not found "
        "(hint: 1 pages cite sources with [@id]; each id needs an entry in this file)",
    ]
