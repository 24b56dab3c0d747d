"""Print: navigation hidden; addresses, references, review dates and contact kept; the
questions checklist prints as tick boxes on Letter and on A4."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .support import Site, Watch, open_context

pytestmark = pytest.mark.browser

# Printable width at 96 px per inch with the stylesheet's 14 mm side margins.
PAPER = {
    "Letter": {"width": round(8.5 * 96 - 2 * 14 / 25.4 * 96), "height": 1056},
    "A4": {"width": round(210 / 25.4 * 96 - 2 * 14 / 25.4 * 96), "height": 1123},
}
HIDDEN_ON_PAPER = [
    ".skip-link",
    ".site-nav",
    ".crisis-link",
    ".breadcrumbs",
    ".contents",
    ".pager",
    ".headerlink",
    ".backlinks",
]
KEPT_ON_PAPER = [".references", ".review time", ".page-address", ".contact-list", ".crisis", "h1"]


@pytest.fixture
def paper(browser: Any) -> Iterator[tuple[Any, Watch]]:
    watch = Watch()
    context = open_context(browser, "desktop-light", watch)
    page = context.new_page()
    page.emulate_media(media="print")
    yield page, watch
    context.close()
    watch.check()


def shown(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            f"""[...document.querySelectorAll({selector!r})].some(e => e.getClientRects().length > 0
                && getComputedStyle(e).visibility !== 'hidden')"""
        )
    )


def test_print_hides_navigation_and_keeps_what_a_doctor_needs(site: Site, paper: tuple[Any, Watch]) -> None:
    page, _ = paper
    page.goto(site.url("symptoms/index.html"))
    for selector in HIDDEN_ON_PAPER:
        if page.locator(selector).count():
            assert not shown(page, selector), f"{selector} is printed"
    for selector in KEPT_ON_PAPER:
        assert shown(page, selector), f"{selector} is missing on paper"


def test_print_shows_the_address_after_each_external_link(site: Site, paper: tuple[Any, Watch]) -> None:
    page, _ = paper
    page.goto(site.url("symptoms/index.html"))
    links = page.evaluate(
        """[...document.querySelectorAll('main a[href^="http"], footer a[href^="http"]')]
            .filter(a => a.getClientRects().length)
            .map(a => ({href: a.href, text: a.textContent.trim(),
                        after: getComputedStyle(a, '::after').content}))"""
    )
    assert links, "the page has external links to test"
    for link in links:
        printed = link["text"] + link["after"]
        assert link["href"].rstrip("/") in printed, f"the printed page hides where {link} goes"


def test_print_keeps_callouts_table_rows_and_checklist_items_whole(
    site: Site, paper: tuple[Any, Watch]
) -> None:
    page, _ = paper
    for built, selector in [
        ("index.html", ".callout"),
        ("research/index.html", "tr"),
        ("questions-for-your-doctor/index.html", "li.checklist-item"),
    ]:
        page.goto(site.url(built))
        breaks = page.evaluate(
            f"[...document.querySelectorAll({selector!r})].map(e => getComputedStyle(e).breakInside)"
        )
        assert breaks and set(breaks) == {"avoid"}, f"{built} {selector}: {set(breaks)}"


@pytest.mark.parametrize("paper_size", ["Letter", "A4"])
def test_questions_checklist_prints_as_tick_boxes(
    site: Site, paper: tuple[Any, Watch], paper_size: str
) -> None:
    page, _ = paper
    page.set_viewport_size(PAPER[paper_size])
    page.goto(site.url("questions-for-your-doctor/index.html"))
    boxes = page.evaluate(
        """[...document.querySelectorAll('li.checklist-item input[type=checkbox]')].map(b => {
            const s = getComputedStyle(b), r = b.getBoundingClientRect();
            return {w: r.width, h: r.height, border: parseFloat(s.borderTopWidth),
                    style: s.borderTopStyle, checked: b.checked};
        })"""
    )
    assert len(boxes) >= 10
    for box in boxes:
        assert box["w"] >= 15 and box["h"] >= 15, f"tick box too small to use with a pen: {box}"
        assert box["border"] >= 1 and box["style"] == "solid", f"tick box has no printed edge: {box}"
        assert not box["checked"]
    width = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert width[0] <= width[1], f"{paper_size}: the page is wider than the paper ({width})"
    pdf = page.pdf(format=paper_size, print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2, f"{paper_size}: the question list prints on {pages} pages, not at most 2"
