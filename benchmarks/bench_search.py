"""Measure the search: bytes a first query downloads, and what the index costs to build.

    python benchmarks/bench_search.py [--pages 1000] [--query allodynia] [--query ...]

Prints figures; it is not a test and asserts nothing. The real site and a generated site
(benchmarks/sitegen.py's pages, with a search page) are built in a temporary
folder, served on 127.0.0.1 under /crps/, and searched in Chromium (Playwright, Debian's
/usr/bin/chromium). For each query the network log of a freshly opened search page is
summed from the first keystroke: pagefind.js, its worker, the WebAssembly, the index
chunks for the words typed and the excerpts of the results shown. For comparison it
prints the size of the single JSON index the site used before Pagefind (the title,
address, description and whole text of every page), which a reader downloaded in full
before the first result, raw and gzip-compressed (as most hosts would send it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sitegen import copy_real_site, make_site  # noqa: E402

from crpsgen.diagnostics import Report  # noqa: E402
from crpsgen.model import BuildOptions, ConvertedPage  # noqa: E402
from crpsgen.pipeline import build_site  # noqa: E402
from crpsgen.search import SEARCH_TEMPLATE, build_index, indexed_pages  # noqa: E402
from crpsgen.writer import write_site  # noqa: E402

BASE_PATH = "/crps/"


def old_json_index(pages: list[ConvertedPage], base_path: str) -> bytes:
    """The search-index.json the site wrote before Pagefind, byte for byte."""
    entries = [
        {
            "title": r.page.meta.title,
            "url": base_path + r.page.source.url_path,
            "description": r.page.meta.description,
            "text": r.plain_text,
        }
        for r in sorted(pages, key=lambda r: r.page.source.url_path)
        if r.page.meta.template != SEARCH_TEMPLATE
    ]
    return json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(BASE_PATH))


def measure(label: str, config: Path, queries: list[str], browser: Any) -> None:
    out = config.parent / "output"
    handler = functools.partial(_Handler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base_url = f"http://127.0.0.1:{server.server_port}{BASE_PATH}"
    started = time.perf_counter()
    report = Report(root=config.parent)
    result = build_site(BuildOptions(config_path=config, base_url=base_url, today=dt.date.today()), report)
    build_seconds = time.perf_counter() - started
    if report.has_errors:
        print(f"{label}: does not build", file=sys.stderr)
        return
    write_site(result.outputs, out)
    documents = indexed_pages(result.pages, result.config)  # type: ignore[arg-type]
    started = time.perf_counter()
    files = build_index(documents)  # not the cached copy: what a fresh build pays
    index_seconds = time.perf_counter() - started
    old = old_json_index(result.pages, BASE_PATH)
    print(f"\n{label}: {len(documents)} pages indexed")
    print(f"  full build (in memory, Pagefind included): {build_seconds:.2f} s")
    print(f"  Pagefind index alone:                     {index_seconds:.2f} s")
    print(f"  Pagefind files: {len(files)}, {sum(len(f.content) for f in files):,} bytes in all")
    print(f"  old search-index.json: {len(old):,} bytes ({len(gzip.compress(old, 9)):,} gzip-compressed)")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for query in queries:
            fetched = first_query_bytes(browser, base_url + "search/", query)
            total = sum(len(body) for body in fetched.values())
            sent = sum(over_the_wire(name, body) for name, body in fetched.items())
            print(
                f"  first query {query!r}: {total:,} bytes in {len(fetched)} requests "
                f"({sent:,} with the scripts gzip-compressed, as hosts send them)"
            )
            for name, body in sorted(fetched.items()):
                print(f"    {len(body):>9,} {over_the_wire(name, body):>9,}  {name.removeprefix(base_url)}")
    finally:
        server.shutdown()
        server.server_close()


def over_the_wire(name: str, body: bytes) -> int:
    """Bytes a host that compresses text sends: Pagefind's own index files are gzip already."""
    if name.split("?")[0].endswith((".js", ".json")):
        return len(gzip.compress(body, 9))
    return len(body)


def first_query_bytes(browser: Any, search_url: str, query: str) -> dict[str, bytes]:
    """Every response after the page loaded, until the results are shown."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(search_url)
    fetched: dict[str, bytes] = {}
    page.on("response", lambda response: fetched.__setitem__(response.url, response.body()))
    page.fill("#search-input", query)
    page.locator("#search-status", has_text="found").wait_for()
    page.wait_for_load_state("networkidle")
    context.close()
    return fetched


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000, help="pages in the generated site (default 1000)")
    parser.add_argument(
        "--query", action="append", help="words to search for (default: allodynia, and swelling in the hand)"
    )
    parser.add_argument("--skip-real", action="store_true", help="only the generated site")
    args = parser.parse_args()
    queries = args.query or ["allodynia", "swelling in the hand"]  # words of the generated pages too
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as temp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium")
        if not args.skip_real:
            (Path(temp) / "real").mkdir()
            measure("real site", copy_real_site(Path(temp) / "real"), queries, browser)
        (Path(temp) / "large").mkdir()
        config = make_site(Path(temp) / "large", args.pages)
        measure(f"generated site ({args.pages} pages)", config, queries, browser)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
