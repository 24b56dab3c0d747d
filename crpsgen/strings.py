"""Template strings per language: `templates/strings/<lang>.yaml` -> `Strings`.

Every word the templates and the Markdown extensions show a reader (menu, skip link,
breadcrumbs, review block, month names, callout labels, table labels...) comes from the
file of the page's language, named by the language tag's first part (es-US -> es.yaml).
A clinic's `theme.templates` folder may hold its own strings/<lang>.yaml: its keys
override ours one by one. Every language must give every key the default language's
file gives: a missing one is an error naming the file, the language and the key.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .diagnostics import Report
from .model import Strings
from .yamlfile import LocatedDict, read_yaml

STRINGS_DIR = "strings"


def strings_files(folders: list[Path], short: str) -> list[Path]:
    """The strings files of one language, ours first, then the clinic's (which override)."""
    return [f / STRINGS_DIR / f"{short}.yaml" for f in reversed(folders) if (f / STRINGS_DIR).is_dir()]


def load_strings(folders: list[Path], code: str, report: Report, required: bool) -> Strings:
    """The strings of language `code` from the template folders (clinic's first, then ours).

    A site with no strings file for its only language gets an empty `Strings` (its own
    templates need none; the Markdown labels then stay in English).
    """
    short = code.split("-")[0].lower()
    found = [path for path in strings_files(folders, short) if path.is_file()]
    if not found:
        if required:
            where = folders[-1] / STRINGS_DIR / f"{short}.yaml" if folders else Path(f"{short}.yaml")
            report.error(
                where,
                None,
                f"no strings file for language {code}",
                f"copy templates/strings/en.yaml to {STRINGS_DIR}/{short}.yaml and translate each value",
            )
        return Strings(code, None)
    items: dict[str, tuple[str, int]] = {}
    for path in found:
        data = read_yaml(
            path,
            report,
            LocatedDict,
            f"{path.name} must be key: text lines",
            'e.g. skip_link: "Skip to main content"',
        )
        if data is None:
            continue
        for key, value in data.items():
            if not isinstance(value, str) or not value.strip():
                report.error(path, data.line_of(key), f'string "{key}" should be text, not {value!r}')
                continue
            items[key] = (value, data.line_of(key))
    file = found[-1]
    return Strings(code, file, tuple((key, text, line) for key, (text, line) in sorted(items.items())))


def check_complete(default: Strings, other: Strings, report: Report) -> None:
    """Every key of the default language's strings must be given in `other` too."""
    if default.file is None or other.file is None:
        return
    lines = {key: line for key, _, line in other.items}
    first = min(lines.values(), default=1)
    after = first - 1  # the missing key's place: after the last key before it that the file has
    for key, text, line in sorted(default.items, key=lambda item: item[2]):
        if key in lines:
            after = lines[key]
            continue
        report.error(
            other.file,
            after + 1,
            f'missing string "{key}" for language {other.language}',
            f'{default.file.name} line {line} has it: "{text}"; add its translation here',
        )


def long_date(day: dt.date, strings: Strings) -> str:
    """A date written out in the page's language: "November 22, 2026", "22 de noviembre de 2026"."""
    month = strings[f"month_{day.month}"]
    return strings("date", day=day.day, month=month, year=day.year)
