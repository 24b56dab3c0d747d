"""Writer: put the built files on disk without ever leaving a half-built site.

A full build is written to a staging folder beside `output/` and swapped in only
when complete. The dev server instead syncs into its folder, writing only files
whose bytes changed and removing files the build no longer produces.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from .model import OutputFile

MARKER = ".crpsgen-build"
MARKER_TEXT = b"Built by crpsgen. This folder is replaced on every build.\n"
SIDE_FOLDER = re.compile(r"\.(?P<name>.+)\.(?:staging|old)-(?P<pid>[0-9]+)")  # ours, beside output/


class UnsafeOutputFolder(Exception):
    """The output folder holds files we did not create; we will not delete them."""


class OutputNotWritten(Exception):
    """The system refused a write (permissions, a full disk...); the output folder is as it was."""

    def __init__(self, folder: Path, error: OSError) -> None:
        self.folder = folder
        self.error = error
        super().__init__(f"cannot write {self.where}: {error.strerror or error}")

    @property
    def where(self) -> Path:
        """The path refused if it is in the output folder, else the folder (not our staging name)."""
        if isinstance(self.error.filename, str) and Path(self.error.filename).is_relative_to(self.folder):
            return Path(self.error.filename)
        return self.folder

    @property
    def hint(self) -> str:
        if self.error.errno in {errno.ENOSPC, errno.EDQUOT}:
            return "free some disk space and build again"
        if self.error.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
            return "make the output folder and the folder it is in writable, or choose another --out"
        if self.error.errno == errno.ENAMETOOLONG:
            return "choose a shorter --out path"
        return "check the output folder and the disk, then build again"


def is_previous_build(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def check_output_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UnsafeOutputFolder(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not is_previous_build(folder):
        raise UnsafeOutputFolder(
            f"{folder} is not empty and was not made by a previous build; "
            "choose another --out or empty it yourself"
        )


def write_site(outputs: list[OutputFile], folder: Path) -> bool:
    """Write every file into a staging folder, then swap it in for `folder`.

    A file the previous build already holds with the same bytes is linked into the
    staging folder, not written again: a one-page change writes that page's files (and
    keeps every other file's date, for deploys that upload what changed). Returns False,
    having written nothing, when `folder` already holds exactly these files. Raises
    OutputNotWritten (or KeyboardInterrupt) with `folder` exactly as it was.
    """
    folder = folder.resolve()
    check_output_folder(folder)
    previous = folder if is_previous_build(folder) else None
    if previous is not None and holds_exactly(folder, outputs):
        return False
    with contextlib.suppress(OSError):  # tidying up after killed builds must not stop this one
        remove_stale_side_folders(folder)
    staging = folder.with_name(f".{folder.name}.staging-{os.getpid()}")
    retired = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    try:
        _check_writable(folder)
        staging.mkdir(parents=True)
        _write(staging / MARKER, MARKER_TEXT)  # first: a killed build leaves a folder we recognise
        for output in outputs:
            _link_or_write(previous, staging, output)
        with _ctrl_c_deferred():  # the swap is never cut in half
            _swap(staging, folder, retired)
    except OSError as exc:
        raise OutputNotWritten(folder, exc) from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return True


def holds_exactly(folder: Path, outputs: list[OutputFile]) -> bool:
    """Whether `folder` has these files with these bytes, and nothing else but our marker.

    Reading is much cheaper than writing, and the comparison is with what is really
    on disk, so a file changed or added by hand is never left in place.
    """
    wanted = {output.path: output.content for output in outputs}
    found = 0
    try:
        for path, _, names in os.walk(folder):
            for name in names:
                relpath = os.path.relpath(os.path.join(path, name), folder).replace(os.sep, "/")
                if relpath == MARKER:
                    continue
                content = wanted.get(relpath)
                if content is None or os.path.getsize(os.path.join(path, name)) != len(content):
                    return False
                with open(os.path.join(path, name), "rb") as file:
                    if file.read() != content:
                        return False
                found += 1
    except OSError:
        return False  # unreadable: write the site afresh
    return found == len(wanted)


def _check_writable(folder: Path) -> None:
    """Refuse before writing anything if the old build could not be moved aside and removed."""
    if not folder.is_dir():
        return
    for path, _, _ in os.walk(folder):
        if not os.access(path, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)


def _swap(staging: Path, folder: Path, retired: Path) -> None:
    if folder.exists():
        folder.rename(retired)
    try:
        staging.rename(folder)
    except OSError:
        if retired.exists() and not folder.exists():
            retired.rename(folder)  # put the previous build back
        raise
    if retired.exists():
        # Ours and already out of the way: if it cannot go now, the next build removes it.
        shutil.rmtree(retired, ignore_errors=True)


@contextlib.contextmanager
def _ctrl_c_deferred() -> Iterator[None]:
    """Finish the block even if Ctrl+C is pressed; the press is then ignored (the build is done)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def note(signum: int, frame: FrameType | None) -> None:
        pass

    previous = signal.signal(signal.SIGINT, note)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def remove_stale_side_folders(folder: Path) -> list[Path]:
    """Remove staging and retired folders left by builds that were killed; return them.

    Only folders named exactly as `write_site` names them, beside `folder`, whose
    process is gone, and that hold our marker or nothing at all: never anyone else's.
    """
    removed: list[Path] = []
    if not folder.parent.is_dir():
        return removed
    for candidate in folder.parent.iterdir():
        match = SIDE_FOLDER.fullmatch(candidate.name)
        if match is None or match["name"] != folder.name or candidate.is_symlink():
            continue
        pid = int(match["pid"])
        if pid != os.getpid() and _is_running(pid):
            continue  # another build, still at work
        if candidate.is_dir() and (is_previous_build(candidate) or not any(candidate.iterdir())):
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
    return removed


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or a number we cannot ask about: leave it
    return True


