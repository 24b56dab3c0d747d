from pathlib import Path

import pytest

from crpsgen.model import OutputFile
from crpsgen.writer import MARKER, UnsafeOutputFolder, sync_site, write_site


def test_write_site_swaps_in_a_complete_folder(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site([OutputFile("index.html", b"one"), OutputFile("a/index.html", b"a")], out)
    write_site([OutputFile("index.html", b"two")], out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        MARKER,
        "index.html",
    ]
    assert (out / "index.html").read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["output"]  # no staging folders left behind


def test_write_site_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep")
    with pytest.raises(UnsafeOutputFolder):
        write_site([OutputFile("index.html", b"x")], out)
    assert (out / "notes.txt").read_text() == "keep"


def test_sync_writes_only_changed_files_and_removes_stale_ones(tmp_path: Path) -> None:
    out = tmp_path / "served"
    assert sorted(sync_site([OutputFile("a.html", b"a"), OutputFile("old/index.html", b"o")], out)) == [
        MARKER,
        "a.html",
        "old/index.html",
    ]
    changed = sync_site([OutputFile("a.html", b"a"), OutputFile("b.html", b"b")], out)
    assert sorted(changed) == ["b.html", "old/index.html"]
    assert not (out / "old").exists()
