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


def test_unclosed_quote_is_reported_where_it_opened() -> None:
    data, problems = load_yaml('# settings\ntitle: "CRPS and ketamine\ntagline: x\nphone: "555"\nb: 1\n')
    assert data is None
    assert [(p.line, p.message) for p in problems] == [
        (2, "YAML syntax: the quote opened on this line is not closed on it")
    ]


def test_a_quote_closed_on_its_line_is_not_blamed() -> None:
    _, problems = load_yaml("a: \"say \\\"hi\\\"\"\nb: 'it''s'\nc: [1\nd: 2\n")
    assert [p.line for p in problems] == [4]
    assert "quote" not in problems[0].message


def test_value_lost_to_a_comment_is_reported_once_with_its_key_path() -> None:
    data, problems = load_yaml(
        "theme:\n  primary_color: #7a1f5c\n  logo: x # a real comment\n", line_offset=1
    )
    assert data["theme"]["logo"] == "x"
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (
            3,
            "theme.primary_color is empty: a value starting with # must be in quotes",
            'primary_color: "#7a1f5c"',
        )
    ]


def test_deep_nesting_is_one_problem_not_a_recursion_error() -> None:
    for text in ("a: " + "[" * 300 + "]" * 300, "a:\n" + "".join("  " * i + "-\n" for i in range(1, 300))):
        data, problems = load_yaml(text, line_offset=1)
        assert data is None
        assert len(problems) == 1
        assert problems[0].message == "YAML: values are nested more than 30 levels deep"


def test_anchors_and_aliases_are_refused() -> None:
    # `&a [*a]` would be a list that contains itself.
    for text in ("a: &x [*x]\n", "a: &x 1\nb: *x\n", "b: *nothing\n"):
        data, problems = load_yaml(text)
        assert data is None
        assert problems[0].message.startswith("YAML: a"), problems


def test_control_character_is_one_problem_at_its_line() -> None:
    data, problems = load_yaml("a: 1\nb: x\x1fy\n", line_offset=1)
    assert data is None
    assert [(p.line, p.message) for p in problems] == [
        (3, "YAML: the invisible control character U+001F is not allowed")
    ]


def test_an_empty_value_with_a_spaced_comment_is_just_empty() -> None:
    data, problems = load_yaml("logo: # add it later\ntagline:\n")
    assert data == {"logo": None, "tagline": None}
    assert problems == []
