"""Preview responses: the built file an address means, with the dev server's additions.

The dev server keeps the last good build in memory as a `PreviewSite` and answers each
request from it through `respond`. An address is looked up in the build's list of
files, never on the disk, so nothing else can be served: no path traversal, no source
files, no directory listings. Served HTML gains the livereload script and, while the
latest rebuild has failed, a panel listing each problem at its file and line.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import unquote

import jinja2
from markupsafe import Markup

from .diagnostics import Diagnostic

RELOAD_SCRIPT = "/livereload.js"  # served by livereload; it connects back to /livereload
PANEL_STYLESHEET = "/_crpsgen/problems.css"
PANEL_TEMPLATES = Path(__file__).parent / "preview_templates"
# Encoded dots, slashes, backslashes and NUL only ever appear in attempts to escape.
REFUSED_IN_ADDRESS = ("%2e", "%2f", "%5c", "%00", "\\", "\x00")

PANEL_CSS = b"""\
.crpsgen-problems {
  position: sticky; top: 0; z-index: 2147483647; box-sizing: border-box;
  max-height: 60vh; overflow: auto; margin: 0; padding: 1rem 1.25rem;
  background: #fff; color: #1d1d1d; border: 4px solid #b00020;
  font: 1rem/1.5 system-ui, sans-serif; text-align: left;
}
.crpsgen-problems h2 { margin: 0 0 .5rem; font-size: 1.25rem; color: #b00020; }
.crpsgen-problems p { margin: 0 0 .5rem; }
.crpsgen-problems ol { margin: 0; padding-left: 1.5rem; }
.crpsgen-problems li { margin: 0 0 .75rem; }
.crpsgen-problems code { font: .95rem/1.4 ui-monospace, monospace; font-weight: bold; word-break: break-all; }
.crpsgen-problems .crpsgen-hint { color: #333; }
"""


@dataclass(frozen=True)
class PreviewSite:
    """What the dev server shows: the last good build, and why the latest rebuild failed."""

    base_path: str = "/"
    files: Mapping[str, bytes] = field(default_factory=dict)  # output path -> bytes
    problems: tuple[Diagnostic, ...] = ()  # empty when the latest rebuild worked


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/plain; charset=utf-8"
    location: str | None = None  # for redirects


def find_file(address: str, site: PreviewSite) -> str | None:
    """Return the built file a request path (still %-encoded) names, or None."""
    if any(refused in address.lower() for refused in REFUSED_IN_ADDRESS):
        return None
    path = unquote(address)
    if not path.startswith(site.base_path):
        return None
    parts = path[len(site.base_path) :].split("/")
    if any(part in {".", ".."} for part in parts) or "" in parts[:-1]:
        return None
    relative = "/".join(parts)
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return relative if relative in site.files else None


def respond(address: str, site: PreviewSite, reload_port: int) -> Response:
    """Answer a GET for `address` (the path of the request, still %-encoded)."""
    if address == PANEL_STYLESHEET:
        return Response(200, PANEL_CSS, "text/css; charset=utf-8")
    found = find_file(address, site)
    if found is not None:
        return _file(found, 200, site, reload_port)
    folder = address + "/"
    if find_file(folder, site) is not None:
        return Response(301, location=folder)  # like a static host: /crps/symptoms -> /crps/symptoms/
    if address in {"", "/"} and site.base_path != "/":
        return Response(302, location=site.base_path)
    if not site.files:
        return Response(
            500 if site.problems else 503, _page_without_site(site, reload_port), "text/html; charset=utf-8"
        )
    if "404.html" in site.files and address.startswith(site.base_path):
        return _file("404.html", 404, site, reload_port)
    message = f"Not found. This preview serves the site under {site.base_path}\n"
    return Response(404, message.encode())


def _file(path: str, status: int, site: PreviewSite, reload_port: int) -> Response:
    unknown = "text/plain" if "." not in path.rsplit("/", 1)[-1] else "application/octet-stream"
    content_type = mimetypes.guess_type(path)[0] or unknown  # `_headers` is text
    if content_type.startswith("text/") or content_type in {"application/javascript", "image/svg+xml"}:
        content_type += "; charset=utf-8"
    body = site.files[path]
    if content_type.startswith("text/html"):
        body = add_to_page(body, site.problems, reload_port)
    return Response(status, body, content_type)


def add_to_page(html: bytes, problems: tuple[Diagnostic, ...], reload_port: int) -> bytes:
    """Add the reload script and stylesheet to a page, and the problem panel if there are problems."""
    # Both load from this origin, which the pages' Content-Security-Policy ('self') allows.
    head = (
        f'<link rel="stylesheet" href="{PANEL_STYLESHEET}">'
        f'<script src="{RELOAD_SCRIPT}?port={reload_port}"></script>\n'
    ).encode()
    html = html.replace(b"</head>", head + b"</head>", 1) if b"</head>" in html else head + html
    if problems:
        body = html.find(b"<body")
        insert_at = html.find(b">", body) + 1 if body != -1 else len(html)
        html = html[:insert_at] + problem_panel(problems).encode() + html[insert_at:]
    return html


def problem_panel(problems: tuple[Diagnostic, ...], built: bool = True) -> str:
    """The problems of the latest rebuild, in words an editor can act on (preview_templates/problems.html)."""
    return _templates().get_template("problems.html").render(problems=problems, built=built)


def _page_without_site(site: PreviewSite, reload_port: int) -> bytes:
    """The page shown for every address while no build has worked yet."""
    page = _templates().get_template("waiting.html").render(problems=site.problems, built=False)
    return add_to_page(page.encode(), (), reload_port)


@cache
def _templates() -> jinja2.Environment:
    """The dev server's own templates, compiled once.

    Not the site's: the panel must show even when a template of the site is what broke.
    Values are escaped as `html.escape` does (`&quot;`, as the panel always wrote them).
    """
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(PANEL_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=lambda value: value if isinstance(value, Markup) else Markup(escape(str(value))),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
