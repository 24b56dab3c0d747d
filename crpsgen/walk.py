"""Walking the project's folders: every file, sorted, with symlinks followed only to
targets inside the project; one that leads outside, is broken or loops is one error naming
it (the rule `addresses.py` applies to every path that comes from input)."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Report


def walk_files(
    folder: Path, root: Path, report: Report, skip: frozenset[str] = frozenset(), hidden: bool = False
) -> list[tuple[str, Path]]:
    """Every file under `folder` as (posix name relative to it, path), sorted by name.

    Names starting with a dot (unless `hidden`: root/ holds .nojekyll and .well-known/),
    and the relative folder names in `skip`, are left out.
    Symlinks are followed only when their target resolves inside `root` (the project
    folder); one that leads outside, is broken or loops is one error naming it.
    """
    walker = _Walker(root.resolve(), report, skip, hidden)
    if folder.is_dir():
        real = folder.resolve()
        if not real.is_relative_to(walker.root):
            report.error(folder, None, f"folder is a symlink to {real}, outside the project", SYMLINK_HINT)
            return []
        walker.visit(folder, "", frozenset({real, *real.parents}))  # a link up to these loops
    return sorted(walker.found)


SYMLINK_HINT = "symlinks are followed only to files inside the project folder; copy the file in instead"


@dataclass
class _Walker:
    root: Path
    report: Report
    skip: frozenset[str]
    hidden: bool = False
    found: list[tuple[str, Path]] = field(default_factory=list)

    def visit(self, directory: Path, prefix: str, ancestors: frozenset[Path]) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            self.report.error(directory, None, f"cannot read this folder ({exc.strerror})")
            return
        for entry in entries:
            name = prefix + entry.name
            if (entry.name.startswith(".") and not self.hidden) or name in self.skip:
                continue
            path = Path(entry.path)
            target = self._target(path) if entry.is_symlink() else path
            if target is None:
                continue
            if entry.is_dir():  # the target's type; the type in the listing for a plain entry
                real = target.resolve()
                if real in ancestors:  # only a symlink can lead back up
                    self.report.error(path, None, "symlink loop (it leads back to a folder that contains it)")
                    continue
                self.visit(path, name + "/", ancestors | {real})
            elif entry.is_file():  # not a socket or pipe, which would block a read
                self.found.append((name, path))

    def _target(self, link: Path) -> Path | None:
        """The resolved target of a symlink, or None after reporting why it is not followed."""
        pointed = os.readlink(link)
        try:
            target = link.resolve(strict=True)
        except FileNotFoundError:
            self.report.error(link, None, f'broken symlink (its target "{pointed}" does not exist)')
            return None
        except (OSError, RuntimeError) as exc:  # Python 3.11 raises RuntimeError for a loop
            if isinstance(exc, OSError) and exc.errno != errno.ELOOP:
                self.report.error(link, None, f"cannot follow this symlink ({exc.strerror})")
            else:
                self.report.error(link, None, f'symlink loop (its target "{pointed}" leads back to itself)')
            return None
        if not target.is_relative_to(self.root):
            self.report.error(link, None, f"symlink to {target}, outside the project", SYMLINK_HINT)
            return None
        return target
