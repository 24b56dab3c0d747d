from crpsgen.yamlfile import LocatedDict, load_yaml


def test_values_remember_their_lines() -> None:
    data, problems = load_yaml("title: A\nlist:\n  - x\n  - y\n", line_offset=1)
    assert problems == []
    assert isinstance(data, LocatedDict)
    assert data.line_of("title") == 2
    assert data.line_of("list") == 3
    assert data["list"].item_lines == [4, 5]


def test_duplicate_key_is_reported_at_second_line() -> None:
    data, problems = load_yaml("title: A\nother: B\ntitle: C\n")
    assert data["title"] == "A"
    assert [(p.line, p.message) for p in problems] == [(3, 'duplicate key "title" (first given on line 1)')]


def test_yaml11_booleans_are_refused() -> None:
    data, problems = load_yaml("answer: No\nflag: true\n")
    assert data == {"answer": "No", "flag": True}
    assert [(p.line, p.message) for p in problems] == [(1, 'unquoted "No" would be read as False')]


def test_base_60_numbers_are_refused() -> None:
    _, problems = load_yaml("time: 1:30\n")
    assert problems[0].message == 'unquoted "1:30" would be read as a number in base 60'


def test_impossible_date() -> None:
    _, problems = load_yaml("a: 1\nlast_reviewed: 2026-02-30\n", line_offset=1)
    assert problems[0].line == 3
    assert problems[0].message == 'impossible date "2026-02-30" (day is out of range for month)'


def test_syntax_error_carries_file_line() -> None:
    data, problems = load_yaml("title: A\ndescription: x: y\n", line_offset=1)
    assert data is None
    assert problems[0].line == 3
    assert problems[0].message == "YAML syntax: mapping values are not allowed here"
    assert problems[0].hint == 'a value containing ": " must be in quotes'
