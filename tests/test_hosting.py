"""The host configurations in deploy/, checked as far as this machine can.

nginx (deploy/nginx/crps.conf) really serves a built copy of the real site under /crps/:
every page, file, old address and a missing page are fetched. The CloudFront Function
(deploy/s3-cloudfront/pretty-urls.js) runs in node on every address of that site. The
GitHub Pages workflow and netlify.toml are parsed, and the workflow's build command is run.
Nothing here reaches GitHub, Netlify, Cloudflare or AWS: there is no network to them.

nginx and node are installed by .ci/run; without them these tests skip on a developer's
machine and fail when CI is set, like the browser tests.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from support import PROJECT, SiteMaker, page, run_build

from crpsgen.policy import HEADERS

DEPLOY = PROJECT / "deploy"
BASE_URL = "https://example.org/crps/"
BASE_PATH = "/crps/"
# Old addresses added to a copy of the real site (which has none yet), to check redirects.
ALIASES = "aliases: [signs-and-symptoms, old/crps-symptoms/]\n"
IMMUTABLE = "public, max-age=31536000, immutable"
HOST_FILES = ("_headers", "_redirects")  # read by Netlify and Cloudflare Pages, not served by nginx


def require(tool: str) -> str:
    """The path of a tool; skip without it on a developer's machine, fail under CI."""
    found = shutil.which(tool) or next(
        (str(p) for p in (Path("/usr/sbin") / tool, Path("/usr/bin") / tool) if p.is_file()), None
    )
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is not installed (CI must run the hosting tests; .ci/run installs it)")
    pytest.skip(f"{tool} is not installed")


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site's files in a temporary folder, with two aliases on the Symptoms page."""
    copy = tmp_path_factory.mktemp("hosting") / "project"
    shutil.copytree(
        PROJECT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            ".cache",
            "output",
            ".output.*",
            "tests",
            "benchmarks",
            "*.egg-info",
            "node_modules",
        ),
    )
    symptoms = copy / "content" / "symptoms.md"
    text = symptoms.read_text()
    assert text.startswith("---\n") and "aliases:" not in text
    symptoms.write_text("---\n" + ALIASES + text.removeprefix("---\n"))
    return copy


@pytest.fixture(scope="module")
def built(project_copy: Path) -> Path:
    out = project_copy.parent / "output"
    result = run_build(project_copy, "--base-url", BASE_URL, "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    return out


def site_files(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


def page_addresses(out: Path) -> list[str]:
    """Every folder address with an index.html: "" for the home page, "symptoms/", ..."""
    return [name.removesuffix("index.html") for name in site_files(out) if name.endswith("index.html")]


def redirect_rules(out: Path) -> list[tuple[str, str, str]]:
    lines = (out / "_redirects").read_text().splitlines()
    return [
        (rule[0], rule[1], rule[2]) for line in lines if not line.startswith("#") for rule in [line.split()]
    ]


# ---------------------------------------------------------------- nginx


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    port: int

    def get(self, path: str) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path, headers={"Host": "example.org"})
            answer = connection.getresponse()
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
        finally:
            connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def nginx_config(prefix: Path, out: Path, port: int) -> Path:
    """deploy/nginx/crps.conf with only its paths, port and host name changed, in a minimal nginx.conf."""
    snippet = prefix / "crps-security-headers.conf"
    shutil.copy(DEPLOY / "nginx" / "security-headers.conf", snippet)
    server = (DEPLOY / "nginx" / "crps.conf").read_text()
    for old, new in (
        ("/srv/crps/output/", f"{out}/"),
        ("/etc/nginx/snippets/crps-security-headers.conf", str(snippet)),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server_name clinic.example;", "server_name example.org;"),
    ):
        assert old in server, f"deploy/nginx/crps.conf no longer has {old!r}"
        server = server.replace(old, new)
    (prefix / "crps.conf").write_text(server)
    temp = "\n".join(
        f"  {kind}_temp_path {prefix}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = prefix / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")  # workers must read the pytest temp folder
        + f"worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
        f"  access_log off;\n{temp}\n  include {prefix}/crps.conf;\n}}\n"
    )
    return main


@pytest.fixture(scope="module")
def nginx(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    binary = require("nginx")
    prefix = tmp_path_factory.mktemp("nginx")
    port = free_port()
    config = nginx_config(prefix, built, port)
    command = [binary, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    started = subprocess.run(command, capture_output=True, text=True, check=False)  # daemonises
    assert started.returncode == 0, started.stderr
    pid_file = prefix / "nginx.pid"
    deadline = time.monotonic() + 10
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    pid = int(pid_file.read_text())
    try:
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield Server(port)
    finally:
        os.kill(pid, signal.SIGTERM)  # the master we started, by its pid
        while time.monotonic() < deadline + 10:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)


def assert_security_headers(response: Response, where: str) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name.lower()) == value, f"{where}: {name}"


