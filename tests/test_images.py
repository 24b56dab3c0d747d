"""Images in Markdown: from static/, alt text required, sized, lazy after the first; icons."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from support import SiteMaker, jpeg_bytes, page, png_bytes, run_build, snapshot

from crpsgen.imagesize import image_size

BODY = """\
![Diagram of the nerves in the hand](images/nerves.png)

Text.

![](images/border.svg){: .decorative}

![A chart of pain over time](images/chart.jpg "Pain over time")
"""


def image_site(make_site: SiteMaker, body: str = BODY) -> Path:
    return make_site(
        {
            "content/symptoms.md": page("Symptoms", body),
            "static/images/nerves.png": png_bytes(30, 20),
            "static/images/border.svg": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 2"/>',
            "static/images/chart.jpg": jpeg_bytes(640, 480),
        }
    )


def test_images_get_hashed_address_size_alt_and_lazy_loading(make_site: SiteMaker) -> None:
    root = image_site(make_site)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    html = (root / "output" / "symptoms" / "index.html").read_text()
    images = re.findall(r"<img [^>]*>", html.split('<main id="main"')[1])
    assert len(images) == 3
    first, decorative, chart = images
    assert re.fullmatch(
        r'<img alt="Diagram of the nerves in the hand" height="20"'
        r' src="/assets/images/nerves\.[0-9a-f]{10}\.png" width="30">',
        first,
    ), first  # the first image is above the fold: no lazy loading
    assert 'alt=""' in decorative and 'class="decorative"' in decorative
    assert 'width="8"' in decorative and 'height="2"' in decorative
    assert 'loading="lazy"' in decorative and 'decoding="async"' in decorative
    assert 'title="Pain over time"' in chart and 'width="640"' in chart and 'height="480"' in chart
    assert 'loading="lazy"' in chart
    src = re.search(r'src="/(assets/images/chart\.[0-9a-f]{10}\.jpg)"', chart)
    assert src is not None and (root / "output" / src.group(1)).is_file()


def test_images_under_a_subpath(make_site: SiteMaker) -> None:
    root = image_site(make_site)
    result = run_build(root, "build", "--base-url", "https://example.org/crps/")
    assert result.returncode == 0, result.stderr
    html = (root / "output" / "symptoms" / "index.html").read_text()
    assert re.search(r'src="/crps/assets/images/nerves\.[0-9a-f]{10}\.png"', html)


HINT_ALT = (
    "describe what it shows: ![Diagram of the nerves in the hand](images/nerves.png); "
    "an image that only decorates is written ![](images/border.png){: .decorative}"
)
HINT_PATH = "write the path inside static/, e.g. images/diagram.png for static/images/diagram.png"

# Body line 1 is file line 6 (five lines of front matter).
MISTAKES = [
    (
        "Text.\n\n![](images/nerves.png)\n",
        f'content/symptoms.md:8: error: image "images/nerves.png" has no alt text (hint: {HINT_ALT})',
    ),
    (
        "Text.\n\n![   ](images/nerves.png)\n",
        f'content/symptoms.md:8: error: image "images/nerves.png" has no alt text (hint: {HINT_ALT})',
    ),
    (
        "Text.\n\n![A hand](images/nerves.png){: .decorative}\n",
        'content/symptoms.md:8: error: image "images/nerves.png" is marked decorative but has alt text '
        "(hint: keep the alt text and remove {: .decorative}, or empty the alt text: ![](...))",
    ),
    (
        "![A hand](images/missing.png)\n",
        'content/symptoms.md:6: error: image "images/missing.png" not found in static/ '
        "(hint: put the file in static/ (e.g. static/images/) and write its path inside static/)",
    ),
    (
        "![A hand](static/images/nerves.png)\n",
        'content/symptoms.md:6: error: image "static/images/nerves.png" not found in static/ '
        "(hint: write images/nerves.png: image paths start inside static/)",
    ),
    (
        "Text.\n![A hand](../static/images/nerves.png)\n",
        f'content/symptoms.md:7: error: image "../static/images/nerves.png" is outside static/ (hint: {HINT_PATH})',
    ),
    (
        "![A hand](/images/nerves.png)\n",
        f'content/symptoms.md:6: error: image "/images/nerves.png" is an address, not a file in static/ (hint: {HINT_PATH})',
    ),
    (
        "![A hand](images/notes.txt)\n",
        f'content/symptoms.md:6: error: image "images/notes.txt" is not a PNG, JPEG, GIF, WebP or SVG file (hint: {HINT_PATH})',
    ),
    (
        "![A hand](images/broken.png)\n",
        'content/symptoms.md:6: error: cannot read the width and height of image "images/broken.png" '
        "(hint: save it again as PNG, JPEG, GIF or WebP; an SVG needs width and height or a viewBox)",
    ),
]


@pytest.fixture(scope="module")
def built_image_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from support import make_site

    root = make_site(
        tmp_path_factory.mktemp("images") / "site",
        {
            "static/images/nerves.png": png_bytes(30, 20),
            "static/images/broken.png": b"\x89PNG\r\n\x1a\n",
            "static/images/notes.txt": b"x",
        },
    )
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize(("body", "expected"), MISTAKES)
def test_image_mistakes_are_one_line_at_the_markdown_line(
    built_image_site: Path, tmp_path: Path, body: str, expected: str
) -> None:
    root = tmp_path / "site"
    shutil.copytree(built_image_site, root)
    before = snapshot(root / "output")
    (root / "content" / "symptoms.md").write_text(page("Symptoms", body))
    result = run_build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [expected]
    assert snapshot(root / "output") == before


def test_foreign_images_are_left_to_the_link_policy(make_site: SiteMaker) -> None:
    root = make_site({"content/symptoms.md": page("Symptoms", "![](https://tracker.example/p.gif)\n")})
    result = run_build(root)
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1 and 'image "https:..." is not allowed' in errors[0]  # one line, not two


def test_icons_are_generated_from_colours_or_the_svg_logo(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    html = (root / "output" / "index.html").read_text()
    favicon = re.search(
        r'<link rel="icon" type="image/svg\+xml" href="/(assets/icons/favicon\.[0-9a-f]{10}\.svg)">', html
    )
    touch = re.search(
        r'<link rel="apple-touch-icon" href="/(assets/icons/apple-touch-icon\.[0-9a-f]{10}\.png)">', html
    )
    assert favicon is not None and touch is not None
    svg = (root / "output" / favicon.group(1)).read_bytes()
    assert b'fill="#005eb8"' in svg and image_size("f.svg", svg) == (32, 32)
    icon = (root / "output" / touch.group(1)).read_bytes()
    assert image_size("t.png", icon) == (180, 180)

    logo = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="5"/></svg>'
    branded = make_site(
        {
            "site.yaml": (root / "site.yaml").read_text()
            + "theme:\n  logo: logo.svg\n  primary_color: '#7a1f5c'\n",
            "static/logo.svg": logo,
        },
        name="branded",
    )
    assert run_build(branded).returncode == 0
    html = (branded / "output" / "index.html").read_text()
    favicon = re.search(r'href="/(assets/icons/favicon\.[0-9a-f]{10}\.svg)"', html)
    assert favicon is not None and (branded / "output" / favicon.group(1)).read_bytes() == logo
    touch = re.search(r'href="/(assets/icons/apple-touch-icon\.[0-9a-f]{10}\.png)"', html)
    assert touch is not None and (branded / "output" / touch.group(1)).read_bytes() != icon  # its colour


def test_the_dev_server_rebuild_follows_an_image_file_change(tmp_path: Path) -> None:
    """The cache converts pages before their images' files change: a new picture gives a new size and address."""
    from support import Session, edit, make_site, options

    from crpsgen.diagnostics import Report
    from crpsgen.pipeline import build_site

    site = make_site(tmp_path / "site", golden=True) / "site.yaml"
    root = site.parent
    (root / "static" / "images").mkdir(parents=True)
    (root / "static" / "images" / "hand.png").write_bytes(png_bytes(30, 20))
    edit(root / "content" / "symptoms.md", "is common", "is common ![A hand](images/hand.png)")
    session = Session(options(site))

    def same() -> tuple[str, list[str]]:
        rebuilt = session.rebuild()
        full = build_site(options(site), Report(root=root))
        assert [(o.path, o.content) for o in rebuilt.outputs] == [(o.path, o.content) for o in full.outputs]
        lines = [d.format() for d in rebuilt.report.sorted()]
        assert lines == [d.format() for d in full.report.sorted()]
        page = next((o for o in rebuilt.outputs if o.path == "symptoms/index.html"), None)
        return (page.content.decode() if page else ""), [line for line in lines if ": error: " in line]

    html, errors = same()
    assert 'width="30"' in html and errors == []
    (root / "static" / "images" / "hand.png").write_bytes(png_bytes(60, 40))
    html, errors = same()
    assert 'width="60"' in html and errors == []
    (root / "static" / "images" / "hand.png").unlink()
    _, errors = same()
    assert len(errors) == 1 and 'image "images/hand.png" not found in static/' in errors[0]
