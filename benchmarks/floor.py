"""The floor: the least a Python site generator does with the same pages, in one process.

    python benchmarks/floor.py --content DIR --out DIR

For each Markdown file under DIR (content/_data/ aside): split off the front matter and
read it with PyYAML (its C loader when there is one), convert the body with
Python-Markdown (extensions toc, tables, footnotes and attr_list, one converter reset
between pages), render one Jinja template with the title, description, table of
contents and body, and write the page to OUT/<name>/index.html (index.md to
OUT/index.html). No menus, citations, glossary, checks or assets: what is left is the
price of Markdown, a template and the disk. benchmarks/bench_engine.py runs it in a
fresh process beside crpsgen.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import jinja2
import markdown
import yaml
from markupsafe import Markup

TEMPLATE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<meta name="description" content="{{ description }}">
</head>
<body>
<header><a href="/">Home</a></header>
<nav aria-label="On this page">{{ toc }}</nav>
<main>
<h1>{{ title }}</h1>
{{ body }}
</main>
<footer>Last reviewed {{ last_reviewed }}</footer>
</body>
</html>
"""
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a page that starts with a --- block."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return yaml.load(text[4:end], Loader=LOADER) or {}, text[end + 5 :]
    return {}, text


def build(content: Path, out: Path) -> int:
    converter = markdown.Markdown(extensions=["toc", "tables", "footnotes", "attr_list"])
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    count = 0
    for source in sorted(content.rglob("*.md")):
        relative = source.relative_to(content)
        if relative.parts[0].startswith("_"):
            continue
        meta, text = split(source.read_text(encoding="utf-8"))
        body = converter.reset().convert(text)
        page = template.render(
            title=meta.get("title", ""),
            description=meta.get("description", ""),
            last_reviewed=meta.get("last_reviewed", ""),
            toc=Markup(getattr(converter, "toc", "")),
            body=Markup(body),
        )
        stem = relative.with_suffix("")
        target = out / "index.html" if stem == Path("index") else out / stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, required=True, help="folder of Markdown pages")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the pages into")
    args = parser.parse_args()
    print(f"{build(args.content, args.out)} pages written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
