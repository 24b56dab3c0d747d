"""Property tests for the YAML, settings and front-matter slice.

Whatever text an editor saves as a page, a data file or site.yaml, reading it raises
nothing (a RecursionError or a PyYAML exception would be a traceback), every
diagnostic names the file it is about, and settings come back as None exactly when
something was reported as an error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import SITE_YAML

from crpsgen.config import load_config
from crpsgen.diagnostics import Report
from crpsgen.frontmatter import parse_page
from crpsgen.model import SiteConfig
from crpsgen.site_data import load_site_data
from crpsgen.sources import source_for
from crpsgen.yamlfile import load_yaml

SETTINGS = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TODAY = dt.date(2026, 11, 22)

# Pieces YAML treats specially, so generated text reaches the loader's corners (quotes,
# comments, anchors, flow brackets, indentation, tabs, dates, YAML 1.1 words) often.
TOKENS = st.sampled_from(
    [
        "\n", "  ", "\t", "- ", ": ", ":", "#", " #", '"', "'", "[", "]", "{", "}", ",", "&a ", "*a",
        "---", "...", "title", "description", "last_reviewed", "tags", "theme", "primary_color",
        "base_url", "2026-02-30", "2026-11-01", "No", "1:30", "!!python/object", "|", ">", "?", "%",
        "\\", "é", "\x00", "\ufeff", "https://x.org/?q#f", "@",
    ]
)  # fmt: skip
YAMLISH = st.lists(st.one_of(TOKENS, st.text(max_size=8)), max_size=60).map("".join)
TEXT = st.one_of(YAMLISH, st.text(max_size=300))
NESTED = st.integers(min_value=1, max_value=400).map(lambda n: "a: " + "[" * n + "]" * n + "\n")
FRONT = "---\ntitle: A page\ndescription: One sentence.\nlast_reviewed: 2026-11-01\n"


@given(text=st.one_of(TEXT, NESTED), offset=st.integers(min_value=0, max_value=5))
@SETTINGS
def test_load_yaml_never_raises(text: str, offset: int) -> None:
    value, problems = load_yaml(text, line_offset=offset)
    for problem in problems:
        assert problem.line >= offset + 1
        assert problem.message
    if problems and value is None:
        return
    assert value is None or isinstance(value, object)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteConfig]:
    root = tmp_path_factory.mktemp("props")
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (root / "content" / "_data").mkdir(parents=True)
    config = load_config(root / "site.yaml", Report(root=root))
    assert config is not None
    return root, config


def names_a_file(report: Report, expected: str) -> None:
    for item in report.items:
        assert item.path == expected, item.format()


@given(text=st.one_of(TEXT, YAMLISH.map(lambda t: FRONT + t), NESTED.map(lambda t: FRONT + t + "---\n")))
@SETTINGS
def test_any_page_file_is_read_or_reported(site: tuple[Path, SiteConfig], text: str) -> None:
    root, config = site
    path = root / "content" / "page.md"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    report = Report(root=root)
    page = parse_page(source_for(config.content_dir, "page.md"), config, report, TODAY)
    names_a_file(report, "content/page.md")
    if page is None:
        assert report.has_errors
    else:
        assert not report.has_errors


@given(text=st.one_of(TEXT, NESTED.map(lambda t: "- term: x\n  definition: y\n" + t)))
@SETTINGS
def test_any_data_file_is_read_or_reported(site: tuple[Path, SiteConfig], text: str) -> None:
    root, config = site
    data_dir = root / "content" / "_data"
    (data_dir / "glossary.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    (data_dir / "references.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    report = Report(root=root)
    load_site_data(config.content_dir, report)
    for item in report.items:
        assert item.path in {"content/_data/glossary.yaml", "content/_data/references.yaml"}, item.format()


@given(
    text=st.one_of(
        TEXT,
        YAMLISH.map(lambda t: SITE_YAML + t),
        st.sampled_from(SITE_YAML.splitlines(keepends=True)).map(lambda line: SITE_YAML.replace(line, "")),
    ),
    base_url=st.one_of(st.none(), st.text(max_size=30), st.just("https://example.org/?x#y")),
)
@SETTINGS
def test_any_site_yaml_gives_settings_or_errors(tmp_path: Path, text: str, base_url: str | None) -> None:
    path = tmp_path / "site.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    report = Report(root=tmp_path)
    config = load_config(path, report, base_url)
    for item in report.items:
        assert item.path in {"site.yaml", "--base-url"}, item.format()
    assert (config is None) == report.has_errors, report.items
    if config is not None:
        parts = urlsplit(config.base_url)
        assert parts.scheme in {"http", "https"} and "@" not in parts.netloc
        assert "?" not in config.base_url and "#" not in config.base_url
