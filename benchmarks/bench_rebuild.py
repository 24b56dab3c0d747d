"""Benchmark the dev server's rebuilds on the real site and on a generated 1,000-page site.

    python benchmarks/bench_rebuild.py [--pages 1000] [--repeat 5] [--skip-real]

Prints figures; it is not a test and asserts nothing. Both sites are built in a
temporary folder (the real site's content/, templates/, static/ and site.yaml are
copied there; the large site is generated there), so the working directory is never
edited. For each site:

- full build: `build_site` plus `write_site`, what `python build.py` does;
- one-page edit -> rebuilt: save a paragraph added to one page, then `Session.rebuild`
  and `sync_site` (the preview serves from memory as soon as the rebuild is done, so
  the "in memory" column is what a browser waits for);
- template edit -> rebuilt: the same after a change to base.html that every page shows;
- title edit -> rebuilt (extra): a page's title is in every page's menu, so every page
  is rendered again.

The dev server notices a save within `POLL_SECONDS` (plus `SETTLE_SECONDS`), which
comes on top of these figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crpsgen.devserver import POLL_SECONDS, SETTLE_SECONDS  # noqa: E402
from crpsgen.diagnostics import Report  # noqa: E402
from crpsgen.model import BuildOptions  # noqa: E402
from crpsgen.pipeline import build_site  # noqa: E402
from crpsgen.session import Session  # noqa: E402
from crpsgen.writer import sync_site, write_site  # noqa: E402

SITE_YAML = """\
title: Large benchmark site
base_url: https://example.org/crps/
organization:
  name: Example Pain Clinic
publisher:
  offers_treatment: false
  funding: Paid for by the clinic.
disclaimer: General information, not medical advice.
crisis:
  emergency_text: If you are in danger now, call 911.
  line_name: 988 Suicide & Crisis Lifeline
  line_text: Call or text 988.
navigation:
  - id: crps
    title: About CRPS
  - id: ketamine
    title: Ketamine infusions
  - id: help
    title: Help and resources
"""
PREFIXES = (
    "neuro",
    "cardio",
    "derma",
    "osteo",
    "myo",
    "angio",
    "hemo",
    "vaso",
    "lympho",
    "arthro",
    "encephalo",
)
SUFFIXES = ("pathy", "algia", "itis", "plasty", "scopy", "genesis", "trophy", "tonia", "sclerosis", "lysis")
WORDS = [
    "pain",
    "limb",
    "doctor",
    "swelling",
    "treatment",
    "infusion",
    "nerve",
    "skin",
    "sleep",
    "clinic",
    "study",
    "trial",
    "people",
    "week",
    "month",
    "often",
    "sometimes",
    "usually",
    "change",
    "help",
    "plan",
    "movement",
    "therapy",
    "team",
    "family",
    "body",
    "signal",
    "brain",
    "color",
    "warm",
    "cold",
    "touch",
    "sweat",
    "stiff",
    "hand",
    "foot",
    "arm",
    "leg",
    "rest",
    "walk",
    "work",
]


def copy_real_site(destination: Path) -> Path:
    """Copy the real site's sources into `destination`; return its site.yaml."""
    for name in ("content", "templates", "static"):
        shutil.copytree(ROOT / name, destination / name)
    shutil.copy2(ROOT / "site.yaml", destination / "site.yaml")
    return destination / "site.yaml"


