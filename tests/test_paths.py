"""Every path that comes from input stays inside its folder (issue 9, section 1).

Aliases, slugs, file names, template names, theme folders, static files and symlinks:
each mistake is one exact error line at its file and line, exit 1, and output/ (and
everything outside the project) untouched.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import SITE_YAML, SiteMaker, page, run_build, snapshot

from crpsgen.addresses import OutputPaths, alias_path, check_output_paths, check_slug
from crpsgen.diagnostics import Report
from crpsgen.model import OutputFile, SiteConfig
from crpsgen.slugs import slugify

ALIAS_HINT = (
    "(hint: an alias is an old address of this site, such as old-page or old/page/: "
    "lower-case letters, digits and hyphens, parts separated by /)"
)
SYMLINK_HINT = (
    "(hint: symlinks are followed only to files inside the project folder; copy the file in instead)"
)


def symptoms(**front: object) -> str:
    """The default symptoms page (front matter lines 2-6) with extra keys from line 7."""
    return page(
        "Symptoms",
        "## Budapest criteria\n\nSee [home](index.md) [@beta2021; @gamma2022].\n",
        section="crps",
        order=1,
        **front,
    )


@dataclass
class Case:
    kind: str
    files: dict[str, str | None]
    expected: list[str]  # every error line, in the order printed; {outside} is the folder outside
    links: dict[str, str] = field(default_factory=dict)  # symlink -> target ({outside} allowed)


CASES = [
    Case(
        "alias climbing out of output/",
        {"content/symptoms.md": symptoms(aliases='["../../../../escaped/x"]')},
        [
            f'content/symptoms.md:7: error: alias "../../../../escaped/x" leaves its folder (. or .. parts are not allowed) {ALIAS_HINT}'
        ],
    ),
    Case(
        "alias that is another site",
        {"content/symptoms.md": symptoms(aliases='["https://evil.example/x"]')},
        [
            f'content/symptoms.md:7: error: alias "https://evil.example/x" is a full web address; write only the path on this site {ALIAS_HINT}'
        ],
    ),
    Case(
        "alias at the line of its item",
        {"content/symptoms.md": symptoms(aliases="\n  - old-symptoms\n  - //evil.example/x")},
        [
            f'content/symptoms.md:9: error: alias "//evil.example/x" is a full web address; write only the path on this site {ALIAS_HINT}'
        ],
    ),
    Case(
        "alias that is the page's own address",
        {"content/symptoms.md": symptoms(aliases="[symptoms]")},
        [
            'content/symptoms.md:7: error: alias "symptoms" is this page\'s own address '
            "(hint: remove it: an alias is an old address that redirects here)"
        ],
    ),
    Case(
        "alias that is another page's address",
        {
            "content/about.md": page("About", "Who we are.\n", needs_sources="false"),
            "content/symptoms.md": symptoms(aliases="[/about/]"),
        },
        [
            'content/symptoms.md:7: error: alias "about" is the address of content/about.md '
            "(hint: an alias must be an address no page uses)"
        ],
    ),
    Case(
        "alias that another page has",
        {
            "content/index.md": page("Home", "Welcome [@alpha2020].\n", aliases="[old]"),
            "content/symptoms.md": symptoms(aliases="[old]"),
        },
        [
            'content/symptoms.md:7: error: alias "old" is already an alias of content/index.md (hint: keep only one of them)'
        ],
    ),
    Case(
        "alias given twice",
        {"content/symptoms.md": symptoms(aliases="[old, old/]")},
        [
            'content/symptoms.md:7: error: alias "old" is already an alias of this page (hint: keep only one of them)'
        ],
    ),
    *[
        Case(
            f"alias named {name}",
            {"content/symptoms.md": symptoms(aliases=f"[{name}]")},
            [
                f'content/symptoms.md:7: error: alias "{name}" is the name of a file the build writes ({name}) {ALIAS_HINT}'
            ],
        )
        for name in ("sitemap.xml", "index.html", "404.html", "robots.txt")
    ],
    Case(
        "alias inside assets/",
        {"content/symptoms.md": symptoms(aliases="[assets/css]")},
        [
            f'content/symptoms.md:7: error: alias "assets/css" is inside assets/, which holds the site\'s static files {ALIAS_HINT}'
        ],
    ),
    Case(
        "alias with a query",
        {"content/symptoms.md": symptoms(aliases='["old?id=3"]')},
        [
            'content/symptoms.md:7: error: alias "old?id=3" has a query or fragment (? or #), '
            f"which a static redirect cannot match {ALIAS_HINT}"
        ],
    ),
    Case(
        "alias with a backslash",
        {"content/symptoms.md": symptoms(aliases="['..\\evil']")},
        [
            f'content/symptoms.md:7: error: alias "..\\evil" contains a backslash; separate parts with / {ALIAS_HINT}'
        ],
    ),
    Case(
        "alias in upper case",
        {"content/symptoms.md": symptoms(aliases="[Old-Page]")},
        [
            'content/symptoms.md:7: error: alias "Old-Page" should be lower-case letters, digits and single '
            f"hyphens, parts separated by / {ALIAS_HINT}"
        ],
    ),
    Case(
        "alias that is the home page",
        {"content/symptoms.md": symptoms(aliases='["/"]')},
        [f'content/symptoms.md:7: error: alias "/" is the home page\'s address {ALIAS_HINT}'],
    ),
    Case(
        "alias inside pagefind/",
        {"content/symptoms.md": symptoms(aliases="[pagefind/old]")},
        [
            f'content/symptoms.md:7: error: alias "pagefind/old" is inside pagefind/, which holds the site\'s search index {ALIAS_HINT}'
        ],
    ),
    Case(
        "slug inside pagefind/",
        {"content/symptoms.md": symptoms(slug="pagefind")},
        [
            'content/symptoms.md:7: error: slug "pagefind" should be an address outside pagefind/, '
            "which holds the site's search index"
        ],
    ),
    Case(
        "slug inside assets/",
        {"content/symptoms.md": symptoms(slug="assets")},
        [
            'content/symptoms.md:7: error: slug "assets" should be an address outside assets/, '
            "which holds the site's static files"
        ],
    ),
    Case(
        "file name with a space",
        {"content/pain diary.md": symptoms()},
        [
            'content/pain diary.md: error: file name "pain diary" cannot be an address '
            "(hint: rename it to pain-diary.md, or set slug: pain-diary)"
        ],
    ),
    Case(
        "file name with an accent",
        {"content/café.md": symptoms()},
        [
            'content/café.md: error: file name "café" cannot be an address (hint: rename it to cafe.md, or set slug: cafe)'
        ],
    ),
    Case(
        "file name in camel case",
        {"content/PainDiary.md": symptoms()},
        [
            'content/PainDiary.md: error: file name "PainDiary" cannot be an address '
            "(hint: rename it to pain-diary.md, or set slug: pain-diary)"
        ],
    ),
    Case(
        "file name differing from another only by case",
        {"content/Symptoms.md": symptoms()},
        [
            'content/Symptoms.md: error: file name "Symptoms" cannot be an address '
            "(hint: rename it to symptoms.md, or set slug: symptoms)"
        ],
    ),
    Case(
        "folder name that cannot be an address",
        {"content/My Guides/pacing.md": symptoms()},
        [
            'content/My Guides/pacing.md: error: file name "My Guides/pacing" cannot be an address '
            "(hint: rename it to my-guides/pacing.md, or set slug: my-guides/pacing)"
        ],
    ),
    *[
        Case(
            f"Markdown file ending in {suffix}",
            {f"content/pacing{suffix}": symptoms()},
            [
                f"content/pacing{suffix}: error: not read: only files ending in .md are pages "
                "(hint: rename it to pacing.md)"
            ],
        )
        for suffix in (".markdown", ".MD", ".Md")
    ],
    *[
        Case(
            f"template {name}",
            {"content/symptoms.md": symptoms(template=name)},
            [
                f'content/symptoms.md:7: error: template "{name}" is not a page template '
                "(hint: name a file directly in templates/, such as page.html; partials/ holds pieces of pages)"
            ],
        )
        for name in ("partials/footer.html", "../../site.yaml", "/etc/passwd")
    ],
    Case(
        "template base.html",
        {"content/symptoms.md": symptoms(template="base.html")},
        [
            'content/symptoms.md:7: error: template "base.html" is the frame other templates extend (hint: use page.html)'
        ],
    ),
    Case(
        "theme.static outside the project",
        {"site.yaml": SITE_YAML + "theme:\n  static: /etc\n"},
        [
            'site.yaml:14: error: theme.static "/etc" is outside the project folder '
            "(hint: give the path of a folder next to site.yaml, such as clinic/static)"
        ],
    ),
    Case(
        "theme.templates climbing out",
        {"site.yaml": SITE_YAML + "theme:\n  primary_color: '#005eb8'\n  templates: ../..\n"},
        [
            'site.yaml:15: error: theme.templates "../.." is outside the project folder '
            "(hint: give the path of a folder next to site.yaml, such as clinic/templates)"
        ],
    ),
    Case(
        "theme.static through a symlink out",
        {"site.yaml": SITE_YAML + "theme:\n  static: clinic\n"},
        [
            'site.yaml:14: error: theme.static "clinic" is outside the project folder '
            "(hint: give the path of a folder next to site.yaml, such as clinic/static)"
        ],
        links={"clinic": "{outside}"},
    ),
    Case(
        "static symlink to a file outside",
        {},
        [f"static/passwd: error: symlink to {{outside}}/secret.txt, outside the project {SYMLINK_HINT}"],
        links={"static/passwd": "{outside}/secret.txt"},
    ),
    Case(
        "page symlink to a file outside",
        {},
        [f"content/leak.md: error: symlink to {{outside}}/page.md, outside the project {SYMLINK_HINT}"],
        links={"content/leak.md": "{outside}/page.md"},
    ),
    Case(
        "template symlink to a file outside",
        {},
        [f"templates/leak.html: error: symlink to {{outside}}/page.md, outside the project {SYMLINK_HINT}"],
        links={"templates/leak.html": "{outside}/page.md"},
    ),
    Case(
        "broken symlink in content/",
        {},
        ['content/gone.md: error: broken symlink (its target "nowhere.md" does not exist)'],
        links={"content/gone.md": "nowhere.md"},
    ),
    Case(
        "looping symlink in content/",
        {},
        ['content/loop.md: error: symlink loop (its target "loop.md" leads back to itself)'],
        links={"content/loop.md": "loop.md"},
    ),
    Case(
        "symlinked folder looping back up in static/",
        {},
        ["static/up: error: symlink loop (it leads back to a folder that contains it)"],
        links={"static/up": ".."},
    ),
    Case(
        "static file name with a space",
        {"static/my logo.svg": "<svg/>"},
        [
            'static/my logo.svg: error: static file name "my logo.svg" cannot be part of an address '
            "(hint: use only ASCII letters, digits, dots, hyphens and underscores)"
        ],
    ),
    Case(
        "static file that the theme stylesheet would replace",
        {"static/css/theme.css": "body {}"},
        [
            "static/css/theme.css: error: css/theme.css is made by the build from theme colours in site.yaml "
            "(hint: rename this file; set the colours with theme.primary_color and theme.accent_color)"
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.kind for c in CASES])
def test_path_mistake_is_one_line_and_nothing_is_written(
    built_site: Path, tmp_path: Path, case: Case
) -> None:
    work = tmp_path / "work"  # the site and, next to it, a folder outside the project
    root = work / "site"
    shutil.copytree(built_site, root, symlinks=True)
    outside = work / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0\n")
    (outside / "page.md").write_text(symptoms())
    for relpath, text in case.files.items():
        (root / relpath).parent.mkdir(parents=True, exist_ok=True)
        if text is not None:
            (root / relpath).write_text(text, encoding="utf-8")
    for link, target in case.links.items():
        os.symlink(target.replace("{outside}", str(outside)), root / link)
    before, around = snapshot(root / "output"), sorted(p.name for p in work.iterdir())
    result = run_build(root)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [line.replace("{outside}", str(outside.resolve())) for line in case.expected]
    assert snapshot(root / "output") == before
    assert sorted(p.name for p in work.iterdir()) == around  # nothing written next to the project
    assert not (root / "output" / "escaped").exists() and not (work / "escaped").exists()


def test_a_clean_slug_makes_any_file_name_an_address(make_site: SiteMaker) -> None:
    root = make_site({"content/Pain Diary.md": symptoms(slug="pain-diary")})
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "output" / "pain-diary" / "index.html").is_file()
    assert "<loc>https://example.org/pain-diary/</loc>" in (root / "output" / "sitemap.xml").read_text()


def test_good_aliases_redirect_and_symlinks_inside_the_project_are_followed(make_site: SiteMaker) -> None:
    root = make_site({"content/symptoms.md": symptoms(aliases="[/old-symptoms/, old/signs]")})
    (root / "shared").mkdir()
    (root / "shared" / "logo.svg").write_text("<svg/>")
    os.symlink("../shared/logo.svg", root / "static" / "logo.svg")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    for alias in ("old-symptoms", "old/signs"):
        assert 'url=/symptoms/"' in (root / "output" / alias / "index.html").read_text()
    assert list((root / "output" / "assets").glob("logo.*.svg"))


def test_template_lookup_cannot_leave_its_folder(tmp_path: Path) -> None:
    """Jinja's loader refuses ".." and absolute names; ours also refuses a symlink out."""
    import jinja2

    from crpsgen.templates import ProjectLoader

    (tmp_path / "site" / "templates").mkdir(parents=True)
    (tmp_path / "secret.html").write_text("secret")
    (tmp_path / "site" / "templates" / "page.html").write_text("page")
    os.symlink(tmp_path / "secret.html", tmp_path / "site" / "templates" / "leak.html")
    env = jinja2.Environment(loader=ProjectLoader([tmp_path / "site" / "templates"], tmp_path / "site"))
    assert env.get_template("page.html").render() == "page"
    for name in ("../secret.html", str(tmp_path / "secret.html"), "leak.html", "partials/../../secret.html"):
        with pytest.raises(jinja2.TemplateNotFound):
            env.get_template(name)


