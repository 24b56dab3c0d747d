"""The Nu Html Checker finds no error in any built page."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from .support import ROOT, Site, require

pytestmark = pytest.mark.browser

# .ci/run installs it with: npm install --prefix .cache/npm vnu-jar@26.9.27
VNU_JAR = ROOT / ".cache/npm/node_modules/vnu-jar/build/dist/vnu.jar"


def test_every_page_is_valid_html(site: Site) -> None:
    java = shutil.which("java")
    require(java, "java not found (apt-get install default-jre-headless)")
    require(
        VNU_JAR.is_file(), f"{VNU_JAR.relative_to(ROOT)} not found (npm install --prefix .cache/npm vnu-jar)"
    )
    files = [str(site.root / page) for page in site.pages]
    run = subprocess.run(
        [str(java), "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    output = run.stdout.strip() or run.stderr.strip()
    messages = json.loads(output)["messages"] if output else []
    errors = [
        f"{m.get('url', '').rsplit('/output/', 1)[-1]}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
    assert run.returncode == 0, output
