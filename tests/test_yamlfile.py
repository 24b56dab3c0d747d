import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crpsgen import yamlfile
from crpsgen.yamlfile import LocatedDict, LocatedList, load_yaml


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


# ------------------------------------------------ libyaml and the pure loader agree


def _shape(value: object) -> object:
    """A value with every line it carries, to compare two loads."""
    if isinstance(value, LocatedDict):
        return ("map", value.line, dict(value.key_lines), {k: _shape(v) for k, v in value.items()})
    if isinstance(value, LocatedList):
        return ("seq", value.line, list(value.item_lines), [_shape(v) for v in value])
    return (type(value).__name__, value)


def _both(text: str, offset: int = 0) -> tuple[object, object]:
    loads = []
    for use in (True, False):
        yamlfile.USE_LIBYAML = use
        try:
            value, problems = load_yaml(text, line_offset=offset)
        finally:
            yamlfile.USE_LIBYAML = yaml.__with_libyaml__
        loads.append((_shape(value), problems))
    return loads[0], loads[1]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="libyaml is not installed")
def test_libyaml_is_used_for_ordinary_files() -> None:
    assert yamlfile._load_fast("title: A\nlist: [x, y]\nwhen: 2026-11-01\n", 0) is not None
    assert yamlfile._load_fast("a: &x 1\n", 0) is None  # anchors: the pure loader refuses them
    assert yamlfile._load_fast("a: [b\n", 0) is None  # a syntax error keeps PyYAML's wording


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="libyaml is not installed")
@pytest.mark.parametrize(
    "text",
    [
        "title: A\nlist:\n  - x\n  - y\n",
        "title: A\nother: B\ntitle: C\n",
        "answer: No\ntime: 1:30\nlast_reviewed: 2026-02-30\n",
        "theme:\n  primary_color: #7a1f5c\n  logo: x # a real comment\n",
        "description: x: y\n",
        'title: "CRPS and ketamine\ntagline: x\n',
        "a: " + "[" * 40 + "]" * 40,
        "a: " + "[" * 30 + "]" * 30,
        "- Pain & Therapy\n- a * b\n- {k: [1, 2], m: {n: o}}\n",
        "a: &x [*x]\n",
        "? complex\n: key\n--- \n",
        "a: 1\nb: x\x1fy\n",
        "",
        "2026-11-01\n",
        "|#",  # libyaml alone reads it (a block scalar, then a comment with no space before it)
    ],
)
def test_libyaml_and_the_pure_loader_agree(text: str) -> None:
    fast, pure = _both(text, 1)
    assert fast == pure


YAML_PIECES = st.sampled_from(
    [
        "\n", "  ", "- ", ": ", ":", "#", " #", '"', "'", "[", "]", "{", "}", ", ", "&a ", "*a", "a & b",
        "---", "title", "tags", "2026-02-30", "2026-11-01", "No", "1:30", "|", ">", "?", "é", "12", "x",
    ]
)  # fmt: skip


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="libyaml is not installed")
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(YAML_PIECES, max_size=40).map("".join), st.integers(min_value=0, max_value=3))
def test_libyaml_and_the_pure_loader_agree_on_any_text(text: str, offset: int) -> None:
    fast, pure = _both(text, offset)
    assert fast == pure
