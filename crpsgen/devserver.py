"""Dev server: build, then serve output under the site's base path on 127.0.0.1."""

from __future__ import annotations

import functools
import http.server
import sys
import tempfile
from pathlib import Path

from .cli import print_report
from .diagnostics import Report
from .model import BuildOptions
from .pipeline import build_site
from .writer import sync_site


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False) -> int:
    report = Report(root=options.config_path.resolve().parent)
    result = build_site(options, report)
    print_report(report)
    if report.failed(options.strict) or result.config is None:
        return 1
    folder = Path(tempfile.mkdtemp(prefix="crpsgen-serve-")) / "site"
    sync_site(result.outputs, folder)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    with http.server.ThreadingHTTPServer((host, port), handler) as server:
        print(f"serving on http://{host}:{port}/", file=sys.stderr)
        server.serve_forever()
    return 0
