"""What the site promises about its pages, declared once: reviewed on a schedule, by a named
reviewer, in plain language (`review:` and `readability:` in site.yaml; `reviewed_by:` on a page).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import schema
from .schema import declare


def _grade(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 18:
        raise ValueError("a US school grade between 1 and 18")
    return float(value)


def _huerta(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError("a Fernández Huerta score between 0 and 100 (60 and up reads easily)")
    return float(value)


@dataclass(frozen=True)
class Reviewer:
    name: str = field(metadata=declare("Who reviewed the page, e.g. Dr Jane Doe", required=True))
    role: str = field(metadata=declare("Their role, e.g. Consultant in pain medicine", required=True))


PLACEHOLDER_REVIEWER = Reviewer(
    name="Editorial team",
    role=("Prepared from the cited sources; awaiting review by the deploying clinic's clinician"),
)


@dataclass(frozen=True)
class ReviewPolicy:
    interval_months: int = field(
        metadata=declare("Months from last_reviewed to next review.", schema.integer, default=12)
    )
    warn_days: int = field(
        metadata=declare("Warn this many days before a review falls due.", schema.integer, default=30)
    )
    default_reviewer: Reviewer = field(
        metadata=declare(
            "Reviewer shown on pages that name none.",
            key="default_reviewed_by",
            of=Reviewer,
            default=PLACEHOLDER_REVIEWER,
        )
    )
    require_clinical_review: bool = field(
        metadata=declare(
            "Make a page without a named clinical reviewer an error.", schema.boolean, default=False
        )
    )


@dataclass(frozen=True)
class Readability:
    target_grade: float = field(
        default=8.0,
        metadata=declare("US reading grade pages should not exceed (Flesch-Kincaid).", _grade, default=8.0),
    )
    target_spanish: float = field(
        default=60.0,
        metadata=declare(
            "Fernández Huerta score Spanish pages should reach (60 and up: about US grade 8 or easier).",
            _huerta,
            default=60.0,
        ),
    )
