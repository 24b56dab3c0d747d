"""Built with a subpath base_url and served under that subpath, every internal link and asset resolves."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pytest
from support import PROJECT, run_build

ATTRIBUTE = re.compile(r'(?:href|src)="([^"#]+)')


class SubpathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the folder only under /crps/, as a host would for a clinic's subpath."""

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not route.startswith("/crps/"):
            return "/nonexistent"
        return super().translate_path("/" + route[len("/crps/") :])

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served_real_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("subpath") / "output"
    result = run_build(PROJECT, "--base-url", "https://clinic.example/crps/", "--out", str(out))
    assert result.returncode == 0, result.stderr
    handler = functools.partial(SubpathHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/crps/"
    server.shutdown()
    server.server_close()


def test_every_internal_link_and_asset_resolves_under_the_subpath(served_real_site: str) -> None:
    seen: set[str] = set()
    queue = [served_real_site]
    broken: list[str] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                body = response.read().decode("utf-8", "replace")
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            broken.append(f"{url} -> {exc.code}")
            continue
        if "html" not in kind:
            continue
        for target in ATTRIBUTE.findall(body):
            absolute = urljoin(url, target)
            if absolute.startswith(served_real_site.rsplit("/crps/", 1)[0]):
                queue.append(absolute)
    assert broken == []
    pages = [u for u in seen if u.endswith("/")]
    assert len(pages) >= 10, pages
    assert any("/crps/assets/" in u for u in seen)
