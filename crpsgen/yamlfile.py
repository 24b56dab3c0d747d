"""YAML that remembers where each value came from and refuses PyYAML's surprises.

PyYAML silently keeps the last of two duplicate keys, reads an unquoted `No` as
False and `1:30` as 90, reads `color: #7a1f5c` as an empty value (the rest is a
comment), raises a bare ValueError for 2026-02-30 and a RecursionError for a list
nested a few hundred deep. Editors need each of those reported at its real line,
so mappings come back as `LocatedDict` (which knows the line of every key) and
problems are collected, not raised.

The loaders are in `yamlloader.py`, the values they make in `yamlvalues.py` (named here
too). Most files are read by libyaml's C parser (`yaml.CSafeLoader`, several times faster
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
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .diagnostics import Report
from .files import read_text
from .yamlloader import MAX_DEPTH, LibyamlLoader, PureLoader, Refused
from .yamlvalues import CommentedOut as CommentedOut
from .yamlvalues import ImpossibleDate as ImpossibleDate
from .yamlvalues import LocatedDict as LocatedDict
from .yamlvalues import LocatedList as LocatedList
from .yamlvalues import Reported as Reported
from .yamlvalues import YamlProblem as YamlProblem

USE_LIBYAML = yaml.__with_libyaml__  # False without libyaml (tests turn it off to compare)

# Where an anchor (&) or alias (*) could start a node: a line's start, after an indicator or a tag.
_MAYBE_ANCHOR = re.compile(r"(?:^[ \t]*|[:\-?,\[{][ \t]*|!\S*[ \t]+)[&*]", re.MULTILINE)
# libyaml reads `|#` as a block scalar and a comment; PyYAML (and YAML) want a space before `#`.
_BLOCK_SCALAR_COMMENT = re.compile(r"[|>][-+0-9]*#")


def _load_fast(text: str, line_offset: int) -> tuple[Any, list[YamlProblem]] | None:
    """The value and problems through libyaml, or None where only the pure loader answers the same."""
    if not USE_LIBYAML or _MAYBE_ANCHOR.search(text) or _BLOCK_SCALAR_COMMENT.search(text):
        return None
    loader = LibyamlLoader(text)
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


def load_yaml(text: str, line_offset: int = 0) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document; lines in results and problems are file lines.

    `line_offset` is the number of file lines before `text` (for front matter).
    A syntax error comes back as a single problem and a None value.
    """
    fast = _load_fast(text, line_offset)
    if fast is not None:
        return fast
    try:
        loader = PureLoader(text)  # checks the characters first
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


Root = TypeVar("Root", LocatedDict, LocatedList)


def read_yaml(
    path: Path,
    report: Report,
    expect: type[Root],
    wrong: str,
    hint: str = "",
    *,
    text: str | None = None,
    line_offset: int = 0,
    empty: tuple[str, str] | None = None,
) -> Root | None:
    """The YAML file `path` (or its `text`, e.g. a page's front matter), if its root is `expect`.

    Every problem is reported at its file line, a root of another type as `wrong` (with
    `hint`); None when nothing can be used. An empty document is an empty `expect`, or the
    error `empty` (message, hint) when a file must say something.
    """
    if text is None:
        text = read_text(path, report)
        if text is None:
            return None
    value, problems = load_yaml(text, line_offset)
    for problem in problems:
        report.error(path, problem.line, problem.message, problem.hint)
    if value is None:
        if problems:
            return None
        if empty is not None:
            report.error(path, 1, *empty)
            return None
        return expect.empty(line_offset + 1)
    if not isinstance(value, expect):
        report.error(path, line_offset + 1, wrong, hint)
        return None
    return value