def test_one_slug_rule() -> None:
    assert slugify("The Budapest criteria") == "the-budapest-criteria"
    assert slugify("Café au lait") == "cafe-au-lait"
    assert slugify("Don't panic: 1.5 mg/kg") == "dont-panic-15-mgkg"
    assert slugify("  -- CRPS & ketamine --  ") == "crps-ketamine"
    assert slugify("Sudeck\u2019s atrophy") == "sudecks-atrophy"
    assert slugify("日本") == ""
    for text in ("The Budapest criteria", "Café au lait", "Don't panic: 1.5 mg/kg"):
        assert check_slug(slugify(text)) is None


def test_heading_ids_and_glossary_anchors_use_the_one_rule(make_site: SiteMaker) -> None:
    glossary = "- term: Sudeck's atrophy\n  definition: An old name for CRPS.\n"
    root = make_site(
        {
            "content/_data/glossary.yaml": glossary,
            "content/symptoms.md": page(
                "Symptoms", "## Don't panic: café\n\nText [@beta2021; @gamma2022].\n", section="crps"
            ),
            "content/index.md": page("Home", "See [s](symptoms.md#dont-panic-cafe) [@alpha2020].\n"),
        }
    )
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert 'id="dont-panic-cafe"' in (root / "output" / "symptoms" / "index.html").read_text()


