"""YAML that remembers where each value came from and refuses PyYAML's surprises.

PyYAML silently keeps the last of two duplicate keys, reads an unquoted `No` as
False and `1:30` as 90, reads `color: #7a1f5c` as an empty value (the rest is a
comment), raises a bare ValueError for 2026-02-30 and a RecursionError for a list
nested a few hundred deep. Editors need each of those reported at its real line,
so mappings come back as `LocatedDict` (which knows the line of every key) and
problems are collected, not raised.

Most files are read by libyaml's C parser (`yaml.CSafeLoader`, several times faster
than PyYAML's own), composed into nodes that carry their marks just the same, and
built by the same constructors, so lines and problems do not change. The pure-Python
loader reads what the C one cannot check the same way: a file that could hold an
anchor or alias (which only the pure loader's composer refuses) or nests deeper than
`MAX_DEPTH`, any file the C parser fails on (so every syntax error keeps PyYAML's
wording), and every file when libyaml is not installed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml


class LocatedDict(dict[str, Any]):
    """A mapping that knows the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A sequence that knows the line of itself and of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str
    hint: str = ""


_YAML11_BOOLS = {"yes", "no", "on", "off", "y", "n"}
# Settings and front matter are a few levels deep; far deeper is a mistake, and
# PyYAML (and anything walking the result) recurses once per level.
MAX_DEPTH = 30
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")


class _Located(yaml.constructor.SafeConstructor):
    """Constructors that build located containers and record problems (for both parsers)."""

    line_offset = 0
    problems: list[YamlProblem]

    def _line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def construct_located_mapping(self, node: yaml.MappingNode) -> LocatedDict:
        result = LocatedDict()
        result.line = self._line(node)
        result.key_lines = {}
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                first = result.key_lines[key]
                self.problems.append(
                    YamlProblem(
                        self._line(key_node),
                        f'duplicate key "{key}" (first given on line {first})',
                        "remove one of them: YAML would silently keep only the last",
                    )
                )
                continue
            result.key_lines[key] = self._line(key_node)
            result[key] = self.construct_object(value_node, deep=True)
        return result

    def construct_located_sequence(self, node: yaml.SequenceNode) -> LocatedList:
        result = LocatedList(self.construct_object(child, deep=True) for child in node.value)
        result.line = self._line(node)
        result.item_lines = [self._line(child) for child in node.value]
        return result

    def construct_checked_bool(self, node: yaml.ScalarNode) -> bool | str:
        value = self.construct_scalar(node)
        if str(value).lower() in _YAML11_BOOLS:
            self.problems.append(
                YamlProblem(
                    self._line(node),
                    f'unquoted "{value}" would be read as {str(value).lower() in {"yes", "on", "y"}}',
                    f'write "{value}" in quotes if you mean the word, or true/false if you mean yes/no',
                )
            )
            return str(value)
        return bool(yaml.SafeLoader.construct_yaml_bool(self, node))

    def construct_checked_int(self, node: yaml.ScalarNode) -> int | str:
        value = str(self.construct_scalar(node))
        if _SEXAGESIMAL.match(value):
            self.problems.append(
                YamlProblem(
                    self._line(node),
                    f'unquoted "{value}" would be read as a number in base 60',
                    f'write "{value}" in quotes',
                )
            )
            return value
        return int(yaml.SafeLoader.construct_yaml_int(self, node))

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        try:
            return yaml.SafeLoader.construct_yaml_timestamp(self, node)
        except ValueError as exc:
            self.problems.append(
                YamlProblem(
                    self._line(node),
                    f'impossible date "{node.value}" ({exc})',
                    "dates are written YYYY-MM-DD, for example 2026-02-28",
                )
            )
            return ImpossibleDate(str(node.value))


