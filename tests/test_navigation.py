from pathlib import Path

from support import page_meta

from crpsgen.model import NavSection, Page, Reviewer
from crpsgen.navigation import MENU_WINDOW, build_navigation, site_navigation
from crpsgen.sources import source_for


class Config:
    base_path = "/crps/"
    navigation = (NavSection("crps", "About CRPS"), NavSection("help", "Help"))


def make(relpath: str, title: str, section: str | None, order: int) -> Page:
    meta = page_meta(
        title=title,
        description="d",
        section=section,
        order=order,
        reviewed_by=Reviewer("a", "b"),
        review_is_placeholder=False,
    )
    return Page(source_for(Path("content"), relpath), meta, "", 1)


HOME = make("index.md", "Home", None, 0)
SYMPTOMS = make("symptoms.md", "Symptoms", "crps", 2)
WHAT = make("what-is-crps.md", "What is CRPS", "crps", 1)
FAQ = make("faq.md", "FAQ", "help", 1)
PAGES = [HOME, SYMPTOMS, WHAT, FAQ]


def test_menu_follows_site_yaml_sections_then_order() -> None:
    nav = build_navigation(SYMPTOMS, PAGES, Config())  # type: ignore[arg-type]
    assert [(g.title, [(link.title, link.url, link.current) for link in g.links]) for g in nav.groups] == [
        (
            "About CRPS",
            [("What is CRPS", "/crps/what-is-crps/", False), ("Symptoms", "/crps/symptoms/", True)],
        ),
        ("Help", []),  # another section: named and linked to its first page, its pages not listed
    ]
    assert [(g.url, g.total) for g in nav.groups] == [("/crps/what-is-crps/", 2), ("/crps/faq/", 1)]


def test_contents_list_every_page_in_menu_order() -> None:
    contents = site_navigation(PAGES, Config()).contents  # type: ignore[arg-type]
    assert [(g.id, [link.title for link in g.links]) for g in contents] == [
        ("crps", ["What is CRPS", "Symptoms"]),
        ("help", ["FAQ"]),
    ]


def test_a_page_menu_does_not_grow_with_the_site() -> None:
    big = [make(f"p{i:04d}.md", f"Page {i}", "crps", i) for i in range(500)] + [FAQ]
    site = site_navigation(big, Config())  # type: ignore[arg-type]
    for index in (0, 1, 250, 498, 499):
        nav = site.for_page(big[index])
        links = [link for group in nav.groups for link in group.links]
        assert len(links) == MENU_WINDOW
        assert [link.title for link in links if link.current] == [f"Page {index}"]
        assert nav.groups[0].total == 500
    middle = site.for_page(big[250])
    assert middle.previous is not None and middle.previous.title == "Page 249"
    assert middle.next is not None and middle.next.title == "Page 251"
    last = site.for_page(big[499])
    assert last.next is not None and last.next.title == "FAQ"  # previous/next still cross sections


def test_previous_and_next_cross_sections() -> None:
    nav = build_navigation(SYMPTOMS, PAGES, Config())  # type: ignore[arg-type]
    assert nav.previous is not None and nav.previous.title == "What is CRPS"
    assert nav.next is not None and nav.next.url == "/crps/faq/"


def test_breadcrumbs_show_home_section_and_page() -> None:
    nav = build_navigation(FAQ, PAGES, Config())  # type: ignore[arg-type]
    assert [(c.title, c.url, c.current) for c in nav.breadcrumbs] == [
        ("Home", "/crps/", False),
        ("Help", "", False),
        ("FAQ", "/crps/faq/", True),
    ]
    home = build_navigation(HOME, PAGES, Config())  # type: ignore[arg-type]
    assert [c.title for c in home.breadcrumbs] == ["Home"]
    assert home.previous is None and home.next is None
