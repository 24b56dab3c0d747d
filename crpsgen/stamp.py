"""The last build's stamp: what it was made from and what it wrote, to skip a build that would change nothing.

After a build that succeeded, `python build.py build` keeps a small record beside the
build cache (`.cache/crpsgen/stamp.json`): a digest of every input (the generator and
the libraries it runs on, the command's options, today's date, site.yaml and the bytes of
every file in the folders the site is made from), the size, time and inode of every file
it left in the output folder, and the findings it reported. When the next build finds
every input byte-identical and the output folder untouched, it reports those findings
again and stops: no cache to load, no page parsed, nothing written.

Anything it cannot vouch for (no record, another version, a symlink in a source folder, a
folder gone, an unreadable file) means "build as usual", never a wrong page; the build
cache then checks each result against its inputs (buildcache.py).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .diagnostics import ERROR, NOTICE, WARNING, Diagnostic

FOLDER = Path(".cache") / "crpsgen"  # beside the site.yaml in use; the build cache's too (store.py)
FILE = "stamp.json"
SETTLE_NS = 2_000_000_000  # a file changed this close to a build's start may not be in it
FORMAT = b"crpsgen build cache 1\n"
LIBRARIES = ("markdown", "jinja2", "markupsafe", "pyyaml", "textstat", "pagefind", "pillow")


@functools.cache
def fingerprint() -> bytes:
    """What every stored result also depends on: this generator's code and what it runs on."""
    digest = hashlib.sha256(FORMAT + sys.version.encode())
    for name in installed(LIBRARIES):
        digest.update(f"{name}\n".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\n" + path.read_bytes())
    return FORMAT + digest.hexdigest().encode() + b"\n"


def installed(names: Iterable[str]) -> list[str]:
    """The installed versions of these libraries, as the names of their `.dist-info` folders
    ("markdown-3.7.dist-info"): importlib.metadata would cost 40 ms of every build's start-up."""
    wanted = {name.lower().replace("-", "_") for name in names}
    found = []
    for folder in sys.path:
        with contextlib.suppress(OSError):
            for entry in os.listdir(folder or "."):
                name = entry.lower()
                if name.endswith(".dist-info") and name.split("-", 1)[0] in wanted:
                    found.append(name)
    return sorted(found)


def cache_folder(config_path: Path) -> Path:
    """The cache folder beside site.yaml, made with a .gitignore of its own."""
    folder = config_path.resolve().parent / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Made by crpsgen: the build cache, safe to delete.\n*\n", encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Stamp:
    inputs: str  # digest of everything the build was made from
    folders: tuple[str, ...]  # the folders the site is made from (absolute)
    outputs: str  # digest of the output folder's files as the build left them
    pages: int
    findings: tuple[Diagnostic, ...]  # what it reported
    drafts: bool  # whether draft pages were built (the build warns about them)


def stamp_file(config_path: Path) -> Path:
    return config_path.resolve().parent / FOLDER / FILE


def _files(folder: Path) -> Iterator[tuple[str, Path]]:
    """Every file under `folder`, in a fixed order; ValueError on a symlink (not vouched for)."""
    for directory, subfolders, names in os.walk(folder):
        subfolders.sort()
        here = Path(directory)
        for name in sorted(names + [d for d in subfolders if (here / d).is_symlink()]):
            path = here / name
            if path.is_symlink():
                raise ValueError(path)
            yield path.relative_to(folder).as_posix(), path


def inputs_digest(
    settings: Iterable[str], config_path: Path, folders: Iterable[str], since_ns: int | None = None
) -> str | None:
    """A digest of the options, today, site.yaml and every file in `folders`; None if unsure,
    or if a file changed after `since_ns` (during the build: it may hold the older bytes)."""
    digest = hashlib.sha256(fingerprint())
    for value in settings:
        digest.update(value.encode() + b"\0")
    try:
        digest.update(config_path.read_bytes() + b"\0")
        for folder in folders:
            digest.update(f"\0folder {folder}\0".encode())
            if not os.path.isdir(folder):
                continue
            for relpath, path in _files(Path(folder)):
                if since_ns is not None and path.stat().st_mtime_ns >= since_ns - SETTLE_NS:
                    return None
                data = path.read_bytes()
                digest.update(f"{relpath}\0{len(data)}\0".encode() + data)
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


def outputs_digest(out_dir: Path) -> str | None:
    """A digest of each output file's path, size, modification time and inode."""
    digest = hashlib.sha256()
    try:
        for relpath, path in _files(out_dir):
            info = path.stat()
            digest.update(f"{relpath}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\0".encode())
    except (OSError, ValueError):
        return None
    return digest.hexdigest() if out_dir.is_dir() else None


def load(config_path: Path) -> Stamp | None:
    try:
        data = json.loads(stamp_file(config_path).read_text(encoding="utf-8"))
        return Stamp(
            inputs=str(data["inputs"]),
            folders=tuple(str(f) for f in data["folders"]),
            outputs=str(data["outputs"]),
            pages=int(data["pages"]),
            findings=tuple(_finding(item) for item in data["findings"]),
            drafts=bool(data["drafts"]),
        )
    except (OSError, ValueError, KeyError, TypeError):  # missing, corrupt or of another shape
        return None


def _finding(item: Any) -> Diagnostic:
    finding = Diagnostic(**item)
    if finding.severity not in (ERROR, WARNING, NOTICE):
        raise ValueError(finding.severity)
    return finding


@dataclass(frozen=True)
class Before:
    """What the stamp said before a build: the last build's stamp and the inputs now."""

    stamp: Stamp | None
    inputs: str | None  # digest of the stamp's folders as they were before this build

    def unchanged(self, out_dir: Path) -> bool:
        """Whether building again would give exactly what `out_dir` holds."""
        return (
            self.stamp is not None
            and self.inputs == self.stamp.inputs
            and outputs_digest(out_dir) == self.stamp.outputs
        )


def before(config_path: Path, settings: list[str]) -> Before:
    stamp = load(config_path)
    if stamp is None:
        return Before(None, None)
    return Before(stamp, inputs_digest(settings, config_path, stamp.folders))


def save(config_path: Path, stamp: Stamp) -> None:
    """Keep the stamp (written whole, then renamed: a stamp cut short is never read)."""
    path = stamp_file(config_path)
    temporary = path.with_suffix(".tmp")
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        cache_folder(config_path)
        temporary.write_text(json.dumps(asdict(stamp), sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)


def forget(config_path: Path) -> None:
    """No stamp: the next build builds (after a failed build, or one whose stamp is unsure)."""
    with contextlib.suppress(OSError):
        stamp_file(config_path).unlink()
