"""A small site with its own minimal theme, built and compared byte for byte.

Regenerate the expected files after an intended change with
`UPDATE_GOLDEN=1 python -m pytest tests/test_golden_site.py` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from support import GOLDEN, snapshot

from crpsgen.diagnostics import Report
from crpsgen.model import BuildOptions
from crpsgen.pipeline import build_site
from crpsgen.writer import write_site


def build(tmp_path: Path, name: str) -> Path:
    source = tmp_path / name
    shutil.copytree(GOLDEN, source, ignore=shutil.ignore_patterns("expected"))
    report = Report(root=source)
    result = build_site(BuildOptions(source / "site.yaml", today=dt.date(2026, 11, 22)), report)
    assert not report.has_errors, [d.format() for d in report.items]
    write_site(result.outputs, source / "output")
    return source / "output"


def test_golden_site_matches_expected_output(tmp_path: Path) -> None:
    output = build(tmp_path, "site")
    expected = GOLDEN / "expected"
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(output, expected)
    assert snapshot(output) == snapshot(expected)


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    assert snapshot(build(tmp_path, "one")) == snapshot(build(tmp_path, "two"))
