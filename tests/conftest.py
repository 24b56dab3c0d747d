"""Shared fixtures: small sites written into tmp_path, never the working directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: no time limit per example (CI shares two cores), and in CI the same examples
# every run (derandomized), so a landing never depends on luck; locally they explore afresh.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")

PROJECT = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: Test site
base_url: https://example.org/
organization:
  name: Test Clinic
  phone: "555-0100"
publisher:
  offers_treatment: false
  funding: Paid for by the clinic.
disclaimer: General information, not medical advice.
navigation:
  - id: crps
    title: About CRPS
"""

REFERENCES_YAML = """\
- id: alpha2020
  type: article
  authors: [Alpha A, Beta B]
  title: A first study
  container: Pain
  year: 2020
  volume: "10"
  issue: "2"
  pages: "100-110"
  doi: 10.1000/alpha
  pmid: "12345"
  verified_from: [test fixture]
- id: beta2021
  type: review
  authors: [Gamma C]
  title: A review
  container: J Test
  year: 2021
  verified_from: [test fixture]
- id: gamma2022
  type: webpage
  authors: [Test Organization]
  title: A web page
  url: https://example.com/page
  accessed: 2026-11-01
  verified_from: [test fixture]
"""


def page(title: str, body: str, **front: object) -> str:
    """A page with valid front matter plus any extra keys."""
    lines = [
        "---",
        f"title: {title}",
        "description: A test page.",
        "last_reviewed: 2026-11-01",
    ]
    lines += [f"{key}: {value}" for key, value in front.items()]
    return "\n".join(lines) + "\n---\n" + textwrap.dedent(body)


def default_files() -> dict[str, str]:
    return {
        "site.yaml": SITE_YAML,
        "content/_data/references.yaml": REFERENCES_YAML,
        "content/index.md": page("Home", "Welcome [@alpha2020].\n"),
        "content/symptoms.md": page(
            "Symptoms",
            "## Budapest criteria\n\nSee [home](index.md) [@beta2021; @gamma2022].\n",
            section="crps",
            order=1,
        ),
    }


SiteMaker = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> SiteMaker:
    """Write a small valid site (with the project's templates and static files) and return its root."""

    def make(files: dict[str, str | bytes | None] | None = None, name: str = "site") -> Path:
        return write_site(tmp_path / name, files)

    return make


def write_site(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write the small valid site (plus `files`; None leaves one out) into `root`; return it."""
    shutil.copytree(PROJECT / "templates", root / "templates")
    shutil.copytree(PROJECT / "static", root / "static")
    merged: dict[str, str | bytes | None] = {**default_files(), **(files or {})}
    for relpath, text in merged.items():
        path = root / relpath
        if text is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python build.py ARGS` in a site folder, as an editor would."""
    return subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes, to prove nothing changed."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site built once per test module; each broken-site case breaks its own copy."""
    root = write_site(tmp_path_factory.mktemp("good") / "site")
    good = run_build(root)
    assert good.returncode == 0, good.stderr
    return root
