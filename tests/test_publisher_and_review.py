"""What a patient is told about who publishes the site, who checked a page, and where to get help."""

from __future__ import annotations

from pathlib import Path

from support import SITE_YAML, SiteMaker, page, run_build


def built(path: str, root: Path) -> str:
    return (root / "output" / path).read_text(encoding="utf-8")


def test_a_site_without_a_publisher_statement_does_not_build(make_site: SiteMaker) -> None:
    without = SITE_YAML.replace(
        "publisher:\n  offers_treatment: false\n  funding: Paid for by the clinic.\n", ""
    )
    root = make_site({"site.yaml": without})
    result = run_build(root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        'site.yaml:1: error: missing required setting "publisher"'
    )
    assert not (root / "output").exists()


def test_home_and_about_state_who_publishes_and_whether_they_sell_the_treatment(
    make_site: SiteMaker,
) -> None:
    root = make_site(
        {
            "content/about.md": page("About", "Who we are.\n", needs_sources="false", template="about.html"),
        }
    )
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    for path in ("index.html", "about/index.html"):
        html = built(path, root)
        assert "This site is published by Test Clinic." in html
        assert "Test Clinic does not offer the treatments described on this site." in html
        assert "Paid for by the clinic." in html
    assert "This site is published by" not in built("symptoms/index.html", root)

    selling = SITE_YAML.replace(
        "  offers_treatment: false\n",
        "  offers_treatment: true\n  treatments: ketamine infusions\n",
    )
    (root / "site.yaml").write_text(selling, encoding="utf-8")
    assert run_build(root).returncode == 0
    assert "Test Clinic offers ketamine infusions, so it has an interest in them." in built(
        "index.html", root
    )


def test_every_page_tells_readers_outside_the_us_what_to_do(make_site: SiteMaker) -> None:
    root = make_site()
    assert run_build(root).returncode == 0
    for path in ("index.html", "symptoms/index.html", "404.html"):
        assert "Outside the US, call your local emergency number." in built(path, root)


def test_pages_awaiting_clinical_review_say_so_under_the_title(make_site: SiteMaker) -> None:
    reviewed = "{name: Dr A Example, role: Pain physician}"
    root = make_site(
        {
            "content/about.md": page("About", "Who we are.\n", needs_sources="false"),
            "content/checked.md": page("Checked", "Text [@alpha2020].\n", reviewed_by=reviewed),
        }
    )
    assert run_build(root).returncode == 0
    notice = "Not yet checked by a clinician."
    symptoms = built("symptoms/index.html", root)
    assert notice in symptoms
    assert symptoms.index(notice) < symptoms.index('class="content"'), "the notice belongs above the text"
    assert notice not in built("checked/index.html", root)
    assert notice not in built("about/index.html", root), "a page with no medical claims needs no notice"


def test_a_checklist_page_prints_with_its_address(make_site: SiteMaker) -> None:
    root = make_site(
        {"content/questions.md": page("Questions", "- [ ] Ask [@alpha2020]\n", template="checklist.html")}
    )
    assert run_build(root).returncode == 0
    html = built("questions/index.html", root)
    assert 'class="wrap page page--checklist"' in html
    assert "their sources, are on this page online: https://example.org/questions/" in html
