"""The command line: help for each command, scaffolding, exit codes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import SiteMaker, run_build

from crpsgen import cli, config, frontmatter, schema, site_data
from crpsgen.diagnostics import Report
from crpsgen.frontmatter import parse_page
from crpsgen.sources import source_for


@pytest.mark.parametrize("command", ["build", "check", "serve", "new"])
def test_every_command_explains_itself(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: python build.py " + command in capsys.readouterr().out


def test_unknown_option_is_a_usage_error(make_site: SiteMaker) -> None:
    result = run_build(make_site(), "--colour")
    assert result.returncode == 2
    assert "unrecognized arguments: --colour" in result.stderr


def test_new_page_has_every_required_field_and_validates(make_site: SiteMaker) -> None:
    root = make_site()
    result = run_build(root, "new", "Pacing and flare-ups")
    assert result.returncode == 0, result.stderr
    path = root / "content" / "pacing-and-flare-ups.md"
    text = path.read_text()
    assert f"last_reviewed: {dt.date.today().isoformat()}" in text
    assert 'title: "Pacing and flare-ups"' in text
    report = Report(root=root)
    site = config.load_config(root / "site.yaml", report)
    assert site is not None
    page = parse_page(source_for(root / "content", "pacing-and-flare-ups.md"), site, report, dt.date.today())
    assert page is not None and page.meta.draft, [d.format() for d in report.items]
    again = run_build(root, "new", "Pacing and flare-ups")
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_check_writes_nothing(make_site: SiteMaker) -> None:
    root = make_site()
    result = run_build(root, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("checked 2 pages")
    assert not (root / "output").exists()


def test_drafts_are_left_out_unless_asked_for(make_site: SiteMaker) -> None:
    from conftest import page

    root = make_site({"content/draft.md": page("Draft", "Text [@alpha2020].\n", draft="true")})
    assert run_build(root).returncode == 0
    assert not (root / "output" / "draft").exists()
    assert run_build(root, "--drafts").returncode == 0
    assert "Draft: this page is not published" in (root / "output/draft/index.html").read_text()


def test_aliases_redirect_to_the_page(make_site: SiteMaker) -> None:
    from conftest import page

    root = make_site({"content/symptoms.md": page("Symptoms", "Text [@alpha2020].\n", aliases="[signs]")})
    assert run_build(root).returncode == 0
    redirect = (root / "output/signs/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=/symptoms/">' in redirect


def test_readme_documents_every_setting_and_field() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for fields in (config.FIELDS, frontmatter.FIELDS, site_data.REFERENCE_FIELDS):
        for line in schema.document(fields):
            assert line in readme, f"README is missing: {line}"


def test_sitemap_and_robots_use_the_base_url(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root, "--base-url", "https://clinic.example/crps/").returncode == 0
    sitemap = (root / "output/sitemap.xml").read_text()
    assert "<loc>https://clinic.example/crps/symptoms/</loc>\n    <lastmod>2026-11-01</lastmod>" in sitemap
    robots = (root / "output/robots.txt").read_text()
    assert robots.endswith("Sitemap: https://clinic.example/crps/sitemap.xml\n")


def test_check_stats_lists_words_grade_and_sources(make_site: SiteMaker) -> None:
    result = run_build(make_site(), "check", "--stats")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["page", "words", "grade", "sources"]
    assert lines[1].split()[0] == "index.md" and lines[1].split()[-1] == "1"
    assert lines[2].split()[0] == "symptoms.md" and lines[2].split()[-1] == "2"


def test_search_page_and_index(make_site: SiteMaker) -> None:
    search = (Path(__file__).resolve().parent.parent / "content" / "search.md").read_text()
    root = make_site({"content/search.md": search})
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    import json

    index = json.loads((root / "output/search-index.json").read_text())
    assert [entry["url"] for entry in index] == ["/", "/symptoms/"]
    assert index[1]["title"] == "Symptoms"
    assert "Budapest criteria" in index[1]["text"]
    html = (root / "output/search/index.html").read_text()
    assert 'data-index="/search-index.json"' in html
    assert '<a href="/symptoms/">Symptoms</a>' in html  # the list that works without JavaScript


def test_references_page_lists_every_source_with_the_pages_citing_it(make_site: SiteMaker) -> None:
    from conftest import page

    references = page("References", "All our sources.\n", template="references.html", needs_sources="false")
    root = make_site({"content/references.md": references})
    assert run_build(root).returncode == 0
    html = (root / "output/references/index.html").read_text()
    alpha = html.split('id="source-alpha2020"')[1].split("</li>")[0]
    assert '<a href="https://doi.org/10.1000/alpha">doi:10.1000/alpha</a>' in alpha
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/12345/">PubMed 12345</a>' in alpha
    assert '<a href="/">Home</a>' in alpha
    beta = html.split('id="source-beta2021"')[1].split("</li>")[0]
    assert '<a href="/symptoms/">Symptoms</a>' in beta and '<a href="/">Home</a>' not in beta
