"""Schemas declared once: the keys a dataclass declares, their checks, the typed value, and read_yaml."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from crpsgen import schema
from crpsgen.diagnostics import Report
from crpsgen.language_settings import LANGUAGE_FIELDS
from crpsgen.pagemeta import PageMeta
from crpsgen.references import Reference
from crpsgen.schema import declare
from crpsgen.settings import LOCALIZED, Language, SiteConfig
from crpsgen.yamlfile import LocatedDict, LocatedList, load_yaml, read_yaml


@dataclass(frozen=True)
class Hours:
    opens: int = field(metadata=declare("Hour the clinic opens.", schema.integer, default=8))
    closes: int = field(metadata=declare("Hour it closes.", schema.integer, required=True))


@dataclass(frozen=True)
class Clinic:
    name: str = field(metadata=declare("The clinic's name.", required=True))
    hours: Hours = field(metadata=declare("When it is open.", of=Hours))
    phone_number: str | None = field(metadata=declare("How to call it.", key="phone"))
    line: int = 0  # not read from YAML: given to build


def check(text: str) -> tuple[dict[str, object], list[str]]:
    data, problems = load_yaml(text)
    assert problems == [] and isinstance(data, LocatedDict)
    report = Report(root=Path("/site"))
    values = schema.check_fields(data, schema.fields_of(Clinic), Path("/site/clinic.yaml"), report, "setting")
    return values, [d.format() for d in report.sorted()]


def test_fields_come_from_the_declarations_in_order() -> None:
    fields = schema.fields_of(Clinic)
    assert [(f.name, f.required) for f in fields] == [("name", True), ("hours", False), ("phone", False)]
    assert schema.document(fields) == [
        "name (required): The clinic's name.",
        "hours: When it is open.",
        "  opens: Hour the clinic opens.",
        "  closes (required): Hour it closes.",
        "phone: How to call it.",
    ]


def test_build_makes_the_typed_value_with_nested_mappings() -> None:
    values, lines = check("name: North\nhours: {closes: 18}\nphone: '555'\n")
    assert lines == []
    clinic = schema.build(Clinic, values, line=3)
    assert clinic == Clinic("North", Hours(opens=8, closes=18), "555", 3)


def test_given_values_win_and_a_missing_optional_mapping_is_its_default() -> None:
    values, lines = check("name: North\n")
    assert lines == []
    assert values["hours"] is None  # a required field inside: no defaults to fill in
    assert schema.build(Clinic, values, hours=Hours(9, 17)).hours == Hours(9, 17)


def test_a_mistake_is_one_line_at_its_key_with_the_declared_hint() -> None:
    _, lines = check("name: North\nhours: {closes: late}\nphon: '555'\n")
    assert lines == [
        "clinic.yaml:2: error: setting \"hours.closes\" should be a whole number, not 'late' "
        "(hint: Hour it closes.)",
        'clinic.yaml:3: error: unknown setting "phon" (did you mean "phone"?) (hint: allowed: name, hours, phone)',
    ]


def test_every_declared_key_fills_a_field_of_its_dataclass() -> None:
    for cls in (SiteConfig, PageMeta, Reference, Language):
        attributes = {f.name for f in dataclasses.fields(cls)}
        declared = [f for f in dataclasses.fields(cls) if schema.DECLARED in f.metadata]
        assert declared and all(f.name in attributes for f in declared)
        assert all(f.metadata[schema.DECLARED].doc for f in declared)


def test_localized_settings_are_the_ones_each_language_gives_again() -> None:
    assert set(LOCALIZED) == {"title", "tagline", "disclaimer", "crisis", "publisher", "navigation"}
    language_keys = {f.name for f in LANGUAGE_FIELDS}
    assert set(LOCALIZED) <= language_keys <= {f.name for f in dataclasses.fields(Language)}


def read(tmp_path: Path, text: str | bytes, **options: Any) -> tuple[object, list[str]]:
    path = tmp_path / "data.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    report = Report(root=tmp_path)
    value = read_yaml(path, report, LocatedDict, "data.yaml must be a mapping", "write key: value", **options)
    return value, [d.format() for d in report.sorted()]


def test_read_yaml_gives_the_root_it_expects(tmp_path: Path) -> None:
    value, lines = read(tmp_path, "a: 1\nb: x\n")
    assert lines == [] and value == {"a": 1, "b": "x"} and isinstance(value, LocatedDict)
    assert value.line_of("b") == 2


def test_read_yaml_reports_another_root_once(tmp_path: Path) -> None:
    value, lines = read(tmp_path, "- a\n- b\n")
    assert value is None
    assert lines == ["data.yaml:1: error: data.yaml must be a mapping (hint: write key: value)"]


def test_read_yaml_reports_each_problem_at_its_line(tmp_path: Path) -> None:
    value, lines = read(tmp_path, "a: 1\na: 2\n")
    assert value == {"a": 1}
    assert lines == [
        'data.yaml:2: error: duplicate key "a" (first given on line 1) '
        "(hint: remove one of them: YAML would silently keep only the last)"
    ]
    value, lines = read(tmp_path, b"a: 1\nb: \xff\n")
    assert value is None and lines[0].startswith("data.yaml:2: error: file is not UTF-8 text")


def test_read_yaml_of_an_empty_file_is_empty_or_the_error_given(tmp_path: Path) -> None:
    value, lines = read(tmp_path, "# nothing yet\n")
    assert lines == [] and value == {} and isinstance(value, LocatedDict) and value.line == 1
    value, lines = read(tmp_path, "", empty=("data.yaml is empty", "add a key"))
    assert value is None and lines == ["data.yaml:1: error: data.yaml is empty (hint: add a key)"]
    report = Report(root=tmp_path)
    items = read_yaml(tmp_path / "data.yaml", report, LocatedList, "a list")
    assert items == [] and isinstance(items, LocatedList) and report.items == []


def test_read_yaml_of_text_counts_lines_from_the_offset(tmp_path: Path) -> None:
    report = Report(root=tmp_path)
    value = read_yaml(tmp_path / "p.md", report, LocatedDict, "key: value lines", text="- a\n", line_offset=1)
    assert value is None
    assert [d.format() for d in report.items] == ["p.md:2: error: key: value lines"]


def test_matching_takes_text_that_matches_whole_and_says_what_it_expects() -> None:
    pmid = schema.matching(r"[1-9]\d{0,8}", "a PubMed id of 1 to 9 digits")
    assert pmid(" 12345 ") == "12345"
    for wrong in ("012345", "12345x", "x12345", "1234567890", True):
        with pytest.raises(ValueError, match=r"a PubMed id of 1 to 9 digits|text"):
            pmid(wrong)
