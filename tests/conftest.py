"""Fixtures and hooks only; what tests build with is in support.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import support
from hypothesis import settings
from support import Files, SiteMaker, run_build

# Property tests: no time limit per example (CI shares two cores), and in CI the same examples
# every run (derandomized), so a landing never depends on luck; locally they explore afresh.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")


@pytest.fixture
def make_site(tmp_path: Path) -> SiteMaker:
    """support.make_site in tmp_path: the small valid site (plus `files`) at tmp_path/name."""

    def make(files: Files | None = None, name: str = "site") -> Path:
        return support.make_site(tmp_path / name, files)

    return make


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site built once per test module; each broken-site case breaks its own copy."""
    root = support.make_site(tmp_path_factory.mktemp("good") / "site")
    good = run_build(root)
    assert good.returncode == 0, good.stderr
    return root