def test_alias_forms() -> None:
    assert alias_path("old-page") == "old-page/"
    assert alias_path("/old/page/") == "old/page/"
    for bad in ("", "/", ".", "a/./b", "a/../b", "..", "a//b", "A", "a b", "a.html", "a_b", "ü", "a\x00b"):
        assert not isinstance(alias_path(bad), str), bad


def test_output_collisions_are_one_error_naming_both_sources(tmp_path: Path) -> None:
    """The backstop over every output path: a file twice, or a file where a folder goes."""
    config = _config(tmp_path)
    a, b = tmp_path / "content" / "a.md", tmp_path / "content" / "b.md"
    outputs = [
        OutputFile("sitemap.xml", b"x"),
        OutputFile("sitemap.xml/index.html", b"y", a),
        OutputFile("x/index.html", b"1", a),
        OutputFile("x/index.html", b"2", b),
        OutputFile("../evil", b"3", b),
        OutputFile("ok/index.html", b"4", b),
    ]
    report = Report(root=tmp_path)
    kept = check_output_paths(outputs, [], config, report)
    assert [o.path for o in kept] == ["sitemap.xml", "x/index.html", "ok/index.html"]
    assert [d.format() for d in report.items] == [
        "content/a.md: error: would write output/sitemap.xml/index.html, which clashes with "
        "output/sitemap.xml from site.yaml (hint: give one of them another file name, slug or alias)",
        "content/b.md: error: would write output/x/index.html, which clashes with output/x/index.html "
        "from content/a.md (hint: give one of them another file name, slug or alias)",
        'content/b.md: error: output path "../evil" would be outside output/',
    ]


