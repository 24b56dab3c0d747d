"""Content checks (checks.py) at function level: addresses, heading links, citations,
readability, and the text every page must show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support import page_meta, reference, site_config

from crpsgen.checks import (
    check_addresses,
    check_citations,
    check_links,
    check_readability,
    check_required_text,
    spanish_score,
)
from crpsgen.diagnostics import Report
from crpsgen.model import CitedReference, ConvertedPage, LinkTarget, OutputFile, Page, SiteData
from crpsgen.sources import source_for

ROOT = Path("/site")
CONTENT = ROOT / "content"


def page(relpath: str, **meta: Any) -> Page:
    return Page(source_for(CONTENT, relpath), page_meta(**meta), "", 6)


def rendered(
    page: Page,
    ids: tuple[str, ...] = (),
    links: tuple[LinkTarget, ...] = (),
    citations: tuple[CitedReference, ...] = (),
    text: str = "",
) -> ConvertedPage:
    return ConvertedPage(page, "", (), frozenset(ids), links, citations, text)


def lines(report: Report) -> list[str]:
    return [d.format() for d in report.sorted()]


# ---------------------------------------------------------------- addresses


def test_two_pages_with_one_address_keep_the_first() -> None:
    report = Report(root=ROOT)
    first = page("symptoms.md")
    second = Page(source_for(CONTENT, "signs.md", slug="symptoms"), page_meta(), "", 6, (("slug", 4),))
    assert check_addresses([first, second], report) == [first]
    assert lines(report) == [
        'content/signs.md:4: error: address "/symptoms/" is already used by content/symptoms.md '
        "(hint: give one of them a different file name or slug)"
    ]


def test_an_alias_that_takes_an_address_is_dropped_at_its_line_whatever_the_order() -> None:
    report = Report(root=ROOT)
    home = page("index.md", aliases=("symptoms/", "old/", "old/", "start/"), alias_lines=(7, 8, 9, 10))
    symptoms = page("symptoms.md", aliases=("start/", "signs/"), alias_lines=(5, 6))
    kept = check_addresses([home, symptoms], report)
    assert [p.meta.aliases for p in kept] == [("old/", "start/"), ("signs/",)]
    assert [p.meta.alias_lines for p in kept] == [(8, 10), (6,)]
    assert lines(report) == [
        'content/index.md:7: error: alias "symptoms" is the address of content/symptoms.md '
        "(hint: an alias must be an address no page uses)",
        'content/index.md:9: error: alias "old" is already an alias of this page (hint: keep only one of them)',
        'content/symptoms.md:5: error: alias "start" is already an alias of content/index.md '
        "(hint: keep only one of them)",
    ]
    report = Report(root=ROOT)
    check_addresses([page("faq.md", aliases=("faq/",), alias_lines=(3,))], report)
    assert lines(report) == [
        'content/faq.md:3: error: alias "faq" is this page\'s own address '
        "(hint: remove it: an alias is an old address that redirects here)"
    ]


# ---------------------------------------------------------------- links to headings


def test_a_link_to_a_missing_heading_suggests_the_nearest_id() -> None:
    report = Report(root=ROOT)
    target = rendered(page("symptoms.md"), ids=("budapest-criteria", "pain"))
    source = rendered(
        page("index.md"),
        links=(
            LinkTarget("symptoms.md", "budapest-criterias", 9),
            LinkTarget("symptoms.md", "pain", 10),  # there
            LinkTarget("", "nowhere", 11),  # this page
            LinkTarget("elsewhere.md", "x", 12),  # no such page: reported when the link was converted
        ),
    )
    check_links([target, source], report)
    assert lines(report) == [
        'content/index.md:9: error: link to missing heading "#budapest-criterias" in symptoms.md '
        '(did you mean "budapest-criteria"?) '
        "(hint: heading ids are the heading text in lower case with hyphens, or set one with {#id})",
        'content/index.md:11: error: link to missing heading "#nowhere" in index.md '
        "(hint: heading ids are the heading text in lower case with hyphens, or set one with {#id})",
    ]


# ---------------------------------------------------------------- citations


def test_uncited_sources_and_medical_pages_without_sources_are_warnings() -> None:
    cited, uncited = reference(id="cited2020", line=1), reference(id="uncited2021", line=9)
    data = SiteData(
        references={"cited2020": cited, "uncited2021": uncited},
        references_path=CONTENT / "_data" / "references.yaml",
        glossary=(),
        glossary_path=CONTENT / "_data" / "glossary.yaml",
    )
    pages = [
        rendered(page("index.md"), citations=(CitedReference(1, cited, ("cite-1",)),)),
        rendered(page("symptoms.md")),
        rendered(page("contact.md", needs_sources=False)),
    ]
    report = Report(root=ROOT)
    check_citations(pages, data, report)
    assert lines(report) == [
        'content/_data/references.yaml:9: warning: bibliography entry "uncited2021" is not cited by any page '
        "(hint: cite it with [@uncited2021] or remove it)",
        "content/symptoms.md:1: warning: page cites no sources "
        "(hint: cite with [@id], or add needs_sources: false if the page makes no medical claims)",
    ]


# ---------------------------------------------------------------- readability

HARD = (
    "Complex regional pain syndrome constitutes a multifactorial neuroinflammatory condition "
    "characterized by disproportionate nociceptive sensitization, autonomic dysregulation, "
    "and trophic abnormalities affecting predominantly distal extremities following trauma. "
) * 6
EASY = "The cat sat on the mat. It was a good cat. " * 12


def test_hard_pages_get_a_reading_grade_notice_and_short_or_easy_ones_none() -> None:
    report = Report(root=ROOT)
    pages = [
        rendered(page("hard.md"), text=HARD),
        rendered(page("easy.md"), text=EASY),
        rendered(page("short.md"), text=" ".join(HARD.split()[:99])),  # under 100 words: not scored
        rendered(page("contact.md", needs_sources=False), text=HARD),  # no medical claims: not scored
    ]
    check_readability(pages, site_config(ROOT), report)
    assert [(d.path, d.severity, d.line, d.hint) for d in report.items] == [
        ("content/hard.md", "notice", None, "shorter sentences and everyday words bring it down")
    ]
    grade = float(report.items[0].message.split()[2])
    assert grade > 8 and report.items[0].message == f"reading grade {grade:.1f} is above the target 8"


SPANISH_EASY = "El dolor puede cambiar. Hable con su médico. Pida ayuda si la necesita. " * 5
SPANISH_HARD = (
    "La fisiopatología del síndrome de dolor regional complejo comprende mecanismos "
    "inflamatorios, autonómicos y de sensibilización central, cuya interacción "
    "determina manifestaciones clínicas heterogéneas e impredecibles. "
) * 5


def test_spanish_readability_is_scored_offline_with_fernandez_huerta() -> None:
    assert spanish_score(SPANISH_EASY) >= 60
    assert spanish_score(SPANISH_HARD) < 60


def test_a_hard_spanish_page_gets_a_fernandez_huerta_notice() -> None:
    report = Report(root=ROOT)
    pages = [
        rendered(page("es/dificil.md", language="es-US"), text=SPANISH_HARD * 2),
        rendered(page("es/facil.md", language="es-US"), text=SPANISH_EASY * 2),
    ]
    check_readability(pages, site_config(ROOT), report)
    assert [(d.path, d.severity, d.hint) for d in report.items] == [
        ("content/es/dificil.md", "notice", "shorter sentences and everyday words raise it")
    ]
    score = float(report.items[0].message.split()[3])
    assert report.items[0].message == f"Fernández Huerta score {score:.1f} is below the target 60 for Spanish"


# ---------------------------------------------------------------- what every page shows

FOOTER = "<footer>General information, not medical advice. Call or text 988.</footer>"


def test_every_page_shows_the_disclaimer_and_crisis_line() -> None:
    config = site_config(ROOT)
    report = Report(root=ROOT)
    outputs = [
        OutputFile("index.html", FOOTER.encode(), CONTENT / "index.md"),
        OutputFile("symptoms/index.html", b"<p>no footer</p>", CONTENT / "symptoms.md"),
        OutputFile("404.html", b"<p>no footer</p>"),  # generated, yet a page readers see
        OutputFile("old/index.html", b"<p>redirect</p>"),  # no source: a redirect
        OutputFile("google123.html", b"verification", verbatim=True),  # the clinic's own file
    ]
    check_required_text(outputs, config, report)
    hint = "(hint: a template override must keep the footer's disclaimer and crisis help)"
    assert lines(report) == [
        f"404.html: error: 404.html does not show the crisis line from site.yaml {hint}",
        f"404.html: error: 404.html does not show the disclaimer from site.yaml {hint}",
        f"content/symptoms.md: error: symptoms/index.html does not show the crisis line from site.yaml {hint}",
        f"content/symptoms.md: error: symptoms/index.html does not show the disclaimer from site.yaml {hint}",
    ]
