"""Property tests for slice "cli/writer/server": `new`, the writer, the preview's addresses and host policy.

Any title `new` is given either makes one draft page directly in content/ (whose
title reads back exactly as typed, spaces tidied) or is refused with one line; no
request path reaches anything but a built file; no host name but loopback's and
the one given is answered.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import ipaddress
import tempfile
from pathlib import Path
from urllib.parse import quote, unquote

from hypothesis import given, settings
from hypothesis import strategies as st
from support import SITE_YAML

from crpsgen import cli, config, scaffold
from crpsgen.diagnostics import Report
from crpsgen.frontmatter import parse_page
from crpsgen.hostcheck import host_allowed, is_loopback
from crpsgen.model import OutputFile
from crpsgen.preview import PreviewSite, find_file, respond
from crpsgen.sources import source_for
from crpsgen.writer import OutputNotWritten, OutputPathOutside, write_site

TODAY = dt.date(2026, 11, 22)
EXAMPLES = settings(max_examples=300, deadline=None)

# ---------------------------------------------------------------- new "TITLE"

titles = st.one_of(
    st.text(max_size=120),
    st.text(alphabet=st.sampled_from(list("aé -_./\\\"':#{}[]&*!|>%@`\n\t\u00a0\u200d\u2028")), max_size=80),
    st.text(alphabet="abc -", min_size=300, max_size=500),  # names too long for any file system
)


@EXAMPLES
@given(titles)
def test_new_makes_one_draft_inside_content_or_refuses(title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        content = root / "content"
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.new_page(title, content, TODAY)
        created = sorted(p for p in root.rglob("*") if p.is_file() and p.name != "site.yaml")
        if code != 0:
            assert code == 2 and created == [] and len(err.getvalue().splitlines()) == 1
            assert err.getvalue().startswith("error: ")
            return
        assert len(created) == 1 and created[0].parent == content
        assert len(created[0].stem) <= scaffold.MAX_SLUG and created[0].suffix == ".md"
        report = Report(root=root)
        site = config.load_config(root / "site.yaml", report)
        assert site is not None
        page = parse_page(source_for(content, created[0].name), site, report, TODAY)
        assert page is not None, [d.format() for d in report.items]
        assert page.meta.title == " ".join(title.split())
        assert page.meta.draft


# ---------------------------------------------------------------- the preview's addresses

SITE = PreviewSite(
    "/crps/",
    {
        "index.html": b"<html><head></head><body>Home</body></html>",
        "symptoms/index.html": b"<html><head></head><body>Symptoms</body></html>",
        "404.html": b"<html><head></head><body>Not found</body></html>",
        "assets/site.css": b"body {}",
    },
)
PIECES = [
    "/",
    "crps",
    "..",
    ".",
    "%2e",
    "%2E",
    "%2f",
    "%5c",
    "\\",
    "%00",
    "%25",
    "symptoms",
    "index.html",
    "assets",
    "site.css",
    "site.yaml",
    "etc",
    "passwd",
    "//",
    "?",
    "#",
    ";",
    "%",
    "é",
]
addresses = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.text(max_size=60).map(lambda text: "/" + text),
    st.text(max_size=60).map(lambda text: "/crps/" + quote(text, safe="/%")),
)


@EXAMPLES
@given(addresses)
def test_every_address_is_a_built_file_at_its_own_address_or_nothing(address: str) -> None:
    found = find_file(address, SITE)
    if found is not None:
        assert found in SITE.files
        expected = {SITE.base_path + found}
        if found.endswith("index.html"):
            expected.add(SITE.base_path + found.removesuffix("index.html"))
        assert unquote(address) in expected
    response = respond(address, SITE, 8000)
    if response.status == 200:
        assert found is not None or address == "/_crpsgen/problems.css"
    if response.location is not None:
        assert response.location.startswith("/") and not response.location.startswith("//")


# ---------------------------------------------------------------- the preview's host names

labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
names = st.lists(labels, min_size=1, max_size=4).map(".".join)
ports = st.one_of(st.just(""), st.integers(0, 65535).map(lambda port: f":{port}"))


@EXAMPLES
@given(names, ports)
def test_no_name_but_localhost_reaches_a_preview_on_loopback(name: str, port: str) -> None:
    is_an_address = True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        is_an_address = False
    assert host_allowed(name + port, "127.0.0.1") is (
        name == "localhost" or (is_an_address and is_loopback(name))
    )


@EXAMPLES
@given(st.text(max_size=40), st.sampled_from(["127.0.0.1", "::1", "0.0.0.0", "192.168.1.5", "laptop.local"]))
def test_anything_answered_names_loopback_or_the_host_given(header: str, listening: str) -> None:
    if not host_allowed(header, listening):
        return
    host = header.rsplit(":", 1)[0] if not header.startswith("[") else header[1 : header.index("]")]
    host = host.lower()
    if listening in {"0.0.0.0", "::"}:
        try:
            ipaddress.ip_address(host)
            return
        except ValueError:
            pass
    assert is_loopback(host) or host == listening


# ---------------------------------------------------------------- the writer

SEGMENTS = ["..", ".", "", "a", "b.html", "index.html", "~", "\\", "\x00", ".crpsgen-build", "é", "..."]
output_paths = st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=5).map("/".join)


@EXAMPLES
@given(st.lists(output_paths, min_size=1, max_size=4))
def test_no_output_path_lands_outside_the_output_folder(paths: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "project").mkdir()
        out = root / "project" / "output"
        try:
            write_site([OutputFile(path, b"x") for path in paths], out)
        except (OutputPathOutside, OutputNotWritten):
            assert not out.exists()
        written = sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))
        assert all(
            name.startswith("project/output/") or name in {"project", "project/output"} for name in written
        )
