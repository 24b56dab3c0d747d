"""files.py: reading the project's files, and reading them again only when they changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from crpsgen import files
from crpsgen.files import KnownFiles


def settled(path: Path, text: str) -> Path:
    """Write a file and make it look saved a minute ago (not racy-new)."""
    path.write_text(text, encoding="utf-8")
    past = time.time_ns() - 60 * 10**9
    os.utime(path, ns=(past, past))
    return path


def test_an_unchanged_file_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = settled(tmp_path / "page.md", "text")
    known = KnownFiles()
    reads: list[Path] = []
    real = files.file_bytes

    def counted(path: Path) -> bytes | None:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(files, "file_bytes", counted)
    monkeypatch.setattr(files, "RECENT_NS", 0)  # its change time is now, and cannot be set back
    assert known.bytes_of(page) == b"text"
    assert known.bytes_of(page) == b"text"
    assert reads == [page]


def test_a_rewrite_of_the_same_size_with_its_time_put_back_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "RECENT_NS", 0)
    page = settled(tmp_path / "page.md", "text")
    known = KnownFiles()
    assert known.bytes_of(page) == b"text"
    info = os.stat(page)
    time.sleep(0.01)
    page.write_text("TEXT", encoding="utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))  # the change time still moves
    assert known.bytes_of(page) == b"TEXT"


def test_a_file_changed_just_now_is_read_every_time(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("one", encoding="utf-8")
    known = KnownFiles()
    assert known.bytes_of(page) == b"one"
    page.write_text("two", encoding="utf-8")  # within the same clock tick the times may not move
    assert known.bytes_of(page) == b"two"


def test_a_missing_file_is_none(tmp_path: Path) -> None:
    assert KnownFiles().bytes_of(tmp_path / "gone.md") is None
