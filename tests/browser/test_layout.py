"""Layout: no sideways scrolling on a 390px phone, readable type and line length."""

from __future__ import annotations

from typing import Any

import pytest

from .support import Site, Watch

pytestmark = pytest.mark.browser


def test_no_page_scrolls_sideways_on_a_phone(site: Site, phone_page: tuple[str, Any, Watch]) -> None:
    _mode, page, watch = phone_page
    wide = []
    for built in site.readable_pages:
        page.goto(site.url(built))
        width = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            culprits = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                    .filter(e => !e.closest('.table-scroll') || e.matches('.table-scroll'))
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className)"""
            )
            wide.append(f"{built}: {width[0]}px wide in a {width[1]}px window ({culprits})")
    assert not wide, "\n".join(wide)
    watch.check()


def test_type_size_and_line_length(site: Site, mode_page: tuple[str, Any, Watch]) -> None:
    """Body text >= 18px on phones; lines no longer than about 70 characters."""
    _mode, page, watch = mode_page
    page.goto(site.url("symptoms/index.html"))
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.content p')).fontSize)")
    assert size >= 18, f"body text is {size}px"
    # Average characters per line of the longest paragraph, measured in the browser.
    chars_per_line = page.evaluate(
        """() => {
            const p = [...document.querySelectorAll('.content > p')]
                .sort((a, b) => b.textContent.length - a.textContent.length)[0];
            const range = document.createRange();
            range.selectNodeContents(p);
            const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            return p.textContent.length / Math.max(lines - 1, 1);
        }"""
    )
    assert chars_per_line <= 80, f"about {chars_per_line:.0f} characters per line"
    watch.check()


def test_nothing_sticky_or_fixed(site: Site, mode_page: tuple[str, Any, Watch]) -> None:
    """Nothing can cover the focused element (WCAG 2.4.11) if nothing sticks."""
    _mode, page, watch = mode_page
    page.goto(site.url("research/index.html"))
    stuck = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => ['sticky', 'fixed'].includes(getComputedStyle(e).position))
            .filter(e => !e.matches('[popover]'))
            .map(e => e.tagName.toLowerCase() + '.' + e.className)"""
    )
    assert not stuck, stuck
    watch.check()
