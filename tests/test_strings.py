"""Template strings per language (strings.py): loading, a clinic's overrides, completeness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crpsgen.diagnostics import Report
from crpsgen.model import MissingString, Strings
from crpsgen.strings import check_complete, load_strings, long_date


def folder(root: Path, name: str, **files: str) -> Path:
    """A template folder with strings/<short>.yaml files."""
    (root / name / "strings").mkdir(parents=True)
    for short, text in files.items():
        (root / name / "strings" / f"{short}.yaml").write_text(text, encoding="utf-8")
    return root / name


def lines(report: Report) -> list[str]:
    return [d.format() for d in report.sorted()]


def test_a_clinics_strings_override_ours_key_by_key(tmp_path: Path) -> None:
    ours = folder(tmp_path, "templates", en="skip_link: Skip\nmenu: Menu\n")
    clinic = folder(tmp_path, "clinic", en="menu: Contents\n")
    report = Report(root=tmp_path)
    strings = load_strings([clinic, ours], "en-GB", report, required=True)
    assert lines(report) == []
    assert strings.values == {"skip_link": "Skip", "menu": "Contents"}
    assert strings.file == clinic / "strings" / "en.yaml"
    assert strings.language == "en-GB"


def test_a_language_without_a_strings_file(tmp_path: Path) -> None:
    ours = folder(tmp_path, "templates", en="menu: Menu\n")
    report = Report(root=tmp_path)
    assert load_strings([ours], "es-US", report, required=False) == Strings("es-US", None)
    assert lines(report) == []
    load_strings([ours], "es-US", report, required=True)
    assert lines(report) == [
        "templates/strings/es.yaml: error: no strings file for language es-US "
        "(hint: copy templates/strings/en.yaml to strings/es.yaml and translate each value)"
    ]


def test_each_mistake_in_a_strings_file_is_one_line(tmp_path: Path) -> None:
    report = Report(root=tmp_path)
    load_strings([folder(tmp_path, "list", en="- menu\n")], "en", report, required=True)
    load_strings([folder(tmp_path, "empty", en="menu: ''\nskip_link: 3\nok: Fine\n")], "en", report, True)
    assert lines(report) == [
        "empty/strings/en.yaml:1: error: string \"menu\" should be text, not ''",
        'empty/strings/en.yaml:2: error: string "skip_link" should be text, not 3',
        "list/strings/en.yaml:1: error: en.yaml must be key: text lines "
        '(hint: e.g. skip_link: "Skip to main content")',
    ]


def test_a_missing_translation_is_placed_after_the_key_before_it(tmp_path: Path) -> None:
    english = folder(tmp_path, "templates", en="a: A\nb: B\nc: C\n", es="a: A es\nc: C es\n")
    report = Report(root=tmp_path)
    default = load_strings([english], "en-US", report, True)
    spanish = load_strings([english], "es-US", report, True)
    check_complete(default, spanish, report)
    assert lines(report) == [
        'templates/strings/es.yaml:2: error: missing string "b" for language es-US '
        '(hint: en.yaml line 2 has it: "B"; add its translation here)'
    ]
    check_complete(default, Strings("es-US", None), report)  # no file: its own templates need none
    assert len(report.items) == 1


def test_a_long_date_in_the_pages_language() -> None:
    spanish = Strings(
        "es-US",
        Path("es.yaml"),
        (("month_11", "noviembre", 1), ("date", "{day} de {month} de {year}", 2)),
    )
    assert long_date(dt.date(2026, 11, 22), spanish) == "22 de noviembre de 2026"


def test_a_missing_key_names_the_language_and_the_file_to_add_it_to() -> None:
    strings = Strings("es-US", Path("templates/strings/es.yaml"), (("menu", "Menú", 1),))
    assert strings.get("menu", "Menu") == "Menú"
    assert Strings("en", None).get("menu", "Menu") == "Menu"  # a site with no strings file
    with pytest.raises(
        MissingString, match=r'no string "skip_link" for language es-US \(add it to es.yaml\)'
    ):
        strings.get("skip_link", "Skip")
