from pathlib import Path

import pytest
from support import snapshot

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


# ---------------------------------------------------------------- when the system says no (issue 9, section 3)

import errno  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402

from crpsgen import writer  # noqa: E402
from crpsgen.writer import OutputNotWritten, remove_stale_side_folders  # noqa: E402

PREVIOUS = [OutputFile("index.html", b"previous"), OutputFile("symptoms/index.html", b"symptoms")]
NEXT = [OutputFile("index.html", b"next"), OutputFile("a.html", b"a"), OutputFile("b.html", b"b")]


def built_once(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "output"
    write_site(PREVIOUS, out)
    return out, snapshot(out)


def fail_on(name: str, error: BaseException) -> object:
    """A `_write` that raises `error` when it reaches the file called `name`."""
    original = writer._write

    def write(path: Path, content: bytes) -> None:
        if path.name == name:
            raise error
        original(path, content)

    return write


def test_a_full_disk_leaves_the_previous_build_and_no_staging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = built_once(tmp_path)
    monkeypatch.setattr(writer, "_write", fail_on("b.html", OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(OutputNotWritten) as raised:
        write_site(NEXT, out)
    assert str(raised.value) == f"cannot write {out}: No space left on device"
    assert raised.value.hint == "free some disk space and build again"
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_ctrl_c_while_writing_leaves_the_previous_build_and_no_staging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = built_once(tmp_path)
    monkeypatch.setattr(writer, "_write", fail_on("b.html", KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_site(NEXT, out)
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_a_failed_swap_puts_the_previous_build_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, before = built_once(tmp_path)
    rename = Path.rename

    def refuse_staging(self: Path, target: Path) -> Path:
        if ".staging-" in self.name:
            raise OSError(errno.EIO, "Input/output error", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refuse_staging)
    with pytest.raises(OutputNotWritten) as raised:
        write_site(NEXT, out)
    assert raised.value.where == out.resolve()  # never our hidden staging name
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


def test_a_read_only_output_folder_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, before = built_once(tmp_path)
    read_only = out / "symptoms"
    monkeypatch.setattr("crpsgen.writer.os.access", lambda path, mode: Path(path) != read_only)
    with pytest.raises(OutputNotWritten) as raised:
        write_site(NEXT, out)
    assert (raised.value.where, raised.value.error.strerror) == (read_only, "Permission denied")
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only folders")
def test_a_really_read_only_parent_folder(tmp_path: Path) -> None:
    out, before = built_once(tmp_path)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(OutputNotWritten) as raised:
            write_site(NEXT, out)
    finally:
        tmp_path.chmod(0o755)
    assert raised.value.error.errno == errno.EACCES
    assert snapshot(out) == before


def never_running() -> int:
    """A process id above the system's limit: no process can have it."""
    limit = Path("/proc/sys/kernel/pid_max")
    return (int(limit.read_text()) if limit.is_file() else 4_194_304) + 1


def test_side_folders_of_killed_builds_are_removed_and_nothing_else(tmp_path: Path) -> None:
    out, _ = built_once(tmp_path)
    dead, alive = never_running(), os.getppid()
    ours = {f".output.staging-{dead}": True, f".output.old-{dead + 1}": True}
    kept = {
        f".output.staging-{alive}": True,  # another build still at work
        f".output.staging-{dead + 2}": False,  # not ours: a user's files, no marker
        f".other.staging-{dead}": True,  # beside another output folder
        ".output.staging-x1": True,  # not our pattern
        f"output.staging-{dead}": True,  # not hidden: not our pattern
    }
    for name, marked in {**ours, **kept}.items():
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub" / "page.html").write_text("x")
        if marked:
            (tmp_path / name / MARKER).write_bytes(b"")
    (tmp_path / f".output.staging-{dead + 3}").mkdir()  # killed right after creating it: empty
    assert sorted(p.name for p in remove_stale_side_folders(out.resolve())) == sorted(
        [*ours, f".output.staging-{dead + 3}"]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["output", *kept])


def test_a_build_killed_with_sigkill_is_tidied_by_the_next(tmp_path: Path) -> None:
    out, before = built_once(tmp_path)
    script = textwrap.dedent(
        """
        import os, signal, sys
        from pathlib import Path
        from crpsgen import writer
        from crpsgen.model import OutputFile
        original = writer._write
        def write(path, content):
            if path.name == "b.html":
                os.kill(os.getpid(), signal.SIGKILL)
            original(path, content)
        writer._write = write
        print(os.getpid(), flush=True)
        writer.write_site([OutputFile("a.html", b"a"), OutputFile("b.html", b"b")], Path(sys.argv[1]))
        """
    )
    killed = subprocess.run(
        [sys.executable, "-c", script, str(out)], capture_output=True, text=True, timeout=60
    )
    assert killed.returncode == -9, killed.stderr
    staging = tmp_path / f".output.staging-{killed.stdout.strip()}"
    assert (staging / MARKER).is_file() and (staging / "a.html").is_file()
    assert snapshot(out) == before
    write_site(NEXT, out)
    assert [p.name for p in tmp_path.iterdir()] == ["output"]
    assert (out / "index.html").read_bytes() == b"next"


@pytest.mark.parametrize(
    "path", ["../escape.html", "/tmp/escape.html", "a/../../escape.html", "", "a\\..\\x"]
)
def test_a_path_leaving_the_output_folder_is_never_written(tmp_path: Path, path: str) -> None:
    out, before = built_once(tmp_path)
    with pytest.raises(writer.OutputPathOutside) as raised:
        write_site([OutputFile("index.html", b"next"), OutputFile(path, b"escaped")], out)
    assert str(raised.value) == f"refusing to write {path!r}: not a path inside the output folder"
    assert snapshot(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["output"]
    assert not Path("/tmp/escape.html").exists()


def test_a_file_with_the_same_bytes_is_carried_over_not_written(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site([OutputFile("a/index.html", b"same"), OutputFile("b/index.html", b"old")], out)
    kept, changed = (out / "a/index.html").stat(), (out / "b/index.html").stat()
    assert write_site([OutputFile("a/index.html", b"same"), OutputFile("b/index.html", b"new")], out)
    assert (out / "a/index.html").stat().st_ino == kept.st_ino  # the same file, linked
    assert (out / "a/index.html").stat().st_mtime_ns == kept.st_mtime_ns
    assert (out / "b/index.html").read_bytes() == b"new"
    assert (out / "b/index.html").stat().st_ino != changed.st_ino
    assert not list(tmp_path.glob(".output.*"))  # the old build is gone, its linked file lives on
