"""The command line: help for each command, scaffolding, exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from support import SiteMaker, run_build

from crpsgen import cli, config, frontmatter, schema, site_data
from crpsgen.diagnostics import Report
from crpsgen.frontmatter import parse_page
from crpsgen.sources import source_for


@pytest.mark.parametrize("command", ["build", "check", "serve", "new"])
def test_every_command_explains_itself(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: python build.py " + command in capsys.readouterr().out


def test_unknown_option_is_a_usage_error(make_site: SiteMaker) -> None:
    result = run_build(make_site(), "--colour")
    assert result.returncode == 2
    assert "unrecognized arguments: --colour" in result.stderr


def test_new_page_has_every_required_field_and_validates(make_site: SiteMaker) -> None:
    root = make_site()
    result = run_build(root, "new", "Pacing and flare-ups")
    assert result.returncode == 0, result.stderr
    path = root / "content" / "pacing-and-flare-ups.md"
    text = path.read_text()
    assert f"last_reviewed: {dt.date.today().isoformat()}" in text
    assert 'title: "Pacing and flare-ups"' in text
    report = Report(root=root)
    site = config.load_config(root / "site.yaml", report)
    assert site is not None
    page = parse_page(source_for(root / "content", "pacing-and-flare-ups.md"), site, report, dt.date.today())
    assert page is not None and page.meta.draft, [d.format() for d in report.items]
    again = run_build(root, "new", "Pacing and flare-ups")
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_check_writes_nothing(make_site: SiteMaker) -> None:
    root = make_site()
    result = run_build(root, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("checked 2 pages")
    assert not (root / "output").exists()


def test_drafts_are_left_out_unless_asked_for(make_site: SiteMaker) -> None:
    from support import page

    root = make_site({"content/draft.md": page("Draft", "Text [@alpha2020].\n", draft="true")})
    assert run_build(root).returncode == 0
    assert not (root / "output" / "draft").exists()
    assert run_build(root, "--drafts").returncode == 0
    assert "Draft: this page is not published" in (root / "output/draft/index.html").read_text()


def test_aliases_redirect_to_the_page(make_site: SiteMaker) -> None:
    from support import page

    root = make_site({"content/symptoms.md": page("Symptoms", "Text [@alpha2020].\n", aliases="[signs]")})
    assert run_build(root).returncode == 0
    redirect = (root / "output/signs/index.html").read_text()
    assert '<meta http-equiv="refresh" content="0; url=/symptoms/">' in redirect


def test_readme_documents_every_setting_and_field() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for fields in (config.FIELDS, frontmatter.FIELDS, site_data.REFERENCE_FIELDS):
        for line in schema.document(fields):
            assert line in readme, f"README is missing: {line}"


def test_sitemap_and_robots_use_the_base_url(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root, "--base-url", "https://clinic.example/crps/").returncode == 0
    sitemap = (root / "output/sitemap.xml").read_text()
    assert "<loc>https://clinic.example/crps/symptoms/</loc>\n    <lastmod>2026-11-01</lastmod>" in sitemap
    robots = (root / "output/robots.txt").read_text()
    assert robots.endswith("Sitemap: https://clinic.example/crps/sitemap.xml\n")


def test_check_stats_lists_words_grade_and_sources(make_site: SiteMaker) -> None:
    result = run_build(make_site(), "check", "--stats")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["page", "words", "grade", "sources"]
    assert lines[1].split()[0] == "index.md" and lines[1].split()[-1] == "1"
    assert lines[2].split()[0] == "symptoms.md" and lines[2].split()[-1] == "2"


def test_search_page_and_index(make_site: SiteMaker) -> None:
    search = (Path(__file__).resolve().parent.parent / "content" / "search.md").read_text()
    root = make_site({"content/search.md": search})
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    pagefind = root / "output/pagefind"
    entry = json.loads((pagefind / "pagefind-entry.json").read_text())
    assert entry["languages"]["en-us"]["page_count"] == 2  # the home page and Symptoms, not Search
    assert (pagefind / "pagefind.js").is_file() and list(pagefind.glob("wasm.*.pagefind"))
    assert list(pagefind.glob("index/*.pf_index")) and len(list(pagefind.glob("fragment/*"))) == 2
    assert not list(pagefind.glob("*ui*")) and not (root / "output/search-index.json").exists()
    html = (root / "output/search/index.html").read_text()
    assert 'data-pagefind="/pagefind/pagefind.js"' in html
    assert '<a href="/symptoms/">Symptoms</a>' in html  # the list that works without JavaScript
    first = {p.relative_to(root / "output"): p.read_bytes() for p in pagefind.rglob("*") if p.is_file()}
    assert run_build(root).returncode == 0
    again = {p.relative_to(root / "output"): p.read_bytes() for p in pagefind.rglob("*") if p.is_file()}
    assert again == first  # the same pages give the same index, byte for byte


def test_a_site_without_a_search_page_has_no_search_index(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    assert not (root / "output/pagefind").exists()


def test_a_missing_search_indexer_is_one_error_and_nothing_is_written(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    search = (Path(__file__).resolve().parent.parent / "content" / "search.md").read_text()
    root = make_site({"content/search.md": search})
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(root / "no-such-pagefind"))
    result = run_build(root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/search.md:8: error: cannot run the Pagefind search indexer: No such file or directory "
        '(hint: install the search indexer with: pip install "pagefind[bin]")'
    )
    assert not (root / "output").exists()


def test_references_page_lists_every_source_with_the_pages_citing_it(make_site: SiteMaker) -> None:
    from support import page

    references = page("References", "All our sources.\n", template="references.html", needs_sources="false")
    root = make_site({"content/references.md": references})
    assert run_build(root).returncode == 0
    html = (root / "output/references/index.html").read_text()
    alpha = html.split('id="source-alpha2020"')[1].split("</li>")[0]
    assert '<a href="https://doi.org/10.1000/alpha">doi:10.1000/alpha</a>' in alpha
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/12345/">PubMed 12345</a>' in alpha
    assert '<a href="/">Home</a>' in alpha
    beta = html.split('id="source-beta2021"')[1].split("</li>")[0]
    assert '<a href="/symptoms/">Symptoms</a>' in beta and '<a href="/">Home</a>' not in beta


# ---------------------------------------------------------------- one line, never a traceback (issue 9)

import errno  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from support import PROJECT, page, snapshot  # noqa: E402

from crpsgen import scaffold, writer  # noqa: E402


def built(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, **files: str
) -> tuple[Path, dict[str, bytes]]:
    """A site built once, with the current folder set to it as an editor's would be."""
    root = make_site({f"content/{name}": text for name, text in files.items()})
    assert run_build(root).returncode == 0
    monkeypatch.chdir(root)
    before = snapshot(root / "output")
    change_a_page(root)
    return root, before


