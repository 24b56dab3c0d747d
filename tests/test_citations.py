import datetime as dt

from support import reference

from crpsgen.citations import compress, format_authors, reference_html
from crpsgen.model import Reference


def make(**fields: object) -> Reference:
    values: dict[str, object] = {
        "id": "x",
        "authors": ("Goebel A", "Birklein F"),
        "title": "The Valencia adaptation",
        "container": "Pain",
        "year": 2021,
        "volume": "162",
        "issue": "9",
        "pages": "2346-2348",
        "doi": "10.1097/j.pain.0000000000002245",
        "pmid": "33729210",
    }
    values.update(fields)
    return reference(**values)


def test_compress_ranges_of_three_or_more() -> None:
    assert compress([3, 1, 2]) == [(1, 3)]
    assert compress([1, 2]) == [(1, 1), (2, 2)]
    assert compress([1, 2, 3, 5, 7, 8, 9, 10]) == [(1, 3), (5, 5), (7, 10)]


def test_authors_up_to_six_then_three_et_al() -> None:
    six = tuple(f"A{i} X" for i in range(6))
    assert format_authors(six) == "A0 X, A1 X, A2 X, A3 X, A4 X, A5 X"
    seven = (*six, "A6 X")
    assert format_authors(seven) == "A0 X, A1 X, A2 X, et al"


def test_journal_article_in_ama_style() -> None:
    assert reference_html(make()) == (
        "Goebel A, Birklein F. The Valencia adaptation. <i>Pain.</i> 2021;162(9):2346-2348. "
        '<a href="https://doi.org/10.1097/j.pain.0000000000002245">doi:10.1097/j.pain.0000000000002245</a> '
        '<a href="https://pubmed.ncbi.nlm.nih.gov/33729210/">PubMed 33729210</a>'
    )


def test_article_without_doi_falls_back_to_url() -> None:
    html = reference_html(make(doi=None, pmid=None, issue=None, url="https://pmc.example/1"))
    assert html == (
        "Goebel A, Birklein F. The Valencia adaptation. <i>Pain.</i> 2021;162:2346-2348. "
        '<a class="ref-url" href="https://pmc.example/1">https://pmc.example/1</a>'
    )


def test_web_page_shows_url_and_access_date() -> None:
    html = reference_html(
        make(
            type="webpage",
            authors=("Wyoming Department of Health",),
            title="988 Suicide & Crisis Lifeline",
            container="health.wyo.gov",
            year=None,
            volume=None,
            issue=None,
            pages=None,
            doi=None,
            pmid=None,
            url="https://health.wyo.gov/988",
            accessed=dt.date(2026, 11, 22),
        )
    )
    assert html == (
        "Wyoming Department of Health. 988 Suicide &amp; Crisis Lifeline. <i>health.wyo.gov.</i> "
        "Accessed November 22, 2026. "
        '<a class="ref-url" href="https://health.wyo.gov/988">https://health.wyo.gov/988</a>'
    )
