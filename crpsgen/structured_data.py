"""Structured data: each page described for search engines as schema.org JSON-LD.

Everything here comes from what the page already shows (its title, description, review
date, reviewer, breadcrumbs and FAQ questions), from its front matter (its `tags:` are its
keywords) or from `content/_data/structured.yaml` (health_facts.py), whose facts are
checked to be stated on the pages it names. Nothing is written by hand in templates. Only
schema.org types and properties are used (tests keep a list).
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from . import addresses
from .health_facts import Condition, Drug, HealthFacts
from .markup import plain_text
from .model import ConvertedPage, NavLink, SiteConfig

JSON_LD_TYPE = "application/ld+json"


def _absolute(config: SiteConfig, url: str) -> str:
    """An address of this site ("/crps/symptoms/") as a full URL."""
    return urljoin(config.base_url, url)


def page_graph(
    converted: ConvertedPage,
    breadcrumbs: tuple[NavLink, ...],
    config: SiteConfig,
    facts: HealthFacts | None,
) -> dict[str, Any]:
    """The page's JSON-LD: the page, its site and publisher, and what it is about.

    Built from this page and the settings only, so a page's output depends on nothing
    another page says (the dev server redoes a page only when its own inputs change).
    """
    url = addresses.url(config.base_url, converted.page.source.url_path)
    website_id = config.base_url + "#website"
    publisher_id = config.base_url + "#publisher"
    webpage = _webpage(converted, config, url, website_id, publisher_id)
    graph = [webpage, _website(config, website_id, publisher_id), _publisher(config, publisher_id)]
    # structured.yaml names things in the default language, as its pages say them
    if facts is not None and (not config.languages or config.language == config.languages[0].code):
        graph += _add_facts(webpage, converted, facts, config)
    if len(breadcrumbs) > 1:  # shown on the page only then
        webpage["breadcrumb"] = {"@id": url + "#breadcrumb"}
        graph.append(_breadcrumbs(breadcrumbs, config, url))
    return {"@context": "https://schema.org", "@graph": graph}


def _add_facts(
    webpage: dict[str, Any], converted: ConvertedPage, facts: HealthFacts, config: SiteConfig
) -> list[dict[str, Any]]:
    """What the page is about (by its aspect) and its FAQ questions; the nodes for the graph."""
    about = _about(converted.page.meta.aspect, facts, config)
    if about:
        webpage["about"] = [{"@id": node["@id"]} for node in about]
    if facts.faq == converted.page.source.relpath and (questions := faq_questions(converted)):
        webpage["@type"] = ["MedicalWebPage", "FAQPage"]
        webpage["mainEntity"] = [_question(question, answer) for question, answer in questions]
    return about


def _webpage(
    converted: ConvertedPage, config: SiteConfig, url: str, website_id: str, publisher_id: str
) -> dict[str, Any]:
    """The page itself, as its front matter and the settings describe it."""
    meta = converted.page.meta
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
    if meta.tags:
        webpage["keywords"] = list(meta.tags)
    if not meta.review_is_placeholder:
        webpage["reviewedBy"] = {
            "@type": "Person",
            "name": meta.reviewed_by.name,
            "jobTitle": meta.reviewed_by.role,
        }
    return webpage


def _question(question: str, answer: str) -> dict[str, Any]:
    return {"@type": "Question", "name": question, "acceptedAnswer": {"@type": "Answer", "text": answer}}


def _about(aspect: str | None, facts: HealthFacts, config: SiteConfig) -> list[dict[str, Any]]:
    """The condition and the drug, for a page whose aspect structured.yaml lists for them."""
    nodes = []
    if (condition := facts.condition) is not None and aspect in condition.aspects:
        nodes.append(_condition(condition, config))
    if (drug := facts.drug) is not None and aspect in drug.aspects:
        nodes.append(_drug(drug, config))
    return nodes


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


def faq_questions(converted: ConvertedPage) -> list[tuple[str, str]]:
    """Each `###` heading's text and the plain text of what follows it, up to the next heading."""
    titles = {h.id: h.title for h in converted.headings if h.level == 3}
    html = converted.html
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
