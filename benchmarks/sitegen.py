"""Generate a large site like ours, for the benchmarks and the search's browser test.

The real site's templates/, static/, content/_data/ and site.yaml are copied into the
destination (the working tree is never edited; `languages:` is left out, as the pages
are in English only); the pages are generated there from a seeded random generator, so
the same arguments give the same pages (their `last_reviewed` is today, so that no page
is overdue for review).

Each page is like one of ours: front matter (title, description, section, order,
nav_title, last_reviewed, aspect, authors, tags), 600-1,500 words, a "Key points"
callout on most pages, headings with ids, a bulleted and a numbered list, a table,
citations of the real bibliography ([@key], sometimes two at once), the real glossary's
terms and internal links to other generated pages (some to a heading). With `in_menu`
every page sits in one of ten menu sections, as on a real site.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

SECTIONS = (
    ("crps", "About CRPS"),
    ("symptoms", "Symptoms"),
    ("diagnosis", "Diagnosis"),
    ("treatment", "Treatment"),
    ("ketamine", "Ketamine infusions"),
    ("medicines", "Medicines"),
    ("research", "Research"),
    ("living", "Living with CRPS"),
    ("children", "Children and teens"),
    ("help", "Help and resources"),
)
ASPECTS = ("overview", "symptoms", "diagnosis", "treatment", "ketamine", "research", "safety", "support")
HEADINGS = (
    ("What it is", "what-it-is"),
    ("How it can feel", "how-it-feels"),
    ("Who it affects", "who-it-affects"),
    ("How doctors find it", "how-doctors-find-it"),
    ("What may help", "what-may-help"),
    ("What the research says", "research"),
    ("Day to day", "day-to-day"),
    ("Risks and side effects", "risks"),
    ("Costs and travel", "costs"),
    ("Where to learn more", "learn-more"),
)
LAST_HEADING = ("Questions to ask {#questions}", "questions")  # on every page: links point to it
SUBJECTS = (
    "Many people",
    "Your doctor",
    "The care team",
    "Some studies",
    "A nurse",
    "Your family",
    "People with CRPS",
    "The clinic",
    "A physical therapist",
    "Small trials",
    "Some patients",
    "Your pain doctor",
)
VERBS = (
    "may notice",
    "often talk about",
    "can help with",
    "looked at",
    "will ask about",
    "should check",
    "sometimes see",
    "can explain",
    "may change",
    "want to know about",
    "keep track of",
    "write down",
)
OBJECTS = (
    "the pain in one arm or leg",
    "changes in skin color",
    "how well you sleep",
    "the swelling in the hand",
    "a warm or cold limb",
    "how far you can walk",
    "what makes the pain worse",
    "the plan for the next weeks",
    "each dose and how it felt",
    "the time it takes to recover",
    "how you feel after a treatment",
    "the cost of each visit",
)
TAILS = (
    "after an injury",
    "over a few weeks",
    "during a visit",
    "at home",
    "before a treatment",
    "in the first months",
    "when the weather changes",
    "at work or at school",
    "with a friend or partner",
    "from one day to the next",
)
CELLS = ("Often", "Sometimes", "Rarely", "Not known", "In some trials", "Ask your doctor")


def glossary_words(data: Path) -> list[str]:
    """Every term of the glossary, with its variants (`also`)."""
    entries = yaml.safe_load((data / "glossary.yaml").read_text(encoding="utf-8")) or []
    words = []
    for entry in entries:
        words.append(str(entry["term"]))
        words.extend(str(word) for word in entry.get("also") or ())
    return words


def reference_keys(data: Path) -> list[str]:
    entries = yaml.safe_load((data / "references.yaml").read_text(encoding="utf-8")) or []
    return [str(entry["id"]) for entry in entries]


def with_navigation(settings: str, sections: tuple[tuple[str, str], ...]) -> str:
    """site.yaml's text with `sections` as its menu, in one language.

    The generated pages are in English only: a `languages:` list would have every page
    link to translations that are not there.
    """
    values = yaml.safe_load(settings) or {}
    values["navigation"] = [{"id": ident, "title": title} for ident, title in sections]
    values.pop("languages", None)
    return yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=1000)


class Writer:
    """Sentences, paragraphs and blocks of plain patient-information text."""

    def __init__(self, rng: random.Random, terms: list[str], keys: list[str]) -> None:
        self.rng, self.terms, self.keys = rng, terms, keys

    def citation(self) -> str:
        if self.rng.random() < 0.25:
            first, second = self.rng.sample(self.keys, 2)
            return f" [@{first}; @{second}]"
        return f" [@{self.rng.choice(self.keys)}]"

    def sentence(self) -> str:
        rng = self.rng
        thing = rng.choice(self.terms) if rng.random() < 0.3 else rng.choice(OBJECTS)
        text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {thing} {rng.choice(TAILS)}"
        return text + (self.citation() if rng.random() < 0.4 else "") + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 6)))

    def item(self) -> str:
        return self.sentence().removesuffix(".")


def page_text(n: int, pages: int, writer: Writer, today: str, in_menu: bool) -> str:
    """One generated page: front matter and 600-1,500 words of Markdown."""
    rng, terms = writer.rng, writer.terms
    topic = terms[n % len(terms)]
    section = SECTIONS[n % len(SECTIONS)][0]
    front = [
        "---",
        f"title: Page {n} about {topic}",
        f"description: Plain facts about {topic} for people with CRPS and their families.",
        *([f"section: {section}"] if in_menu else []),
        f"order: {n}",
        f"nav_title: {topic.capitalize()} ({n})",
        f"aspect: {ASPECTS[n % len(ASPECTS)]}",
        f"last_reviewed: {today}",
        "authors: [Editorial team]",
        f"tags: [{section}, {rng.choice(('pain', 'care', 'family', 'research'))}]",
        "---",
        "",
    ]
    body = [writer.paragraph(), writer.paragraph()]
    if rng.random() < 0.7:
        points = "\n".join(f"    - {writer.item()}." for _ in range(3))
        body.append(f'!!! info "Key points"\n{points}')
    others = [other for other in rng.sample(range(pages), min(pages, 6)) if other != n][:5]

    def link(other: int, anchor: str = "") -> str:
        name = "index.md" if other == 0 else f"page-{other:04d}.md"
        return f"[the page on {terms[other % len(terms)]}]({name}{anchor})"

    target = rng.randint(600, 1500)
    headings = rng.sample(HEADINGS, len(HEADINGS))
    for index, (heading, ident) in enumerate(headings):
        if sum(len(block.split()) for block in body) >= target - 150 and index >= 2:
            break
        body.append(f"## {heading} {{#{ident}}}")
        body.extend(writer.paragraph() for _ in range(rng.randint(1, 3)))
        if index == 0:
            body.append("\n".join(f"- {writer.item()}." for _ in range(rng.randint(3, 5))))
        elif index == 1:
            rows = [f"| {rng.choice(terms)} | {rng.choice(CELLS)} | {rng.choice(CELLS)} |" for _ in range(4)]
            body.append("| What | In trials | In daily life |\n|---|---|---|\n" + "\n".join(rows))
        elif index == 2:
            body.append("\n".join(f"{k}. {writer.item()}." for k in range(1, rng.randint(4, 6))))
            body.append(f"### In more detail {{#{ident}-detail}}")
            body.append(writer.paragraph())
        if others:
            other = others.pop()
            body.append(f"For more, read {link(other)}. " + writer.paragraph())
    body.append(f"## {LAST_HEADING[0]}")
    asks = [f"- {writer.item()}?" for _ in range(3)]
    if others:
        asks.append(f"- What does {link(others.pop(), '#questions')} say about this?")
    body.append("\n".join(asks))
    return "\n".join(front) + "\n\n".join(body) + "\n"


SPECIAL_PAGES = {
    "glossary.md": (
        "title: Glossary\ndescription: Plain-language meanings of the medical words used on this site.\n"
        "section: help\norder: 100000\nnav_title: Glossary\naspect: reference\nneeds_sources: false\n"
        "template: glossary.html\n",
        "This list explains the medical words used on this site in plain words.\n",
    ),
    "references.md": (
        "title: References\ndescription: Every study, review, guideline and drug label cited on this site.\n"
        "section: help\norder: 100001\nnav_title: References\naspect: reference\nneeds_sources: false\n"
        "template: references.html\n",
        "This page lists every source the site uses, in one place.\n",
    ),
    "search.md": (
        "title: Search\ndescription: Search the pages of this site.\nnav_title: Search\naspect: reference\n"
        "needs_sources: false\ntemplate: search.html\n",
        "Type a word or two. What you type is not sent anywhere.\n",
    ),
}


def make_site(
    destination: Path,
    pages: int,
    *,
    seed: int = 1,
    in_menu: bool = True,
    search: bool = True,
    source: Path = ROOT,
) -> Path:
    """Generate a site of `pages` pages (index.md, page-0001.md, ...) plus a glossary and
    a references page (and a search page with `search`); return its site.yaml.

    Without `in_menu` the pages join no menu section (reached by links and search only).
    The templates, static files, data and settings come from `source` (a checkout).
    """
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("templates", "static", "root"):
        if (source / name).is_dir():
            shutil.copytree(source / name, destination / name)
    data = destination / "content" / "_data"
    shutil.copytree(source / "content" / "_data", data)
    settings = (source / "site.yaml").read_text(encoding="utf-8")
    (destination / "site.yaml").write_text(with_navigation(settings, SECTIONS), encoding="utf-8")
    writer = Writer(random.Random(seed), glossary_words(data), reference_keys(data))
    today = dt.date.today().isoformat()
    content = destination / "content"
    for n in range(pages):
        name = "index.md" if n == 0 else f"page-{n:04d}.md"
        (content / name).write_text(page_text(n, pages, writer, today, in_menu), encoding="utf-8")
    point_structured_data(data / "structured.yaml", content, pages)
    for name, (front, body) in SPECIAL_PAGES.items():
        if name != "search.md" or search:
            if not in_menu:
                front = re.sub(r"^section: .*\n", "", front, flags=re.MULTILINE)
            text = f"---\n{front}last_reviewed: {today}\n---\n\n{body}"
            (content / name).write_text(text, encoding="utf-8")
    return destination / "site.yaml"


def point_structured_data(path: Path, content: Path, pages: int) -> None:
    """Name generated pages in structured.yaml, and write its names into their text.

    The real file names our pages (symptoms.md, ...) and the build checks that each
    page says the names listed beside it; the FAQ page (### questions) is left out.
    """
    if not path.is_file():
        return
    text = re.sub(r"^faq:.*\n", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    facts = (yaml.safe_load(text) or {}).get("condition") or {}
    named = [value for value in facts.values() if isinstance(value, dict) and "page" in value]
    for number, value in enumerate(named, start=1):
        page = content / f"page-{number % max(pages, 1):04d}.md"
        if number >= pages or not page.is_file():
            continue
        names = "".join(f"- {name}\n" for name in value.get("names") or ())
        with page.open("a", encoding="utf-8") as stream:
            stream.write(f"\n## In short {{#in-short}}\n\n{names}")
        old = re.escape(str(value["page"]))
        text = re.sub(rf"^(\s+page:\s*){old}\s*$", rf"\g<1>{page.name}", text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")


def copy_real_site(destination: Path, source: Path = ROOT) -> Path:
    """Copy the real site's sources (of the checkout `source`) into `destination`; return its site.yaml."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("content", "templates", "static", "root"):
        if (source / name).is_dir():
            shutil.copytree(source / name, destination / name)
    shutil.copy2(source / "site.yaml", destination / "site.yaml")
    return destination / "site.yaml"