class _Loader(_Located, yaml.SafeLoader):
    """PyYAML's pure-Python loader, which also refuses aliases, anchors and deep nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems = []
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        # Aliases are refused: nobody needs them in a settings file, and `&a [*a]` makes a
        # list that contains itself (every later walk over it would never end).
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise Refused(
                event.start_mark,
                "aliases (*name) are not supported",
                "write the value out in full; a value starting with * or & must be in quotes",
            )
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if event.anchor is not None:
            raise Refused(
                event.start_mark,
                "anchors (&name) are not supported",
                "write the value out in full; a value starting with * or & must be in quotes",
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise Refused(
                    event.start_mark,
                    f"values are nested more than {MAX_DEPTH} levels deep",
                    "settings and front matter need only a few levels of indentation or brackets",
                )
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
        return node


USE_LIBYAML = yaml.__with_libyaml__  # False without libyaml (tests turn it off to compare)

if yaml.__with_libyaml__:

    class _CLoader(_Located, yaml.CSafeLoader):
        """libyaml's parser and composer with our constructors."""

        def __init__(self, stream: str) -> None:
            yaml.CSafeLoader.__init__(self, stream)
            self.problems = []


# Where an anchor (&) or alias (*) could start a node: a line's start, after an indicator or a tag.
_MAYBE_ANCHOR = re.compile(r"(?:^[ \t]*|[:\-?,\[{][ \t]*|!\S*[ \t]+)[&*]", re.MULTILINE)


def _load_fast(text: str, line_offset: int) -> tuple[Any, list[YamlProblem]] | None:
    """The value and problems through libyaml, or None where only the pure loader answers the same."""
    if not USE_LIBYAML or _MAYBE_ANCHOR.search(text) is not None:
        return None
    loader = _CLoader(text)
    loader.line_offset = line_offset
    try:
        node = loader.get_single_node()
        if node is not None and _depth(node) > MAX_DEPTH:
            return None  # the pure loader reports it, at the line where it goes too deep
        value = loader.construct_document(node) if node is not None else None
    except (yaml.YAMLError, RecursionError):
        return None  # its own wording and line, from the pure loader
    finally:
        loader.dispose()
    return _finish(value, loader.problems, text, line_offset)


def _depth(root: yaml.Node) -> int:
    """How deep collections nest, counted as the pure loader's composer counts (a scalar is 1)."""
    deepest = 0
    todo: list[tuple[yaml.Node, int]] = [(root, 1)]
    while todo:
        node, depth = todo.pop()
        deepest = max(deepest, depth)
        if isinstance(node, yaml.MappingNode):
            todo += [(child, depth + 1) for pair in node.value for child in pair]
        elif isinstance(node, yaml.SequenceNode):
            todo += [(child, depth + 1) for child in node.value]
    return deepest


class Reported(str):
    """A value the loader has already reported; checks leave it at its default quietly."""


class ImpossibleDate(Reported):
    """A date-shaped value that is not a real date (already reported)."""


class CommentedOut(Reported):
    """An empty value followed by a comment, such as `color: #7a1f5c` (already reported)."""


class Refused(yaml.MarkedYAMLError):
    """YAML we read but refuse (aliases, very deep nesting), with its own hint."""

    def __init__(self, mark: yaml.Mark, problem: str, hint: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.hint = hint


# The same constructors for both loaders, so they build the same values.
_CONSTRUCTORS = {
    "map": "construct_located_mapping",
    "seq": "construct_located_sequence",
    "bool": "construct_checked_bool",
    "int": "construct_checked_int",
    "timestamp": "construct_checked_timestamp",
}
for _loader in (_Loader, _CLoader) if yaml.__with_libyaml__ else (_Loader,):
    for _tag, _method in _CONSTRUCTORS.items():
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}", getattr(_loader, _method))


