"""A bibliography entry (`content/_data/references.yaml`), each field declared once on `Reference`.

The checks, the README's list of bibliography fields (`schema.document`) and the typed
`Reference` come from these declarations; `site_data.py` reads the file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from . import schema
from .schema import declare

REFERENCE_TYPES = ("article", "review", "guideline", "book", "webpage", "label")
SCHOLARLY_TYPES = ("article", "review", "guideline", "book")
_doi = schema.matching(
    r"10\.\d{4,9}/\S+", 'a DOI such as 10.1097/j.pain.0000000000002245 (without "https://doi.org/")'
)
_pmid = schema.matching(r"[1-9]\d{0,8}", "a PubMed id of 1 to 9 digits")


def _year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1800 <= value <= dt.date.today().year + 1:
        raise ValueError("a four-digit year")
    return value


@dataclass(frozen=True)
class Reference:
    """One bibliography entry."""

    id: str = field(metadata=declare("Short key pages cite with [@id].", required=True))
    type: str = field(
        metadata=declare(
            "Kind of source: " + ", ".join(REFERENCE_TYPES), schema.one_of(*REFERENCE_TYPES), required=True
        )
    )
    authors: tuple[str, ...] = field(
        metadata=declare(
            "Authors as Family Initials; for web pages, the organization.", schema.text_list, default=()
        )
    )
    title: str = field(metadata=declare("Title of the article, guideline, book or page.", required=True))
    container: str | None = field(metadata=declare("Journal, publisher or website name."))
    year: int | None = field(metadata=declare("Year of publication.", _year))
    volume: str | None = field(metadata=declare("Journal volume."))
    issue: str | None = field(metadata=declare("Journal issue."))
    pages: str | None = field(metadata=declare("Page range, e.g. 2346-2348."))
    doi: str | None = field(
        metadata=declare("Digital Object Identifier, e.g. 10.1097/j.pain.0000000000002245.", _doi)
    )
    pmid: str | None = field(metadata=declare("PubMed id (digits only).", _pmid))
    url: str | None = field(
        metadata=declare("Address of the source (required for web pages and labels).", schema.web_address)
    )
    accessed: dt.date | None = field(
        metadata=declare("Date a web page was looked at (YYYY-MM-DD).", schema.date)
    )
    # For editors, never shown: keyword-only (so `line` stays the 14th positional argument),
    # and left out of comparisons, so editing them changes no page.
    verified_from: tuple[str, ...] = field(
        default=(),
        kw_only=True,
        compare=False,
        metadata=declare(
            "Where each field was checked (not shown on the site).",
            schema.text_list,
            required=True,
        ),
    )
    notes: str | None = field(
        default=None,
        kw_only=True,
        compare=False,
        metadata=declare("Notes for editors (not shown on the site)."),
    )
    line: int = 0  # of the entry's id in the file
