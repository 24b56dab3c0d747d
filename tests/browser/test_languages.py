"""The Spanish pages: axe finds no violation at phone and desktop, light and dark; each
language's search finds only its own pages ("alodinia" in Spanish, "allodynia" in English)."""

from __future__ import annotations

from typing import Any

import pytest

from .support import Site, Watch
from .test_axe import AXE_OPTIONS, axe, describe

pytestmark = pytest.mark.browser

SPANISH = ("es/index.html", "es/sintomas/index.html", "es/glosario/index.html", "es/buscar/index.html")


def spanish_pages(site: Site) -> list[str]:
    found = [page for page in SPANISH if page in site.pages]
    assert found == list(SPANISH), "the site has no Spanish edition (content/es/)"
    return found


def test_spanish_pages_have_no_axe_violations(site: Site, mode_page: tuple[str, Any, Watch]) -> None:
    mode, page, watch = mode_page
    checker = axe()
    problems: list[str] = []
    for built in spanish_pages(site):
        page.goto(site.url(built), wait_until="load")
        assert page.locator("html").get_attribute("lang") == "es-US", built
        problems += describe(built, checker.run(page, options=AXE_OPTIONS).response["violations"])
    # A Spanish glossary definition, open (the popover is hidden while closed).
    page.goto(site.url("es/sintomas/index.html"))
    term = page.locator("button.term").first
    definition = term.get_attribute("popovertarget")
    term.click()
    results = axe().run(page, context=f"#{definition}", options=AXE_OPTIONS)
    problems += describe("es/sintomas (open definition)", results.response["violations"])
    assert not problems, f"axe violations ({mode}):\n" + "\n".join(problems)
    watch.check()


def found(site: Site, page: Any, search_page: str, query: str) -> list[str]:
    """The addresses a search page lists for a query (an empty list once it says 0 found)."""
    page.goto(site.url(search_page) + "?q=" + query)
    page.locator("#search-status:not(:empty)").wait_for()  # results or "0 pages found"
    return [
        href or "" for href in page.locator("#search-results li a").evaluate_all("l => l.map(a => a.href)")
    ]


def test_each_language_searches_only_its_own_pages(site: Site, fresh_page: tuple[Any, Watch]) -> None:
    """Pagefind keeps one index per page language; each search page loads its own.

    Pagefind answers a word it does not know with pages holding its longest known start
    (every page with "a" for "alodinia" in English); search.js looks for the exact words
    first and keeps a loose match only when it shares the first letters of a word typed,
    so each word is found in its own language and nowhere else.
    """
    page, watch = fresh_page
    spanish_pages(site)
    spanish_hits = found(site, page, "es/buscar/index.html", "alodinia")
    assert spanish_hits and all("/es/" in url for url in spanish_hits), spanish_hits
    assert "alodinia" in marked(page)
    assert "página" in page.locator("#search-status").inner_text()  # its words are Spanish too
    english_hits = found(site, page, "search/index.html", "allodynia")
    assert english_hits and not any("/es/" in url for url in english_hits), english_hits
    assert "allodynia" in marked(page)
    assert found(site, page, "search/index.html", "alodinia") == []
    assert found(site, page, "es/buscar/index.html", "allodynia") == []
    assert sorted(found(site, page, "search/index.html", "allodyn")) == sorted(english_hits)  # still typing
    watch.check()


def marked(page: Any) -> set[str]:
    """The words the results' excerpts highlight, lower-cased."""
    return {text.lower() for text in page.locator("#search-results mark").all_inner_texts()}
