"""Structured data: each page described for search engines as schema.org JSON-LD.

Everything here comes from what the page already shows (its title, description, review
date, reviewer, breadcrumbs and FAQ questions) or from `content/_data/structured.yaml`,
whose health facts are checked to be stated on the pages it names. Nothing is written by
hand in templates. Only schema.org types and properties are used (tests keep a list).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from . import schema
from .diagnostics import Report
from .files import read_text
from .frontmatter import ASPECTS
from .markup import plain_text
from .model import NavLink, RenderedPage, SiteConfig
from .schema import Field
from .yamlfile import LocatedDict, load_yaml

STRUCTURED_FILE = "structured.yaml"
JSON_LD_TYPE = "application/ld+json"


def _aspects(value: Any) -> tuple[str, ...]:
    result = schema.text_list(value)
    for aspect in result:
        if aspect not in ASPECTS:
            raise ValueError("a list of page aspects: " + ", ".join(ASPECTS))
    return result


def _page_file(value: Any) -> str:
    result = schema.text(value)
    if not result.endswith(".md"):
        raise ValueError("a page file in content/, such as symptoms.md")
    return result


STATED_FIELDS = (
    Field("page", _page_file, "The page that states each of these names, e.g. symptoms.md.", True),
    Field("names", schema.text_list, "Names written word for word on that page.", True),
)
CONDITION_FIELDS = (
    Field("name", schema.text, "The condition's name, e.g. Complex regional pain syndrome.", True),
    Field("alternate_names", schema.text_list, "Other names, e.g. CRPS.", default=()),
    Field("aspects", _aspects, "Pages with one of these aspects are about the condition.", default=()),
    Field("signs_and_symptoms", schema.mapping(STATED_FIELDS), "Signs and symptoms, with their page."),
    Field("treatments", schema.mapping(STATED_FIELDS), "Possible treatments, with their page."),
    Field("risk_factors", schema.mapping(STATED_FIELDS), "Risk factors, with their page."),
)
DRUG_FIELDS = (
    Field("name", schema.text, "The drug's name, e.g. Ketamine.", True),
    Field("aspects", _aspects, "Pages with one of these aspects are about the drug.", default=()),
    Field("legal_status", schema.text, "Its legal status, e.g. Schedule III controlled substance in the US."),
    Field("description", schema.text, "One or two sentences, including what its use here is approved for."),
)
FIELDS = (
    Field("condition", schema.mapping(CONDITION_FIELDS), "The medical condition the site is about."),
    Field("drug", schema.mapping(DRUG_FIELDS), "A drug some pages are about."),
    Field("faq", _page_file, "The page whose ### headings are questions, answered by the text below."),
)


@dataclass(frozen=True)
class StatedNames:
    page: str  # content-relative file
    names: tuple[str, ...]
    line: int  # of `names` in structured.yaml


@dataclass(frozen=True)
class Condition:
    name: str
    alternate_names: tuple[str, ...]
    aspects: tuple[str, ...]
    signs_and_symptoms: StatedNames | None
    treatments: StatedNames | None
    risk_factors: StatedNames | None


@dataclass(frozen=True)
class Drug:
    name: str
    aspects: tuple[str, ...]
    legal_status: str | None
    description: str | None


@dataclass(frozen=True)
class HealthFacts:
    """`content/_data/structured.yaml`, validated."""

    path: Path
    condition: Condition | None = None
    drug: Drug | None = None
    faq: str | None = None


def load_facts(data_dir: Path, report: Report) -> HealthFacts:
    """Read structured.yaml; a missing file means only the page-level facts are given."""
    path = data_dir / STRUCTURED_FILE
    if not path.is_file():
        return HealthFacts(path)
    text = read_text(path, report)
    if text is None:
        return HealthFacts(path)
    data, problems = load_yaml(text)
    for problem in problems:
        report.error(path, problem.line, problem.message, problem.hint)
    if data is None:
        return HealthFacts(path)
    if not isinstance(data, LocatedDict):
        report.error(path, 1, f"{STRUCTURED_FILE} must be a mapping (condition:, drug:, faq:)")
        return HealthFacts(path)
    values = schema.check_fields(data, FIELDS, path, report, "structured-data field")
    condition = drug = None
    if (c := values["condition"]) and c["name"]:
        sections = data["condition"]

        def stated(key: str) -> StatedNames | None:
            value = c[key]
            if not value or not value["page"] or not value["names"]:
                return None
            return StatedNames(value["page"], value["names"], sections[key].line_of("names"))

        condition = Condition(
            name=c["name"],
            alternate_names=c["alternate_names"],
            aspects=c["aspects"],
            signs_and_symptoms=stated("signs_and_symptoms"),
            treatments=stated("treatments"),
            risk_factors=stated("risk_factors"),
        )
    if (d := values["drug"]) and d["name"]:
        drug = Drug(d["name"], d["aspects"], d["legal_status"], d["description"])
    return HealthFacts(path, condition, drug, values["faq"])


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def check_facts(pages: list[RenderedPage], facts: HealthFacts | None, report: Report) -> None:
    """Every name the file gives must be written on its page: search engines get what patients read."""
    if facts is None or facts.condition is None:
        return
    texts = {r.page.source.relpath: _words(r.plain_text) for r in _named_pages(pages, facts)}
    condition = facts.condition
    for key, stated in (
        ("signs_and_symptoms", condition.signs_and_symptoms),
        ("treatments", condition.treatments),
        ("risk_factors", condition.risk_factors),
    ):
        if stated is None:
            continue
        if stated.page not in texts:
            report.error(
                facts.path,
                stated.line,
                f"condition.{key} names page {stated.page}, which is not in content/",
                "name the page that states these, e.g. symptoms.md",
            )
            continue
        for name in stated.names:
            if _words(name) not in texts[stated.page]:
                report.error(
                    facts.path,
                    stated.line,
                    f'condition.{key}: "{name}" is not written on {stated.page}',
                    "list only what the page says, word for word, or change the page",
                )


def _named_pages(pages: list[RenderedPage], facts: HealthFacts) -> list[RenderedPage]:
    condition = facts.condition
    wanted = set()
    if condition is not None:
        wanted = {
            s.page for s in (condition.signs_and_symptoms, condition.treatments, condition.risk_factors) if s
        }
    return [r for r in pages if r.page.source.relpath in wanted]


# ---------------------------------------------------------------- the page's graph


def _absolute(config: SiteConfig, url: str) -> str:
    """An address of this site ("/crps/symptoms/") as a full URL."""
    return urljoin(config.base_url, url)


def page_graph(
    rendered: RenderedPage,
    breadcrumbs: tuple[NavLink, ...],
    config: SiteConfig,
    facts: HealthFacts | None,
) -> dict[str, Any]:
    """The page's JSON-LD: the page, its site and publisher, and what it is about.

    Built from this page and the settings only, so a page's output depends on nothing
    another page says (the dev server redoes a page only when its own inputs change).
    """
    page = rendered.page
    meta = page.meta
    url = config.base_url + page.source.url_path
    website_id = config.base_url + "#website"
    publisher_id = config.base_url + "#publisher"
    webpage: dict[str, Any] = {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": meta.title,
        "description": meta.description,
        "inLanguage": config.language,
        "lastReviewed": meta.last_reviewed.isoformat(),
        "dateModified": meta.last_reviewed.isoformat(),
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "isPartOf": {"@id": website_id},
        "publisher": {"@id": publisher_id},
    }
    if not meta.review_is_placeholder:
        webpage["reviewedBy"] = {
            "@type": "Person",
            "name": meta.reviewed_by.name,
            "jobTitle": meta.reviewed_by.role,
        }
    graph: list[dict[str, Any]] = [webpage, _website(config, website_id, publisher_id)]
    graph.append(_publisher(config, publisher_id))
    about: list[dict[str, str]] = []
    if facts is not None and config.languages and config.language != config.languages[0].code:
        facts = None  # structured.yaml names things in the default language, as its pages say them
    if facts is not None:
        if (condition := facts.condition) is not None and meta.aspect in condition.aspects:
            node = _condition(condition, config)
            about.append({"@id": node["@id"]})
            graph.append(node)
        if (drug := facts.drug) is not None and meta.aspect in drug.aspects:
            node = _drug(drug, config)
            about.append({"@id": node["@id"]})
            graph.append(node)
        if facts.faq == page.source.relpath and (questions := faq_questions(rendered)):
            webpage["@type"] = ["MedicalWebPage", "FAQPage"]
            webpage["mainEntity"] = [
                {
                    "@type": "Question",
                    "name": question,
                    "acceptedAnswer": {"@type": "Answer", "text": answer},
                }
                for question, answer in questions
            ]
    if about:
        webpage["about"] = about
    if len(breadcrumbs) > 1:  # shown on the page only then
        webpage["breadcrumb"] = {"@id": url + "#breadcrumb"}
        graph.append(_breadcrumbs(breadcrumbs, config, url))
    return {"@context": "https://schema.org", "@graph": graph}


def _website(config: SiteConfig, website_id: str, publisher_id: str) -> dict[str, Any]:
    return {
        "@type": "WebSite",
        "@id": website_id,
        "url": config.base_url,
        "name": config.title,
        "inLanguage": config.language,
        "publisher": {"@id": publisher_id},
    }


def _publisher(config: SiteConfig, publisher_id: str) -> dict[str, Any]:
    org = config.organization
    node: dict[str, Any] = {
        "@type": "Organization",
        "@id": publisher_id,
        "name": org.name,
        "url": org.website or config.base_url,
    }
    if org.phone:
        node["telephone"] = org.phone
    if org.email:
        node["email"] = org.email
    if org.address:
        node["address"] = org.address
    return node


def _condition(condition: Condition, config: SiteConfig) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "MedicalCondition",
        "@id": config.base_url + "#condition",
        "name": condition.name,
    }
    if condition.alternate_names:
        node["alternateName"] = list(condition.alternate_names)
    for prop, kind, stated in (
        ("signOrSymptom", "MedicalSignOrSymptom", condition.signs_and_symptoms),
        ("possibleTreatment", "MedicalTherapy", condition.treatments),
        ("riskFactor", "MedicalRiskFactor", condition.risk_factors),
    ):
        if stated is not None:
            node[prop] = [{"@type": kind, "name": name} for name in stated.names]
    return node


def _drug(drug: Drug, config: SiteConfig) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "Drug", "@id": config.base_url + "#drug", "name": drug.name}
    if drug.description:
        node["description"] = drug.description
    if drug.legal_status:
        node["legalStatus"] = {"@type": "DrugLegalStatus", "name": drug.legal_status}
    node["prescriptionStatus"] = "https://schema.org/PrescriptionOnly"
    return node


def _breadcrumbs(crumbs: tuple[NavLink, ...], config: SiteConfig, url: str) -> dict[str, Any]:
    items = []
    for position, crumb in enumerate(crumbs, start=1):
        item: dict[str, Any] = {"@type": "ListItem", "position": position, "name": crumb.title}
        if crumb.url:  # a menu section has no page of its own
            item["item"] = _absolute(config, crumb.url)
        items.append(item)
    return {"@type": "BreadcrumbList", "@id": url + "#breadcrumb", "itemListElement": items}


HEADING = re.compile(r"<h([23])\b[^>]*\bid=\"([^\"]+)\"[^>]*>")


def faq_questions(rendered: RenderedPage) -> list[tuple[str, str]]:
    """Each `###` heading's text and the plain text of what follows it, up to the next heading."""
    titles = {h.id: h.title for h in rendered.headings if h.level == 3}
    html = rendered.html
    marks = list(HEADING.finditer(html))
    result = []
    for index, mark in enumerate(marks):
        if mark.group(1) != "3" or mark.group(2) not in titles:
            continue
        start = html.find(f"</h{mark.group(1)}>", mark.end())
        end = marks[index + 1].start() if index + 1 < len(marks) else len(html)
        answer = plain_text(html[start + 5 : end])
        if answer:
            result.append((titles[mark.group(2)], answer))
    return result


def script(graph: dict[str, Any]) -> Markup:
    """A `<script type="application/ld+json">` block no text in it can end early.

    `<`, `>` and `&` are written as JSON escapes, so a title holding `</script>` stays data.
    """
    text = json.dumps(graph, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="{JSON_LD_TYPE}">{text}</script>')
