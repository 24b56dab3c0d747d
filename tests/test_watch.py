"""What a build reads and the watcher's scan of it (watch.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from support import site_config

from crpsgen.watch import scan, watched_paths


def test_scan_skips_hidden_and_scratch_files(tmp_path: Path) -> None:
    for name in ("page.md", ".page.md.swp", "page.md~", "#page.md#", ".git/config"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert list(scan([tmp_path])) == [str(tmp_path / "page.md")]


def test_a_scan_notes_each_files_time_and_size_and_follows_files_named_directly(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "page.md").write_text("four")
    (tmp_path / "site.yaml").write_text("title: x\n")
    found = scan([tmp_path / "site.yaml", tmp_path / "content", tmp_path / "gone"])
    assert sorted(found) == [str(tmp_path / "content" / "page.md"), str(tmp_path / "site.yaml")]
    assert found[str(tmp_path / "content" / "page.md")][1] == 4


def test_a_build_reads_site_yaml_and_each_folder_once() -> None:
    root = Path("/site")
    config = site_config(root)
    theme = replace(config.theme, templates=root / "templates", static=Path("/theme/static"))
    assert watched_paths(replace(config, theme=theme)) == (
        root / "site.yaml",
        root / "content",
        root / "templates",  # also the theme's templates: once
        root / "static",
        root / "root",
        Path("/theme/static"),
    )


def test_small_sites_are_scanned_often_and_large_ones_within_a_share_of_a_core() -> None:
    from crpsgen.watch import MIN_POLL_SECONDS, POLL_SECONDS, SCAN_SHARE, poll_interval

    assert poll_interval(0.0005) == MIN_POLL_SECONDS  # 35 pages: a save is seen within 30 ms
    assert poll_interval(0.005) == 0.005 / SCAN_SHARE  # 1,000 pages: 50 ms, a tenth of a core
    assert poll_interval(0.5) == POLL_SECONDS  # never slower to see a save than before
