"""Templates stage: Jinja2 with StrictUndefined -> HTML bytes.

A clinic overrides any template by putting a file of the same name in the folder
named by `theme.templates` in site.yaml; ours are the fallback. Template mistakes
are reported at the template's own line, naming the page being rendered.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from markupsafe import Markup

from .addresses import walk_files
from .citations import reference_html
from .diagnostics import Report
from .model import SiteConfig


class ProjectLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, refusing a template that is a symlink to a file outside the project."""

    def __init__(self, folders: list[Path], root: Path) -> None:
        super().__init__([str(f) for f in folders])
        self.root = root.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.root):
            raise jinja2.TemplateNotFound(template, f'template "{template}" is a symlink out of the project')
        return source, filename, uptodate


class TemplateRenderer:
    def __init__(self, config: SiteConfig, report: Report) -> None:
        self.folders = [f for f in (config.theme.templates, config.templates_dir) if f is not None]
        self.root = config.root
        self.report = report
        self.env = jinja2.Environment(
            loader=ProjectLoader(self.folders, config.root),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["reference"] = lambda ref: Markup(reference_html(ref))
        self.env.filters["long_date"] = long_date

    def exists(self, name: str) -> bool:
        try:
            parts = split_template_path(name)  # Jinja's own rule: no "..", no absolute paths
        except jinja2.TemplateNotFound:
            return False
        return any(folder.joinpath(*parts).is_file() for folder in self.folders)

    def check_syntax(self) -> None:
        """Compile every template once so syntax errors surface even if unused."""
        seen: set[str] = set()
        for folder in self.folders:
            for name, path in walk_files(folder, self.root, self.report):  # reports symlinks out
                if name in seen or not name.endswith(".html"):
                    continue
                seen.add(name)
                try:
                    self.env.get_template(name)
                except jinja2.TemplateSyntaxError as exc:
                    self.report.error(exc.filename or path, exc.lineno, f"template syntax: {exc.message}")
                except jinja2.TemplateNotFound:
                    pass  # an earlier folder's file of this name is a symlink out: reported above

    def render(self, name: str, context: dict[str, Any], page_label: str) -> str | None:
        """Render a template; report errors at the template line and return None."""
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            self.report.error(exc.filename or name, exc.lineno, f"template syntax: {exc.message}")
        except jinja2.TemplateNotFound as exc:
            self.report.error(page_label, None, f'template "{exc.name}" not found')
        except (jinja2.UndefinedError, jinja2.TemplateError, TypeError, ValueError) as exc:
            filename, line = _template_frame(exc, self.folders)
            self.report.error(filename or name, line, f"template error while rendering {page_label}: {exc}")
        return None


def _template_frame(exc: BaseException, folders: list[Path]) -> tuple[str | None, int | None]:
    """Find the innermost traceback frame that belongs to one of our templates."""
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(".html") and any(
            frame.filename.startswith(str(folder)) for folder in folders
        ):
            found = (frame.filename, frame.lineno)
    return found


def long_date(value: Any) -> str:
    """22 November 2026 -> "November 22, 2026" (US style)."""
    return f"{value.strftime('%B')} {value.day}, {value.year}"

