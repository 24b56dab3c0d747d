"""Config stage: `site.yaml` -> `SiteConfig`.

Every setting is declared once, with a line of documentation, on the dataclass it fills
(`settings.py`); the README lists the same settings (`schema.document(FIELDS)`). Here they
are read and completed: the folders and files they name must exist, and each language's
settings come from `language_settings.py`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from . import schema
from .addresses import resolve_inside
from .diagnostics import ERROR, Diagnostic, Report
from .language_settings import languages_of
from .settings import NavSection, SiteConfig
from .theme import Theme
from .yamlfile import LocatedDict, LocatedList, read_yaml

FIELDS = schema.fields_of(SiteConfig)


def load_config(path: Path, report: Report, base_url: str | None = None) -> SiteConfig | None:
    """Read and validate site.yaml; return None when it cannot be used."""
    path = path.resolve()
    errors_before = report.count(ERROR)
    if not path.is_file():
        report.error(path, None, "site settings file not found", "create site.yaml or pass --config PATH")
        return None
    data = read_yaml(
        path,
        report,
        LocatedDict,
        "site.yaml must be a mapping of settings (key: value lines)",
        "start with a line such as: title: My clinic",
    )
    if data is None:
        return None
    values = schema.check_fields(data, FIELDS, path, report, "setting")
    if base_url is not None:
        try:
            values["base_url"] = schema.site_address(base_url)
        except ValueError as exc:
            # Blame the command line, not site.yaml: the editor typed it there.
            report.items.append(Diagnostic("--base-url", None, ERROR, f"should be {exc}, not {base_url!r}"))
    if report.count(ERROR) > errors_before or values["base_url"] is None:
        return None
    config = _build(path, values, data, report)
    _check_logo(config, data, report)
    _check_share_image(config, data, report)
    # Stop at any settings error: a missing theme folder or logo would otherwise come
    # back as one error per page. None exactly when site.yaml has an error.
    return None if report.count(ERROR) > errors_before else config


def _check_logo(config: SiteConfig, data: LocatedDict, report: Report) -> None:
    """theme.logo must name a file in the static folders (found here, not once per page in a template)."""
    logo = config.theme.logo
    if logo is None:
        return
    # Written as templates ask for it (asset("images/logo.svg")): no "./", "..", "\\" or leading "/".
    plain = "\\" not in logo and all(part not in {"", ".", ".."} for part in logo.split("/"))
    for folder in (config.theme.static, config.static_dir):
        if folder is None or not plain:
            continue
        inside = folder.resolve()
        candidate = (inside / logo).resolve()
        if candidate.is_relative_to(inside) and candidate.is_file():
            return
    theme = data.get("theme")
    line = theme.line_of("logo") if isinstance(theme, LocatedDict) else None
    folders = "static/" + (" or the theme.static folder" if config.theme.static else "")
    report.error(
        config.path,
        line,
        f'theme.logo "{logo}" is not a file in {folders}',
        "name the file relative to that folder, e.g. logo: logo.svg for static/logo.svg",
    )


def _check_share_image(config: SiteConfig, data: LocatedDict, report: Report) -> None:
    """theme.share_image must be a PNG or JPEG in the static folders, described by share_image_alt."""
    from .sharing import image_size  # Pillow is loaded only by sites that name a picture here

    name = config.theme.share_image
    if name is None:
        return
    theme = data.get("theme")
    line = theme.line_of("share_image") if isinstance(theme, LocatedDict) else None
    plain = "\\" not in name and all(part not in {"", ".", ".."} for part in name.split("/"))
    found = None
    for folder in (config.theme.static, config.static_dir):
        if folder is not None and plain and found is None:
            candidate = (folder.resolve() / name).resolve()
            if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
                found = candidate
    if found is None:
        report.error(
            config.path,
            line,
            f'theme.share_image "{name}" is not a file in static/',
            "name the file relative to that folder, e.g. share_image: share.png for static/share.png",
        )
    elif image_size(found.read_bytes()) is None:
        report.error(
            config.path, line, f'theme.share_image "{name}" is not a PNG or JPEG picture', "save it as PNG"
        )
    elif config.theme.share_image_alt is None:
        report.error(
            config.path,
            line,
            "theme.share_image needs theme.share_image_alt",
            'say what the picture shows, e.g. share_image_alt: "Our clinic\'s logo on a blue background"',
        )


def _build(path: Path, values: dict[str, Any], data: LocatedDict, report: Report) -> SiteConfig:
    root = (path.parent / values["project"]).resolve() if values["project"] else path.parent
    theme = values["theme"]
    config = schema.build(
        SiteConfig,
        values,
        path=path,
        root=root,
        base_url=values["base_url"] if values["base_url"].endswith("/") else values["base_url"] + "/",
        navigation=_sections(values["navigation"], path, report),
        languages=(),
        theme=schema.build(
            Theme,
            theme,
            templates=_folder(root, "templates", theme["templates"], path, data, report),
            static=_folder(root, "static", theme["static"], path, data, report),
            root=_folder(root, "root", theme["root"], path, data, report),
        ),
        content_dir=root / "content",
        templates_dir=root / "templates",
        static_dir=root / "static",
    )
    return replace(config, languages=languages_of(config, values["languages"], data, report))


def _sections(items: LocatedList, path: Path, report: Report) -> tuple[NavSection, ...]:
    result: list[NavSection] = []
    for item in items:
        values = schema.check_fields(item, schema.fields_of(NavSection), path, report, "navigation key")
        if values["id"] and values["title"]:
            if any(s.id == values["id"] for s in result):
                report.error(path, item.line, f'navigation section "{values["id"]}" is listed twice')
            result.append(schema.build(NavSection, values))
    return tuple(result)


def _folder(
    root: Path, key: str, value: str | None, path: Path, data: LocatedDict, report: Report
) -> Path | None:
    """A theme folder: an existing folder inside the project (the folder of site.yaml)."""
    if value is None:
        return None
    theme = data.get("theme")
    line = theme.line_of(key) if isinstance(theme, LocatedDict) else None
    folder = resolve_inside(root, value)
    if folder is None:
        report.error(
            path,
            line,
            f'theme.{key} "{value}" is outside the project folder',
            f"give the path of a folder next to site.yaml, such as clinic/{key}",
        )
        return None
    if not folder.is_dir():
        report.error(path, line, f'theme folder "{value}" does not exist')
        return None
    return folder
