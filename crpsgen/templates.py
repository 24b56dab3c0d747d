"""Templates stage: Jinja2 with StrictUndefined -> HTML bytes.

A clinic overrides any template by putting a file of the same name in the folder
named by `theme.templates` in site.yaml; ours are the fallback. Template mistakes
are reported at the template's own line, naming the page being rendered.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .citations import reference_html
from .diagnostics import Report
from .model import SiteConfig


class TemplateRenderer:
    def __init__(self, config: SiteConfig, report: Report) -> None:
        self.folders = [f for f in (config.theme.templates, config.templates_dir) if f is not None]
        self.report = report
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([str(f) for f in self.folders]),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["reference"] = lambda ref: Markup(reference_html(ref))
        self.env.filters["long_date"] = long_date

    def exists(self, name: str) -> bool:
        return any((folder / name).is_file() for folder in self.folders)

    def check_syntax(self) -> None:
        """Compile every template once so syntax errors surface even if unused."""
        seen: set[str] = set()
        for folder in self.folders:
            for path in sorted(folder.rglob("*.html")):
                name = path.relative_to(folder).as_posix()
                if name in seen:
                    continue
                seen.add(name)
                try:
                    self.env.get_template(name)
                except jinja2.TemplateSyntaxError as exc:
                    self.report.error(exc.filename or path, exc.lineno, f"template syntax: {exc.message}")

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