def sync_site(outputs: list[OutputFile], folder: Path) -> list[str]:
    """Bring `folder` in line with `outputs`, touching only what changed; return changed paths."""
    folder = folder.resolve()
    check_output_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    wanted = {output.path for output in outputs} | {MARKER}
    for output in [*outputs, OutputFile(MARKER, MARKER_TEXT)]:
        target = inside(folder, output.path)
        if target.is_file() and target.read_bytes() == output.content:
            continue
        _write(target, output.content)
        changed.append(output.path)
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in wanted:
            path.unlink()
            changed.append(relative)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed


class OutputPathOutside(ValueError):
    """A built file whose path would leave the output folder: a bug upstream, never written."""


def inside(folder: Path, relpath: str) -> Path:
    """`folder / relpath`, refusing any path that is empty, absolute or climbs out with `..`."""
    parts = relpath.split("/")
    if (
        not relpath
        or relpath.startswith("/")
        or any(part in {"", ".", ".."} for part in parts)
        or "\\" in relpath
        or "\x00" in relpath
    ):
        raise OutputPathOutside(f"refusing to write {relpath!r}: not a path inside the output folder")
    return folder / relpath


def _link_or_write(previous: Path | None, staging: Path, output: OutputFile) -> None:
    """Link the previous build's file if it has exactly these bytes; else write them."""
    path = inside(staging, output.path)
    if previous is not None:
        old = inside(previous, output.path)
        try:
            found = os.lstat(old)
            same_size = stat.S_ISREG(found.st_mode) and found.st_size == len(output.content)
            if same_size and old.read_bytes() == output.content:
                path.parent.mkdir(parents=True, exist_ok=True)
                os.link(old, path)  # same folder's file system: both builds share the file
                return
        except OSError:
            pass  # missing, unreadable or no hard links here: write it
    _write(path, output.content)


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    temporary.replace(path)
