"""Navigation stage: pages -> menu groups, breadcrumbs and previous/next links."""

from __future__ import annotations

from .model import NavGroup, NavLink, Page, PageNavigation, SiteConfig


def menu_order(pages: list[Page], config: SiteConfig) -> list[tuple[str, list[Page]]]:
    """Return (section id, pages) in the order site.yaml lists the sections."""
    groups = []
    for section in config.navigation:
        members = [p for p in pages if p.meta.section == section.id]
        members.sort(key=lambda p: (p.meta.order, p.meta.nav_title.lower(), p.source.relpath))
        groups.append((section.id, members))
    return groups


def build_navigation(page: Page, pages: list[Page], config: SiteConfig) -> PageNavigation:
    """Navigation as seen from one page."""
    base = config.base_path
    current = page.source.relpath  # compared as text: comparing whole pages is slow
    order = menu_order(pages, config)
    titles = {s.id: s.title for s in config.navigation}
    groups = tuple(
        NavGroup(
            id=section_id,
            title=titles[section_id],
            links=tuple(
                NavLink(p.meta.nav_title, base + p.source.url_path, p.source.relpath == current)
                for p in members
            ),
        )
        for section_id, members in order
        if members
    )
    sequence = [p.source.relpath for _, members in order for p in members]
    pages_in_order = [p for _, members in order for p in members]
    previous = following = None
    if current in sequence:
        index = sequence.index(current)
        if index > 0:
            previous = _link(pages_in_order[index - 1], base)
        if index + 1 < len(sequence):
            following = _link(pages_in_order[index + 1], base)
    crumbs = [NavLink("Home", base, page.source.slug == "")]
    if page.source.slug:
        if page.meta.section in titles:
            crumbs.append(NavLink(titles[page.meta.section], "", False))
        crumbs.append(NavLink(page.meta.nav_title, base + page.source.url_path, True))
    return PageNavigation(groups=groups, breadcrumbs=tuple(crumbs), previous=previous, next=following)


def _link(page: Page, base: str) -> NavLink:
    return NavLink(page.meta.nav_title, base + page.source.url_path, False)