def load_yaml(text: str, line_offset: int = 0) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document; lines in results and problems are file lines.

    `line_offset` is the number of file lines before `text` (for front matter).
    A syntax error comes back as a single problem and a None value.
    """
    fast = _load_fast(text, line_offset)
    if fast is not None:
        return fast
    try:
        loader = _Loader(text)  # checks the characters first
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1 + line_offset
        return None, [
            YamlProblem(
                line,
                f"YAML: the invisible control character U+{exc.character:04X} is not allowed",
                "delete it (it often comes from copying text out of a PDF or a word processor)",
            )
        ]
    loader.line_offset = line_offset
    try:
        value = loader.get_single_data()
    except Refused as exc:
        line = _mark_line(exc.problem_mark, line_offset)
        return None, [YamlProblem(line, f"YAML: {exc.problem}", exc.hint)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = _mark_line(mark, line_offset)
        quote_line = _unclosed_quote(text, mark.line if mark else 0)
        if quote_line is not None:
            return None, [
                YamlProblem(
                    quote_line + 1 + line_offset,
                    "YAML syntax: the quote opened on this line is not closed on it",
                    "end the value with the same quote mark, on the same line",
                )
            ]
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [YamlProblem(line, f"YAML syntax: {problem}", _syntax_hint(problem))]
    except yaml.YAMLError as exc:  # errors without a position, e.g. a bad stream
        return None, [YamlProblem(line_offset + 1, f"YAML syntax: {exc}")]
    except RecursionError:  # a safety net: MAX_DEPTH should stop deep nesting first
        return None, [YamlProblem(line_offset + 1, "YAML: values are nested too deeply")]
    finally:
        loader.dispose()
    return _finish(value, loader.problems, text, line_offset)


def _finish(
    value: Any, problems: list[YamlProblem], text: str, line_offset: int
) -> tuple[Any, list[YamlProblem]]:
    if isinstance(value, dt.datetime):
        value = value.date()
    return value, problems + _commented_out(value, text.split("\n"), line_offset)


def _mark_line(mark: yaml.Mark | None, line_offset: int) -> int:
    return (mark.line + 1 + line_offset) if mark else line_offset + 1


_QUOTE_START = re.compile(r"""^\s*(?:-\s+)?(?:[^\s"'#][^:#]*:\s+)?(["'])""")


def _unclosed_quote(text: str, last: int) -> int | None:
    """The first line (0-based, up to `last`) whose value opens a quote and does not close it.

    YAML lets a quoted value run over several lines, so a missing closing quote is
    found by PyYAML only lines later (at the next quote or the end of the file);
    editors mean one-line values, so the line that opened the quote is the mistake.
    """
    for number, line in enumerate(text.split("\n")[: last + 1]):
        match = _QUOTE_START.match(line)
        if match is None:
            continue
        quote, rest = match.group(1), line[match.end() :]
        closed = re.search(r'(?<!\\)(?:\\\\)*"' if quote == '"' else r"'", rest.replace("''", ""))
        if closed is None:
            return number
    return None


# `key: #7a1f5c` (a value lost to the comment), not `key:  # a note` (a comment, space after #).
_COMMENT_AFTER_KEY = re.compile(r"""^\s*(?:-\s+)?["']?(?P<key>[^"':#]+?)["']?\s*:[ \t]+#(?P<comment>\S.*)$""")


def _commented_out(value: Any, lines: list[str], line_offset: int) -> list[YamlProblem]:
    """Report keys left empty because their value starts with " #" (a YAML comment).

    `primary_color: #7a1f5c` reads as an empty value: the colour is a comment (YAML
    reads from " #" to the end of the line as one). The
    value becomes `CommentedOut`, so field checks do not report it a second time.
    """
    problems: list[YamlProblem] = []
    todo: list[tuple[Any, str]] = [(value, "")]
    while todo:
        current, prefix = todo.pop()
        if isinstance(current, list):
            todo += [(item, prefix) for item in current]
        if not isinstance(current, LocatedDict):
            continue
        for key, item in current.items():
            if item is not None:
                todo.append((item, f"{prefix}{key}."))
                continue
            index = current.line_of(key) - 1 - line_offset
            match = _COMMENT_AFTER_KEY.match(lines[index]) if 0 <= index < len(lines) else None
            if match is None or match.group("key").strip() != key:
                continue
            comment = match.group("comment").strip()
            current[key] = CommentedOut("")
            problems.append(
                YamlProblem(
                    current.line_of(key),
                    f"{prefix}{key} is empty: a value starting with # must be in quotes",
                    f'{key}: "#{comment}"',
                )
            )
    return sorted(problems, key=lambda p: p.line)


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return 'a value containing ": " must be in quotes'
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "each line needs the form key: value"
    return "check the indentation and quotes on this line and the one before"
