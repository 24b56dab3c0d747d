"""The search page: finds pages on the reader's device, and its page list works without it."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Site, Watch

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


def test_without_javascript_every_page_is_listed(site: Site, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url("search/index.html"))
    links = page.locator("#all-pages a").count()
    context.close()
    readable = [p for p in site.readable_pages if p not in {"404.html", "index.html", "search/index.html"}]
    assert links == len(readable)
