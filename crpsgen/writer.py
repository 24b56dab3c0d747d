"""Writer: put the built files on disk without ever leaving a half-built site.

A full build is written to a staging folder beside `output/` and swapped in only
when complete. The dev server instead syncs into its folder, writing only files
whose bytes changed and removing files the build no longer produces.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .model import OutputFile

MARKER = ".crpsgen-build"
MARKER_TEXT = b"Built by crpsgen. This folder is replaced on every build.\n"


class UnsafeOutputFolder(Exception):
    """The output folder holds files we did not create; we will not delete them."""


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


def write_site(outputs: list[OutputFile], folder: Path) -> None:
    """Write every file into a staging folder, then swap it in for `folder`."""
    folder = folder.resolve()
    check_output_folder(folder)
    staging = folder.with_name(f".{folder.name}.staging-{os.getpid()}")
    retired = folder.with_name(f".{folder.name}.old-{os.getpid()}")
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
    try:
        staging.mkdir(parents=True)
        for output in outputs:
            _write(staging / output.path, output.content)
        (staging / MARKER).write_bytes(MARKER_TEXT)
        if folder.exists():
            folder.rename(retired)
        staging.rename(folder)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    if retired.exists():
        shutil.rmtree(retired)


def sync_site(outputs: list[OutputFile], folder: Path) -> list[str]:
    """Bring `folder` in line with `outputs`, touching only what changed; return changed paths."""
    folder = folder.resolve()
    check_output_folder(folder)
    folder.mkdir(parents=True, exist_ok=True)
    changed = []
    wanted = {output.path for output in outputs} | {MARKER}
    for output in [*outputs, OutputFile(MARKER, MARKER_TEXT)]:
        target = folder / output.path
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


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(content)
    temporary.replace(path)
