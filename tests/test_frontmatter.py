import datetime as dt
from pathlib import Path

from crpsgen.config import load_config
from crpsgen.diagnostics import Report
from crpsgen.frontmatter import add_months, parse_page
from crpsgen.model import Page
from crpsgen.sources import source_for

TODAY = dt.date(2026, 11, 22)


def parse(root: Path, front: str, report: Report) -> Page | None:
    (root / "content").mkdir(exist_ok=True)
    (root / "content" / "p.md").write_text(f"---\ntitle: P\ndescription: D\n{front}---\nBody\n")
    config = load_config(root / "site.yaml", report)
    assert config is not None
    return parse_page(source_for(root / "content", "p.md"), config, report, TODAY)


def write_config(root: Path) -> None:
    (root / "site.yaml").write_text(
        "title: T\nbase_url: https://example.org/crps/\norganization: {name: C}\n"
        "publisher: {offers_treatment: false, funding: F}\n"
        "disclaimer: D\nnavigation: [{id: crps, title: CRPS}]\n"
    )


def test_next_review_is_derived_from_the_policy(tmp_path: Path) -> None:
    write_config(tmp_path)
    page = parse(tmp_path, "last_reviewed: 2026-01-31\n", Report(root=tmp_path))
    assert page is not None
    assert page.meta.next_review_due == dt.date(2027, 1, 31)
    assert page.meta.template == "page.html"
    assert page.meta.review_is_placeholder


def test_overdue_review_warns_and_future_review_is_an_error(tmp_path: Path) -> None:
    write_config(tmp_path)
    report = Report(root=tmp_path)
    parse(tmp_path, "last_reviewed: 2025-01-01\n", report)
    assert [d.format() for d in report.items] == [
        "content/p.md:4: warning: review overdue since 2026-01-01 "
        "(hint: check the page against its sources, then update last_reviewed)"
    ]
    report = Report(root=tmp_path)
    parse(tmp_path, "last_reviewed: 2027-01-01\n", report)
    assert report.items[0].message == "last_reviewed 2027-01-01 is in the future"


def test_unknown_section_suggests_the_right_one(tmp_path: Path) -> None:
    write_config(tmp_path)
    report = Report(root=tmp_path)
    parse(tmp_path, "last_reviewed: 2026-11-01\nsection: crp\n", report)
    assert (
        report.items[0]
        .format()
        .startswith('content/p.md:5: error: unknown section "crp" (did you mean "crps"?)')
    )


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 30), 12) == dt.date(2027, 11, 30)
