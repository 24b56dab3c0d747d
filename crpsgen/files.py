"""Reading the project's files: a file that cannot be read, or is not UTF-8, is one
`path:line: error:` line (the line of the first bad byte), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Report


def read_text(path: Path, report: Report) -> str | None:
    """Read a UTF-8 text file, reporting the line of the first bad byte."""
    try:
        raw = path.read_bytes()
    except OSError as exc:  # unreadable, or gone since the folder was listed
        report.error(path, None, f"cannot read the file ({exc.strerror})")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.error(
            path,
            line,
            f"file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read)",
            "save the file as UTF-8 in your editor",
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n")


def read_bytes(path: Path, report: Report) -> bytes | None:
    """Read a file's bytes, reporting a file that cannot be read (or is gone since it was listed)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        report.error(path, None, f"cannot read the file ({exc.strerror})")
        return None


def file_bytes(path: Path) -> bytes | None:
    """A file's bytes, or None if it cannot be read (the stage that reads it reports why)."""
    try:
        return path.read_bytes()
    except OSError:
        return None
