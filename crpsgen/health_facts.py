"""Health facts: `content/_data/structured.yaml`, read, validated and checked against the pages.

The file names the condition the site is about (with its signs and symptoms, possible
treatments and risk factors) and a drug some pages are about; pages whose `aspect:` the
file lists are about them in their JSON-LD (structured_data.py). Every name it gives must
be written, word for word, on the page it names: search engines get what patients read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schema
from .diagnostics import Report
from .files import read_text
from .model import ConvertedPage
from .pagemeta import ASPECTS
from .schema import Field
from .yamlfile import LocatedDict, load_yaml

STRUCTURED_FILE = "structured.yaml"


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


def check_facts(pages: list[ConvertedPage], facts: HealthFacts | None, report: Report) -> None:
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


def _named_pages(pages: list[ConvertedPage], facts: HealthFacts) -> list[ConvertedPage]:
    condition = facts.condition
    wanted = set()
    if condition is not None:
        wanted = {
            s.page for s in (condition.signs_and_symptoms, condition.treatments, condition.risk_factors) if s
        }
    return [r for r in pages if r.page.source.relpath in wanted]
