"""Diagnostics (diagnostics.py): one line per problem, in a fixed order, each said once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crpsgen.diagnostics import Diagnostic, Report, did_you_mean, print_report


def test_a_line_names_the_file_and_line_and_the_hint_only_when_there_is_one() -> None:
    assert Diagnostic("site.yaml", 3, "error", "bad", "fix it").format() == (
        "site.yaml:3: error: bad (hint: fix it)"
    )
    assert Diagnostic("site.yaml", None, "warning", "bad").format() == "site.yaml: warning: bad"


def test_paths_are_shown_from_the_project_root_and_kept_outside_it(tmp_path: Path) -> None:
    report = Report(root=tmp_path)
    report.error(tmp_path / "content" / "a.md", 1, "x")
    report.error("/elsewhere/b.md", 1, "x")
    assert [d.path for d in report.items] == ["content/a.md", "/elsewhere/b.md"]


def test_a_symlinked_file_is_shown_under_its_own_name(tmp_path: Path) -> None:
    (tmp_path / "real.md").write_text("x")
    os.symlink(tmp_path / "real.md", tmp_path / "link.md")
    assert Report(root=tmp_path).relative(tmp_path / "link.md") == "link.md"


def test_the_same_finding_is_kept_once() -> None:
    report = Report(root=Path("/site"))
    for _ in range(2):  # a cached step replays what it found
        report.warning("/site/a.md", 2, "twice")
    report.items.append(Diagnostic("a.md", 3, "notice", "added directly"))
    report.add_item(Diagnostic("a.md", 3, "notice", "added directly"))
    assert [d.message for d in report.items] == ["twice", "added directly"]


def test_errors_come_first_then_by_file_and_line_and_the_counts_follow() -> None:
    report = Report(root=Path("/site"))
    report.notice("/site/a.md", None, "n")
    report.warning("/site/b.md", 9, "w")
    report.error("/site/b.md", 10, "e2")
    report.error("/site/b.md", 2, "e1")
    report.error("/site/a.md", 5, "e0")
    assert [d.message for d in report.sorted()] == ["e0", "e1", "e2", "w", "n"]
    assert report.summary() == "3 errors, 1 warning, 1 notice"
    assert Report().summary() == "no problems"
    assert report.failed(strict=False)


def test_warnings_fail_only_a_strict_build() -> None:
    report = Report(root=Path("/site"))
    report.warning("/site/a.md", 1, "w")
    report.notice("/site/a.md", 1, "n")
    assert not report.has_errors and not report.failed(strict=False) and report.failed(strict=True)


def test_print_report_writes_every_line_then_the_counts_and_quiet_drops_notices(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = Report(root=Path("/site"))
    report.notice("/site/a.md", None, "n")
    report.error("/site/a.md", 1, "e", "h")
    print_report(report)
    assert capsys.readouterr().err == "a.md:1: error: e (hint: h)\na.md: notice: n\n1 error, 1 notice\n"
    print_report(report, quiet=True)
    assert capsys.readouterr().err == "a.md:1: error: e (hint: h)\n1 error, 1 notice\n"
    print_report(Report())
    assert capsys.readouterr().err == ""


def test_did_you_mean_names_the_closest_choice_or_nothing() -> None:
    assert did_you_mean("titel", ["title", "tagline"]) == ' (did you mean "title"?)'
    assert did_you_mean("zzz", ["title", "tagline"]) == ""
