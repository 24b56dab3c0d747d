"""Static assets (assets.py): content-hashed names under the base path, the clinic's files
winning by name, and the theme stylesheet, icons and share image made when not given."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from support import site_config

from crpsgen.assets import THEME_CSS, collect_assets, hashed_name
from crpsgen.diagnostics import Report
from crpsgen.icons import FAVICON, TOUCH_ICON
from crpsgen.sharing import SHARE_IMAGE


def static(root: Path, folder: str, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        (root / folder / name).parent.mkdir(parents=True, exist_ok=True)
        (root / folder / name).write_bytes(content)
    return root / folder


def test_a_hashed_name_changes_with_the_content_only() -> None:
    name = hashed_name("css/site.css", b"body {}")
    assert name.startswith("css/site.") and name.endswith(".css") and len(name) == len("css/site..css") + 10
    assert hashed_name("css/site.css", b"body {}") == name != hashed_name("css/site.css", b"p {}")


def test_the_clinics_files_win_by_name_and_every_address_is_under_the_base_path(tmp_path: Path) -> None:
    ours = static(tmp_path, "static", {"css/site.css": b"ours", "js/menu.js": b"menu"})
    theirs = static(tmp_path, "clinic", {"css/site.css": b"theirs"})
    config = site_config(tmp_path, base_url="https://example.org/crps/", static_dir=ours)
    config = replace(config, theme=replace(config.theme, static=theirs))
    report = Report(root=tmp_path)
    assets = collect_assets(config, report)
    assert report.items == []
    files = {str(f.source): f for f in assets.files}
    assert files["css/site.css"].content == b"theirs"
    assert files["js/menu.js"].path == "assets/" + hashed_name("js/menu.js", b"menu")
    assert assets.url("js/menu.js") == "/crps/assets/" + hashed_name("js/menu.js", b"menu")
    assert files[THEME_CSS].content == b":root {\n  --brand: #005eb8;\n  --accent: #ffb81c;\n}\n"
    # Made from the colours when static/ has none: the icons and the link-preview picture.
    assert sorted(files) == sorted(
        ["css/site.css", "js/menu.js", THEME_CSS, FAVICON, TOUCH_ICON, SHARE_IMAGE]
    )
    with pytest.raises(ValueError, match=r'no static file "css/missing.css" \(looked in static/\)'):
        assets.url("css/missing.css")


def test_a_static_theme_css_and_an_unusable_name_are_each_one_line(tmp_path: Path) -> None:
    ours = static(tmp_path, "static", {THEME_CSS: b"x", "my file.css": b"y"})
    report = Report(root=tmp_path)
    assets = collect_assets(site_config(tmp_path, static_dir=ours), report)
    assert [d.message for d in report.sorted()] == [
        f"{THEME_CSS} is made by the build from theme colours in site.yaml",
        'static file name "my file.css" cannot be part of an address',
    ]
    assert "my file.css" not in assets.urls


def test_a_clinics_own_icon_and_share_image_are_used_as_they_are(tmp_path: Path) -> None:
    ours = static(tmp_path, "static", {FAVICON: b"<svg/>", "images/clinic.png": b"png"})
    config = site_config(tmp_path, static_dir=ours)
    config = replace(config, theme=replace(config.theme, share_image="images/clinic.png"))
    assets = collect_assets(config, Report(root=tmp_path))
    files = {str(f.source): f.content for f in assets.files}
    assert files[FAVICON] == b"<svg/>"
    assert SHARE_IMAGE not in files and TOUCH_ICON in files
