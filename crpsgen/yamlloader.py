"""PyYAML's two loaders (libyaml's C parser and the pure-Python one) with the same constructors:
mappings and lists that remember their lines, and PyYAML's surprises (an unquoted No, 1:30,
an impossible date, a duplicate key) recorded as problems instead of read silently. The pure
loader also refuses aliases, anchors and deep nesting (`Refused`). `yamlfile.load_yaml`
chooses between them.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .yamlvalues import ImpossibleDate, LocatedDict, LocatedList, YamlProblem

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


class PureLoader(_Located, yaml.SafeLoader):
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


if yaml.__with_libyaml__:

    class LibyamlLoader(_Located, yaml.CSafeLoader):
        """libyaml's parser and composer with our constructors."""

        def __init__(self, stream: str) -> None:
            yaml.CSafeLoader.__init__(self, stream)
            self.problems = []


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
for _loader in (PureLoader, LibyamlLoader) if yaml.__with_libyaml__ else (PureLoader,):
    for _tag, _method in _CONSTRUCTORS.items():
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}", getattr(_loader, _method))
