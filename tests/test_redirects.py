"""Old addresses: the redirect page (templates/redirect.html) at each alias, and `_redirects`."""

from __future__ import annotations

from pathlib import Path

from support import SITE_YAML, SiteMaker, options, page

from crpsgen.diagnostics import Report
from crpsgen.pipeline import BuildResult, build_site

MOVED = page(
    "Pain & sleep", "How pain <b>changes</b> sleep [@alpha2020].\n", aliases="[old-sleep/, notes/sleep/]"
)


def build(root: Path) -> BuildResult:
    return build_site(options(root / "site.yaml"), Report(root=root))


def file_of(result: BuildResult, path: str) -> str:
    return next(o.content.decode() for o in result.outputs if o.path == path)


def test_each_old_address_is_a_page_that_sends_readers_on(make_site: SiteMaker) -> None:
    root = make_site({"site.yaml": SITE_YAML.replace("https://example.org/", "https://example.org/crps/")})
    (root / "content" / "sleep.md").write_text(MOVED)
    result = build(root)
    assert not result.report.has_errors, [d.format() for d in result.report.items]
    for alias in ("old-sleep/", "notes/sleep/"):
        moved = file_of(result, alias + "index.html")
        assert moved.startswith('<!doctype html>\n<html lang="en-US">\n')
        assert "<title>Moved: Pain &amp; sleep</title>" in moved
        assert '<meta http-equiv="refresh" content="0; url=/crps/sleep/">' in moved
        assert '<link rel="canonical" href="https://example.org/crps/sleep/">' in moved  # absolute
        assert '<meta name="robots" content="noindex">' in moved
        assert '<p>This page has moved to <a href="/crps/sleep/">Pain &amp; sleep</a>.</p>' in moved
    assert file_of(result, "_redirects").splitlines()[1:] == [
        "/crps/notes/sleep/ /crps/sleep/ 301",
        "/crps/old-sleep/ /crps/sleep/ 301",
    ]


def test_a_clinic_overrides_the_redirect_page_like_any_template(make_site: SiteMaker) -> None:
    root = make_site({"site.yaml": SITE_YAML + "theme:\n  templates: clinic\n", "content/sleep.md": MOVED})
    (root / "clinic").mkdir()
    (root / "clinic" / "redirect.html").write_text(
        '<meta http-equiv="refresh" content="0; url={{ target }}">\n'
    )
    result = build(root)
    assert not result.report.has_errors, [d.format() for d in result.report.items]
    assert file_of(result, "old-sleep/index.html") == '<meta http-equiv="refresh" content="0; url=/sleep/">\n'


def test_a_mistake_in_the_redirect_template_is_one_line_naming_the_pages(make_site: SiteMaker) -> None:
    root = make_site({"site.yaml": SITE_YAML + "theme:\n  templates: clinic\n", "content/sleep.md": MOVED})
    (root / "clinic").mkdir()
    (root / "clinic" / "redirect.html").write_text("<p>\n{{ tittle }}</p>\n")
    result = build(root)
    assert [d.format() for d in result.report.items if d.severity == "error"] == [
        "clinic/redirect.html:2: error: template error while rendering 2 pages "
        "(old-sleep/index.html, notes/sleep/index.html): 'tittle' is undefined"
    ]
    assert result.outputs == []
