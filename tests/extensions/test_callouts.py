"""Callouts (!!! level "title") in Markdown (crpsgen/extensions/callouts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import convert, errors_of

from crpsgen.diagnostics import Report


@pytest.mark.parametrize(
    ("level", "label"),
    [
        ("info", "Information"),
        ("non-urgent", "Non-urgent advice"),
        ("urgent", "Urgent advice"),
        ("emergency", "Emergency"),
    ],
)
def test_callouts_have_a_spoken_level(level: str, label: str) -> None:
    out = convert(f'!!! {level} "Call us if"\n    Your pain spreads.\n')
    assert out.html == (
        f'<div class="callout callout--{level}">\n'
        f'<p class="callout__title"><span class="visually-hidden">{label}: </span>Call us if</p>\n'
        "<p>Your pain spreads.</p>\n"
        "</div>"
    )


def test_callout_without_title_uses_the_level_name() -> None:
    out = convert("!!! urgent\n    Text.\n")
    assert '<p class="callout__title">Urgent advice</p>' in out.html


def test_unknown_callout_type_is_an_error() -> None:
    report = Report(root=Path.cwd())
    convert("Intro.\n\n!!! danger\n    Text.\n", report)
    assert report.items[0].format() == (
        'content/page.md:8: error: unknown callout type "danger" '
        "(hint: use one of: info, non-urgent, urgent, emergency)"
    )


def test_callout_without_indented_body_is_an_error_at_the_callout_line() -> None:
    body = '!!! info\n    Fine.\n\n!!! urgent "Ask for help if"\n- your pain spreads\n'
    assert errors_of(body) == [
        'content/page.md:9: error: callout "urgent" has no indented body '
        "(hint: indent its lines by four spaces)"
    ]


def test_callout_body_after_a_blank_line_is_still_its_body() -> None:
    body = '!!! urgent "Ask for help if"\n\n    - your pain spreads\n'
    assert errors_of(body) == []
    assert "<li>your pain spreads</li>\n</ul>\n</div>" in convert(body).html
