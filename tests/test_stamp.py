"""A build whose inputs and output folder are as the last build left them stops early (stamp.py).

Every kind of change must make a real build again, with the output a full build gives.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from support import make_site, snapshot

from crpsgen import cli, pipeline, stamp

Change = Callable[[Path], None]


def age(root: Path, seconds: int = 60) -> None:
    """Make every file look saved a while ago (a file saved as a build starts is not stamped)."""
    past = time.time() - seconds
    for path in root.rglob("*"):
        os.utime(path, (past, past), follow_symlinks=False)


class Builds:
    """Runs `python build.py build` in-process in a site, counting the builds that really ran."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root, self.ran = root, 0
        monkeypatch.chdir(root)
        real = pipeline.build_site

        def counted(*args: object, **kwargs: object) -> pipeline.BuildResult:
            self.ran += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(cli, "build_site", counted)

    def __call__(self, *args: str) -> int:
        return cli.main(["build", "--quiet", *args])


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Builds:
    root = make_site(tmp_path / "site")
    age(root)
    builds = Builds(root, monkeypatch)
    assert builds() == 0 and builds.ran == 1
    assert stamp.stamp_file(root / "site.yaml").is_file()
    return builds


def test_nothing_changed_stops_early_and_reports_the_same(
    site: Builds, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    before = snapshot(site.root / "output")
    assert site() == 0
    first = capsys.readouterr()
    assert site.ran == 1  # the second build did not run
    assert "nothing written" in first.out
    assert snapshot(site.root / "output") == before
    assert site("--no-cache") == 0 and site.ran == 2  # --no-cache always builds
    cold = capsys.readouterr()
    assert first.err == cold.err  # the same findings, line for line


def _write(relpath: str, text: str) -> Change:
    def change(root: Path) -> None:
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    return change


def _same_size_same_time(relpath: str) -> Change:
    """An edit a file-time check would miss: same size, time put back."""

    def change(root: Path) -> None:
        path = root / relpath
        info = path.stat()
        data = path.read_bytes()
        index = data.rindex(b"e")  # in the text, after the front matter
        path.write_bytes(data[:index] + b"E" + data[index + 1 :])
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))

    return change


def _append(relpath: str, text: str) -> Change:
    def change(root: Path) -> None:
        with (root / relpath).open("a", encoding="utf-8") as file:
            file.write(text)

    return change


def _copy_page(relpath: str, to: str) -> Change:
    def change(root: Path) -> None:
        text = (root / relpath).read_text(encoding="utf-8")
        (root / to).write_text(text.replace("title: ", "title: Another ", 1), encoding="utf-8")

    return change


def _remove(relpath: str) -> Change:
    return lambda root: (root / relpath).unlink()


CHANGES: dict[str, Change] = {
    "a page": _append("content/index.md", "\nOne more sentence.\n"),
    "a page, same size and time": _same_size_same_time("content/index.md"),
    "a new page": _copy_page("content/index.md", "content/another.md"),
    "a data file": _append("content/_data/glossary.yaml", "\n# a comment\n"),
    "a template": _append("templates/base.html", "\n{# a comment #}\n"),
    "a static file": _append("static/css/site.css", "\n/* a comment */\n"),
    "a root file": _write("root/humans.txt", "Made by the clinic.\n"),
    "site.yaml": _append("site.yaml", "\n# a comment\n"),
    "an output file, by hand": _append("output/index.html", "<!-- edited -->"),
    "an output file, deleted": _remove("output/sitemap.xml"),
    "an output file, added": _write("output/extra.txt", "extra\n"),
}


@pytest.mark.parametrize("name", CHANGES)
def test_any_change_builds_again_as_a_full_build(
    site: Builds, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    CHANGES[name](site.root)
    site()
    assert site.ran == 2, f"a change to {name} was not built"
    built = snapshot(site.root / "output")
    assert site() == 0 and site.ran == 2  # and now it is stamped again
    # The output is what a full build gives.
    full = tmp_path / "full"
    assert site("--no-cache", "--out", str(full)) == 0
    assert snapshot(full) == built


@pytest.mark.parametrize(
    "args, environment",
    [
        (["--base-url", "https://other.example/"], {}),
        (["--drafts"], {}),
        (["--strict"], {}),
        ([], {"SOURCE_DATE_EPOCH": "1700000000"}),
    ],
)
def test_other_options_build_again(
    site: Builds, args: list[str], environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    site(*args)
    assert site.ran == 2


def test_another_version_of_the_generator_builds_again(site: Builds, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stamp, "fingerprint", lambda: b"another version\n")
    site()
    assert site.ran == 2


def test_a_failed_build_forgets_the_stamp(site: Builds) -> None:
    page = site.root / "content" / "index.md"
    good = page.read_text(encoding="utf-8")
    page.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    assert site() == 1
    assert not stamp.stamp_file(site.root / "site.yaml").exists()
    page.write_text(good, encoding="utf-8")  # back as it was: output/ still holds its build
    age(site.root)
    assert site() == 0 and site.ran == 3  # built, not trusted from before the failure


def test_a_file_saved_as_the_build_starts_is_not_stamped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path / "site")  # every file just written
    builds = Builds(root, monkeypatch)
    assert builds() == 0
    assert not stamp.stamp_file(root / "site.yaml").exists()  # it may hold what the build did not read
    assert builds() == 0 and builds.ran == 2


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"inputs": 1}', b"\xff\xfe"])
def test_a_broken_stamp_means_a_build(site: Builds, content: bytes) -> None:
    stamp.stamp_file(site.root / "site.yaml").write_bytes(content)
    assert site() == 0 and site.ran == 2


def test_a_symlink_in_a_source_folder_is_not_vouched_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site(tmp_path / "site")
    (root / "static" / "linked.css").symlink_to(root / "static" / "css" / "site.css")
    age(root)
    builds = Builds(root, monkeypatch)
    builds()
    builds()
    assert builds.ran == 2


def test_the_fingerprint_names_each_library_version_as_installed() -> None:
    """The cache's fingerprint reads versions from the .dist-info folders' names (no importlib.metadata
    at start-up): each must be the version importlib.metadata reports."""
    from importlib import metadata

    found = stamp.installed(["markdown", "Jinja2", "PyYAML"])
    assert found == sorted(
        f"{name}-{metadata.version(name)}.dist-info" for name in ("jinja2", "markdown", "pyyaml")
    )
