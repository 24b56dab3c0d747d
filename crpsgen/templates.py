"""Templates stage: Jinja2 with StrictUndefined -> HTML bytes.

A clinic overrides any template by putting a file of the same name in the folder
named by `theme.templates` in site.yaml; ours are the fallback. Template mistakes
are reported at the template's own line, once, naming the pages they broke.
"""

from __future__ import annotations

import re
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.loaders import split_template_path
from markupsafe import Markup

from .citations import reference_html
from .diagnostics import Report
from .model import SiteConfig
from .walk import walk_files


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


class ParsedEnvironment(jinja2.Environment):
    """Jinja's environment, keeping each template's parsed tree: `template_variables` reads
    the tree compiling made instead of parsing every template a second time."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.trees: dict[str, nodes.Template] = {}

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        if name is not None:
            self.trees[name] = tree
        return tree


class TemplateRenderer:
    def __init__(self, config: SiteConfig) -> None:
        self.folders = [f for f in (config.theme.templates, config.templates_dir) if f is not None]
        self.root = config.root
        # Render failures by (template file, line, message) -> the pages they broke.
        self.failures: dict[tuple[str, int | None, str], list[str]] = {}
        self.env = ParsedEnvironment(
            loader=ProjectLoader(self.folders, config.root),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters["reference"] = _once_each(reference_html)
        self._found: dict[str, bool] = {}  # template name -> whether it exists (see exists)
        self.env.filters["long_date"] = long_date

    def exists(self, name: str) -> bool:
        """Whether a template of this name is in the folders (looked up once per name: every
        page names one of a few, and a renderer lives only while the folders are unchanged)."""
        if name not in self._found:
            try:
                parts = split_template_path(name)  # Jinja's own rule: no "..", no absolute paths
            except jinja2.TemplateNotFound:
                self._found[name] = False
            else:
                self._found[name] = any(folder.joinpath(*parts).is_file() for folder in self.folders)
        return self._found[name]

    def check_syntax(self, report: Report) -> None:
        """Compile every template once so syntax errors surface even if unused."""
        seen: set[str] = set()
        for folder in self.folders:
            for name, path in walk_files(folder, self.root, report):  # reports symlinks out
                if name in seen or not name.endswith((".html", ".xml")):
                    continue
                seen.add(name)
                try:
                    self.env.get_template(name)
                except jinja2.TemplateSyntaxError as exc:
                    report.error(exc.filename or path, exc.lineno, f"template syntax: {exc.message}")
                except UnicodeDecodeError as exc:
                    line = path.read_bytes()[: exc.start].count(b"\n") + 1
                    report.error(path, line, "template is not UTF-8 text", "save it as UTF-8 in your editor")
                except RecursionError:
                    report.error(path, None, "template syntax: blocks are nested too deeply to compile")
                except jinja2.TemplateNotFound:
                    pass  # an earlier folder's file of this name is a symlink out: reported above

    def render(self, name: str, context: dict[str, Any], page_label: str) -> str | None:
        """Render a template; note errors (see `report_failures`) and return None."""
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as exc:
            self._fail(exc.filename or name, exc.lineno, f"template syntax: {exc.message}", page_label)
        except jinja2.TemplateNotFound as exc:
            filename, line = _template_frame(exc, self.folders)
            self._fail(filename or name, line, f'template "{exc.name}" not found', page_label)
        except Exception as exc:  # any mistake in a template is the editor's to fix, never a crash
            filename, line = _template_frame(exc, self.folders)
            message = f"template error while rendering {{pages}}: {_describe(exc)}"
            self._fail(filename or name, line, message, page_label)
        return None

    def _fail(self, filename: str, line: int | None, message: str, page_label: str) -> None:
        self.failures.setdefault((filename, line, message), []).append(page_label)

    def report_failures(self, report: Report) -> bool:
        """Report each template mistake once, with how many pages it broke; return whether any.

        One misspelt variable in base.html breaks every page: that is one line, not one a page.
        """
        failures, self.failures = self.failures, {}
        for (filename, line, message), labels in failures.items():
            report.error(filename, line, message.replace("{pages}", _pages(labels)))
        return bool(failures)


def _describe(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "a template includes or extends itself without end"
    if isinstance(exc, jinja2.TemplateError | TypeError | ValueError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"  # e.g. ZeroDivisionError: division by zero


def _pages(labels: list[str]) -> str:
    """One page's label, or a count with the first two: "18 pages (about.md, faq.md and 16 more)"."""
    if len(labels) == 1:
        return labels[0]
    shown = ", ".join(labels[:2])
    rest = f" and {len(labels) - 2} more" if len(labels) > 2 else ""
    return f"{len(labels)} pages ({shown}{rest})"


