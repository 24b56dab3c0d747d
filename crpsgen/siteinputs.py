"""The inputs every page shares, through the build cache: site.yaml, the data files, the
templates, the static files and pictures. Each is loaded again only when its files changed,
and kept as the very same object while equal, so the keys of every per-page result that
holds it compare at once (buildcache.py, which this is the first part of).
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path

from .assets import Assets, collect_assets
from .cached import Entry, capture, replay
from .config import load_config
from .diagnostics import Diagnostic, Report
from .files import file_bytes
from .images import Images, collect_images
from .model import BuildOptions, SiteConfig, SiteData
from .site_data import load_site_data
from .sources import DATA_DIR
from .templates import FileVariables, TemplateRenderer, template_variables


def _folder_bytes(*folders: Path | None) -> tuple[tuple[str, bytes], ...]:
    """Every file under the folders with its bytes: the key of what was built from them."""
    found: list[tuple[str, bytes]] = []
    for folder in folders:
        if folder is not None and folder.is_dir():
            found += [(str(p), file_bytes(p) or b"") for p in sorted(folder.rglob("*")) if p.is_file()]
    return tuple(found)


def _folders_exist(config: SiteConfig) -> tuple[bool, ...]:
    return tuple(
        folder is not None and folder.is_dir() for folder in (config.theme.templates, config.theme.static)
    )


class SiteInputs:
    """The site-wide inputs part of `BuildCache`."""

    changed: bool

    def begin_inputs(self) -> None:
        self._config: Entry | None = None
        self._data: Entry | None = None
        self._templates: Entry | None = None  # compiled templates: kept in memory, never stored
        self.template_key: tuple[object, ...] = ()
        self._variables: dict[str, frozenset[str] | None] = {}  # by template name
        self._template_files: dict[str, FileVariables] = {}  # by template file, for the above
        self._syntax: list[Diagnostic] | None = None  # the templates' syntax check, while unchanged
        self._assets: Assets | None = None
        self._images = Images()

    def load_config(self, options: BuildOptions, report: Report) -> SiteConfig | None:
        path = options.config_path
        key = (file_bytes(path), str(path.resolve()), options.base_url)
        entry = self._config
        # A usable config depends on the file and on the theme folders it names still existing.
        if entry is not None and entry.value is not None and entry.key == key + _folders_exist(entry.value):
            replay(entry.diagnostics, report)
            same: SiteConfig = entry.value
            return same
        self.changed = True
        config, diagnostics = capture(report, partial(load_config, path, base_url=options.base_url))
        if entry is not None and config is not None and config == entry.value:
            config = entry.value  # the same object, so results keyed on it stay valid
        self._config = Entry(key + (_folders_exist(config) if config else ()), config, diagnostics)
        return config

    def load_data(self, config: SiteConfig, today: dt.date, report: Report) -> SiteData:
        # Data checks compare years with today's date, so a new day reloads the data.
        key = (config, today, _folder_bytes(config.content_dir / DATA_DIR))
        if self._data is None or self._data.key != key:
            self.changed = True
            data, diagnostics = capture(report, partial(load_site_data, config.content_dir))
            if self._data is not None and data == self._data.value:
                data = self._data.value
            self._data = Entry(key, data, diagnostics)
        else:
            replay(self._data.diagnostics, report)
        value: SiteData = self._data.value
        return value

    def load_templates(self, config: SiteConfig, report: Report) -> TemplateRenderer:
        key = (config, _folder_bytes(config.theme.templates, config.templates_dir))
        if self._templates is None or self._templates.key != key:
            self._templates = Entry(key, TemplateRenderer(config), [])
            if key != self.template_key:
                self.template_key = key  # pages rendered with other templates are redone
                self._variables, self._template_files, self._syntax = {}, {}, None
                self.changed = True
        templates: TemplateRenderer = self._templates.value  # compiled templates are kept
        return templates

    def load_assets(self, config: SiteConfig, report: Report) -> Assets:
        assets = collect_assets(config, report)
        if assets != self._assets:
            self._assets, self.changed = assets, True
        return self._assets

    def load_images(self, assets: Assets) -> Images:
        images = collect_images(assets)
        if images != self._images:
            # The same object while equal: page keys compare it at once.
            self._images, self.changed = images, True
        return self._images

    def check_template_syntax(self, templates: TemplateRenderer, report: Report) -> None:
        """Compile every template once per change to them (findings replayed meanwhile)."""
        if self._syntax is None:
            own = Report(root=report.root)
            templates.check_syntax(own)
            self._syntax, self.changed = own.items, True
        replay(self._syntax, report)

    def template_reads(self, templates: TemplateRenderer, name: str) -> frozenset[str] | None:
        if name not in self._variables:
            self._variables[name] = template_variables(templates.env, name, self._template_files)
        return self._variables[name]
