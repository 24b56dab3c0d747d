"""The search page: finds pages on the reader's device, and its page list works without it."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import importlib.util
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from crpsgen.diagnostics import Report
from crpsgen.model import BuildOptions
from crpsgen.pipeline import build_site
from crpsgen.writer import write_site

from .support import BASE_PATH, ROOT, Site, Watch, _Handler

LARGE_PAGES = 1000  # pages in the generated site the browser searches (see large_site)

pytestmark = pytest.mark.browser


def test_typing_a_word_lists_the_pages_that_use_it(site: Site, fresh_page: tuple[Any, Watch]) -> None:
    page, watch = fresh_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site.url("search/index.html"))
    page.fill("#search-input", "Budapest criteria")
    page.locator(
        "#search-results li"
    ).first.wait_for()  # not wait_for_function: its polling needs eval, which our CSP blocks
    titles = page.locator("#search-results li a").all_inner_texts()
    assert titles[0] == "How CRPS is diagnosed", titles  # the page about the criteria ranks first
    assert page.locator("#search-status").inner_text().endswith("found")
    assert not page.locator("#all-pages").is_visible()
    # Nothing typed leaves the device: no request carries the words.
    assert not [url for url in requests if "Budapest" in url or "budapest" in url]
    page.fill("#search-input", "zzzxqy")
    page.locator("#search-status", has_text="0 pages found").wait_for()
    assert page.locator("#all-pages").is_visible()
    watch.check()


def test_query_in_the_address_runs_the_search(site: Site, fresh_page: tuple[Any, Watch]) -> None:
    page, watch = fresh_page
    page.goto(site.url("search/index.html") + "?q=bladder")
    page.locator(
        "#search-results li"
    ).first.wait_for()  # not wait_for_function: its polling needs eval, which our CSP blocks
    assert page.input_value("#search-input") == "bladder"
    assert "side effects" in " ".join(page.locator("#search-results li a").all_inner_texts()).lower()
    watch.check()


@pytest.mark.parametrize("search_page", ["search/index.html", "es/buscar/index.html"])
def test_without_javascript_every_page_is_listed(site: Site, browser: Any, search_page: str) -> None:
    """Each language's search page lists that language's pages (issue 14: es/ is the Spanish edition)."""
    if search_page not in site.pages:
        pytest.skip("this site has no Spanish edition")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url(search_page))
    links = page.locator("#all-pages a").count()
    context.close()
    prefix = search_page.removesuffix("buscar/index.html") if search_page.startswith("es/") else ""
    own = [p for p in site.readable_pages if p.startswith("es/") == bool(prefix)]
    readable = [p for p in own if p not in {"404.html", f"{prefix}index.html", search_page}]
    assert links == len(readable)


def search_for(page: Any, words: str) -> list[str]:
    """Type `words` and wait for the results; return their titles."""
    page.fill("#search-input", "")  # clears the status at once, so "found" below is this search's
    page.fill("#search-input", words)
    page.locator("#search-status", has_text="found").wait_for()
    return page.locator("#search-results li a").all_inner_texts()


def test_pagefind_finds_allodynia_and_liver_with_highlighted_excerpts(
    site: Site, fresh_page: tuple[Any, Watch]
) -> None:
    page, watch = fresh_page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site.url("search/index.html"))
    titles = search_for(page, "allodynia")
    assert "Symptoms of CRPS" in titles, titles
    marks = page.locator("#search-results li mark").all_inner_texts()
    assert marks and all(mark.lower().startswith("allodyni") for mark in marks), marks
    assert page.locator("#search-results li script, #search-results li [onerror]").count() == 0
    titles = search_for(page, "liver")
    assert any("side effects" in title.lower() for title in titles), titles
    # Stemming: "injections" finds the pages that say "injection".
    assert search_for(page, "injections")
    # The index comes in pieces from this site: the whole text is never downloaded.
    assert all(url.startswith(site.base_url) for url in fetched), fetched
    assert any("/pagefind/fragment/" in url for url in fetched)
    assert not any("search-index.json" in url for url in fetched)
    watch.check()


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A generated site (benchmarks/sitegen.py's pages), built and served like the real one.

    Its pages stay out of the menu: a menu listing every page makes the build grow with
    the square of the pages (1,000 such pages take minutes), which is the engine issue's
    to fix, not the search's. benchmarks/bench_search.py measures the search of the same
    kind of site.
    """
    spec = importlib.util.spec_from_file_location("sitegen", ROOT / "benchmarks" / "sitegen.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench  # its dataclasses look their module up by name
    spec.loader.exec_module(bench)
    source = tmp_path_factory.mktemp("large")
    config = bench.make_site(source, LARGE_PAGES, in_menu=False)
    out = source / "output"
    handler = functools.partial(_Handler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base_url = f"http://127.0.0.1:{server.server_port}{BASE_PATH}"
    report = Report(root=source)
    result = build_site(BuildOptions(config_path=config, base_url=base_url, today=dt.date.today()), report)
    assert not report.has_errors, [d.format() for d in report.sorted()]
    write_site(result.outputs, out)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(out, base_url, ())
    finally:
        server.shutdown()
        server.server_close()


def test_pagefind_finds_a_page_of_a_large_generated_site(
    large_site: Site, fresh_page: tuple[Any, Watch]
) -> None:
    page, watch = fresh_page
    page.goto(large_site.url("search/index.html"))
    wanted = LARGE_PAGES - 3  # "Part 1 of page N" is in page N's text only
    titles = search_for(page, str(wanted))
    assert titles and titles[0].startswith(f"Page {wanted} about "), titles
    link = page.locator("#search-results li a").first.get_attribute("href")
    assert link == f"{BASE_PATH}page-{wanted:04d}/"
    watch.check()


def test_search_results_have_no_axe_violations(site: Site, mode_page: tuple[str, Any, Watch]) -> None:
    """The results (links, excerpts with <mark>, the count) in each width and colour scheme."""
    from .test_axe import AXE_OPTIONS, axe, describe

    mode, page, watch = mode_page
    page.goto(site.url("search/index.html"))
    assert search_for(page, "allodynia")
    assert page.locator("#search-results mark").count()
    results = axe().run(page, options=AXE_OPTIONS)
    problems = describe("search (results shown)", results.response["violations"])
    assert not problems, f"axe violations ({mode}):\n" + "\n".join(problems)
    watch.check()
