"""Reading the project's files: a file that cannot be read, or is not UTF-8, is one
`path:line: error:` line (the line of the first bad byte), never a traceback.
"""

from __future__ import annotations

import os
import time
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


RECENT_NS = 2_000_000_000  # a file changed this recently may change again within one clock tick


class KnownFiles:
    """Files' bytes, read again only when a file's inode, size or times changed.

    A stat is far cheaper than a read, and a write always moves the change time (which,
    unlike the modification time, no tool can set back). A file changed in the last
    `RECENT_NS` is read every time: two writes within one tick of the file system's clock
    would leave the same times (git calls this a "racy" file).
    """

    def __init__(self) -> None:
        self._known: dict[Path, tuple[tuple[int, int, int, int], bytes | None]] = {}

    def bytes_of(self, path: Path, trusted: bool = False) -> bytes | None:
        """The file's bytes; `trusted`: the caller knows it unchanged since last read (the dev
        server's watcher scanned it), so known bytes are taken without a stat."""
        known = self._known.get(path)
        if trusted and known is not None:
            return known[1]
        try:
            info = os.stat(path)
        except OSError:
            return None
        signature = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        if known is not None and known[0] == signature:
            return known[1]
        data = file_bytes(path)  # read after the stat: a write in between changes the next stat
        if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > RECENT_NS:
            self._known[path] = (signature, data)
        else:
            self._known.pop(path, None)
        return data