def make_large_site(destination: Path, pages: int, seed: int = 1, in_menu: bool = True) -> Path:
    """Generate a valid site of `pages` pages (with the real templates); return its site.yaml.

    With `in_menu`, every page joins a menu section, as on a real site (every page then
    lists every other, so the build grows with the square of the pages); without it the
    pages are reached by links and search only.

    Each page has about 7 KB of Markdown: headings, paragraphs with citations and
    glossary terms (110 terms, like the real glossary), a list with a link to the
    next page's heading, and a table. Like the real site, it has a search page (so a
    search index of every page's text).
    """
    rng = random.Random(seed)
    for name in ("templates", "static"):
        shutil.copytree(ROOT / name, destination / name)
    (destination / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    data = destination / "content" / "_data"
    data.mkdir(parents=True)
    terms = [prefix + suffix for prefix in PREFIXES for suffix in SUFFIXES]
    glossary = [f"- term: {t}\n  definition: A made-up word for testing the glossary.\n" for t in terms]
    (data / "glossary.yaml").write_text("".join(glossary), encoding="utf-8")
    keys = [f"ref{n:03d}" for n in range(80)]
    references = [
        f"- id: {key}\n  type: article\n  authors: [Doe J, Roe R]\n  title: Study number {n}\n"
        f"  container: Pain\n  year: {2000 + n % 25}\n  volume: '{n}'\n  pages: 1-{n + 9}\n"
        "  verified_from: [benchmark]\n"
        for n, key in enumerate(keys)
    ]
    (data / "references.yaml").write_text("".join(references), encoding="utf-8")
    names = ["index.md", *(f"page-{n:04d}.md" for n in range(1, pages))]
    today = dt.date.today().isoformat()
    for n, name in enumerate(names):
        body = []
        for part in range(1, 7):
            body.append(f"## Part {part} of page {n} {{#part-{part}}}\n")
            for _ in range(3):
                sentences = []
                for _ in range(4):
                    words = [*rng.sample(WORDS, 9), rng.choice(terms)]
                    rng.shuffle(words)
                    sentences.append(" ".join(words).capitalize() + f" [@{rng.choice(keys)}].")
                body.append(" ".join(sentences) + "\n")
            next_page = names[(n + 1) % pages]
            body.append(f"- Read [the next page]({next_page}#part-2).\n- {rng.choice(terms)} and more.\n")
            body.append("| Group | Notice |\n|---|---|\n| One | " + " ".join(rng.sample(WORDS, 6)) + " |\n")
        section = f"section: {('crps', 'ketamine', 'help')[n % 3]}\n" if in_menu else ""
        front = (
            f"---\ntitle: Page {n} about {terms[n % len(terms)]}\ndescription: Benchmark page {n}.\n"
            f"{section}order: {n}\nlast_reviewed: {today}\n---\n\n"
        )
        (destination / "content" / name).write_text(front + "\n".join(body), encoding="utf-8")
    search = f"---\ntitle: Search\ndescription: Search.\nlast_reviewed: {today}\ntemplate: search.html\n---\n"
    (destination / "content" / "search.md").write_text(search + "Type a word.\n", encoding="utf-8")
    return destination / "site.yaml"


@dataclass
class Figures:
    rebuild: list[float] = field(default_factory=list)  # in memory: what the browser waits for
    total: list[float] = field(default_factory=list)  # and the folder synced
    work: str = ""


def full_build(config: Path, out: Path) -> float:
    """One `python build.py` run, in process: build everything, then write it."""
    started = time.perf_counter()
    result = build_site(BuildOptions(config_path=config), Report(root=config.parent))
    if result.outputs:
        write_site(result.outputs, out)
    return time.perf_counter() - started


def time_edit(
    session: Session, out: Path, path: Path, change: Callable[[str, int], str], repeat: int
) -> Figures:
    """Save an edited file, rebuild, sync; `repeat` times, each with a different edit."""
    figures = Figures()
    original = path.read_text(encoding="utf-8")
    for n in range(repeat):
        path.write_text(change(original, n), encoding="utf-8")
        started = time.perf_counter()
        result = session.rebuild()
        rebuilt = time.perf_counter()
        if result.report.has_errors:
            raise SystemExit(f"{path}: the edit broke the build: {result.report.sorted()[0].format()}")
        sync_site(result.outputs, out)
        figures.rebuild.append(rebuilt - started)
        figures.total.append(time.perf_counter() - started)
        figures.work = session.work.summary().split(" in ")[0]
    path.write_text(original, encoding="utf-8")
    session.rebuild()
    return figures


def milliseconds(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:7.0f} ms"


def measure(label: str, config: Path, page: Path, repeat: int) -> None:
    root = config.parent
    print(f"\n{label}")
    full = [full_build(config, root / "output") for _ in range(2)]
    session = Session(BuildOptions(config_path=config), search=False)  # as the dev server runs it
    first = session.rebuild()
    if first.report.has_errors:
        print(f"  the site does not build ({first.report.summary()}); skipped")
        return
    sync_site(first.outputs, root / "preview")
    print(f"  {len(first.pages)} pages, {len(first.outputs)} files; median of {repeat} edits each")
    print(f"  {'':34} {'in memory':>10} {'+ synced':>10}   what was redone")
    print(f"  {'full build (build + write)':34} {'':>10} {milliseconds(full):>10}")
    cases = {
        "one-page edit -> rebuilt": (page, lambda text, n: text + f"\nAn added paragraph, number {n}.\n"),
        "template edit -> rebuilt": (
            root / "templates" / "base.html",
            lambda text, n: text.replace("</head>", f"<!-- edit {n} -->\n</head>", 1),
        ),
        "title edit -> rebuilt (menus)": (
            page,
            lambda text, n: text.replace("\ntitle: ", f"\ntitle: Edit {n} ", 1),
        ),
    }
    page_edit = Figures()
    for name, (path, change) in cases.items():
        figures = time_edit(session, root / "preview", path, change, repeat if "one-page" in name else 2)
        page_edit = figures if "one-page" in name else page_edit
        times = f"{milliseconds(figures.rebuild):>10} {milliseconds(figures.total):>10}"
        print(f"  {name:34} {times}   {figures.work}")
    ratio = statistics.median(full) / statistics.median(page_edit.total)
    print(f"  full build / one-page edit: {ratio:.0f} times")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000, help="pages in the generated site (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="one-page edits to time (default 5)")
    parser.add_argument("--skip-real", action="store_true", help="only the generated site")
    args = parser.parse_args()
    print(
        f"The dev server notices a save within {POLL_SECONDS * 1000:.0f} ms "
        f"+ {SETTLE_SECONDS * 1000:.0f} ms (not included below). The search index is made\n"
        "after the pages are shown (benchmarks/bench_search.py times it)."
    )
    with tempfile.TemporaryDirectory(prefix="crpsgen-bench-") as folder:
        if not args.skip_real:
            real = copy_real_site(Path(folder) / "real")
            measure("Real site", real, real.parent / "content" / "symptoms.md", args.repeat)
        large = make_large_site(Path(folder) / "large", args.pages)
        page = large.parent / "content" / f"page-{args.pages // 2:04d}.md"
        measure(f"Generated site of {args.pages} pages", large, page, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
