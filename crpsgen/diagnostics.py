"""Diagnostics: every problem the build finds, as `path:line: severity: message`.

Stages add to one `Report`; the command line and the dev server print it
(`print_report`) and the command line picks the exit code.
Errors stop the build before anything is written. Warnings fail only with
`--strict`. Notices are information (for example pages awaiting clinical review).
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"
NOTICE = "notice"
DEBUG_VARIABLE = "CRPSGEN_DEBUG"  # set to 1 to see the Python traceback of an internal error


@dataclass(frozen=True)
class Diagnostic:
    """One problem, located in a file the editor can open."""

    path: str
    line: int | None
    severity: str
    message: str
    hint: str = ""

    def format(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{location}: {self.severity}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


@dataclass
class Report:
    """Collects diagnostics from every stage of one build."""

    root: Path = field(default_factory=Path.cwd)
    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set, repr=False, compare=False)

    def relative(self, path: Path | str) -> str:
        """Show a path relative to the project root when it is inside it."""
        path = Path(path)
        try:
            # The folder is resolved, not the file: a symlink is shown under its own name.
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except (ValueError, RuntimeError, OSError):  # outside the root, or a folder symlink loop
            return path.as_posix()

    def add(
        self,
        severity: str,
        path: Path | str,
        line: int | None,
        message: str,
        hint: str = "",
    ) -> None:
        self.add_item(Diagnostic(self.relative(path), line, severity, message, hint))

    def add_item(self, item: Diagnostic) -> None:
        """Add a finding once: a cached step replays what it found, which may be there already."""
        if len(self._seen) != len(self.items):  # `items` was added to directly
            self._seen = set(self.items)
        if item not in self._seen:
            self._seen.add(item)
            self.items.append(item)

    def error(self, path: Path | str, line: int | None, message: str, hint: str = "") -> None:
        self.add(ERROR, path, line, message, hint)

    def warning(self, path: Path | str, line: int | None, message: str, hint: str = "") -> None:
        self.add(WARNING, path, line, message, hint)

    def notice(self, path: Path | str, line: int | None, message: str, hint: str = "") -> None:
        self.add(NOTICE, path, line, message, hint)

    def count(self, severity: str) -> int:
        return sum(1 for item in self.items if item.severity == severity)

    @property
    def has_errors(self) -> bool:
        return self.count(ERROR) > 0

    def failed(self, strict: bool) -> bool:
        return self.has_errors or (strict and self.count(WARNING) > 0)

    def sorted(self) -> list[Diagnostic]:
        order = {ERROR: 0, WARNING: 1, NOTICE: 2}
        return sorted(self.items, key=lambda d: (order[d.severity], d.path, d.line or 0, d.message))

    def summary(self) -> str:
        parts = []
        for severity in (ERROR, WARNING, NOTICE):
            n = self.count(severity)
            if n:
                parts.append(f"{n} {severity}{'' if n == 1 else 's'}")
        return ", ".join(parts) if parts else "no problems"


def print_report(report: Report, quiet: bool = False) -> None:
    """Every finding on stderr, errors first, then the counts; `quiet` leaves out notices."""
    for item in report.sorted():
        if quiet and item.severity == NOTICE:
            continue
        print(item.format(), file=sys.stderr)
    if report.items:
        print(report.summary(), file=sys.stderr)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return ' (did you mean "x"?)' for the closest choice, or ''."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{matches[0]}"?)' if matches else ""