def test_output_paths_are_linear_dictionary_lookups() -> None:
    claimed = OutputPaths()
    for n in range(20000):
        assert claimed.claim(f"p{n}/index.html", Path("x")) is None
    assert claimed.claim("p7", Path("y")) == "p7/index.html"
    assert claimed.claim("p7/index.html/deeper", Path("y")) == "p7/index.html"


def _config(root: Path) -> SiteConfig:
    from crpsgen.config import load_config

    (root / "site.yaml").write_text(SITE_YAML)
    config = load_config(root / "site.yaml", Report(root=root))
    assert config is not None
    return config


def test_the_dev_server_rebuild_reports_path_mistakes_as_a_full_build_does(make_site: SiteMaker) -> None:
    """A kept build cache must see the same path mistakes as a full build, and their fixes."""
    from support import Session

    from crpsgen.model import BuildOptions
    from crpsgen.pipeline import build_site

    root = make_site(
        {"content/symptoms.md": symptoms(aliases="[symptoms, ../x]", template="partials/menu.html")}
    )
    (root / "content" / "pacing.markdown").write_text(symptoms())
    os.symlink("/etc/hostname", root / "static" / "host.txt")
    os.symlink("missing.md", root / "content" / "gone.md")
    options = BuildOptions(config_path=root / "site.yaml")
    session = Session(options)

    def same() -> list[str]:
        rebuilt = session.rebuild()
        full = build_site(options, Report(root=root))
        lines = [d.format() for d in rebuilt.report.sorted()]
        assert lines == [d.format() for d in full.report.sorted()]
        assert [o.path for o in rebuilt.outputs] == [o.path for o in full.outputs]
        return [line for line in lines if ": error: " in line]

    assert len(same()) == 6  # the static symlink too: static files are read before Markdown (images)
    (root / "content" / "symptoms.md").write_text(symptoms(aliases="[old-symptoms]"))
    (root / "content" / "pacing.markdown").unlink()
    (root / "static" / "host.txt").unlink()
    (root / "content" / "gone.md").unlink()
    assert same() == []


