"""axe-core finds no WCAG 2.2 A/AA violation on any page, phone and desktop, light and dark."""

from __future__ import annotations

from typing import Any

import pytest

from .support import Site, Watch, import_or_require

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}


def axe() -> Any:
    module = import_or_require("axe_playwright_python.sync_playwright")
    return module.Axe()


def describe(page: str, violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for violation in violations:
        targets = [", ".join(map(str, node["target"])) for node in violation["nodes"]]
        lines.append(
            f"{page}: {violation['id']} ({violation['impact']}): {violation['help']} "
            f"at {'; '.join(targets[:5])}" + (f" and {len(targets) - 5} more" if len(targets) > 5 else "")
        )
    return lines


def test_every_page_has_no_axe_violations(site: Site, mode_page: tuple[str, Any, Watch]) -> None:
    mode, page, watch = mode_page
    checker = axe()
    problems: list[str] = []
    for built in site.readable_pages:
        response = page.goto(site.url(built), wait_until="load")
        assert response is not None and response.status in (200, 404), built
        results = checker.run(page, options=AXE_OPTIONS)
        problems += describe(built, results.response["violations"])
    assert not problems, f"axe violations ({mode}):\n" + "\n".join(problems)
    watch.check()


def test_open_glossary_definition_has_no_axe_violations(
    site: Site, mode_page: tuple[str, Any, Watch]
) -> None:
    """The popover is hidden while closed, so axe checks it open too (contrast in dark mode)."""
    mode, page, watch = mode_page
    page.goto(site.url("symptoms/index.html"))
    term = page.locator("button.term").first
    definition_id = term.get_attribute("popovertarget")
    term.click()
    assert page.locator(f"#{definition_id}").evaluate("e => e.matches(':popover-open')")
    results = axe().run(page, context=f"#{definition_id}", options=AXE_OPTIONS)
    problems = describe("symptoms (open definition)", results.response["violations"])
    assert not problems, f"axe violations ({mode}):\n" + "\n".join(problems)
    watch.check()


# Brand colours a clinic might choose; each passes the build's own 4.5:1-on-white rule.
BRANDS = ["#b00020", "#0b6e4f", "#6a1b9a", "#7a4b00", "#000000"]


@pytest.mark.parametrize("brand", BRANDS)
def test_text_contrast_holds_for_other_brand_colours(
    site: Site, phone_page: tuple[str, Any, Watch], brand: str
) -> None:
    """Links, header and buttons stay AA in light and dark whatever --brand a clinic sets."""
    mode, page, watch = phone_page
    problems: list[str] = []
    for built in ("symptoms/index.html", "search/index.html"):
        if built not in site.pages:
            continue
        page.goto(site.url(built))
        # CSSOM changes are allowed by the CSP (a <style> element would not be).
        page.evaluate(f"document.documentElement.style.setProperty('--brand', {brand!r})")
        results = axe().run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
        problems += describe(f"{built} with --brand {brand}", results.response["violations"])
    assert not problems, f"contrast ({mode}):\n" + "\n".join(problems)
    watch.check()
