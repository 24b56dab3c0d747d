"""The values a YAML file is read into: mappings and lists that remember their lines, and
the problems (and stand-ins for values already reported) the loader found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class LocatedDict(dict[str, Any]):
    """A mapping that knows the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    @classmethod
    def empty(cls, line: int) -> LocatedDict:
        """A mapping with nothing in it, e.g. for an empty file, at `line`."""
        result = cls()
        result.line, result.key_lines = line, {}
        return result

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LocatedList(list[Any]):
    """A sequence that knows the line of itself and of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    @classmethod
    def empty(cls, line: int) -> LocatedList:
        """A list with nothing in it, e.g. for an empty file, at `line`."""
        result = cls()
        result.line, result.item_lines = line, []
        return result


@dataclass(frozen=True)
class YamlProblem:
    line: int
    message: str
    hint: str = ""


class Reported(str):
    """A value the loader has already reported; checks leave it at its default quietly."""


class ImpossibleDate(Reported):
    """A date-shaped value that is not a real date (already reported)."""


class CommentedOut(Reported):
    """An empty value followed by a comment, such as `color: #7a1f5c` (already reported)."""
