"""Root-level files: root/ is copied unhashed to the top of output/ and kept by every build."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SITE_YAML, SiteMaker, run_build, snapshot

ROOT_FILES: dict[str, str | bytes | None] = {
    "root/CNAME": "crps.example.org\n",
    "root/.nojekyll": "",
    "root/.well-known/security.txt": "Contact: mailto:security@example.org\nExpires: 2027-12-31T00:00:00Z\n",
    "root/google1234.html": "google-site-verification: google1234.html\n",
    "root/favicon.ico": b"\x00\x00\x01\x00",
    "root/.DS_Store": b"\x00",
}


def test_root_files_are_copied_unhashed_and_kept_across_builds(make_site: SiteMaker) -> None:
    root = make_site(ROOT_FILES)
    for _ in range(2):  # the second build replaces output/ and must keep them
        result = run_build(root)
        assert result.returncode == 0, result.stderr
        out = root / "output"
        assert (out / "CNAME").read_text() == "crps.example.org\n"
        assert (out / ".nojekyll").read_bytes() == b""
        assert (out / ".well-known" / "security.txt").read_text().startswith("Contact: mailto:")
        assert (out / "google1234.html").read_text() == "google-site-verification: google1234.html\n"
        assert (out / "favicon.ico").read_bytes() == b"\x00\x00\x01\x00"
        assert not (out / ".DS_Store").exists()
    assert run_build(root, "check", "--strict").returncode == 0


def test_theme_root_folder_overrides_root_by_name(make_site: SiteMaker) -> None:
    root = make_site(
        {
            "site.yaml": SITE_YAML + "theme:\n  root: clinic/root\n",
            "root/CNAME": "ours.example.org\n",
            "root/.nojekyll": "",
            "clinic/root/CNAME": "clinic.example.org\n",
        }
    )
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    assert (root / "output" / "CNAME").read_text() == "clinic.example.org\n"
    assert (root / "output" / ".nojekyll").is_file()


def test_robots_lines_are_added_to_the_generated_robots_txt(make_site: SiteMaker) -> None:
    root = make_site({"root/robots.txt": "User-agent: GPTBot\nDisallow: /\n"})
    assert run_build(root).returncode == 0
    assert (root / "output" / "robots.txt").read_text() == (
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n\nUser-agent: GPTBot\nDisallow: /\n"
    )


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"root/index.html": "<p>hi</p>"},
            "root/index.html: error: would write output/index.html, which clashes with output/index.html "
            "from content/index.md (hint: give one of them another file name, slug or alias)",
        ),
        (
            {"root/feed.xml": "<feed/>"},
            "root/feed.xml: error: would write output/feed.xml, which clashes with output/feed.xml "
            "from site.yaml (hint: give one of them another file name, slug or alias)",
        ),
        (
            {"root/symptoms/index.html": "x"},
            "root/symptoms/index.html: error: would write output/symptoms/index.html, which clashes with "
            "output/symptoms/index.html from content/symptoms.md (hint: give one of them another file name, slug or alias)",
        ),
        (
            {"root/assets": "x"},
            "root/assets: error: would write output/assets, which clashes with output/assets/css/site.",
        ),
        (
            {"root/bad name.txt": "x"},
            'root/bad name.txt: error: root file name "bad name.txt" cannot be part of an address '
            "(hint: use only ASCII letters, digits, dots, hyphens and underscores (a dot may start a name))",
        ),
        (
            {"root/.crpsgen-build": "x"},
            "root/.crpsgen-build: error: .crpsgen-build is the mark the build leaves in output/ (hint: remove it)",
        ),
        (
            {"root/robots.txt": b"\xff\xfe"},
            "root/robots.txt: error: robots.txt is not UTF-8 text (hint: save it as UTF-8)",
        ),
    ],
)
def test_root_file_mistakes_are_one_line_and_keep_output(
    make_site: SiteMaker, files: dict[str, str | bytes | None], expected: str
) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    before = snapshot(root / "output")
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif content is not None:
            path.write_text(content)
    result = run_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(expected), result.stderr
    assert snapshot(root / "output") == before


def test_a_symlink_out_of_the_project_is_refused(make_site: SiteMaker, tmp_path: Path) -> None:
    root = make_site({"root/CNAME": "x\n"})
    (tmp_path / "secret.txt").write_text("secret")
    (root / "root" / "leak.txt").symlink_to(tmp_path / "secret.txt")
    result = run_build(root)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        f"root/leak.txt: error: symlink to {tmp_path / 'secret.txt'}, outside the project "
        "(hint: symlinks are followed only to files inside the project folder; copy the file in instead)"
    ]
