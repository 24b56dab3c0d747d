"""Property tests for the address rules (issue 9, section 7): whatever text an editor
gives as an alias, slug, template, file name or static file name, validation raises
nothing but our own diagnostics, every diagnostic names a file, and nothing accepted
maps to a path outside output/.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from support import make_site

from crpsgen.addresses import (
    NameProblem,
    alias_path,
    check_file_name,
    check_slug,
    check_static_name,
    check_template_name,
    is_safe_output,
    slugify,
)
from crpsgen.assets import hashed_name
from crpsgen.config import load_config
from crpsgen.diagnostics import Report
from crpsgen.frontmatter import parse_page
from crpsgen.model import BuildOptions, SiteConfig
from crpsgen.pipeline import build_site
from crpsgen.sources import discover_sources, source_for
from crpsgen.walk import walk_files

TODAY = dt.date(2026, 11, 22)
OUT = Path(tempfile.gettempdir()).resolve() / "crpsgen-property-output"

# Text that looks like what editors and attackers type: path pieces, schemes, dots, slashes.
PIECES = st.sampled_from(
    ["..", ".", "/", "//", "\\", "https://", "evil.example", "?", "#", "%2e%2e", "assets", "index.html",
     "sitemap.xml", "old", "page", "-", "é", "A", " ", "\x00", "~", ":", "C:\\"]
)  # fmt: skip
PATHLIKE = st.one_of(st.text(), st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=8).map("".join))
FILE_NAME = st.text(min_size=1, max_size=40).filter(
    lambda n: "/" not in n and "\x00" not in n and n not in {".", ".."} and len(n.encode()) < 200
)


def lands_inside(output_path: str) -> bool:
    return (OUT / output_path).resolve().is_relative_to(OUT)


@given(PATHLIKE)
def test_an_accepted_alias_stays_inside_output(value: str) -> None:
    result = alias_path(value)
    if isinstance(result, NameProblem):
        assert result.message.startswith(f'alias "{value}" ')
        return
    assert is_safe_output(result + "index.html") and lands_inside(result + "index.html")
    assert check_slug(result.rstrip("/")) is None  # the same form as a page address


@given(PATHLIKE)
def test_an_accepted_slug_stays_inside_output(value: str) -> None:
    if check_slug(value) is None:
        source = source_for(Path("content"), "p.md", value)
        assert is_safe_output(source.output_path) and lands_inside(source.output_path)


@given(st.lists(FILE_NAME, min_size=1, max_size=3).map(lambda parts: "/".join(parts) + ".md"))
def test_an_accepted_file_name_stays_inside_output(relpath: str) -> None:
    problem = check_file_name(relpath)
    if problem is None:
        source = source_for(Path("content"), relpath)
        assert is_safe_output(source.output_path) and lands_inside(source.output_path)
    else:
        assert problem.message.startswith("file name ")


@given(st.lists(FILE_NAME, min_size=1, max_size=3).map("/".join), st.binary(max_size=20))
def test_an_accepted_static_name_stays_inside_output(name: str, content: bytes) -> None:
    if check_static_name(name) is None:
        output = "assets/" + hashed_name(name, content)
        assert is_safe_output(output) and lands_inside(output)


@given(PATHLIKE)
def test_an_accepted_template_name_is_one_file_in_the_folder(value: str) -> None:
    if check_template_name(value) is None:
        assert "/" not in value and "\\" not in value and value.endswith(".html") and value != ".."


@given(st.text())
def test_slugify_is_one_clean_address_part(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or check_slug(slug) is None or slug.startswith("assets")
    assert slugify(slug) == slug


# ---------------------------------------------------------------- through the real stages


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Path, SiteConfig]]:
    with tempfile.TemporaryDirectory(prefix="crpsgen-paths-") as folder:
        root = make_site(Path(folder) / "site")
        config = load_config(root / "site.yaml", Report(root=root))
        assert config is not None
        yield root, config


def front_matter(**values: object) -> str:
    lines = ["---", "title: P", "description: D", "last_reviewed: 2026-11-01"]
    lines += [f"{key}: {json.dumps(value)}" for key, value in values.items()]  # JSON is YAML
    return "\n".join(lines) + "\n---\nBody.\n"


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(aliases=st.lists(PATHLIKE, max_size=3), slug=st.one_of(st.none(), PATHLIKE), template=PATHLIKE)
def test_front_matter_paths_give_only_diagnostics(
    site: tuple[Path, SiteConfig], aliases: list[str], slug: str | None, template: str
) -> None:
    root, config = site
    values: dict[str, object] = {"aliases": aliases, "template": template}
    if slug is not None:
        values["slug"] = slug
    path = root / "content" / "p.md"
    path.write_text(front_matter(**values), encoding="utf-8")
    report = Report(root=root)
    page = parse_page(source_for(config.content_dir, "p.md"), config, report, TODAY)
    assert all(item.path == "content/p.md" for item in report.items), report.items
    if page is not None:
        for output in [page.source.output_path, *(alias + "index.html" for alias in page.meta.aliases)]:
            assert is_safe_output(output) and lands_inside(output)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(FILE_NAME, min_size=1, max_size=4, unique=True))
def test_any_file_names_in_content_and_static_give_only_diagnostics(
    site: tuple[Path, SiteConfig], names: list[str]
) -> None:
    root, config = site
    with tempfile.TemporaryDirectory(dir=root) as folder:
        content, static = Path(folder) / "content", Path(folder) / "static"
        content.mkdir()
        static.mkdir()
        for name in names:
            try:
                (content / name).write_text(front_matter(), encoding="utf-8")
                (static / name).write_bytes(b"x")
            except OSError:
                assume(False)  # a name this file system refuses
        report = Report(root=root)
        sources = discover_sources(content, report)
        files = walk_files(static, root, report)
        for source in sources:
            parse_page(source, config, report, TODAY)
        for item in report.items:
            assert item.path and item.path != ".", item
            assert (root / item.path).exists() or (root / item.path).is_symlink(), item
        for source in sources:
            assert is_safe_output(source.output_path) and lands_inside(source.output_path)
        for name, _ in files:
            if check_static_name(name) is None:
                assert lands_inside("assets/" + hashed_name(name, b"x"))


@pytest.fixture(scope="module")
def build_root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="crpsgen-paths-build-") as folder:
        yield make_site(Path(folder) / "site")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    aliases=st.lists(st.one_of(PATHLIKE, st.sampled_from(["symptoms", "old", "old/page/", "/"])), max_size=4)
)
def test_a_build_with_any_aliases_writes_only_inside_output(build_root: Path, aliases: list[str]) -> None:
    (build_root / "content" / "symptoms.md").write_text(
        front_matter(aliases=aliases, section="crps").replace("title: P", "title: Symptoms")
        .replace("Body.", "See [home](index.md) [@beta2021; @gamma2022]."),
        encoding="utf-8",
    )  # fmt: skip
    report = Report(root=build_root)
    result = build_site(BuildOptions(config_path=build_root / "site.yaml", today=TODAY), report)
    for item in report.items:
        assert item.path and item.path != ".", item
    paths = [output.path for output in result.outputs]
    assert len(paths) == len(set(paths))
    for path in paths:
        assert is_safe_output(path) and lands_inside(path), path
    if not report.has_errors:
        for alias in aliases:
            assert alias_path(alias) + "index.html" in paths  # type: ignore[operator]
    assert not os.path.exists(OUT)  # nothing is written by an in-memory build
