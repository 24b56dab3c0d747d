"""A cached result: its value, the inputs it was made from, and what it reported.

The build cache (buildcache.py) keeps one `Entry` per result; `capture` runs a step with a
report of its own so its findings can be kept, and `replay` reports them again when the
result is reused, so a cached build reports exactly what a full build would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .diagnostics import Diagnostic, Report

T = TypeVar("T")


@dataclass
class Entry:
    """One cached result, the inputs it was made from, and what it reported."""

    key: tuple[object, ...]
    value: Any
    diagnostics: list[Diagnostic]
    asked: dict[str, str | None] = field(default_factory=dict)  # page addresses looked up meanwhile
    listed: dict[str, str] | None = None  # all page addresses, when it went through all of them


def replay(diagnostics: Iterable[Diagnostic], report: Report) -> None:
    for item in diagnostics:
        report.add_item(item)


def capture(report: Report, action: Callable[[Report], T]) -> tuple[T, list[Diagnostic]]:
    """Run `action` with a report of its own; return its result and what it reported."""
    own = Report(root=report.root)
    value = action(own)
    replay(own.items, report)
    return value, own.items
