"""JSON-LD and link-preview tags: on every page, schema.org only, and saying what the page shows."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from PIL import Image
from support import PROJECT, SiteMaker, page, run_build

from crpsgen.sharing import _draw
from crpsgen.structured_data import script

BASE = "https://example.org/crps/"

# The properties we use, per schema.org type (each checked against schema.org's definitions:
# MedicalWebPage and FAQPage inherit WebPage's and CreativeWork's; "@id" and "@type" are JSON-LD).
WEB_PAGE = {
    "url", "name", "description", "inLanguage", "lastReviewed", "dateModified", "audience",
    "isPartOf", "publisher", "reviewedBy", "about", "breadcrumb", "mainEntity", "keywords",
}  # fmt: skip
ALLOWED: dict[str, set[str]] = {
    "MedicalWebPage": WEB_PAGE,
    "FAQPage": WEB_PAGE,
    "WebSite": {"url", "name", "inLanguage", "publisher"},
    "Organization": {"name", "url", "telephone", "email", "address"},
    "Person": {"name", "jobTitle"},
    "MedicalAudience": {"audienceType"},
    "MedicalCondition": {"name", "alternateName", "signOrSymptom", "possibleTreatment", "riskFactor"},
    "MedicalSignOrSymptom": {"name"},
    "MedicalTherapy": {"name"},
    "MedicalRiskFactor": {"name"},
    "Drug": {"name", "description", "legalStatus", "prescriptionStatus"},
    "DrugLegalStatus": {"name"},
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position", "name", "item"},
    "Question": {"name", "acceptedAnswer"},
    "Answer": {"text"},
}
OG_PROPERTIES = {
    "og:type", "og:title", "og:description", "og:url", "og:site_name", "og:locale", "og:image",
    "og:image:type", "og:image:width", "og:image:height", "og:image:alt",
}  # fmt: skip


class Page(HTMLParser):
    """What a visitor (or a link preview) sees on a built page."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.json_ld: list[str] = []
        self.meta: dict[str, str] = {}
        self.h1 = ""
        self.h3: list[str] = []
        self.crumbs: list[tuple[str, str | None]] = []
        self.reviewed = ""
        self.canonical = ""
        self._in: list[str] = []
        self._crumb_href: str | None = None
        self._text = ""
        self._in_breadcrumbs = False
        self._in_review = False
        self._in_content = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in.append("json")
            self._text = ""
        elif tag == "meta" and (key := a.get("property") or a.get("name")):
            self.meta[key] = a.get("content") or ""
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href") or ""
        elif tag == "nav" and a.get("class") == "breadcrumbs":
            self._in_breadcrumbs = True
        elif tag == "section" and a.get("id") == "page-review":
            self._in_review = True
        elif tag == "div" and a.get("class") == "content":
            self._in_content = True
        elif tag == "li" and self._in_breadcrumbs:
            self._in.append("crumb")
            self._text, self._crumb_href = "", None
        elif tag == "a" and self._in_breadcrumbs:
            self._crumb_href = a.get("href")
        elif tag == "a" and a.get("class") == "headerlink":
            self._in.append("permalink")
        elif tag in {"h1", "h3"} and "json" not in self._in:
            self._in.append(tag)
            self._text = ""
        elif tag == "time" and self._in_review and not self.reviewed:
            self.reviewed = a.get("datetime") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav":
            self._in_breadcrumbs = False
        if tag == "section":
            self._in_review = False
        if tag == "a" and self._in and self._in[-1] == "permalink":
            self._in.pop()
        elif tag == "script" and self._in and self._in[-1] == "json":
            self.json_ld.append(self._text)
            self._in.pop()
        elif tag == "li" and self._in and self._in[-1] == "crumb":
            self.crumbs.append((" ".join(self._text.split()), self._crumb_href))
            self._in.pop()
        elif tag in {"h1", "h3"} and self._in and self._in[-1] == tag:
            text = " ".join(self._text.split())
            if tag == "h1":
                self.h1 = text
            elif self._in_content:
                self.h3.append(text)
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] != "permalink":
            self._text += data


def graph_of(built: Page) -> dict[str, dict[str, Any]]:
    """The page's one JSON-LD block, by @id (every node has one, or is inside one that has)."""
    assert len(built.json_ld) == 1
    data = json.loads(built.json_ld[0])
    assert data["@context"] == "https://schema.org"
    return {node["@id"]: node for node in data["@graph"]}


