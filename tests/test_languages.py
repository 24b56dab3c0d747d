"""A site in two languages: alternates, the switcher, strings, stale translations, feeds, glossaries."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest
from support import SITE_YAML, SiteMaker, page, run_build, snapshot

from crpsgen.diagnostics import Report
from crpsgen.model import BuildOptions
from crpsgen.pipeline import BuildResult, build_site
from crpsgen.search import _index_of

LANGUAGES = """\
languages:
  - code: en-US
    name: English
  - code: es-US
    prefix: es
    name: Español
    title: Sitio de prueba
    disclaimer: Información general, no consejos médicos.
    crisis:
      emergency_text: Si está en peligro ahora, llame al 911.
      line_text: Llame o envíe un mensaje de texto al 988. Puede marcar 2 para español.
      elsewhere_text: Fuera de EE. UU., llame al número de emergencias de su país.
    publisher:
      funding: La clínica paga este sitio.
    navigation:
      crps: Sobre el SDRC
"""
HOME = page("Home", "Welcome [@alpha2020].\n")  # conftest's home page
GLOSSARY = "- term: allodynia\n  definition: Pain from a light touch.\n"
GLOSARIO = "- term: alodinia\n  definition: Dolor por un roce suave.\n"
SYMPTOMS = page(
    "Symptoms",
    "## Budapest criteria\n\nSee [home](index.md) [@beta2021; @gamma2022]. Allodynia is common.\n",
    section="crps",
    order=1,
)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def spanish(**changes: str | None) -> dict[str, str | None]:
    """The small site in English and Spanish (es/sintomas.md translates symptoms.md)."""
    files: dict[str, str | None] = {
        "site.yaml": SITE_YAML + LANGUAGES,
        "content/symptoms.md": SYMPTOMS,
        "content/about.md": page("About", "Who we are.\n", needs_sources="false"),
        "content/_data/glossary.yaml": GLOSSARY,
        "content/es/_data/glossary.yaml": GLOSARIO,
        "content/es/index.md": page(
            "Inicio", "Bienvenido [@alpha2020].\n", translation_of="index.md", translated_from=digest(HOME)
        ),
        "content/es/sintomas.md": page(
            "Síntomas",
            "## Criterios de Budapest {#budapest-criteria}\n\n"
            "Vea [inicio](index.md) [@beta2021; @gamma2022]. La alodinia es frecuente.\n",
            section="crps",
            order=1,
            translation_of="symptoms.md",
            translated_from=digest(SYMPTOMS),
        ),
    }
    files.update(changes)
    return files


def build(root: Path, strict: bool = False) -> BuildResult:
    report = Report(root=root)
    return build_site(BuildOptions(root / "site.yaml", strict=strict, today=dt.date(2026, 11, 22)), report)


def lines(result: BuildResult, severity: str | None = None) -> list[str]:
    return [d.format() for d in result.report.items if severity is None or d.severity == severity]


def html(result: BuildResult, path: str) -> str:
    return next(o.content.decode() for o in result.outputs if o.path == path)


def alternates(text: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', text))


@pytest.fixture
def bilingual(make_site: SiteMaker) -> tuple[Path, BuildResult]:
    root = make_site(spanish())
    result = build(root)
    assert not result.report.has_errors, lines(result)
    return root, result


def test_a_page_and_its_translation_name_each_other_and_x_default(
    bilingual: tuple[Path, BuildResult],
) -> None:
    _, result = bilingual
    expected = {
        "en-US": "https://example.org/symptoms/",
        "es-US": "https://example.org/es/sintomas/",
        "x-default": "https://example.org/symptoms/",
    }
    assert alternates(html(result, "symptoms/index.html")) == expected
    assert alternates(html(result, "es/sintomas/index.html")) == expected
    assert alternates(html(result, "about/index.html")) == {}  # not translated: no alternates


def test_every_page_has_its_own_language(bilingual: tuple[Path, BuildResult]) -> None:
    _, result = bilingual
    assert html(result, "symptoms/index.html").startswith('<!doctype html>\n<html lang="en-US">')
    spanish_page = html(result, "es/sintomas/index.html")
    assert spanish_page.startswith('<!doctype html>\n<html lang="es-US">')
    assert '"inLanguage":"es-US"' in spanish_page and '"inLanguage":"en-US"' not in spanish_page
    assert "Saltar al contenido principal" in spanish_page and "Skip to main content" not in spanish_page
    assert "1 de noviembre de 2027" in spanish_page  # next review due, in Spanish words
    # The share picture shows the English title: its description says so, in Spanish.
    shared = 'content="Test site, publicado por Test Clinic">'
    assert shared in spanish_page
    assert "Sitio de prueba" in spanish_page and "Test site" not in spanish_page.replace(shared, "")
    assert "Llame o envíe un mensaje de texto al 988" in spanish_page


def test_the_switcher_goes_to_the_same_page_both_ways(bilingual: tuple[Path, BuildResult]) -> None:
    _, result = bilingual
    english = html(result, "symptoms/index.html")
    assert '<li lang="es-US"><a href="/es/sintomas/" hreflang="es-US">Español</a></li>' in english
    spanish_page = html(result, "es/sintomas/index.html")
    assert '<li lang="en-US"><a href="/symptoms/" hreflang="en-US">English</a></li>' in spanish_page


def test_an_untranslated_page_says_so_in_spanish_and_links_home(bilingual: tuple[Path, BuildResult]) -> None:
    _, result = bilingual
    about = html(result, "about/index.html")
    assert (
        '<li lang="es-US">Esta página aún no está traducida al español. '
        '<a href="/es/" hreflang="es-US">Ir a la página principal en español</a></li>'
    ) in about


def test_menus_list_only_the_pages_own_language(bilingual: tuple[Path, BuildResult]) -> None:
    _, result = bilingual
    spanish_menu = (
        html(result, "es/sintomas/index.html").split('<div class="menu-groups">')[1].split("</nav>")[0]
    )
    assert "Sobre el SDRC" in spanish_menu and "/es/sintomas/" in spanish_menu
    assert "/symptoms/" not in spanish_menu
    english_menu = (
        html(result, "symptoms/index.html").split('<div class="menu-groups">')[1].split("</nav>")[0]
    )
    assert "/es/" not in english_menu


def test_each_language_has_its_feed_and_the_sitemap_names_alternates(
    bilingual: tuple[Path, BuildResult],
) -> None:
    _, result = bilingual
    english_feed, spanish_feed = html(result, "feed.xml"), html(result, "es/feed.xml")
    assert 'xml:lang="en-US"' in english_feed and "/es/" not in english_feed
    assert 'xml:lang="es-US"' in spanish_feed and "<id>https://example.org/es/sintomas/</id>" in spanish_feed
    assert "https://example.org/symptoms/" not in spanish_feed
    assert '<link rel="alternate" type="application/atom+xml" href="/es/feed.xml"' in html(
        result, "es/sintomas/index.html"
    )
    sitemap = html(result, "sitemap.xml")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    entry = sitemap.split("<loc>https://example.org/es/sintomas/</loc>")[1].split("</url>")[0]
    assert '<xhtml:link rel="alternate" hreflang="en-US" href="https://example.org/symptoms/"/>' in entry
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/symptoms/"/>' in entry


def test_each_language_marks_its_own_glossary(bilingual: tuple[Path, BuildResult]) -> None:
    _, result = bilingual
    spanish_page, english = html(result, "es/sintomas/index.html"), html(result, "symptoms/index.html")
    assert '<button class="term" popovertarget="def-alodinia" type="button">alodinia</button>' in spanish_page
    assert "Dolor por un roce suave." in spanish_page and "Pain from a light touch." not in spanish_page
    assert 'popovertarget="def-allodynia" type="button">Allodynia</button>' in english
    assert "alodinia" not in english


def test_translations_await_review_and_say_the_sources_are_in_english(
    bilingual: tuple[Path, BuildResult],
) -> None:
    _, result = bilingual
    spanish_page = html(result, "es/sintomas/index.html")
    assert "Esta traducción aún no ha sido revisada por un traductor médico calificado." in spanish_page
    assert '<a href="/symptoms/" hreflang="en-US">' in spanish_page
    assert "Las fuentes de esta lista están en inglés." in spanish_page
    assert "await review by a qualified medical translator" in "\n".join(lines(result, "notice"))
    assert "2 of 2 translated pages" in "\n".join(lines(result, "notice"))


def test_the_placeholder_reviewer_is_named_in_the_pages_language(bilingual: tuple[Path, BuildResult]) -> None:
    _, result = bilingual
    spanish_page = html(result, "es/sintomas/index.html")
    assert "Equipo editorial" in spanish_page
    assert "pendiente de revisión por un médico de la clínica que la publica" in spanish_page
    assert "Editorial team" not in spanish_page and "deploying clinic" not in spanish_page
    assert "awaiting review by the deploying clinic" in html(result, "symptoms/index.html")


def test_a_reviewed_translation_names_its_reviewer(make_site: SiteMaker) -> None:
    reviewed = spanish()["content/es/sintomas.md"]
    assert reviewed is not None
    reviewed = reviewed.replace(
        "\n---\n## ", "\ntranslation_reviewed_by: {name: Ana Ruiz, role: Medical translator}\n---\n## "
    )
    result = build(make_site(spanish(**{"content/es/sintomas.md": reviewed})))
    spanish_page = html(result, "es/sintomas/index.html")
    assert "Ana Ruiz" in spanish_page and "Traducción revisada por" in spanish_page
    assert "traductor médico calificado" not in spanish_page
    assert "1 of 2 translated pages" in "\n".join(lines(result, "notice"))


def test_a_changed_original_makes_the_translation_stale(make_site: SiteMaker) -> None:
    root = make_site(spanish(**{"content/symptoms.md": SYMPTOMS + "\nA new sentence.\n"}))
    result = build(root)
    current = digest(SYMPTOMS + "\nA new sentence.\n")
    line = spanish()["content/es/sintomas.md"].split("\n").index(f"translated_from: {digest(SYMPTOMS)}") + 1  # type: ignore[union-attr]
    assert (
        f"content/es/sintomas.md:{line}: warning: symptoms.md changed since this translation "
        f"(hint: update the translation, then set translated_from: {current})"
    ) in lines(result)
    assert not result.report.has_errors
    assert result.report.failed(strict=True)  # an error under --strict
    strict = run_build(root, "check", "--strict")
    assert strict.returncode != 0 and "symptoms.md changed since this translation" in strict.stderr


def test_translation_of_an_unknown_page_is_an_error_at_its_line(make_site: SiteMaker) -> None:
    text = page("Síntomas", "Texto [@alpha2020].\n", translation_of="symptom.md")
    result = build(make_site(spanish(**{"content/es/sintomas.md": text})))
    line = text.split("\n").index("translation_of: symptom.md") + 1
    assert (
        f"content/es/sintomas.md:{line}: error: translation_of: symptom.md is not a page of content/ "
        '(did you mean "symptoms.md"?)'
    ) in [item.split(" (hint")[0] for item in lines(result)]


def test_two_translations_of_one_page_is_an_error(make_site: SiteMaker) -> None:
    again = page(
        "Otra", "Texto [@alpha2020].\n", translation_of="symptoms.md", translated_from=digest(SYMPTOMS)
    )
    result = build(make_site(spanish(**{"content/es/otra.md": again})))
    errors = lines(result, "error")
    assert len(errors) == 1, errors
    assert errors[0].startswith("content/es/sintomas.md:")  # the second in file order
    assert "symptoms.md is already translated by content/es/otra.md" in errors[0]


def test_a_missing_string_names_the_language_the_key_and_the_file(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    root = make_site(spanish())
    strings = root / "templates/strings/es.yaml"
    strings.write_text(strings.read_text().replace("skip_link: Saltar al contenido principal\n", ""))
    result = build(root)
    assert any(
        # at its place in the file: before draft_banner, now line 5, as en.yaml has it first
        item.startswith('templates/strings/es.yaml:5: error: missing string "skip_link" for language es-US')
        for item in lines(result)
    ), lines(result)


def test_a_template_asking_for_an_unknown_string_is_an_error_at_its_line(make_site: SiteMaker) -> None:
    root = make_site(spanish())
    base = root / "templates/partials/footer.html"
    text = base.read_text()
    base.write_text(text.replace("{{ t.crisis_heading }}", "{{ t.crisis_headline }}"))
    line = text.split("\n").index(next(x for x in text.split("\n") if "t.crisis_heading" in x)) + 1
    result = build(root)
    errors = lines(result, "error")
    assert len(errors) == 2, errors  # one line per language, each naming its own strings file
    where = f"templates/partials/footer.html:{line}: error: template error while rendering "
    assert all(error.startswith(where) for error in errors)
    assert 'no string "crisis_headline" for language en-US (add it to en.yaml)' in errors[0] + errors[1]
    assert 'no string "crisis_headline" for language es-US (add it to es.yaml)' in errors[0] + errors[1]


def test_a_language_without_its_settings_is_an_error(make_site: SiteMaker) -> None:
    yaml = SITE_YAML + LANGUAGES.replace("    disclaimer: Información general, no consejos médicos.\n", "")
    result = build(make_site(spanish(**{"site.yaml": yaml})))
    assert any(
        re.match(r"site\.yaml:\d+: error: language es-US has no disclaimer", item) for item in lines(result)
    ), lines(result)


def test_a_site_in_one_language_is_unchanged_by_translations_in_its_content(make_site: SiteMaker) -> None:
    plain = make_site(name="plain")
    with_es = make_site(
        {"content/es/sintomas.md": page("Síntomas", "Texto.\n", translation_of="symptoms.md")}, "es"
    )
    assert run_build(plain).returncode == 0 and run_build(with_es).returncode == 0
    assert snapshot(plain / "output") == snapshot(with_es / "output")
    home = (plain / "output/index.html").read_text()
    assert "hreflang" not in home and "language-switcher" not in home
    assert "Skip to main content" in home


def test_spanish_readability_is_scored_offline_with_fernandez_huerta(make_site: SiteMaker) -> None:
    """The score itself is tested in test_checks.py; here, that `check --stats` names it."""
    root = make_site(spanish())
    stats = run_build(root, "check", "--stats")
    row = next(r for r in stats.stdout.splitlines() if r.startswith("es/sintomas.md"))
    assert row.endswith("(Spanish: Fernández Huerta score)")


def test_json_ld_of_a_translation_is_in_its_language(bilingual: tuple[Path, BuildResult]) -> None:
    _, result = bilingual
    text = html(result, "es/sintomas/index.html")
    data = json.loads(text.split('<script type="application/ld+json">')[1].split("</script>")[0])
    webpage = data["@graph"][0]
    assert webpage["inLanguage"] == "es-US" and webpage["url"] == "https://example.org/es/sintomas/"
    crumbs = next(node for node in data["@graph"] if node["@type"] == "BreadcrumbList")
    assert crumbs["itemListElement"][0] == {
        "@type": "ListItem",
        "item": "https://example.org/es/",
        "name": "Inicio",
        "position": 1,
    }


def test_a_new_translation_reaches_the_pages_a_kept_cache_rendered(make_site: SiteMaker) -> None:
    from crpsgen.buildcache import BuildCache

    root = make_site(spanish())
    cache = BuildCache()
    options = BuildOptions(root / "site.yaml", today=dt.date(2026, 11, 22))
    first = build_site(options, Report(root=root), cache)
    assert "Esta página aún no está traducida" in html(first, "about/index.html")
    translation = page("Acerca de", "Quiénes somos.\n", needs_sources="false", translation_of="about.md")
    (root / "content/es/acerca-de.md").write_text(translation)
    second = build_site(options, Report(root=root), cache)
    english = html(second, "about/index.html")
    assert '<a href="/es/acerca-de/" hreflang="es-US">Español</a>' in english
    assert alternates(english)["es-US"] == "https://example.org/es/acerca-de/"


def test_each_language_home_has_no_trail_and_pages_start_at_their_own_home(
    bilingual: tuple[Path, BuildResult],
) -> None:
    assert 'class="breadcrumbs"' not in html(bilingual[1], "es/index.html")  # not "Inicio > Inicio"
    trail = html(bilingual[1], "es/sintomas/index.html")
    assert re.search(r'class="breadcrumbs".*?<a href="/es/">', trail, re.S)


def test_the_search_index_names_its_languages_in_a_fixed_order(make_site: SiteMaker) -> None:
    """Pagefind lists its per-language indexes in hash-map order; the build sorts them (same bytes)."""
    search = page("Search", "Type a word.\n", template="search.html", needs_sources="false")
    buscar = page(
        "Buscar",
        "Escriba una palabra.\n",
        template="search.html",
        needs_sources="false",
        translation_of="search.md",
    )
    root = make_site(spanish(**{"content/search.md": search, "content/es/buscar.md": buscar}))
    entries = set()
    for _ in range(4):
        _index_of.cache_clear()  # Pagefind runs each time (the build keeps its last index)
        result = build(root)
        assert not result.report.has_errors, lines(result)
        entry = html(result, "pagefind/pagefind-entry.json")
        assert list(json.loads(entry)["languages"]) == ["en-us", "es-us"]
        entries.add(entry)
    assert len(entries) == 1


def test_an_old_address_of_a_spanish_page_is_a_spanish_redirect_page(make_site: SiteMaker) -> None:
    sintomas = spanish()["content/es/sintomas.md"]
    assert sintomas is not None
    root = make_site(
        spanish(**{"content/es/sintomas.md": sintomas.replace("---\n", "---\naliases: [es/viejo/]\n", 1)})
    )
    result = build(root)
    assert not result.report.has_errors, lines(result)
    moved = html(result, "es/viejo/index.html")
    assert '<html lang="es-US">' in moved
    assert '<link rel="canonical" href="https://example.org/es/sintomas/">' in moved
    assert '<meta http-equiv="refresh" content="0; url=/es/sintomas/">' in moved
    assert '<p>Esta página ahora está en <a href="/es/sintomas/">Síntomas</a>.</p>' in moved
