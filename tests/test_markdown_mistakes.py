"""Markdown mistakes that used to give patients a silently wrong page: one line, exit 1, output kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import page, run_build, snapshot

FORM_HINT = "[@key], [@a; @b] or [@key, p. 12]; \\[@ shows a literal [@"
CITED = "Text [@beta2021; @gamma2022].\n\n"  # body line 8 (section, order): the mistake is on line 10

CASES: list[tuple[str, str, str]] = [
    (
        "callout without indented body",
        CITED + '!!! urgent "Ask for an urgent appointment if"\n- your pain spreads quickly\n',
        'content/symptoms.md:10: error: callout "urgent" has no indented body '
        "(hint: indent its lines by four spaces)",
    ),
    (
        "unclosed citation",
        CITED + "Ketamine helps some people [@alpha2020 for a while.\n",
        'content/symptoms.md:10: error: malformed citation "[@alpha2020" (hint: close it with ]: '
        + FORM_HINT
        + ")",
    ),
    (
        "empty citation",
        CITED + "Ketamine helps [@].\n",
        'content/symptoms.md:10: error: malformed citation "[@]" (hint: name a source after @: '
        + FORM_HINT
        + ")",
    ),
    (
        "space after @",
        CITED + "Ketamine helps [@ alpha2020].\n",
        'content/symptoms.md:10: error: malformed citation "[@ alpha2020]" (hint: no space after @: '
        + FORM_HINT
        + ")",
    ),
    (
        "trailing semicolon",
        CITED + "Ketamine helps [@alpha2020;].\n",
        'content/symptoms.md:10: error: malformed citation "[@alpha2020;]" (hint: each source after ";" '
        "needs its own @key: " + FORM_HINT + ")",
    ),
    (
        "duplicate heading id",
        CITED + "## Dose {#dose}\n\nText.\n\n## How often {#dose}\n",
        'content/symptoms.md:14: error: heading id "dose" is already used on this page '
        "(hint: give this heading its own id with {#another-id})",
    ),
    (
        "unclosed [ in a link address",  # urlsplit refuses it: was a traceback
        CITED + "See [the study][s].\n\n[s]: https://example.org[/study\n",
        'content/symptoms.md:12: error: link "https://example.org[/study" is not a web address '
        "(hint: check the address for a stray [ or ])",
    ),
]


@pytest.mark.parametrize(("kind", "body", "expected"), CASES, ids=[c[0] for c in CASES])
def test_markdown_mistake_is_one_line_at_its_source_line(
    built_site: Path, tmp_path: Path, kind: str, body: str, expected: str
) -> None:
    root = tmp_path / "site"
    shutil.copytree(built_site, root)
    before = snapshot(root / "output")
    (root / "content/symptoms.md").write_text(page("Symptoms", body, section="crps", order=1))
    result = run_build(root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if ": error: " in line] == [expected]
    assert snapshot(root / "output") == before


def test_citation_in_heading_builds_with_a_clean_id_and_contents_entry(
    built_site: Path, tmp_path: Path
) -> None:
    root = tmp_path / "site"
    shutil.copytree(built_site, root)
    (root / "content/symptoms.md").write_text(
        page(
            "Symptoms",
            "## Budapest criteria [@beta2021]\n\nText [@gamma2022].\n\n## More\n\n## Even more\n",
            section="crps",
            order=1,
        )
    )
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "output/symptoms/index.html").read_text()
    assert '<h2 id="budapest-criteria">Budapest criteria <sup class="cite"' in html
    assert '<li><a href="#budapest-criteria">Budapest criteria</a></li>' in html  # the contents list
