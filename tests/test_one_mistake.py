"""One mistake, one line: no cascade of false errors, no wrong file blamed, no traceback.

Each case breaks a copy of a small good site and asserts the exact line, that it is
the only error, exit code 1 and that output/ is untouched. The same mistakes go through
the dev server's incremental rebuild, which must report exactly what a full build does.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from support import (
    PROJECT,
    SITE_YAML,
    Session,
    SiteMaker,
    edit,
    make_site,
    options,
    page,
    run_build,
    snapshot,
)

from crpsgen.diagnostics import Report
from crpsgen.pipeline import build_site

# Two more pages that link to symptoms.md: a broken symptoms.md must not make them fail too.
LINKING = {
    "content/causes.md": page("Causes", "See [symptoms](symptoms.md) [@alpha2020].\n"),
    "content/help.md": page("Help", "Read [the symptoms](symptoms.md#budapest-criteria) [@beta2021].\n"),
}
END = SITE_YAML.count("\n")  # the last line of site.yaml, before a case appends to it
NESTED = "[" * 300 + "]" * 300
GLOSSARY_PAGE = page("Glossary", "Words we use.\n", template="glossary.html", needs_sources="false")
SELF_INCLUDE = '{% extends "base.html" %}\n{% block main %}\n{% include "page.html" %}\n{% endblock %}\n'

Files = Mapping[str, str | None]
Change = Callable[[Path], None]


def replace_in(relpath: str, old: str, new: str) -> Change:
    return lambda root: edit(root / relpath, old, new)


def remove(relpath: str) -> Change:
    return lambda root: (root / relpath).unlink()


def write(files: Files) -> Change:
    def change(root: Path) -> None:
        for relpath, text in files.items():
            if text is not None:
                (root / relpath).parent.mkdir(parents=True, exist_ok=True)
                (root / relpath).write_text(text, encoding="utf-8")

    return change


def write_bytes(relpath: str, content: bytes) -> Change:
    def change(root: Path) -> None:
        (root / relpath).write_bytes(content)

    return change


def both(first: Change, second: Change) -> Change:
    def change(root: Path) -> None:
        first(root)
        second(root)

    return change


# kind, change, extra command-line arguments, the one error line expected (exactly)
CASES: list[tuple[str, Change, tuple[str, ...], str]] = [
    (
        "misspelt title in a page others link to",
        both(write(LINKING), replace_in("content/symptoms.md", "title: Symptoms", "titel: Symptoms")),
        (),
        'content/symptoms.md:2: error: unknown front-matter key "titel" (did you mean "title"?) (hint: allowed: '
        "title, description, slug, section, order, nav_title, template, last_reviewed, next_review_due, "
        "reviewed_by, authors, draft, aliases, aspect, tags, needs_sources, translation_of, translated_from, "
        "translation_reviewed_by)",
    ),
    (
        "front matter broken in a page others link to",
        both(write(LINKING), replace_in("content/symptoms.md", "order: 1", "order: first")),
        (),
        "content/symptoms.md:6: error: front-matter key \"order\" should be a whole number, not 'first' "
        "(hint: Position within the section (lower first).)",
    ),
    (
        "two pages with one address, others linking to the refused one",
        write({**LINKING, "content/other.md": page("Other", "Text [@alpha2020]\n", slug="symptoms")}),
        (),
        'content/symptoms.md:1: error: address "/symptoms/" is already used by content/other.md '
        "(hint: give one of them a different file name or slug)",
    ),
    (
        "misspelt template variable in base.html",
        replace_in("templates/base.html", "{{ csp }}", "{{ cps }}"),
        (),
        "templates/base.html:{csp}: error: template error while rendering 3 pages "
        "(index.md, symptoms.md and 1 more): 'cps' is undefined",
    ),
    (
        "division by zero in a template",
        replace_in("templates/base.html", "{{ csp }}", "{{ 1/0 }}"),
        (),
        "templates/base.html:{csp}: error: template error while rendering 3 pages "
        "(index.md, symptoms.md and 1 more): ZeroDivisionError: division by zero",
    ),
    (
        "a template that includes itself",
        write({"templates/page.html": SELF_INCLUDE}),
        (),
        "templates/page.html:3: error: template error while rendering 2 pages (index.md, symptoms.md): "
        "a template includes or extends itself without end",
    ),
    (
        "a template nested 400 deep",
        write({"templates/deep.html": "{% if 1 %}" * 400 + "x" + "{% endif %}" * 400}),
        (),
        "templates/deep.html: error: template syntax: blocks are nested too deeply to compile",
    ),
    (
        "a template that is not UTF-8",
        write_bytes("templates/bad.html", b"<p>\n\xff{{ x }}</p>\n"),
        (),
        "templates/bad.html:2: error: template is not UTF-8 text (hint: save it as UTF-8 in your editor)",
    ),
    (
        "bibliography entry with a bad type",
        replace_in("content/_data/references.yaml", "type: article", "type: artcle"),
        (),
        'content/_data/references.yaml:2: error: bibliography field "type" should be one of article, review, '
        "guideline, book, webpage, label, not 'artcle' "
        "(hint: Kind of source: article, review, guideline, book, webpage, label)",
    ),
    (
        "bibliography deleted",
        remove("content/_data/references.yaml"),
        (),
        "content/_data/references.yaml: error: bibliography not found "
        "(hint: 2 pages cite sources with [@id]; each id needs an entry in this file)",
    ),
    (
        "bibliography emptied",
        write({"content/_data/references.yaml": "\n"}),
        (),
        "content/_data/references.yaml: error: bibliography is empty "
        "(hint: 2 pages cite sources with [@id]; each id needs an entry in this file)",
    ),
    (
        "bibliography with no usable entry",
        write({"content/_data/references.yaml": "- alpha2020\n"}),
        (),
        "content/_data/references.yaml:1: error: each entry of references.yaml must be a mapping of fields",
    ),
    (
        "glossary missing for the glossary page",
        write({"content/glossary.md": GLOSSARY_PAGE}),
        (),
        "content/_data/glossary.yaml: error: glossary not found (hint: content/glossary.md lists the terms of this file)",
    ),
    (
        "glossary emptied",
        write({"content/glossary.md": GLOSSARY_PAGE, "content/_data/glossary.yaml": "# none yet\n"}),
        (),
        "content/_data/glossary.yaml: error: glossary is empty (hint: content/glossary.md lists the terms of this file)",
    ),
    (
        "logo that is not a static file",
        write({"site.yaml": SITE_YAML + "theme:\n  logo: nope.svg\n"}),
        (),
        f'site.yaml:{END + 2}: error: theme.logo "nope.svg" is not a file in static/ '
        "(hint: name the file relative to that folder, e.g. logo: logo.svg for static/logo.svg)",
    ),
    (
        "logo outside the static folder",
        write({"site.yaml": SITE_YAML + "theme:\n  logo: ../site.yaml\n"}),
        (),
        f'site.yaml:{END + 2}: error: theme.logo "../site.yaml" is not a file in static/ '
        "(hint: name the file relative to that folder, e.g. logo: logo.svg for static/logo.svg)",
    ),
    (
        "logo written with ./ (templates ask for css/site.css, not ./css/site.css)",
        write({"site.yaml": SITE_YAML + "theme:\n  logo: ./css/site.css\n"}),
        (),
        f'site.yaml:{END + 2}: error: theme.logo "./css/site.css" is not a file in static/ '
        "(hint: name the file relative to that folder, e.g. logo: logo.svg for static/logo.svg)",
    ),
    (
        "--base-url that is not an address",
        write({}),
        ("--base-url", "notaurl"),
        "--base-url: error: should be a web address of the form https://example.org/ or "
        "https://example.org/sub/path/ (no ?query, #fragment or user@), not 'notaurl'",
    ),
    (
        "--base-url with a query",
        write({}),
        ("--base-url", "https://example.org/?utm=x"),
        "--base-url: error: should be a web address of the form https://example.org/ or "
        "https://example.org/sub/path/ (no ?query, #fragment or user@), not 'https://example.org/?utm=x'",
    ),
    (
        "base_url with a query",
        replace_in("site.yaml", "base_url: https://example.org/", "base_url: https://example.org/?utm=x"),
        (),
        'site.yaml:2: error: setting "base_url" should be a web address of the form https://example.org/ or '
        "https://example.org/sub/path/ (no ?query, #fragment or user@), not 'https://example.org/?utm=x' "
        "(hint: Full address the site is published at, optionally with a subpath (https://example.org/crps/); "
        "no ?query, #fragment or user@.)",
    ),
    (
        "base_url that urlsplit cannot read",
        replace_in("site.yaml", "base_url: https://example.org/", "base_url: https://[::1/"),
        (),
        'site.yaml:2: error: setting "base_url" should be a web address of the form https://example.org/ or '
        "https://example.org/sub/path/ (no ?query, #fragment or user@), not 'https://[::1/' "
        "(hint: Full address the site is published at, optionally with a subpath (https://example.org/crps/); "
        "no ?query, #fragment or user@.)",
    ),
    (
        "base_url with a user and password",
        replace_in("site.yaml", "base_url: https://example.org/", "base_url: https://user:pw@example.org/"),
        (),
        'site.yaml:2: error: setting "base_url" should be a web address of the form https://example.org/ or '
        "https://example.org/sub/path/ (no ?query, #fragment or user@), not 'https://user:pw@example.org/' "
        "(hint: Full address the site is published at, optionally with a subpath (https://example.org/crps/); "
        "no ?query, #fragment or user@.)",
    ),
    (
        "base_url with a fragment",
        replace_in("site.yaml", "base_url: https://example.org/", "base_url: https://example.org/#top"),
        (),
        'site.yaml:2: error: setting "base_url" should be a web address of the form https://example.org/ or '
        "https://example.org/sub/path/ (no ?query, #fragment or user@), not 'https://example.org/#top' "
        "(hint: Full address the site is published at, optionally with a subpath (https://example.org/crps/); "
        "no ?query, #fragment or user@.)",
    ),
    (
        "unclosed quote in site.yaml",
        replace_in("site.yaml", "title: Test site", 'title: "Test site'),
        (),
        "site.yaml:1: error: YAML syntax: the quote opened on this line is not closed on it "
        "(hint: end the value with the same quote mark, on the same line)",
    ),
    (
        "unclosed quote on line 2 of site.yaml",
        replace_in("site.yaml", "base_url: https://example.org/", "base_url: 'https://example.org/"),
        (),
        "site.yaml:2: error: YAML syntax: the quote opened on this line is not closed on it "
        "(hint: end the value with the same quote mark, on the same line)",
    ),
    (
        "unquoted colour (a YAML comment)",
        write({"site.yaml": SITE_YAML + "theme:\n  primary_color: #7a1f5c\n"}),
        (),
        f'site.yaml:{END + 2}: error: theme.primary_color is empty: a value starting with # must be in quotes (hint: primary_color: "#7a1f5c")',
    ),
    (
        "unquoted # in a required setting",
        replace_in("site.yaml", "title: Test site", "title: #1 pain clinic"),
        (),
        'site.yaml:1: error: title is empty: a value starting with # must be in quotes (hint: title: "#1 pain clinic")',
    ),
    (
        "unquoted # in front matter",
        replace_in("content/symptoms.md", "title: Symptoms", "title: #1 symptom"),
        (),
        'content/symptoms.md:2: error: title is empty: a value starting with # must be in quotes (hint: title: "#1 symptom")',
    ),
    (
        "list nested 300 deep in front matter",
        replace_in("content/symptoms.md", "order: 1", "order: 1\ntags: " + NESTED),
        (),
        "content/symptoms.md:7: error: YAML: values are nested more than 30 levels deep "
        "(hint: settings and front matter need only a few levels of indentation or brackets)",
    ),
    (
        "list nested 300 deep in a data file",
        write({"content/_data/glossary.yaml": "- term: wind-up\n  definition: " + NESTED + "\n"}),
        (),
        "content/_data/glossary.yaml:2: error: YAML: values are nested more than 30 levels deep "
        "(hint: settings and front matter need only a few levels of indentation or brackets)",
    ),
    (
        "list nested 300 deep in site.yaml",
        write({"site.yaml": SITE_YAML + "tagline: " + NESTED + "\n"}),
        (),
        f"site.yaml:{END + 1}: error: YAML: values are nested more than 30 levels deep "
        "(hint: settings and front matter need only a few levels of indentation or brackets)",
    ),
]


def csp_line(root: Path) -> int:
    """The line of base.html that writes the Content-Security-Policy (the templates may change)."""
    lines = (PROJECT / "templates/base.html").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if "{{ csp }}" in line)


@pytest.mark.parametrize(("kind", "change", "args", "expected"), CASES, ids=[c[0] for c in CASES])
def test_one_mistake_gives_one_line(
    built_site: Path, tmp_path: Path, kind: str, change: Change, args: tuple[str, ...], expected: str
) -> None:
    root = tmp_path / "site"
    shutil.copytree(built_site, root)
    before = snapshot(root / "output")
    change(root)
    result = run_build(root, *args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [expected.replace("{csp}", str(csp_line(root)))], result.stderr
    assert snapshot(root / "output") == before


def test_a_site_without_glossary_page_needs_no_glossary_file(built_site: Path, tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(built_site, root)
    assert not (root / "content/_data/glossary.yaml").exists()
    assert run_build(root).returncode == 0


def test_a_site_citing_nothing_needs_no_bibliography(built_site: Path, tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(built_site, root)
    (root / "content/_data/references.yaml").unlink()
    write(
        {
            "content/index.md": page("Home", "Welcome.\n", needs_sources="false"),
            "content/symptoms.md": page("Symptoms", "Text.\n", needs_sources="false"),
        }
    )(root)
    result = run_build(root)
    assert result.returncode == 0, result.stderr


# The same mistakes on the dev server's site: an incremental rebuild reports what a full build does.
SESSION_EDITS: dict[str, Change] = {
    "misspelt title": replace_in("content/symptoms.md", "title: Symptoms", "titel: Symptoms"),
    "two pages with one address": write({"content/other.md": page("O", "x [@a2020]\n", slug="symptoms")}),
    "misspelt template variable": replace_in("templates/base.html", "<body>", "<body>{{ cps }}"),
    "template divides by zero": replace_in("templates/page.html", "<h1>", "<h1>{{ 1/0 }}"),
    "bibliography deleted": remove("content/_data/references.yaml"),
    "bibliography entry with a bad type": replace_in("content/_data/references.yaml", "type: ", "type: x"),
    "glossary deleted": remove("content/_data/glossary.yaml"),
    "unquoted colour": lambda root: edit(root / "site.yaml", "title: Golden site", "title: #1 site"),
}


@pytest.mark.parametrize("change", SESSION_EDITS.values(), ids=SESSION_EDITS.keys())
def test_a_rebuild_reports_a_mistake_as_a_full_build_does(tmp_path: Path, change: Change) -> None:
    config = make_site(tmp_path / "site", golden=True) / "site.yaml"
    session = Session(options(config))
    session.rebuild()
    change(config.parent)
    for _ in range(2):  # the second rebuild comes from the caches
        rebuilt = session.rebuild()
        full = build_site(options(config), Report(root=config.parent))
        errors = [d.format() for d in full.report.sorted() if d.severity == "error"]
        assert len(errors) == 1, errors
        assert [d.format() for d in rebuilt.report.sorted()] == [d.format() for d in full.report.sorted()]
        assert rebuilt.outputs == full.outputs == []


def test_an_invisible_control_character_in_a_title_is_one_clear_line(make_site: SiteMaker) -> None:
    """A YAML escape such as "\\x01" gets past the loader; it would break feed.xml (XML forbids it)."""
    root = make_site({"content/about.md": page('"About \\x01 us"', "Who we are.\n", needs_sources="false")})
    result = run_build(root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        'content/about.md:2: error: front-matter key "title" should be text without invisible control '
        "characters, not 'About \\x01 us' (hint: The page's title, shown as its main heading.)"
    ], result.stderr
    assert not (root / "output").exists()