def test_every_file_is_served_with_its_bytes_and_headers(nginx: Server, built: Path) -> None:
    files = [name for name in site_files(built) if name not in HOST_FILES]
    assert any(name.startswith("assets/") for name in files)
    assert {"sitemap.xml", "robots.txt", "404.html"} <= set(files)
    for name in files:
        response = nginx.get(BASE_PATH + name)
        assert response.status == 200, name
        assert response.body == (built / name).read_bytes(), name
        assert_security_headers(response, name)
        cache = response.headers.get("cache-control")
        assert cache == (IMMUTABLE if name.startswith("assets/") else "no-cache"), name


def test_every_page_is_served_at_its_address(nginx: Server, built: Path) -> None:
    addresses = page_addresses(built)
    assert "" in addresses and "symptoms/" in addresses
    for address in addresses:
        response = nginx.get(BASE_PATH + address)
        assert response.status == 200, address
        assert response.body == (built / address / "index.html").read_bytes(), address
        assert response.headers["content-type"] == "text/html; charset=utf-8", address


def test_an_address_without_its_slash_is_redirected(nginx: Server, built: Path) -> None:
    for address in ["", *(a for a in page_addresses(built) if a)]:
        response = nginx.get(BASE_PATH + address.rstrip("/") if address else BASE_PATH.rstrip("/"))
        assert response.status == 301, address
        assert response.headers["location"] == BASE_PATH + address, address


def test_each_old_address_leads_to_its_page(nginx: Server, built: Path) -> None:
    rules = redirect_rules(built)
    assert rules == [
        ("/crps/old/crps-symptoms/", "/crps/symptoms/", "301"),
        ("/crps/signs-and-symptoms/", "/crps/symptoms/", "301"),
    ]
    for old, new, _ in rules:
        response = nginx.get(old)
        # nginx cannot read _redirects: the build's redirect page (meta refresh) is served.
        assert response.status == 200, old
        assert f'<meta http-equiv="refresh" content="0; url={new}">'.encode() in response.body, old
        canonical = BASE_URL + new.removeprefix(BASE_PATH)  # the page's full address, as on the page
        assert f'<link rel="canonical" href="{canonical}">'.encode() in response.body, old
        assert nginx.get(new).status == 200, new


def test_a_missing_page_is_the_sites_404_page(nginx: Server, built: Path) -> None:
    not_found = (built / "404.html").read_bytes()
    assert b"Page not found" in not_found
    for missing in ("no-such-page/", "symptoms/nope", "assets/css/gone.css", *HOST_FILES):
        response = nginx.get(BASE_PATH + missing)
        assert response.status == 404, missing
        assert response.body == not_found, missing
        assert_security_headers(response, missing)


def test_the_headers_file_and_nginx_send_the_same_headers(nginx: Server, built: Path) -> None:
    block = (built / "_headers").read_text().split("\n\n")[0].splitlines()
    assert block[0] == "/*"
    sent = nginx.get(BASE_PATH).headers
    for line in block[1:]:
        name, value = line.strip().split(": ", 1)
        assert sent[name.lower()] == value, name
    assert f"{BASE_PATH}assets/*\n  Cache-Control: {IMMUTABLE}" in (built / "_headers").read_text()


def test_the_nginx_snippet_holds_exactly_the_sites_headers() -> None:
    lines = [
        line
        for line in (DEPLOY / "nginx" / "security-headers.conf").read_text().splitlines()
        if line.startswith("add_header")
    ]
    assert lines == [f'add_header {name} "{value}" always;' for name, value in HEADERS.items()]


# ---------------------------------------------------------------- S3 + CloudFront

RUN_FUNCTION = """
const fs = require('fs');
const handler = new Function(fs.readFileSync(process.argv[1], 'utf8') + '\\nreturn handler;')();
const uris = JSON.parse(fs.readFileSync(0, 'utf8'));
const results = uris.map((uri) => handler({request: {method: 'GET', uri: uri, querystring: {}, headers: {}}}));
process.stdout.write(JSON.stringify(results));
"""