def check_vocabulary(node: Any, ids: set[str]) -> None:
    """Every typed object uses only the allowed properties; every reference points into the graph."""
    if isinstance(node, list):
        for item in node:
            check_vocabulary(item, ids)
        return
    if not isinstance(node, dict):
        return
    if set(node) == {"@id"}:
        assert node["@id"] in ids, f"dangling reference {node['@id']}"
        return
    types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
    allowed = set().union(*(ALLOWED[t] for t in types)) | {"@type", "@id"}
    assert set(node) <= allowed, (types, set(node) - allowed)
    for value in node.values():
        check_vocabulary(value, ids)


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ld") / "output"
    result = run_build(PROJECT, "--base-url", BASE, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def pages_of(out: Path) -> dict[str, Page]:
    return {
        p.relative_to(out).as_posix(): Page(p.read_text())
        for p in sorted(out.rglob("index.html"))
        if 'http-equiv="refresh"' not in p.read_text()  # old addresses' redirects
    }


def test_every_page_has_json_ld_that_agrees_with_what_it_shows(real_site: Path) -> None:
    pages = pages_of(real_site)
    assert len(pages) >= 17
    for path, built in pages.items():
        graph = graph_of(built)
        check_vocabulary(list(graph.values()), set(graph))
        url = BASE + path.removesuffix("index.html")
        webpage = graph[url]
        assert "MedicalWebPage" in webpage["@type"]
        assert webpage["url"] == built.canonical == built.meta["og:url"] == url
        assert webpage["name"] == built.h1 == built.meta["og:title"], path
        assert webpage["description"] == built.meta["description"] == built.meta["og:description"]
        assert webpage["lastReviewed"] == webpage["dateModified"] == built.reviewed != ""
        assert webpage["inLanguage"] == ("es-US" if path.startswith("es/") else "en-US")  # issue 14
        assert webpage["audience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
        assert "reviewedBy" not in webpage  # every page still names the placeholder reviewer
        assert graph[webpage["isPartOf"]["@id"]]["url"] == BASE
        publisher = graph[webpage["publisher"]["@id"]]
        assert publisher["name"] == "Example Pain Clinic"
        assert publisher["telephone"] == "555-0100"
        if built.crumbs:
            items = graph[webpage["breadcrumb"]["@id"]]["itemListElement"]
            shown = [(name, urljoin(BASE, href) if href else None) for name, href in built.crumbs]
            assert [(i["name"], i.get("item")) for i in items] == [
                (name, href if href else (url if n == len(shown) - 1 else None))
                for n, (name, href) in enumerate(shown)
            ]
            assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        else:
            assert "breadcrumb" not in webpage


def test_the_faq_page_lists_its_visible_questions_with_their_answers(real_site: Path) -> None:
    built = Page((real_site / "faq" / "index.html").read_text())
    webpage = graph_of(built)[BASE + "faq/"]
    assert webpage["@type"] == ["MedicalWebPage", "FAQPage"]
    questions = webpage["mainEntity"]
    assert [q["name"] for q in questions] == built.h3
    assert len(questions) >= 10
    cure = next(q for q in questions if q["name"] == "Is ketamine a cure?")
    answer = cure["acceptedAnswer"]["text"]
    assert answer.startswith("No study with a comparison group has shown a cure.")
    assert "[" not in answer and "Glossary" not in answer  # no citation numbers or popover text
    # Other pages are not FAQ pages, even with ### headings.
    symptoms = graph_of(Page((real_site / "symptoms" / "index.html").read_text()))[BASE + "symptoms/"]
    assert symptoms["@type"] == "MedicalWebPage" and "mainEntity" not in symptoms


def test_pages_are_about_the_condition_and_the_ketamine_pages_about_the_drug(real_site: Path) -> None:
    symptoms = graph_of(Page((real_site / "symptoms" / "index.html").read_text()))
    assert symptoms[BASE + "symptoms/"]["about"] == [{"@id": BASE + "#condition"}]
    condition = symptoms[BASE + "#condition"]
    assert condition["name"] == "Complex regional pain syndrome"
    assert condition["alternateName"] == ["CRPS"]
    assert {"@type": "MedicalSignOrSymptom", "name": "Allodynia"} in condition["signOrSymptom"]
    assert {"@type": "MedicalTherapy", "name": "Graded motor imagery"} in condition["possibleTreatment"]
    assert {"@type": "MedicalRiskFactor", "name": "Immobilization"} in condition["riskFactor"]
    assert BASE + "#drug" not in symptoms

    ketamine = graph_of(Page((real_site / "ketamine-infusions" / "index.html").read_text()))
    assert ketamine[BASE + "ketamine-infusions/"]["about"] == [
        {"@id": BASE + "#condition"},
        {"@id": BASE + "#drug"},
    ]
    drug = ketamine[BASE + "#drug"]
    assert drug["name"] == "Ketamine"
    assert drug["legalStatus"] == {
        "@type": "DrugLegalStatus",
        "name": "Schedule III controlled substance in the US",
    }
    assert "off-label" in drug["description"] and "only for anesthesia" in drug["description"]
    assert drug["prescriptionStatus"] == "https://schema.org/PrescriptionOnly"

    about = graph_of(Page((real_site / "about" / "index.html").read_text()))
    assert "about" not in about[BASE + "about/"]  # the About page (aspect: about) is about the site


def test_open_graph_and_twitter_tags_use_absolute_addresses_under_the_subpath(real_site: Path) -> None:
    for path, built in pages_of(real_site).items():
        assert set(built.meta) >= OG_PROPERTIES, path
        assert built.meta["og:url"] == BASE + path.removesuffix("index.html")
        spanish = path.startswith("es/")  # the Spanish edition (issue 14), in its own words
        site_name = "El SDRC y las infusiones de ketamina" if spanish else "CRPS and ketamine infusions"
        assert built.meta["og:site_name"] == site_name
        assert built.meta["og:locale"] == ("es_US" if spanish else "en_US")
        assert built.meta["og:type"] == ("website" if path in ("index.html", "es/index.html") else "article")
        assert built.meta["twitter:card"] == "summary_large_image"
        assert re.fullmatch(
            re.escape(BASE) + r"assets/images/share\.[0-9a-f]{10}\.png", built.meta["og:image"]
        )
        published = "publicado por" if spanish else "published by"  # the picture shows the English title
        assert built.meta["og:image:alt"] == f"CRPS and ketamine infusions, {published} Example Pain Clinic"
    image_url = built.meta["og:image"]
    image = real_site / image_url.removeprefix(BASE)
    with Image.open(image) as picture:
        assert (picture.format, picture.size) == ("PNG", (1200, 630))
    assert (built.meta["og:image:width"], built.meta["og:image:height"]) == ("1200", "630")
    assert built.meta["og:image:type"] == "image/png"


def test_the_generated_share_image_is_the_same_bytes_for_the_same_settings() -> None:
    args = ("A clinic with a rather long name for its patient site", "Clinic", "#005eb8", "#ffb81c")
    first = _draw(*args)
    _draw.cache_clear()
    assert _draw(*args) == first
    assert _draw("Another title", "Clinic", "#005eb8", "#ffb81c") != first
    assert _draw(*args[:2], "#7a1f5c", "#ffb81c") != first  # the colours are in it


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "#336699").save(out, format="PNG")
    return out.getvalue()


def _theme(site: Path, lines: str) -> None:
    path = site / "site.yaml"
    path.write_text(path.read_text() + "theme:\n" + lines)


def test_a_clinic_replaces_the_share_image(make_site: SiteMaker) -> None:
    root = make_site({"static/share.png": _png((800, 420))})
    _theme(root, '  share_image: share.png\n  share_image_alt: "The clinic\'s logo"\n')
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    built = Page((root / "output" / "index.html").read_text())
    assert re.fullmatch(r"https://example\.org/assets/share\.[0-9a-f]{10}\.png", built.meta["og:image"])
    assert (built.meta["og:image:width"], built.meta["og:image:height"]) == ("800", "420")
    assert built.meta["og:image:alt"] == "The clinic's logo"
    assert not list((root / "output" / "assets").glob("images/share.*.png"))  # none generated


@pytest.mark.parametrize(
    ("files", "theme", "message"),
    [
        (
            {},
            "  share_image: missing.png\n  share_image_alt: A picture\n",
            'site.yaml:14: error: theme.share_image "missing.png" is not a file in static/ '
            "(hint: name the file relative to that folder, e.g. share_image: share.png for static/share.png)",
        ),
        (
            {"static/share.png": "not a picture"},
            "  share_image: share.png\n  share_image_alt: A picture\n",
            'site.yaml:14: error: theme.share_image "share.png" is not a PNG or JPEG picture (hint: save it as PNG)',
        ),
        (
            {"static/share.png": _png((10, 10))},
            "  share_image: share.png\n",
            "site.yaml:14: error: theme.share_image needs theme.share_image_alt "
            '(hint: say what the picture shows, e.g. share_image_alt: "Our clinic\'s logo on a blue background")',
        ),
    ],
)
def test_a_bad_share_image_setting_is_one_line(
    make_site: SiteMaker, files: dict[str, str | bytes | None], theme: str, message: str
) -> None:
    root = make_site(files)
    _theme(root, theme)
    result = run_build(root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == message
    assert not (root / "output").exists()


def test_a_named_reviewer_is_given_and_the_placeholder_is_not(make_site: SiteMaker) -> None:
    reviewed = page(
        "Reviewed", "Text [@alpha2020].\n", reviewed_by="{name: Dr Jane Doe, role: Pain consultant}"
    )
    root = make_site({"content/reviewed.md": reviewed})
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    graph = graph_of(Page((root / "output" / "reviewed" / "index.html").read_text()))
    assert graph["https://example.org/reviewed/"]["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Jane Doe",
        "jobTitle": "Pain consultant",
    }
    home = graph_of(Page((root / "output" / "index.html").read_text()))
    assert "reviewedBy" not in home["https://example.org/"]


def test_a_script_end_tag_in_a_title_cannot_break_out(make_site: SiteMaker) -> None:
    title = '</script><script>alert(1)</script> <!-- & "quotes"'
    root = make_site({"content/index.md": page(json.dumps(title), "Welcome [@alpha2020].\n")})
    result = run_build(root)
    assert result.returncode == 0, result.stderr  # and the output check found no inline script
    text = (root / "output" / "index.html").read_text()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert block is not None
    assert "<" not in block.group(1) and ">" not in block.group(1) and "&" not in block.group(1)
    graph = json.loads(block.group(1))["@graph"]
    assert graph[0]["name"] == title
    assert text.count("<script") == 1
    assert str(script({"x": "</script>&"})) == (
        '<script type="application/ld+json">{"x":"\\u003c/script\\u003e\\u0026"}</script>'
    )


@pytest.mark.parametrize(
    ("tag", "error"),
    [
        ('<script type="application/ld+json">{"@context": "https://schema.org"}</script>', None),
        ('<script type="application/ld+json">{not json</script>', "JSON-LD block is not valid JSON"),
        ("<script>alert(1)</script>", "inline <script>"),
        ('<script type="text/javascript">alert(1)</script>', "inline <script>"),
        ('<script type="module">alert(1)</script>', "inline <script>"),
        ('<script type="application/ld+json ">alert(1)</script>', "inline <script>"),
        ('<script type="application/json">{}</script>', "inline <script>"),
    ],
)
def test_the_output_check_lets_through_exactly_json_ld(
    make_site: SiteMaker, tag: str, error: str | None
) -> None:
    root = make_site()
    base = root / "templates" / "base.html"
    base.write_text(base.read_text().replace("</body>", tag + "\n</body>"))
    result = run_build(root)
    if error is None:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 1
        assert re.search(r"index\.html:\d+: " + re.escape(error), result.stderr), result.stderr


def test_a_health_fact_the_page_does_not_state_is_an_error(make_site: SiteMaker) -> None:
    structured = (
        "condition:\n"
        "  name: Complex regional pain syndrome\n"
        "  aspects: [symptoms]\n"
        "  signs_and_symptoms:\n"
        "    page: symptoms.md\n"
        "    names: [Budapest criteria, Telepathy]\n"
    )
    root = make_site({"content/_data/structured.yaml": structured})
    result = run_build(root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        'content/_data/structured.yaml:6: error: condition.signs_and_symptoms: "Telepathy" is not written '
        "on symptoms.md (hint: list only what the page says, word for word, or change the page)"
    )
    assert len([line for line in result.stderr.splitlines() if "error:" in line]) == 1


def test_a_pages_tags_are_its_keywords_and_its_authors_are_shown(real_site: Path) -> None:
    for path, keywords, written_by in (
        ("symptoms/", ["crps", "symptoms"], "<dt>Written by</dt><dd>Editorial team</dd>"),
        ("es/sintomas/", ["sdrc", "síntomas"], "<dt>Escrito por</dt><dd>Equipo editorial</dd>"),
    ):
        text = (real_site / path / "index.html").read_text()
        assert graph_of(Page(text))[BASE + path]["keywords"] == keywords
        assert written_by in text
