"""One broken site per kind of editor mistake: one clear line, exit 1, output/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import SITE_YAML, SiteMaker, page, run_build, snapshot

GOOD_REFERENCE = (
    "- id: alpha2020\n  type: article\n  authors: [Alpha A]\n  title: A\n  year: 2020\n  verified_from: [x]\n"
)

CASES: list[tuple[str, dict[str, str | bytes | None], str]] = [
    (
        "broken YAML",
        {
            "content/symptoms.md": "---\ntitle: Symptoms\ndescription: CRPS: what it is\n---\nText [@alpha2020]\n"
        },
        'content/symptoms.md:3: error: YAML syntax: mapping values are not allowed here (hint: a value containing ": " must be in quotes)',
    ),
    (
        "unclosed front matter",
        {"content/symptoms.md": "---\ntitle: Symptoms\ndescription: x\nlast_reviewed: 2026-11-01\n\nText\n"},
        "content/symptoms.md:1: error: front matter is not closed (hint: add a line containing only --- after the last front-matter line)",
    ),
    (
        "no front matter",
        {"content/symptoms.md": "Just text\n"},
        "content/symptoms.md:1: error: page has no front matter",
    ),
    (
        "unknown front-matter key",
        {"content/symptoms.md": page("Symptoms", "Text [@alpha2020]\n", titel="x")},
        'content/symptoms.md:5: error: unknown front-matter key "titel" (did you mean "title"?)',
    ),
    (
        "missing title",
        {"content/symptoms.md": "---\ndescription: x\nlast_reviewed: 2026-11-01\n---\nText\n"},
        'content/symptoms.md:2: error: missing required front-matter key "title"',
    ),
    (
        "impossible date",
        {"content/symptoms.md": "---\ntitle: S\ndescription: x\nlast_reviewed: 2026-02-30\n---\nText\n"},
        'content/symptoms.md:4: error: impossible date "2026-02-30" (day is out of range for month)',
    ),
    (
        "wrong type",
        {"content/symptoms.md": page("Symptoms", "Text [@alpha2020]\n", order="first")},
        "content/symptoms.md:5: error: front-matter key \"order\" should be a whole number, not 'first'",
    ),
    (
        "YAML 1.1 surprise",
        {"content/symptoms.md": page("No", "Text [@alpha2020]\n")},
        'content/symptoms.md:2: error: unquoted "No" would be read as False',
    ),
    (
        "duplicate front-matter key",
        {
            "content/symptoms.md": page("Symptoms", "Text [@alpha2020]\n").replace(
                "---\nText", "title: Again\n---\nText"
            )
        },
        'content/symptoms.md:5: error: duplicate key "title" (first given on line 2)',
    ),
    (
        "non-UTF-8 file",
        {"content/symptoms.md": "---\ntitle: Caf\xe9\n---\n".encode("latin-1")},
        "content/symptoms.md:2: error: file is not UTF-8 text (byte 0xe9 cannot be read) (hint: save the file as UTF-8 in your editor)",
    ),
    (
        "two pages with one URL",
        {"content/other.md": page("Other", "Text [@alpha2020]\n", slug="symptoms")},
        'content/symptoms.md:1: error: address "/symptoms/" is already used by content/other.md',
    ),
    (
        "link to a missing page",
        {"content/symptoms.md": page("Symptoms", "Line one.\n\nSee [x](nope.md) [@alpha2020].\n")},
        'content/symptoms.md:8: error: link to missing page "nope.md"',
    ),
    (
        "link to a missing heading",
        {"content/index.md": page("Home", "See [s](symptoms.md#budapest-critera) [@alpha2020].\n")},
        'content/index.md:6: error: link to missing heading "#budapest-critera" in symptoms.md (did you mean "budapest-criteria"?)',
    ),
    (
        "Jinja syntax error",
        {"templates/page.html": '{% extends "base.html" %}\n{% block main %}\n{% if %}\n{% endblock %}\n'},
        "templates/page.html:3: error: template syntax: Expected an expression, got 'end of statement block'",
    ),
    (
        "undefined template variable",
        {
            "templates/404.html": '{% extends "base.html" %}\n{% block main %}\n{{ missing_thing }}\n{% endblock %}\n'
        },
        "templates/404.html:3: error: template error while rendering the 404 page: 'missing_thing' is undefined",
    ),
    (
        "site.yaml is not a mapping",
        {"site.yaml": "- just\n- a list\n"},
        "site.yaml:1: error: site.yaml must be a mapping of settings (key: value lines)",
    ),
    (
        "unknown site setting",
        {"site.yaml": "titel: x\n"},
        'site.yaml:1: error: unknown setting "titel" (did you mean "title"?)',
    ),
    (
        "brand colour too pale for white text",
        {"site.yaml": SITE_YAML + 'theme:\n  primary_color: "#ffcc00"\n'},
        'site.yaml:14: error: setting "theme.primary_color" should be a colour dark enough for white text and for links on white (contrast with white is 1.5:1; WCAG AA needs 4.5:1)',
    ),
    (
        "unknown citation key",
        {"content/index.md": page("Home", "Welcome [@alpha2021].\n")},
        'content/index.md:6: error: unknown citation key "alpha2021" (did you mean "alpha2020"?) (hint: cite an id from content/_data/references.yaml)',
    ),
    (
        "duplicate bibliography id",
        {"content/_data/references.yaml": GOOD_REFERENCE + GOOD_REFERENCE.replace("title: A", "title: B")},
        'content/_data/references.yaml:7: error: duplicate bibliography id "alpha2020" (first on line 1)',
    ),
    (
        "malformed DOI",
        {"content/_data/references.yaml": GOOD_REFERENCE + "  doi: https://doi.org/10.1/x\n"},
        'content/_data/references.yaml:7: error: bibliography field "doi" should be a DOI such as',
    ),
    (
        "malformed PMID",
        {"content/_data/references.yaml": GOOD_REFERENCE + "  pmid: PMC123\n"},
        "content/_data/references.yaml:7: error: bibliography field \"pmid\" should be a PubMed id of 1 to 9 digits, not 'PMC123'",
    ),
    (
        "malformed year",
        {"content/_data/references.yaml": GOOD_REFERENCE.replace("year: 2020", "year: 20")},
        'content/_data/references.yaml:5: error: bibliography field "year" should be a four-digit year, not 20',
    ),
    (
        "entry without authors",
        {"content/_data/references.yaml": GOOD_REFERENCE.replace("  authors: [Alpha A]\n", "")},
        'content/_data/references.yaml:1: error: bibliography entry "alpha2020" has no authors (hint: add it from the source itself; never guess)',
    ),
    (
        "unknown bibliography field",
        {"content/_data/references.yaml": GOOD_REFERENCE + "  containr: Pain\n"},
        'content/_data/references.yaml:7: error: unknown bibliography field "containr" (did you mean "container"?)',
    ),
    (
        "placeholder text of `new` published",
        {"content/symptoms.md": page("Symptoms", "Write the opening paragraph here. Text [@alpha2020]\n")},
        'content/symptoms.md:6: error: placeholder text "Write the opening paragraph here." is still here '
        "(hint: replace it with the page's own words, or put back draft: true until it is written)",
    ),
]


@pytest.mark.parametrize(("kind", "files", "expected"), CASES, ids=[c[0] for c in CASES])
def test_mistake_gives_one_clear_line_and_keeps_output(
    built_site: Path, tmp_path: Path, kind: str, files: dict[str, str | bytes | None], expected: str
) -> None:
    root = tmp_path / "site"
    shutil.copytree(built_site, root)
    before = snapshot(root / "output")
    for relpath, text in files.items():
        path = root / relpath
        if isinstance(text, bytes):
            path.write_bytes(text)
        elif text is not None:
            path.write_text(text, encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith(expected) for line in lines), result.stderr
    assert snapshot(root / "output") == before


def test_missing_site_yaml(make_site: SiteMaker) -> None:
    root = make_site()
    (root / "site.yaml").unlink()
    result = run_build(root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "site.yaml: error: site settings file not found (hint: create site.yaml or pass --config PATH)"
    )
    assert not (root / "output").exists()


def test_every_problem_is_reported_in_one_run(make_site: SiteMaker) -> None:
    root = make_site(
        {
            "content/index.md": page("Home", "Welcome [@nope].\n"),
            "content/symptoms.md": page("Symptoms", "Text [@alpha2020]\n", colour="red"),
        }
    )
    result = run_build(root)
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 2
    assert result.stderr.splitlines()[-2].startswith("2 errors, ")


def test_uncited_source_warns_and_fails_only_with_strict(make_site: SiteMaker) -> None:
    root = make_site({"content/symptoms.md": page("Symptoms", "Text [@beta2021].\n")})
    result = run_build(root, "check")
    assert result.returncode == 0
    assert (
        'content/_data/references.yaml:20: warning: bibliography entry "gamma2022" is not cited by any page'
        in result.stderr
    )
    assert run_build(root, "check", "--strict").returncode == 1


def test_page_citing_nothing_warns_unless_it_needs_no_sources(make_site: SiteMaker) -> None:
    root = make_site({"content/about.md": page("About", "Who we are.\n")})
    result = run_build(root, "check")
    assert "content/about.md:1: warning: page cites no sources" in result.stderr
    (root / "content/about.md").write_text(page("About", "Who we are.\n", needs_sources="false"))
    assert "about.md" not in run_build(root, "check").stderr


def test_refuses_to_replace_a_folder_it_did_not_create(make_site: SiteMaker, tmp_path: Path) -> None:
    root = make_site()
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    result = run_build(root, "--out", str(precious))
    assert result.returncode == 2
    assert "is not empty and was not made by a previous build" in result.stderr
    assert (precious / "thesis.docx").read_text() == "years of work"


def test_template_override_cannot_drop_the_disclaimer(make_site: SiteMaker) -> None:
    root = make_site()
    (root / "clinic").mkdir()
    (root / "clinic" / "base.html").write_text(
        "<!doctype html><title>x</title>{% block main %}{% endblock %}"
    )
    with (root / "site.yaml").open("a") as handle:
        handle.write("theme:\n  templates: clinic\n")
    result = run_build(root)
    assert result.returncode == 1
    assert "content/index.md: error: index.html does not show the disclaimer from site.yaml" in result.stderr


def test_loading_anything_from_another_site_fails_the_build(make_site: SiteMaker) -> None:
    # Templates are not Markdown: the output check is their backstop (pages: test_rawhtml.py).
    root = make_site()
    base = root / "templates" / "base.html"
    base.write_text(
        base.read_text().replace(
            "</head>",
            '<script src="https://cdn.example/lib.js"></script>\n</head>\n'
            '<img src="https://tracker.example/p.gif" alt="">',
        )
    )
    result = run_build(root)
    assert result.returncode == 1
    assert "<img> loads https://tracker.example/p.gif from another site" in result.stderr
    assert "<script> loads https://cdn.example/lib.js from another site" in result.stderr
    assert not (root / "output").exists()


def test_inline_scripts_and_handlers_fail_the_build(make_site: SiteMaker) -> None:
    # Templates are not Markdown: the output check is their backstop (pages: test_rawhtml.py).
    root = make_site()
    base = root / "templates" / "base.html"
    base.write_text(
        base.read_text().replace("</head>", '</head>\n<p onclick="x()">tap</p>\n<script>alert(1)</script>')
    )
    result = run_build(root)
    assert result.returncode == 1
    assert "inline event handler onclick=" in result.stderr
    assert "inline <script>" in result.stderr