@pytest.mark.parametrize(
    ("relpath", "hint"),
    [
        ("Index.md", "rename it to index.md"),
        ("guides/Index.md", "rename it to guides/index.md, or set slug: guides"),
        ("pain_diary.md", "rename it to pain-diary.md, or set slug: pain-diary"),
        ("assets.md", "rename it or its folder: addresses under assets/ belong to the site's static files"),
        (
            "日本.md",
            "rename it using lower-case letters, digits and hyphens, or set slug: in its front matter",
        ),
    ],
)
def test_file_name_hints(relpath: str, hint: str) -> None:
    from crpsgen.addresses import check_file_name

    problem = check_file_name(relpath)
    assert problem is not None and problem.hint == hint
    assert check_file_name("guides/pacing-and-flare-ups.md") is None and check_file_name("index.md") is None


def test_a_content_folder_that_is_a_symlink_out_of_the_project_is_one_error(tmp_path: Path) -> None:
    from crpsgen.walk import walk_files

    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.md").write_text("x")
    (tmp_path / "site").mkdir()
    os.symlink(tmp_path / "elsewhere", tmp_path / "site" / "content")
    report = Report(root=tmp_path / "site")
    assert walk_files(tmp_path / "site" / "content", tmp_path / "site", report) == []
    assert [d.format() for d in report.items] == [
        f"content: error: folder is a symlink to {(tmp_path / 'elsewhere').resolve()}, outside the project "
        + SYMLINK_HINT
    ]
