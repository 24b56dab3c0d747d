"""Navigation stage: pages -> menu groups, breadcrumbs, previous/next links and the contents list.

Menus are sized for any site: a page's menu names every section (each linking to its
first page) and lists only the pages of its own section, at most `MENU_WINDOW` of them
around the page itself. A page's size and render time therefore do not grow with the
number of pages in the site; the contents list (`SiteNavigation.contents`, shown on the
search page and the 404 page) is where every page is listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .addresses import url
from .model import NavGroup, NavLink, Page, PageNavigation, SiteConfig

MENU_WINDOW = 12  # pages of the current section shown in its menu; more -> a link to the contents


@dataclass(frozen=True)
class SiteNavigation:
    """The menu order of a whole site, worked out once per build."""

    contents: tuple[NavGroup, ...]  # every section with every page, in menu order
    titles: dict[str, str]  # section id -> title
    place: dict[str, tuple[int, int]]  # page relpath -> (index in contents, index in its group)
    sequence: tuple[NavLink, ...]  # every menu page in order, for previous/next
    base_path: str
    home: NavLink  # the first breadcrumb: the home page of these pages' language, in its words
    # Each page's navigation once made, with the source and settings it was made for: the
    # build cache keeps an equal SiteNavigation between builds, so this outlives one build.
    seen: dict[str, tuple[object, object, PageNavigation]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @cached_property
    def closed(self) -> tuple[NavGroup, ...]:
        """Every section as a page of another section shows it: its title, linked."""
        return tuple(NavGroup(group.id, group.title, (), group.url, group.total) for group in self.contents)

    def for_page(self, page: Page) -> PageNavigation:
        """Navigation as seen from one page: work bounded by MENU_WINDOW, not by the site."""
        known = self.seen.get(page.source.relpath)
        if known is not None and _same(known[0], page.source) and _same(known[1], page.meta):
            return known[2]
        made = self._for_page(page)
        self.seen[page.source.relpath] = (page.source, page.meta, made)
        return made

    def _for_page(self, page: Page) -> PageNavigation:
        current = page.source.relpath
        place = self.place.get(current)
        groups = self.closed
        if place is not None:
            groups = (
                *groups[: place[0]],
                self._open(self.contents[place[0]], place),
                *groups[place[0] + 1 :],
            )
        previous = following = None
        if place is not None:
            position = sum(len(g.links) for g in self.contents[: place[0]]) + place[1]
            previous = self.sequence[position - 1] if position > 0 else None
            following = self.sequence[position + 1] if position + 1 < len(self.sequence) else None
        base = self.base_path
        at_home = url(base, page.source.url_path) == self.home.url
        crumbs = [NavLink(self.home.title, self.home.url, at_home)]
        if not at_home:  # a language's own home page has no trail
            if page.meta.section in self.titles:
                crumbs.append(NavLink(self.titles[page.meta.section], "", False))
            crumbs.append(NavLink(page.meta.nav_title, url(base, page.source.url_path), True))
        return PageNavigation(groups=groups, breadcrumbs=tuple(crumbs), previous=previous, next=following)

    @staticmethod
    def _open(group: NavGroup, place: tuple[int, int]) -> NavGroup:
        """The page's own section, listing up to MENU_WINDOW of its pages around the page."""
        start = min(max(place[1] - MENU_WINDOW // 2, 0), max(len(group.links) - MENU_WINDOW, 0))
        links = tuple(
            NavLink(link.title, link.url, start + offset == place[1])
            for offset, link in enumerate(group.links[start : start + MENU_WINDOW])
        )
        return NavGroup(group.id, group.title, links, group.url, group.total)


def menu_order(pages: list[Page], config: SiteConfig) -> list[tuple[str, list[Page]]]:
    """Return (section id, pages) in the order site.yaml lists the sections."""
    members: dict[str, list[Page]] = {section.id: [] for section in config.navigation}
    for page in pages:
        if page.meta.section in members:
            members[page.meta.section].append(page)
    for group in members.values():
        group.sort(key=lambda p: (p.meta.order, p.meta.nav_title.lower(), p.source.relpath))
    return [(section.id, members[section.id]) for section in config.navigation]


def site_navigation(
    pages: list[Page], config: SiteConfig, home_title: str = "Home", home_path: str = ""
) -> SiteNavigation:
    """Sort the pages into their sections once; each page's navigation is then a few look-ups.

    `home_path` is the pages' language's home below the base path ("es/"; "" for the default).
    """
    base = config.base_path
    titles = {s.id: s.title for s in config.navigation}
    contents: list[NavGroup] = []
    place: dict[str, tuple[int, int]] = {}
    for section_id, members in menu_order(pages, config):
        if not members:
            continue
        links = tuple(NavLink(p.meta.nav_title, url(base, p.source.url_path), False) for p in members)
        for offset, page in enumerate(members):
            place[page.source.relpath] = (len(contents), offset)
        contents.append(NavGroup(section_id, titles[section_id], links, links[0].url, len(links)))
    sequence = tuple(link for group in contents for link in group.links)
    home = NavLink(home_title, url(base, home_path), False)
    return SiteNavigation(tuple(contents), titles, place, sequence, base, home)


def build_navigation(page: Page, pages: list[Page], config: SiteConfig) -> PageNavigation:
    """Navigation as seen from one page (sorting the whole site: use `site_navigation` for many)."""
    return site_navigation(pages, config).for_page(page)


def _same(old: object, new: object) -> bool:
    return old is new or old == new  # most pages are the very objects of the last build