def run_function(uris: list[str]) -> list[dict[str, object]]:
    node = require("node")
    result = subprocess.run(
        [node, "-e", RUN_FUNCTION, str(DEPLOY / "s3-cloudfront" / "pretty-urls.js")],
        input=json.dumps(uris),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    answers: list[dict[str, object]] = json.loads(result.stdout)
    return answers


def test_the_cloudfront_function_maps_every_address_to_a_file(built: Path) -> None:
    """S3 holds output/ under the key prefix crps/; each address must reach its object."""
    files = [name for name in site_files(built) if name not in HOST_FILES]
    pages = page_addresses(built)
    slashless = [BASE_PATH + a.rstrip("/") for a in pages if a]
    uris = [BASE_PATH + name for name in files] + [BASE_PATH + a for a in pages] + slashless
    answers = run_function(uris)
    for uri, answer in zip(uris, answers, strict=True):
        if uri in slashless:
            assert answer["statusCode"] == 301, uri
            assert answer["headers"] == {"location": {"value": uri + "/"}}, uri
            continue
        key = str(answer["uri"])
        assert key.startswith(BASE_PATH) and (built / key.removeprefix(BASE_PATH)).is_file(), (uri, key)
    (missing,) = run_function(["/crps/no-such-page/"])
    assert missing["uri"] == "/crps/no-such-page/index.html"  # no such object: CloudFront's 404 response


def test_the_response_headers_policy_holds_the_sites_headers() -> None:
    policy = json.loads((DEPLOY / "s3-cloudfront" / "response-headers-policy.json").read_text())
    security = policy["SecurityHeadersConfig"]
    assert security["ContentSecurityPolicy"]["ContentSecurityPolicy"] == HEADERS["Content-Security-Policy"]
    assert security["FrameOptions"]["FrameOption"] == HEADERS["X-Frame-Options"]
    assert security["ReferrerPolicy"]["ReferrerPolicy"] == HEADERS["Referrer-Policy"]
    assert HEADERS["X-Content-Type-Options"] == "nosniff" and security["ContentTypeOptions"]["Override"]
    custom = {item["Header"]: item["Value"] for item in policy["CustomHeadersConfig"]["Items"]}
    assert custom == {"Permissions-Policy": HEADERS["Permissions-Policy"]}
    assert policy["CustomHeadersConfig"]["Quantity"] == len(custom)


# ---------------------------------------------------------------- GitHub Pages, Netlify


def test_the_github_pages_workflow_builds_for_the_pages_address_and_deploys(project_copy: Path) -> None:
    workflow = yaml.safe_load((DEPLOY / "github-pages" / "pages.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "workflow_dispatch" in triggers
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "") for step in build["steps"]]
    for action in ("actions/checkout@", "actions/configure-pages@", "actions/upload-pages-artifact@"):
        assert any(u.startswith(action) for u in uses), action
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "output"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read"}  # the build job cannot publish

    # Run the build step here, with the address configure-pages gives a project site.
    step = next(s for s in build["steps"] if "build.py" in s.get("run", ""))
    assert step["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    shutil.rmtree(project_copy / "output", ignore_errors=True)
    env = {
        **os.environ,
        "BASE_URL": "https://owner.github.io/repo",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    result = subprocess.run(
        ["bash", "-c", step["run"]], cwd=project_copy, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    home = (project_copy / "output" / "index.html").read_text()
    assert '<link rel="canonical" href="https://owner.github.io/repo/">' in home
    assert re.search(r'href="/repo/assets/css/site\.[0-9a-f]+\.css"', home)


def test_netlify_toml_builds_into_output() -> None:
    config = tomllib.loads((DEPLOY / "netlify" / "netlify.toml").read_text())
    assert config["build"]["publish"] == "output"
    assert config["build"]["command"].endswith("python build.py")
    assert config["build"]["environment"]["PYTHON_VERSION"] >= "3.11"


def test_every_host_folder_is_documented() -> None:
    for folder in ("github-pages", "netlify", "cloudflare-pages", "s3-cloudfront", "nginx"):
        readme = (DEPLOY / folder / "README.md").read_text()
        assert "## How this was checked" in readme, folder


# ---------------------------------------------------------------- _redirects


def test_redirects_file_carries_the_base_path(make_site: SiteMaker) -> None:
    root = make_site(
        {"content/symptoms.md": page("Symptoms", "Text [@alpha2020].\n", aliases="[signs, old/page/]")}
    )
    assert run_build(root, "--base-url", "https://clinic.example/crps/").returncode == 0
    assert redirect_rules(root / "output") == [
        ("/crps/old/page/", "/crps/symptoms/", "301"),
        ("/crps/signs/", "/crps/symptoms/", "301"),
    ]


def test_a_site_without_aliases_has_an_empty_redirects_file(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    assert redirect_rules(root / "output") == []


def test_an_alias_cannot_take_the_redirects_file(make_site: SiteMaker) -> None:
    root = make_site(
        {"content/symptoms.md": page("Symptoms", "Text [@alpha2020].\n", aliases="[_redirects]")}
    )
    result = run_build(root)
    assert result.returncode == 1
    assert 'content/symptoms.md:5: error: alias "_redirects"' in result.stderr
