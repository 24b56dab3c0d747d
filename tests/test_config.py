"""Config stage: site.yaml -> SiteConfig, and each kind of mistake as one file:line line."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SITE_YAML

from crpsgen.config import load_config
from crpsgen.diagnostics import Report
from crpsgen.editorial import PLACEHOLDER_REVIEWER
from crpsgen.model import NavSection, SiteConfig

ALLOWED = (
    "allowed: title, tagline, language, base_url, organization, publisher, disclaimer, crisis, "
    "languages, navigation, review, readability, theme, edit_url, project"
)


def load(root: Path, text: str | None, base_url: str | None = None) -> tuple[SiteConfig | None, list[str]]:
    """Load `text` as root/site.yaml (None: no file); the config and every diagnostic line."""
    for folder in ("content", "templates", "static"):
        (root / folder).mkdir(exist_ok=True)
    if text is not None:
        (root / "site.yaml").write_text(text, encoding="utf-8")
    report = Report(root=root)
    config = load_config(root / "site.yaml", report, base_url)
    return config, [d.format() for d in report.sorted()]


def test_a_valid_config_fills_in_every_default(tmp_path: Path) -> None:
    config, lines = load(tmp_path, SITE_YAML)
    assert lines == []
    assert config is not None
    assert (config.title, config.language, config.base_url, config.base_path) == (
        "Test site",
        "en-US",
        "https://example.org/",
        "/",
    )
    assert config.path == tmp_path / "site.yaml" and config.root == tmp_path
    assert (config.content_dir, config.templates_dir, config.static_dir) == (
        tmp_path / "content",
        tmp_path / "templates",
        tmp_path / "static",
    )
    assert config.organization.name == "Test Clinic" and config.organization.phone == "555-0100"
    assert config.publisher.offers_treatment is False
    assert config.navigation == (NavSection("crps", "About CRPS"),)
    assert config.review.interval_months == 12 and config.review.default_reviewer == PLACEHOLDER_REVIEWER
    assert config.readability.target_grade == 8.0 and config.theme.primary_color == "#005eb8"
    assert [language.code for language in config.languages] == ["en-US"] and not config.multilingual


def test_base_path_of_a_subpath_site(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(
        "title: T\nbase_url: https://example.org/crps/\norganization: {name: C}\n"
        "publisher: {offers_treatment: false, funding: F}\n"
        "disclaimer: D\nnavigation: [{id: crps, title: CRPS}]\n"
    )
    config = load_config(tmp_path / "site.yaml", Report(root=tmp_path))
    assert config is not None
    assert config.base_path == "/crps/"
    assert config.crisis.line_number == "988"
    assert config.crisis.emergency_number == "911"


def test_the_command_line_base_url_wins(tmp_path: Path) -> None:
    config, lines = load(tmp_path, SITE_YAML, base_url="https://example.net/help/crps/")
    assert lines == [] and config is not None
    assert (config.base_url, config.base_path) == ("https://example.net/help/crps/", "/help/crps/")


MISTAKES = {
    "unknown setting": (
        SITE_YAML + "titel: x\n",
        f'site.yaml:13: error: unknown setting "titel" (did you mean "title"?) (hint: {ALLOWED})',
    ),
    "missing required setting": (
        SITE_YAML.replace("title: Test site\n", ""),
        'site.yaml:1: error: missing required setting "title" (hint: The site\'s name, shown in the header and browser tab.)',
    ),
    "value of the wrong form": (
        SITE_YAML + "theme:\n  primary_color: blue\n",
        'site.yaml:14: error: setting "theme.primary_color" should be a colour written as six hex digits, '
        "such as \"#005eb8\", not 'blue' (hint: Main brand colour (links, header).)",
    ),
    "colour too light for white text": (
        SITE_YAML + "theme:\n  primary_color: '#ffffff'\n",
        'site.yaml:14: error: setting "theme.primary_color" should be a colour dark enough for white text '
        "and for links on white (contrast with white is 1.0:1; WCAG AA needs 4.5:1), not '#ffffff' "
        "(hint: Main brand colour (links, header).)",
    ),
    "base_url that is not a web address": (
        SITE_YAML.replace("https://example.org/", "example.org"),
        'site.yaml:2: error: setting "base_url" should be a web address of the form https://example.org/ '
        "or https://example.org/sub/path/ (no ?query, #fragment or user@), not 'example.org' "
        "(hint: Full address the site is published at, optionally with a subpath "
        "(https://example.org/crps/); no ?query, #fragment or user@.)",
    ),
    "duplicate key": (
        SITE_YAML + "title: again\n",
        'site.yaml:13: error: duplicate key "title" (first given on line 1) '
        "(hint: remove one of them: YAML would silently keep only the last)",
    ),
    "a list, not settings": (
        "- a\n- b\n",
        "site.yaml:1: error: site.yaml must be a mapping of settings (key: value lines) "
        "(hint: start with a line such as: title: My clinic)",
    ),
    "YAML syntax": (
        "title: [unclosed\n",
        "site.yaml:2: error: YAML syntax: expected ',' or ']', but got '<stream end>' "
        "(hint: check the indentation and quotes on this line and the one before)",
    ),
    "logo that is not there": (
        SITE_YAML + "theme:\n  logo: missing.svg\n",
        'site.yaml:14: error: theme.logo "missing.svg" is not a file in static/ '
        "(hint: name the file relative to that folder, e.g. logo: logo.svg for static/logo.svg)",
    ),
    "theme folder that is not there": (
        SITE_YAML + "theme:\n  templates: nowhere\n",
        'site.yaml:14: error: theme folder "nowhere" does not exist',
    ),
    "no site.yaml": (
        None,
        "site.yaml: error: site settings file not found (hint: create site.yaml or pass --config PATH)",
    ),
}


@pytest.mark.parametrize(("text", "expected"), MISTAKES.values(), ids=MISTAKES.keys())
def test_each_kind_of_mistake_is_one_line_and_no_config(
    tmp_path: Path, text: str | None, expected: str
) -> None:
    config, lines = load(tmp_path, text)
    assert lines == [expected]
    assert config is None


def test_a_bad_command_line_base_url_blames_the_command_line(tmp_path: Path) -> None:
    config, lines = load(tmp_path, SITE_YAML, base_url="ftp://x")
    assert config is None
    assert lines == [
        "--base-url: error: should be a web address of the form https://example.org/ or "
        "https://example.org/sub/path/ (no ?query, #fragment or user@), not 'ftp://x'"
    ]


def test_an_empty_file_names_each_missing_setting_once(tmp_path: Path) -> None:
    config, lines = load(tmp_path, "")
    assert config is None
    assert [line.split(" (hint")[0] for line in lines] == [
        f'site.yaml:1: error: missing required setting "{name}"'
        for name in ("base_url", "disclaimer", "navigation", "organization", "publisher", "title")
    ]
