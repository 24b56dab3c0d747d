"""Declare a YAML mapping's fields once, with a line of documentation each, and check them.

Used for `site.yaml`, front matter, bibliography entries and glossary terms, so
every one of them reports unknown keys (with a did-you-mean), missing required
fields and wrong types in the same words, at the line of the offending key.

A typed value declares its keys on its own dataclass fields (`declare`, as MkDocs'
`config/defaults.py` and Zola's `PageFrontMatter` do): `fields_of` reads the checks and
the documentation from there, and `build` makes the value from what `check_fields`
returns, so a new key is one declaration plus its use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import SplitResult, urlsplit

from .diagnostics import Report, did_you_mean
from .yamlfile import ImpossibleDate, LocatedDict, Reported

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    Declared = TypeVar("Declared", bound=DataclassInstance)

# A kind checks and converts one value; it returns the converted value, or raises
# ValueError with a message that completes "expected ...".
Kind = Callable[[Any], Any]


@dataclass(frozen=True)
class Field:
    """One allowed key: its kind, whether it is required, and what it is for."""

    name: str
    kind: Kind
    doc: str
    required: bool = False
    default: Any = None
    of: type[Any] | None = None  # a nested mapping read into this declared dataclass
    localized: bool = False  # given again by each language (`settings.LOCALIZED`)


# The key of a `Field` in a dataclass field's metadata.
DECLARED = "crpsgen.schema"


def declare(
    doc: str,
    kind: Kind | None = None,
    *,
    required: bool = False,
    default: Any = None,
    key: str = "",
    of: type[Any] | None = None,
    localized: bool = False,
) -> dict[str, Field]:
    """The metadata of a dataclass field read from the YAML key of its name (or `key`).

    `kind` checks and converts the value (text by default); `default` is the value when
    the key is left out (the dataclass field's own default is for code that builds one); `of` declares a
    nested mapping read into that dataclass. Written `field(metadata=declare(...))`.
    """
    return {DECLARED: Field(key, kind or text, doc, required, default, of, localized)}


@cache
def fields_of(cls: type[Any]) -> tuple[Field, ...]:
    """The keys a dataclass declares with `declare`, in declaration order."""
    result = []
    for attribute in dataclasses.fields(cls):
        declared = attribute.metadata.get(DECLARED)
        if declared is not None:
            kind = mapping(fields_of(declared.of)) if declared.of is not None else declared.kind
            name = declared.name or attribute.name
            result.append(dataclasses.replace(declared, name=name, kind=kind))
    return tuple(result)


def build(cls: type[Declared], values: Mapping[str, Any], **given: Any) -> Declared:
    """The dataclass made from `check_fields`' values; `given` fills the fields not read from YAML."""
    arguments = dict(given)
    for attribute in dataclasses.fields(cls):
        declared = attribute.metadata.get(DECLARED)
        if declared is None or attribute.name in given:
            continue
        value = values[declared.name or attribute.name]
        if declared.of is not None and isinstance(value, dict):
            value = build(declared.of, value)
        arguments[attribute.name] = value
    return cls(**arguments)


# Invisible control characters (a YAML "\x01" escape lets them through the loader): no page,
# feed or search index may carry them, and XML may not contain them at all.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("text")
    result = str(value).strip()
    if not result:
        raise ValueError("non-empty text")
    if CONTROL_CHARACTER.search(result):
        raise ValueError("text without invisible control characters")
    return result


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("a whole number")
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("true or false")
    return value


def date(value: Any) -> dt.date:
    if isinstance(value, ImpossibleDate):
        raise ValueError("a real date")  # already reported by the YAML loader
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise ValueError("a date written YYYY-MM-DD")


def text_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (text(value),)
    if not isinstance(value, list):
        raise ValueError("a list of text")
    return tuple(text(item) for item in value)


def _split(address: str) -> SplitResult:
    try:
        return urlsplit(address)
    except ValueError:  # e.g. "https://[::1/": urlsplit's own words would not help an editor
        return SplitResult("", "", "", "", "")


def web_address(value: Any) -> str:
    result = text(value)
    parts = _split(result)
    if parts.scheme not in {"http", "https"} or "." not in parts.netloc or " " in result:
        raise ValueError("a full web address such as https://example.org/")
    return result


def site_address(value: Any) -> str:
    """The address a site is published at: copied into every canonical link and the sitemap."""
    result = text(value)
    parts = _split(result)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        port_ok = False
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or "." not in parts.hostname
        or any(c.isspace() for c in result)
        or "\\" in result
        or parts.query
        or parts.fragment
        or "?" in result
        or "#" in result
        or "@" in parts.netloc
        or not port_ok
    ):
        raise ValueError(
            "a web address of the form https://example.org/ or https://example.org/sub/path/ "
            "(no ?query, #fragment or user@)"
        )
    return result


