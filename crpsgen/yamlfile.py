"""YAML that remembers where each value came from and refuses PyYAML's surprises.

PyYAML silently keeps the last of two duplicate keys, reads an unquoted `No` as
False and `1:30` as 90, and raises a bare ValueError for 2026-02-30. Editors need
each of those reported at its real line, so mappings come back as `LocatedDict`
(which knows the line of every key) and problems are collected, not raised.
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
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")


class _Loader(yaml.SafeLoader):
    """SafeLoader that builds located containers and records problems."""

    line_offset = 0

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[YamlProblem] = []

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


class ImpossibleDate(str):
    """A date-shaped value that is not a real date (already reported)."""


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_located_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_located_sequence)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_checked_bool)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_checked_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_checked_timestamp)


def load_yaml(text: str, line_offset: int = 0) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document; lines in results and problems are file lines.

    `line_offset` is the number of file lines before `text` (for front matter).
    A syntax error comes back as a single problem and a None value.
    """
    loader = _Loader(text)
    loader.line_offset = line_offset
    try:
        value = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [YamlProblem(line, f"YAML syntax: {problem}", _syntax_hint(problem))]
    except yaml.YAMLError as exc:  # errors without a position, e.g. a bad stream
        return None, [YamlProblem(line_offset + 1, f"YAML syntax: {exc}")]
    finally:
        loader.dispose()
    if isinstance(value, dt.datetime):
        value = value.date()
    return value, loader.problems


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return 'a value containing ": " must be in quotes'
    if "found character '\\t'" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "each line needs the form key: value"
    return "check the indentation and quotes on this line and the one before"
