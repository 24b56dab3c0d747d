"""sitemap.xml (templates/sitemap.xml) and robots.txt, which names it."""

from __future__ import annotations

from pathlib import Path

from support import SITE_YAML, SiteMaker, options, page

from crpsgen.diagnostics import Report
from crpsgen.pipeline import BuildResult, build_site

CLINIC = SITE_YAML + "theme:\n  templates: clinic\n"


def build(root: Path, drafts: bool = False) -> BuildResult:
    return build_site(options(root / "site.yaml", drafts=drafts), Report(root=root))


def file_of(result: BuildResult, path: str) -> str:
    return next(o.content.decode() for o in result.outputs if o.path == path)


def test_the_sitemap_lists_every_published_page_in_address_order(make_site: SiteMaker) -> None:
    draft = page("Draft", "Not yet [@alpha2020].\n", draft="true")
    root = make_site({"content/draft.md": draft})
    result = build(root, drafts=True)  # a --drafts build still keeps drafts from search engines
    assert not result.report.has_errors, [d.format() for d in result.report.items]
    assert file_of(result, "sitemap.xml") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "  <url>\n    <loc>https://example.org/</loc>\n    <lastmod>2026-11-01</lastmod>\n  </url>\n"
        "  <url>\n    <loc>https://example.org/symptoms/</loc>\n    <lastmod>2026-11-01</lastmod>\n  </url>\n"
        "</urlset>\n"
    )
    assert file_of(result, "robots.txt").endswith("Sitemap: https://example.org/sitemap.xml\n")


def test_a_clinic_overrides_the_sitemap_template(make_site: SiteMaker) -> None:
    root = make_site({"site.yaml": CLINIC})
    (root / "clinic").mkdir()
    (root / "clinic" / "sitemap.xml").write_text(
        "{% for entry in entries %}{{ entry.url }} {{ entry.last_reviewed }}\n{% endfor %}"
    )
    result = build(root)
    assert not result.report.has_errors, [d.format() for d in result.report.items]
    assert file_of(result, "sitemap.xml") == (
        "https://example.org/ 2026-11-01\nhttps://example.org/symptoms/ 2026-11-01\n"
    )


def test_a_syntax_mistake_in_the_sitemap_template_is_found_at_its_line(make_site: SiteMaker) -> None:
    root = make_site({"site.yaml": CLINIC})
    (root / "clinic").mkdir()
    (root / "clinic" / "sitemap.xml").write_text("<urlset>\n{% for entry in entries %}\n</urlset>\n")
    result = build(root)
    errors = [d.format() for d in result.report.items if d.severity == "error"]
    assert len(errors) == 1 and errors[0].startswith("clinic/sitemap.xml:"), errors
    assert "template syntax:" in errors[0]
    assert result.outputs == []
