"""Browser tests: build the real site once, serve it on 127.0.0.1 under a base path,
and drive Debian's Chromium with Playwright (no browser download).

Chromium and the Nu checker are set up by .ci/run. Without them these tests skip on a
developer's machine, and fail when CI is set, so CI can never pass by skipping.
`SITE_CONFIG=/path/to/site.yaml` builds another copy of the site (for trying the
theme while content/ is mid-edit); CI always builds the real one.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from crpsgen.diagnostics import Report
from crpsgen.model import BuildOptions
from crpsgen.pipeline import build_site
from crpsgen.writer import write_site

from .support import (
    BASE_PATH,
    CHROMIUM_ARGS,
    MODES,
    ROOT,
    Site,
    Watch,
    _Handler,
    chromium_path,
    import_or_require,
    open_context,
    require,
)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """Build the site once and serve it on 127.0.0.1 for the whole session."""
    out = tmp_path_factory.mktemp("site") / "output"
    handler = functools.partial(_Handler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base_url = f"http://127.0.0.1:{server.server_port}{BASE_PATH}"
    config = Path(os.environ.get("SITE_CONFIG") or ROOT / "site.yaml")
    report = Report(root=config.resolve().parent)
    result = build_site(
        BuildOptions(config_path=config, out_dir=out, base_url=base_url, today=dt.date.today()),
        report,
    )
    if report.has_errors:
        errors = "\n".join(d.format() for d in report.sorted() if d.severity == "error")
        pytest.fail(f"the site does not build:\n{errors}", pytrace=False)
    write_site(result.outputs, out)
    pages = tuple(sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(out, base_url, pages)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session."""
    executable = chromium_path()
    require(executable, "Chromium not found (apt-get install chromium, or set CHROME_PATH)")
    sync_api = import_or_require("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def tabs(browser: Any) -> Iterator[Callable[[str], tuple[Any, Watch]]]:
    """One context and tab per width and colour scheme, opened once, reused by every test."""
    opened: dict[str, tuple[Any, Any, Watch]] = {}

    def tab(mode: str) -> tuple[Any, Watch]:
        if mode not in opened:
            watch = Watch()
            context = open_context(browser, mode, watch)
            opened[mode] = (context, context.new_page(), watch)
        return opened[mode][1], opened[mode][2]

    yield tab
    for context, _, _ in opened.values():
        context.close()


@pytest.fixture(params=list(MODES))
def mode_page(
    request: pytest.FixtureRequest, tabs: Callable[[str], tuple[Any, Watch]]
) -> tuple[str, Any, Watch]:
    """A tab at each of the four widths and colour schemes."""
    return (request.param, *tabs(request.param))


@pytest.fixture(params=["phone-light", "phone-dark"])
def phone_page(
    request: pytest.FixtureRequest, tabs: Callable[[str], tuple[Any, Watch]]
) -> tuple[str, Any, Watch]:
    """A tab at phone width, light and dark."""
    return (request.param, *tabs(request.param))


@pytest.fixture(params=["phone-light", "desktop-light"])
def fresh_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, Watch]]:
    """A new tab for a keyboard test, where focus history must start clean."""
    watch = Watch()
    context = open_context(browser, request.param, watch)
    page = context.new_page()
    yield page, watch
    context.close()
    watch.check()
