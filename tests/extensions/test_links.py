"""Links between pages in Markdown (crpsgen/extensions/links.py): page files become addresses."""

from __future__ import annotations

from pathlib import Path

from support import convert, errors_of

from crpsgen.diagnostics import Report


def test_links_between_source_files_become_pretty_urls_under_the_base_path() -> None:
    out = convert("See [criteria](diagnosis.md#budapest) and [home](page.md).", base="/crps/")
    assert out.html == (
        '<p>See <a href="/crps/diagnosis/#budapest">criteria</a> and <a href="/crps/page/">home</a>.</p>'
    )
    assert [(link.target, link.fragment, link.line) for link in out.links] == [
        ("diagnosis.md", "budapest", 6),
        ("page.md", "", 6),
    ]


def test_link_to_missing_page_is_an_error() -> None:
    report = Report(root=Path.cwd())
    convert("See [x](nowhere.md).", report)
    assert report.items[0].format() == (
        'content/page.md:6: error: link to missing page "nowhere.md" (hint: check the file name in content/)'
    )


def test_root_relative_link_is_refused_because_it_breaks_under_a_subpath() -> None:
    report = Report(root=Path.cwd())
    convert("See [symptoms](/symptoms/).", report)
    assert report.items[0].format() == (
        'content/page.md:6: error: link "/symptoms/" points at an address, not a page file '
        "(hint: link to the Markdown file instead, e.g. (symptoms.md))"
    )


def test_a_link_to_a_heading_on_this_page_is_recorded_and_left_as_written() -> None:
    out = convert("See [there](#budapest) and [web](https://example.org/x) and [pdf](files/leaflet.pdf).")
    assert out.html == (
        '<p>See <a href="#budapest">there</a> and <a href="https://example.org/x">web</a> and '
        '<a href="files/leaflet.pdf">pdf</a>.</p>'
    )
    assert [(link.target, link.fragment, link.line) for link in out.links] == [("", "budapest", 6)]


def test_a_page_path_is_resolved_and_its_fragment_decoded() -> None:
    out = convert("[x](sub/../diagnosis.md#Budapest%20criteria)")
    assert out.html == '<p><a href="/diagnosis/#Budapest%20criteria">x</a></p>'
    assert [(link.target, link.fragment) for link in out.links] == [("diagnosis.md", "Budapest criteria")]


def test_the_link_policy_refuses_scripts_in_addresses_and_attributes() -> None:
    assert errors_of("Intro.\n\n[x](javascript:alert(1))") == [
        'content/page.md:8: error: link to a "javascript:" address is not allowed '
        "(hint: a link goes to another page file, #a-heading, or an http(s), mailto: or tel: address)"
    ]
    assert errors_of('[x](diagnosis.md){: onclick="x()" }\n') == [
        "content/page.md:6: error: attribute onclick on <a> is not allowed "
        "(hint: pages run no scripts; remove the event handler)"
    ]