def matching(pattern: str, expected: str) -> Kind:
    """Text that matches `pattern` whole; otherwise "should be `expected`"."""
    compiled = re.compile(pattern)

    def check(value: Any) -> str:
        result = text(value)
        if not compiled.fullmatch(result):
            raise ValueError(expected)
        return result

    return check


def one_of(*choices: str) -> Kind:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError("one of " + ", ".join(choices))
        return str(value)

    return check


def mapping(fields: tuple[Field, ...]) -> Kind:
    """A nested mapping; validated by `check_fields` in place (see below)."""

    def check(value: Any) -> Any:
        if not isinstance(value, LocatedDict):
            raise ValueError("a mapping of " + ", ".join(f.name for f in fields))
        return value

    check.fields = fields  # type: ignore[attr-defined]
    return check


def list_of(expected: str, item_fields: tuple[Field, ...] = (), *, nonempty: bool = False) -> Kind:
    """A list of mappings, each checked by its own stage; `item_fields` documents them."""

    def check(value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, LocatedDict) for v in value):
            raise ValueError(expected)
        if nonempty and not value:
            raise ValueError(expected)
        return value

    if item_fields:
        check.item_fields = item_fields  # type: ignore[attr-defined]  # for the settings list
    return check


def check_fields(
    data: LocatedDict,
    fields: tuple[Field, ...],
    path: Path,
    report: Report,
    what: str,
    prefix: str = "",
) -> dict[str, Any]:
    """Validate `data` against `fields`; return converted values (defaults filled in).

    A field that fails is reported and left at its default, so later stages can
    keep going and report their own problems in the same run.
    """
    known = {f.name: f for f in fields}
    result: dict[str, Any] = {}
    misspelt: set[str] = set()  # required fields an unknown key is a misspelling of
    for key in data:
        if key not in known:
            misspelt.update(difflib.get_close_matches(key, list(known), n=1, cutoff=0.6))
            report.error(
                path,
                data.line_of(key),
                f'unknown {what} "{prefix}{key}"{did_you_mean(key, known)}',
                "allowed: " + ", ".join(known),
            )
    for f in fields:
        if f.name not in data or data[f.name] is None or isinstance(data[f.name], Reported):
            # A value the YAML loader already reported (an impossible date, a value lost
            # to a comment) counts as given: one mistake, one line.
            # A misspelt key is reported once, as unknown with a did-you-mean, not also as missing.
            if f.required and f.name not in misspelt and not isinstance(data.get(f.name), Reported):
                report.error(path, data.line, f'missing required {what} "{prefix}{f.name}"', f.doc)
            sub_fields = getattr(f.kind, "fields", None)
            if sub_fields is not None and not any(sub.required for sub in sub_fields):
                # An optional section that is left out still gets its defaults.
                result[f.name] = check_fields(LocatedDict.empty(data.line), sub_fields, path, report, what)
            else:
                result[f.name] = f.default
            continue
        value = data[f.name]
        try:
            converted = f.kind(value)
        except ValueError as exc:
            if not isinstance(value, ImpossibleDate):
                shown = _show(value)
                report.error(
                    path,
                    data.line_of(f.name),
                    f'{what} "{prefix}{f.name}" should be {exc}, not {shown}',
                    f.doc,
                )
            result[f.name] = f.default
            continue
        sub_fields = getattr(f.kind, "fields", None)
        if sub_fields is not None:
            converted = check_fields(converted, sub_fields, path, report, what, prefix=f"{prefix}{f.name}.")
        result[f.name] = converted
    return result


def _show(value: Any) -> str:
    if isinstance(value, LocatedDict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)


def document(fields: tuple[Field, ...], indent: str = "") -> list[str]:
    """Return one line per field, for `--help` and the README."""
    lines = []
    for f in fields:
        flag = " (required)" if f.required else ""
        lines.append(f"{indent}{f.name}{flag}: {f.doc}")
        # A mapping's fields, or those of each mapping in a list (item_fields).
        sub_fields = getattr(f.kind, "fields", None) or getattr(f.kind, "item_fields", None)
        if sub_fields:
            lines.extend(document(sub_fields, indent + "  "))
    return lines
