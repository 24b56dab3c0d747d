"""The dev server's preview (preview.py) at function level: which built file an address
means, what is refused, and the reload script and problem panel added to pages."""

from __future__ import annotations

import pytest
from support import LISTINGS, SOURCES, TRAVERSALS

from crpsgen.diagnostics import Diagnostic
from crpsgen.preview import PANEL_STYLESHEET, PreviewSite, add_to_page, find_file, problem_panel, respond

SITE = PreviewSite(
    "/crps/",
    {
        "index.html": b"<html><head></head><body><p>Home</p></body></html>",
        "symptoms/index.html": b"<html><head></head><body>Symptoms</body></html>",
        "404.html": b"<html><head></head><body>Not found</body></html>",
        "assets/css/site.0123456789.css": b"body {}",
    },
)
PROBLEM = Diagnostic(
    "content/symptoms.md", 12, "error", 'unknown citation key "<x>"', "cite an id from references"
)


@pytest.mark.parametrize("address", TRAVERSALS + SOURCES + LISTINGS)
def test_only_built_files_have_addresses(address: str) -> None:
    assert find_file(address, SITE) is None
    assert respond(address, SITE, 8000).status == 404


def test_addresses_map_to_built_files_under_the_base_path() -> None:
    assert find_file("/crps/", SITE) == "index.html"
    assert find_file("/crps/symptoms/", SITE) == "symptoms/index.html"
    assert find_file("/crps/assets/css/site.0123456789.css", SITE) == "assets/css/site.0123456789.css"
    assert find_file("/symptoms/", SITE) is None  # forgot the base path: broken in production too


def test_folders_without_a_slash_and_the_root_redirect() -> None:
    assert (respond("/crps/symptoms", SITE, 8000).status, respond("/crps/symptoms", SITE, 8000).location) == (
        301,
        "/crps/symptoms/",
    )
    assert (respond("/", SITE, 8000).status, respond("/", SITE, 8000).location) == (302, "/crps/")


def test_missing_pages_get_the_sites_404_page() -> None:
    inside = respond("/crps/nothing/", SITE, 8000)
    assert (inside.status, b"Not found" in inside.body) == (404, True)
    outside = respond("/nothing/", SITE, 8000)
    assert outside.status == 404
    assert b"under /crps/" in outside.body


def test_pages_get_the_reload_script_and_problems_a_panel() -> None:
    page = respond("/crps/symptoms/", SITE, 8123)
    assert page.content_type == "text/html; charset=utf-8"
    assert b'<script src="/livereload.js?port=8123"></script>\n</head>' in page.body
    assert b"crpsgen-problems" not in page.body
    failing = respond("/crps/symptoms/", PreviewSite(SITE.base_path, SITE.files, (PROBLEM,)), 8123)
    body = failing.body.decode()
    assert body.index("<body>") < body.index('class="crpsgen-problems"') < body.index("Symptoms")
    assert "<code>content/symptoms.md:12</code> error: unknown citation key &quot;&lt;x&gt;&quot;" in body
    assert "Hint: cite an id from references" in body
    assert respond("/crps/assets/css/site.0123456789.css", SITE, 8123).body == b"body {}"  # untouched
    assert respond(PANEL_STYLESHEET, SITE, 8123).content_type.startswith("text/css")


def test_without_a_good_build_every_address_shows_the_problems() -> None:
    response = respond("/crps/symptoms/", PreviewSite("/crps/", {}, (PROBLEM,)), 8000)
    assert response.status == 500
    assert b"The site could not be built: 1 problem to fix" in response.body
    assert b"/livereload.js" in response.body


def test_a_page_without_head_or_body_still_gets_both() -> None:
    page = add_to_page(b"<p>x</p>", (PROBLEM,), 1)
    assert page.startswith(
        b'<link rel="stylesheet" href="/_crpsgen/problems.css"><script src="/livereload.js?port=1">'
    )
    assert page.index(b"<p>x</p>") < page.index(b"crpsgen-problems")


def test_while_the_first_build_runs_every_address_says_so() -> None:
    response = respond("/crps/", PreviewSite("/crps/", {}, ()), 8000)
    assert response.status == 503
    assert b"The site is being built; this page updates by itself." in response.body
    assert b"crpsgen-problems" not in response.body and b"/livereload.js?port=8000" in response.body


def test_the_panel_counts_escapes_and_places_each_problem() -> None:
    warning = Diagnostic("site.yaml", None, "warning", "<b>bold</b> claim", "")
    panel = problem_panel((PROBLEM, warning))
    assert "Your last change could not be built: 2 problems to fix" in panel
    assert "You are seeing the last version that worked." in panel
    assert panel.index("content/symptoms.md:12") < panel.index("<code>site.yaml</code>")  # no line: path only
    assert "warning: &lt;b&gt;bold&lt;/b&gt; claim</p></li>" in panel  # no hint: no hint paragraph
    assert panel.count('class="crpsgen-hint"') == 1
    first = problem_panel((PROBLEM,), built=False)
    assert "The site could not be built: 1 problem to fix" in first
    assert "There is no working version to show yet." in first


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("_headers", "text/plain; charset=utf-8"),
        ("logo.svg", "image/svg+xml; charset=utf-8"),
        ("images/hand.png", "image/png"),
        ("sitemap.xml", "application/xml"),
        ("files/data.unknownext", "application/octet-stream"),
    ],
)
def test_files_are_served_as_built_with_their_type(path: str, content_type: str) -> None:
    site = PreviewSite("/crps/", {path: b"</head><body>"}, (PROBLEM,))
    response = respond("/crps/" + path, site, 8000)
    assert (response.status, response.content_type) == (200, content_type)
    assert response.body == b"</head><body>"  # only HTML pages gain the script and panel


def test_the_404_page_gets_the_reload_script_too() -> None:
    response = respond("/crps/nothing/", SITE, 8123)
    assert response.status == 404
    assert b'<script src="/livereload.js?port=8123"></script>' in response.body


def test_the_panel_stylesheet_is_served_from_the_generator() -> None:
    response = respond(PANEL_STYLESHEET, PreviewSite("/crps/", {}, ()), 8000)
    assert response.status == 200
    assert b".crpsgen-problems {" in response.body