def change_a_page(root: Path) -> None:
    """An edit since the last build, so the next build has files to write (else it writes none)."""
    page = sorted((root / "content").glob("*.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "notice" not in line]  # the fixture's review notice
    assert len(lines) == 1, err
    return lines[0]


def test_a_read_only_output_folder_is_one_line(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, before = built(make_site, monkeypatch)
    monkeypatch.setattr(
        "crpsgen.writer.os.access", lambda path, mode: False
    )  # as chmod -w would, even for root
    capsys.readouterr()
    assert cli.main(["build"]) == 2
    assert one_line(capsys) == (
        "output: error: cannot write output/: Permission denied (hint: make the output folder and the folder "
        "it is in writable, or choose another --out; output/ was left as it was)"
    )
    assert snapshot(root / "output") == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only folders")
def test_a_really_read_only_site_folder_is_one_line(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    before = snapshot(root / "output")
    root.chmod(0o555)
    try:
        result = run_build(root)
    finally:
        root.chmod(0o755)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("output: error: cannot write output/: Permission denied (hint: ")
    assert snapshot(root / "output") == before


def test_a_full_disk_is_one_line_and_leaves_no_staging(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, before = built(make_site, monkeypatch)
    original = writer._write

    def write(path: Path, content: bytes) -> None:
        if path.name == "index.html":  # the changed page (the others are linked, not written)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        original(path, content)

    monkeypatch.setattr(writer, "_write", write)
    capsys.readouterr()
    assert cli.main(["build"]) == 2
    assert one_line(capsys) == (
        "output: error: cannot write output/: No space left on device "
        "(hint: free some disk space and build again; output/ was left as it was)"
    )
    assert snapshot(root / "output") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".output.")]


def test_any_other_write_error_is_one_line(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, before = built(make_site, monkeypatch)

    def write(path: Path, content: bytes) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(path))

    monkeypatch.setattr(writer, "_write", write)
    capsys.readouterr()
    assert cli.main(["build"]) == 2
    assert one_line(capsys) == (
        "output: error: cannot write output/: Input/output error "
        "(hint: check the output folder and the disk, then build again; output/ was left as it was)"
    )
    assert snapshot(root / "output") == before


def test_an_internal_error_is_one_line_asking_for_a_report(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, before = built(make_site, monkeypatch)

    def crash(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "build_site", crash)
    monkeypatch.delenv(cli.DEBUG_VARIABLE, raising=False)
    capsys.readouterr()
    assert cli.main(["build"]) == 3
    assert one_line(capsys) == (
        "error: internal error (RuntimeError: boom) (hint: this is a bug in the generator, not in your files; "
        "please report it with the command you ran and the output of CRPSGEN_DEBUG=1 python build.py ...)"
    )
    assert snapshot(root / "output") == before
    monkeypatch.setenv(cli.DEBUG_VARIABLE, "1")
    with pytest.raises(RuntimeError):
        cli.main(["build"])


@pytest.mark.parametrize("command", ["build", "check"])
def test_ctrl_c_in_main_is_one_line(
    command: str, make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, before = built(make_site, monkeypatch)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "build_site", interrupted)
    capsys.readouterr()
    assert cli.main([command]) == 130
    assert one_line(capsys) == "interrupted; output/ unchanged"
    assert snapshot(root / "output") == before


SLOW_BUILD = """
import sys, time
from crpsgen import cli, writer
original = {patched}
def slow(*args):
    print("started", flush=True)
    time.sleep(60)
{patched} = slow
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("patched", ["cli.build_site", "writer._write"])
@pytest.mark.parametrize("command", ["build", "check"])
def test_ctrl_c_in_a_real_process_is_one_line_and_exit_130(
    command: str, patched: str, make_site: SiteMaker
) -> None:
    """SIGINT while building (or while writing the staging folder): one line, output/ as it was."""
    if command == "check" and patched == "writer._write":
        pytest.skip("check writes nothing")
    root = make_site()
    assert run_build(root).returncode == 0
    before = snapshot(root / "output")
    change_a_page(root)
    script = SLOW_BUILD.format(patched=patched)
    process = subprocess.Popen(
        [sys.executable, "-c", script, command],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline() == "started\n"
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    shown = [line for line in err.splitlines() if "notice" not in line]  # the fixture's review notice
    assert (process.returncode, shown) == (130, ["interrupted; output/ unchanged"]), err
    assert snapshot(root / "output") == before
    assert sorted(p.name for p in root.iterdir()) == [
        ".cache",  # the build cache of the first build
        "content",
        "output",
        "site.yaml",
        "static",
        "templates",
    ]


def test_serve_with_an_impossible_port_is_one_line(make_site: SiteMaker) -> None:
    result = run_build(make_site(), "serve", "--port", "99999")
    assert (result.returncode, result.stderr) == (
        2,
        "error: --port 99999 is not a port number (hint: use a number from 1024 to 65535, such as the default 8000)\n",
    )


def test_new_with_a_400_character_title_gets_a_short_file_name(make_site: SiteMaker) -> None:
    root = make_site()
    title = "Pacing " + "and flare-ups " * 28 + "x" * 8
    assert len(title) > 400
    result = run_build(root, "new", title)
    assert result.returncode == 0, result.stderr
    created = root / "content" / "pacing-and-flare-ups-and-flare-ups-and-flare-ups-and-flare.md"
    assert result.stdout.startswith(f"created {created} ")
    assert len(created.stem) <= scaffold.MAX_SLUG
    assert f"title: {title.strip()!r}".replace("'", '"') in created.read_text()


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("!!!", 'cannot make a file name from "!!!"'),
        ("Bell\x07", "the title contains a control character"),
    ],
)
def test_new_refuses_a_title_with_one_line(title: str, message: str, make_site: SiteMaker) -> None:
    root = make_site()
    result = run_build(root, "new", title)
    assert (result.returncode, result.stderr) == (
        2,
        f'error: {message} (hint: a title needs letters or digits, for example: new "Pacing and flare-ups")\n',
    )
    assert sorted(p.name for p in (root / "content").iterdir()) == ["_data", "index.md", "symptoms.md"]


def test_new_refuses_a_title_whose_address_belongs_to_the_static_files(make_site: SiteMaker) -> None:
    root = make_site()
    result = run_build(root, "new", "Assets")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith('error: a page titled "Assets" would be assets.md')
    assert "(hint: give the page another title" in result.stderr
    assert not (root / "content" / "assets.md").exists()


def test_new_keeps_quotes_and_backslashes_in_the_title(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root, "new", 'The "wind-up" \\ effect').returncode == 0
    text = (root / "content" / "the-wind-up-effect.md").read_text()
    assert 'title: "The \\"wind-up\\" \\\\ effect"\n' in text


def published_new_page(root: Path) -> Path:
    assert run_build(root, "new", "Pacing").returncode == 0
    path = root / "content" / "pacing.md"
    path.write_text(path.read_text().replace("draft: true\n", "").replace(" [@goebel2021]", " [@alpha2020]"))
    return path


def test_a_new_page_published_without_editing_fails_at_each_placeholder(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    before = snapshot(root / "output")
    path = published_new_page(root)
    lines = path.read_text().splitlines()
    result = run_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        f"content/pacing.md:{lines.index(f'description: {chr(34)}{scaffold.DESCRIPTION}{chr(34)}') + 1}: error: "
        f'placeholder text "{scaffold.DESCRIPTION}" is still here (hint: write one plain sentence saying what '
        "this page covers, or put back draft: true)",
        f"content/pacing.md:{lines.index(scaffold.OPENING + ' Cite sources like this [@alpha2020].') + 1}: error: "
        f'placeholder text "{scaffold.OPENING}" is still here (hint: replace it with the page\'s own words, '
        "or put back draft: true until it is written)",
        f"content/pacing.md:{lines.index(scaffold.SECTION) + 1}: error: "
        f'placeholder text "{scaffold.SECTION}" is still here (hint: replace it with the page\'s own words, '
        "or put back draft: true until it is written)",
    ]
    assert snapshot(root / "output") == before


def test_placeholders_are_fine_in_drafts_and_gone_once_written(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root, "new", "Pacing").returncode == 0
    path = root / "content" / "pacing.md"
    path.write_text(path.read_text().replace(" [@goebel2021]", " [@alpha2020]"))
    drafts = run_build(root, "--drafts")
    assert drafts.returncode == 0, drafts.stderr
    assert "placeholder text" not in drafts.stderr
    text = path.read_text().replace("draft: true\n", "")
    for placeholder in scaffold.PLACEHOLDERS:
        text = text.replace(placeholder, "Pacing means spreading activity through the day.")
    path.write_text(text)
    result = run_build(root)
    assert result.returncode == 0, result.stderr


DRAFT_WARNING = "warning: output/ contains draft pages: do not deploy it (hint: build again without --drafts before publishing)"


def test_a_drafts_build_warns_not_to_deploy_and_keeps_drafts_out_of_search_engines(
    make_site: SiteMaker,
) -> None:
    root = make_site({"content/draft.md": page("Draft", "Text [@alpha2020].\n", draft="true")})
    result = run_build(root, "--drafts")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == DRAFT_WARNING
    assert "<loc>https://example.org/draft/</loc>" not in (root / "output/sitemap.xml").read_text()
    assert "<loc>https://example.org/symptoms/</loc>" in (root / "output/sitemap.xml").read_text()
    assert '<meta name="robots" content="noindex">' in (root / "output/draft/index.html").read_text()
    assert "noindex" not in (root / "output/symptoms/index.html").read_text()
    normal = run_build(root)
    assert normal.returncode == 0 and "draft" not in normal.stderr


def test_a_drafts_build_without_drafts_does_not_warn(make_site: SiteMaker) -> None:
    result = run_build(make_site(), "--drafts")
    assert result.returncode == 0
    assert "do not deploy" not in result.stderr


def test_an_unexpected_system_refusal_is_one_line(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, before = built(make_site, monkeypatch)

    def refused(*args: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), "content/symptoms.md")

    monkeypatch.setattr(cli, "build_site", refused)
    capsys.readouterr()
    assert cli.main(["build"]) == 2
    assert one_line(capsys) == (
        "content/symptoms.md: error: Permission denied (hint: check that it exists and that you may read "
        "and write it; output/ was left as it was)"
    )
    assert snapshot(root / "output") == before


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    """`check --stats | head`: head stops reading; no traceback, no internal error."""
    script = (
        "import sys\nfrom crpsgen import cli\n"
        "cli.build_or_check = lambda args: [print('row ' * 20) for _ in range(100_000)] and 0\n"
        "sys.exit(cli.main(['check']))\n"
    )
    command = f'{sys.executable} -c "$SCRIPT" | head -c 1'
    environment = {**os.environ, "SCRIPT": script, "PYTHONPATH": str(PROJECT)}
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "r", "")


def test_a_build_with_nothing_changed_writes_nothing(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    stamps = {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*")}
    again = run_build(root)
    assert again.returncode == 0 and "nothing written" in again.stdout
    assert {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*")} == stamps
    page = root / "output" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original + b"changed by hand")
    rebuilt = run_build(root)
    assert "nothing written" not in rebuilt.stdout
    assert page.read_bytes() == original  # put right


def test_no_cache_neither_reads_nor_writes_the_cache(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root, "--no-cache", "--jobs", "1").returncode == 0
    assert not (root / ".cache").exists()
    assert (root / "output" / "index.html").is_file()
