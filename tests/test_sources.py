"""Sources stage (sources.py): content/ -> SourceFiles, each with its address and output path."""

from __future__ import annotations

from pathlib import Path

from crpsgen.diagnostics import Report
from crpsgen.sources import discover_sources, source_for


def write(root: Path, *relpaths: str) -> Path:
    content = root / "content"
    for relpath in relpaths:
        (content / relpath).parent.mkdir(parents=True, exist_ok=True)
        (content / relpath).write_text("x", encoding="utf-8")
    return content


def test_each_page_has_one_address_and_output_path() -> None:
    content = Path("/site/content")
    home, page, nested = (source_for(content, r) for r in ("index.md", "symptoms.md", "es/index.md"))
    assert (home.slug, home.url_path, home.output_path) == ("", "", "index.html")
    assert (page.slug, page.url_path, page.output_path) == ("symptoms", "symptoms/", "symptoms/index.html")
    assert (nested.slug, nested.url_path, nested.output_path) == ("es", "es/", "es/index.html")
    slugged = source_for(content, "Pain Diary.md", slug="pain-diary")
    assert (slugged.path, slugged.relpath, slugged.output_path) == (
        content / "Pain Diary.md",
        "Pain Diary.md",
        "pain-diary/index.html",
    )


def test_pages_are_found_sorted_without_the_data_folder(tmp_path: Path) -> None:
    content = write(tmp_path, "symptoms.md", "index.md", "es/index.md", "_data/notes.md", "images/x.png")
    report = Report(root=tmp_path)
    assert [s.relpath for s in discover_sources(content, report)] == [
        "es/index.md",
        "index.md",
        "symptoms.md",
    ]
    assert report.items == []


def test_other_markdown_names_no_home_and_no_folder_are_each_one_line(tmp_path: Path) -> None:
    content = write(tmp_path, "faq.markdown", "about.md")
    report = Report(root=tmp_path)
    assert [s.relpath for s in discover_sources(content, report)] == ["about.md"]
    assert [d.format() for d in report.sorted()] == [
        "content: error: no home page (hint: create content/index.md)",
        "content/faq.markdown: error: not read: only files ending in .md are pages (hint: rename it to faq.md)",
    ]
    report = Report(root=tmp_path)
    assert discover_sources(tmp_path / "nowhere", report) == []
    assert [d.format() for d in report.items] == [
        "nowhere: error: content folder not found (hint: create content/index.md)"
    ]
