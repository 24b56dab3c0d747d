"""A second clinic (examples/second-clinic/): the same pages rebranded, proven by building it.

Another name, colours, logo, locale (en-GB), crisis help (999, NHS 111, Samaritans), a
subpath and its own publisher's statement, from one site.yaml that reuses the project's
content/ through `project: ../..`. Also the optional "Edit this page (for editors)" link.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from support import PROJECT, SITE_YAML, SiteMaker, page, run_build

EXAMPLE = PROJECT / "examples" / "second-clinic"
CONFIG = EXAMPLE / "site.yaml"
BASE_PATH = "/patient-information/crps/"
LINK = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("second-clinic") / "output"
    result = run_build(PROJECT, "--config", str(CONFIG), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def settings() -> dict[str, object]:
    data = yaml.safe_load(CONFIG.read_text())
    assert isinstance(data, dict)
    return data


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if 'http-equiv="refresh"' not in p.read_text())


def test_the_example_passes_check_strict() -> None:
    result = run_build(PROJECT, "check", "--strict", "--config", str(CONFIG))
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr and "warning" not in result.stderr


def test_every_page_is_en_gb_and_names_the_second_clinic(built: Path) -> None:
    pages = html_pages(built)
    assert len(pages) >= 15
    for path in pages:
        html = path.read_text()
        assert '<html lang="en-GB">' in html, path
        assert "Northfield Pain Service (example)" in html, path
        assert "Example Pain Clinic" not in html, path  # the main site's clinic


def test_colours_are_the_second_clinics(built: Path) -> None:
    (theme,) = (built / "assets" / "css").glob("theme.*.css")
    css = theme.read_text()
    assert "#6a2c70" in css and "#f2a900" in css
    assert "#005eb8" not in css  # the main site's blue


def test_the_logo_comes_from_the_examples_own_static_folder(built: Path) -> None:
    home = (built / "index.html").read_text()
    match = re.search(r'<img src="([^"]+)" alt="" class="logo">', home)
    assert match, "no logo in the header"
    assert match.group(1).startswith(BASE_PATH + "assets/logo.")
    published = built / match.group(1).removeprefix(BASE_PATH)
    assert published.read_bytes() == (EXAMPLE / "static" / "logo.svg").read_bytes()


def test_every_internal_address_is_under_the_subpath(built: Path) -> None:
    for path in html_pages(built):
        for target in LINK.findall(path.read_text()):
            if target.startswith("/"):
                assert target.startswith(BASE_PATH), f"{path}: {target}"
    assert (
        f"Sitemap: https://northfield-pain.example{BASE_PATH}sitemap.xml"
        in (built / "robots.txt").read_text()
    )


def test_publisher_statement_and_uk_crisis_help(built: Path, settings: dict[str, object]) -> None:
    publisher = settings["publisher"]
    assert isinstance(publisher, dict)
    for name in ("index.html", "about/index.html"):
        html = (built / name).read_text()
        assert publisher["treatments"] in html, name
        assert publisher["funding"] in html, name
        assert "The clinic pays for this site" not in html, name  # the main site's statement
    footer = (built / "symptoms/index.html").read_text().split('<footer class="site-footer">')[1]
    assert "call 999" in footer and "NHS 111" in footer
    assert "Samaritans: Call 116 123 free" in footer
    assert "911" not in footer and "988" not in footer


def test_edit_links_point_at_each_pages_file(built: Path) -> None:
    html = (built / "symptoms/index.html").read_text()
    assert (
        '<p class="page-edit"><a href="https://github.com/OWNER/REPO/edit/main/content/symptoms.md">'
        "Edit this page (for editors)</a></p>"
    ) in html
    assert "page-edit" not in (built / "404.html").read_text()


def test_no_edit_link_without_edit_url(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    assert "Edit this page" not in (root / "output/symptoms/index.html").read_text()


def test_edit_url_without_trailing_slash_gets_one(make_site: SiteMaker) -> None:
    root = make_site({"site.yaml": SITE + "edit_url: https://git.example/clinic/edit/main/content\n"})
    assert run_build(root).returncode == 0, run_build(root).stderr
    html = (root / "output/symptoms/index.html").read_text()
    assert 'href="https://git.example/clinic/edit/main/content/symptoms.md"' in html


def test_edit_url_must_be_a_web_address(make_site: SiteMaker) -> None:
    root = make_site({"site.yaml": SITE + "edit_url: javascript:alert(1)\n"})
    result = run_build(root)
    assert result.returncode == 1
    line = SITE.count("\n") + 1
    assert result.stderr.startswith(
        f'site.yaml:{line}: error: setting "edit_url" should be a web address of content/ in your '
        "repository, such as https://github.com/OWNER/REPO/edit/main/content/ (no ?query or #fragment), "
        "not 'javascript:alert(1)'"
    ), result.stderr
    assert not (root / "output").exists()


SITE = SITE_YAML


@pytest.mark.parametrize("value", ["/", "content", "../x", "../../..x", "/etc"])
def test_project_must_be_a_folder_above_site_yaml(make_site: SiteMaker, value: str) -> None:
    root = make_site({"site.yaml": SITE + f"project: {value}\n"})
    result = run_build(root)
    assert result.returncode == 1
    assert (
        f'site.yaml:{SITE.count(chr(10)) + 1}: error: setting "project" should be a folder above site.yaml'
        in result.stderr
    )


def test_a_site_yaml_in_a_subfolder_builds_the_project_above_it(make_site: SiteMaker) -> None:
    root = make_site(
        {
            "clinics/b/site.yaml": SITE.replace("Test Clinic", "Clinic B") + "project: ../..\n",
            "content/about.md": page("About", "Text [@alpha2020].\n"),
        }
    )
    result = run_build(root, "--config", "clinics/b/site.yaml")
    assert result.returncode == 0, result.stderr
    assert "Clinic B" in (root / "output/about/index.html").read_text()
