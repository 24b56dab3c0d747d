"""Keyboard-only use: skip link first, the menu and a glossary definition open, focus shows."""

from __future__ import annotations

from typing import Any

import pytest

from .support import Site, Watch

pytestmark = pytest.mark.browser

ACTIVE = "document.activeElement"


def tab_until(page: Any, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"{ACTIVE}.matches({selector!r})"):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def focus_ring(page: Any) -> dict[str, str]:
    ring: dict[str, str] = page.evaluate(
        f"""(() => {{ const s = getComputedStyle({ACTIVE});
            return {{outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow}}; }})()"""
    )
    return ring


def in_view(page: Any, selector: str) -> bool:
    return bool(
        page.evaluate(
            f"""(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();
                return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0
                    && r.bottom <= innerHeight && r.right <= innerWidth; }})()"""
        )
    )


def test_first_tab_reaches_the_skip_link(site: Site, fresh_page: tuple[Any, Watch]) -> None:
    page, _ = fresh_page
    page.goto(site.url("symptoms/index.html"))
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.matches('a.skip-link')")
    assert in_view(page, "a.skip-link"), "the skip link must show when it has focus"
    assert focus_ring(page)["outline"] != "none 0px"
    page.keyboard.press("Enter")
    assert page.evaluate(f"{ACTIVE}.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the main content
    assert page.evaluate(f"document.querySelector('main').contains({ACTIVE})")


def test_menu_opens_by_keyboard(site: Site, fresh_page: tuple[Any, Watch]) -> None:
    page, _ = fresh_page
    page.goto(site.url("symptoms/index.html"))
    tab_until(page, "details.menu > summary")
    assert not page.evaluate("document.querySelector('details.menu').open")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details.menu').open")
    page.keyboard.press("Tab")
    assert page.evaluate(f"{ACTIVE}.matches('.menu-groups a')"), "Tab goes into the open menu"
    assert in_view(page, ".menu-groups a")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert not page.evaluate("document.querySelector('details.menu').open"), "Space closes it"


def test_glossary_definition_opens_by_keyboard(site: Site, fresh_page: tuple[Any, Watch]) -> None:
    page, _ = fresh_page
    page.goto(site.url("symptoms/index.html"))
    tab_until(page, "button.term")
    target = page.evaluate(f"{ACTIVE}.getAttribute('popovertarget')")
    is_open = f"document.getElementById({target!r}).matches(':popover-open')"
    assert not page.evaluate(is_open)
    page.keyboard.press("Enter")
    assert page.evaluate(is_open), "Enter opens the definition"
    assert in_view(page, f"#{target}"), "the open definition fits the screen"
    page.keyboard.press("Escape")
    assert not page.evaluate(is_open), "Escape closes it"
    assert page.evaluate(f"{ACTIVE}.getAttribute('popovertarget')") == target, "focus goes back"
    page.keyboard.press("Space")
    assert page.evaluate(is_open), "Space opens it too"


def test_every_focus_stop_is_visible_and_uncovered(site: Site, fresh_page: tuple[Any, Watch]) -> None:
    """Tab through a whole page: each stop has a focus ring and is not hidden (2.4.7, 2.4.11)."""
    page, _ = fresh_page
    page.goto(site.url("research/index.html"))
    stops = page.evaluate(
        "document.querySelectorAll('a[href], button, summary, input, [tabindex=\"0\"]').length"
    )
    problems = []
    for _ in range(stops + 5):
        page.keyboard.press("Tab")
        state = page.evaluate(
            f"""(() => {{
                const e = {ACTIVE};
                if (e === document.body) return null;
                const r = e.getClientRects()[0] || e.getBoundingClientRect();
                const x = Math.min(Math.max(r.left + 2, 0), innerWidth - 1);
                const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
                const hit = document.elementFromPoint(x, y);
                const s = getComputedStyle(e);
                return {{
                    what: e.outerHTML.slice(0, 80),
                    ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                    seen: r.width > 0 && r.bottom > 0 && r.top < innerHeight,
                    uncovered: !!hit && (e.contains(hit) || hit.contains(e)),
                }};
            }})()"""
        )
        if state is None:
            break
        if not (state["ring"] and state["seen"] and state["uncovered"]):
            problems.append(state)
    assert not problems, "\n".join(map(str, problems))