def _template_frame(exc: BaseException, folders: list[Path]) -> tuple[str | None, int | None]:
    """Find the innermost traceback frame that belongs to one of our templates.

    For endless recursion the innermost frame is wherever Python gave up: report the
    `{% include %}` (or `{% extends %}`) in the loop instead, the line to change.
    """
    frames = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if frame.filename.endswith(".html") and any(frame.filename.startswith(str(f)) for f in folders)
    ]
    if not frames:
        return None, None
    if isinstance(exc, RecursionError):
        seen = Counter((f.filename, f.lineno) for f in frames)
        repeated = [f for f in frames if seen[(f.filename, f.lineno)] > 1]  # the loop, not its way out
        for word in ("include", "import", "extends"):
            looping = [f for f in repeated if re.search(r"{%-?\s*" + word + r"\b", f.line or "")]
            if looping:
                first = min(looping, key=lambda f: (f.filename, f.lineno or 0))
                return first.filename, first.lineno
    return frames[-1].filename, frames[-1].lineno


def long_date(value: Any) -> str:
    """22 November 2026 -> "November 22, 2026" (US style)."""
    return f"{value.strftime('%B')} {value.day}, {value.year}"


# One template file's own variables and the templates it names (None: chosen at render time).
FileVariables = tuple[frozenset[str], tuple[str | None, ...]]


def template_variables(
    env: jinja2.Environment, name: str, files: dict[str, FileVariables] | None = None
) -> frozenset[str] | None:
    """Every variable a template and the templates it uses may read (perhaps more); None when unknown.

    `files` keeps each file's findings, so the partials every page template includes
    are parsed once, not once per page template.
    """
    files = {} if files is None else files
    names: set[str] = set()
    todo, seen = [name], set()
    try:
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if current not in files:
                tree = env.trees.get(current) if isinstance(env, ParsedEnvironment) else None
                if tree is None:
                    assert env.loader is not None
                    source, _, _ = env.loader.get_source(env, current)
                    tree = env.parse(source)
                files[current] = (_names_read(tree), tuple(meta.find_referenced_templates(tree)))
            variables, referenced = files[current]
            names |= variables
            for other in referenced:
                if other is None:
                    return None  # a template chosen at render time: assume it reads anything
                todo.append(other)
    except jinja2.TemplateError:
        return None
    return frozenset(names)


def _names_read(tree: nodes.Template) -> frozenset[str]:
    """Every name the template reads, its own {% set %} and loop names too: more than it takes
    from outside (what `meta.find_undeclared_variables` finds, by compiling the template again),
    never less, so a page is at worst rendered again for nothing."""
    return frozenset(node.name for node in tree.find_all(nodes.Name) if node.ctx == "load")


def _once_each(make: Callable[[Any], str]) -> Callable[[Any], Markup]:
    """A filter that makes each object's HTML once: a source is listed on many pages."""
    made: dict[int, tuple[Any, Markup]] = {}

    def filter_(value: Any) -> Markup:
        known = made.get(id(value))
        if known is None or known[0] is not value:  # the same id, another object: made again
            known = made[id(value)] = (value, Markup(make(value)))
        return known[1]

    return filter_
