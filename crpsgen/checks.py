"""Site-wide checks: what needs every page at once, before anything is written.

Content checks run on converted pages (links and headings, citations, addresses,
readability). Output checks run on the final files: every page shows the disclaimer and
crisis line, and keeps to the privacy and security policy (`policy.py`: nothing may load
from another origin, and every internal address must resolve under the site's base path).
"""

from __future__ import annotations

from dataclasses import replace

from markupsafe import escape

from .diagnostics import Report, did_you_mean
from .model import ConvertedPage, OutputFile, Page, SiteConfig, SiteData
from .policy import check_policy


def check_addresses(pages: list[Page], report: Report) -> list[Page]:
    """Refuse two pages (or an old address) with one URL; return the pages that keep theirs.

    Pages claim their addresses first, so an alias that takes a page's address is
    blamed, at its own line, whatever the order of the files.
    """
    owners: dict[str, Page] = {}
    kept = []
    for page in pages:
        url = page.source.url_path
        if url in owners:
            report.error(
                page.source.path,
                page.line_of_key("slug"),
                f'address "/{url}" is already used by {report.relative(owners[url].source.path)}',
                "give one of them a different file name or slug",
            )
            continue
        owners[url] = page
        kept.append(page)
    aliases: dict[str, Page] = {}
    return [_keep_own_aliases(page, owners, aliases, report) for page in kept]


def _keep_own_aliases(page: Page, owners: dict[str, Page], aliases: dict[str, Page], report: Report) -> Page:
    """Report the aliases that take another address; return the page without them."""
    good: list[tuple[str, int]] = []
    lines = page.meta.alias_lines
    if len(lines) != len(page.meta.aliases):  # a page made without them (tests)
        lines = (page.line_of_key("aliases"),) * len(page.meta.aliases)
    for alias, line in zip(page.meta.aliases, lines, strict=True):
        shown = f'alias "{alias.rstrip("/")}"'
        if owners.get(alias) is page:
            report.error(
                page.source.path,
                line,
                f"{shown} is this page's own address",
                "remove it: an alias is an old address that redirects here",
            )
        elif alias in owners:
            report.error(
                page.source.path,
                line,
                f"{shown} is the address of {report.relative(owners[alias].source.path)}",
                "an alias must be an address no page uses",
            )
        elif alias in aliases:
            other = aliases[alias]
            where = "this page" if other is page else report.relative(other.source.path)
            report.error(
                page.source.path, line, f"{shown} is already an alias of {where}", "keep only one of them"
            )
        else:
            aliases[alias] = page
            good.append((alias, line))
    if len(good) == len(page.meta.aliases):
        return page
    kept_meta = replace(page.meta, aliases=tuple(a for a, _ in good), alias_lines=tuple(n for _, n in good))
    return replace(page, meta=kept_meta)


def check_links(pages: list[ConvertedPage], report: Report) -> None:
    """Every link to a heading must find that heading's id on the target page."""
    ids = {r.page.source.relpath: r.ids for r in pages}
    for converted in pages:
        for link in converted.links:
            target = link.target or converted.page.source.relpath
            if not link.fragment or target not in ids:
                continue
            if link.fragment not in ids[target]:
                report.error(
                    converted.page.source.path,
                    link.line,
                    f'link to missing heading "#{link.fragment}" in {target}'
                    + did_you_mean(link.fragment, sorted(ids[target])),
                    "heading ids are the heading text in lower case with hyphens, or set one with {#id}",
                )


def check_citations(pages: list[ConvertedPage], data: SiteData, report: Report) -> None:
    """Warn about uncited sources and about medical pages that cite nothing."""
    cited = {c.reference.id for r in pages for c in r.citations}
    for key, reference in data.references.items():
        if key not in cited:
            report.warning(
                data.references_path,
                reference.line,
                f'bibliography entry "{key}" is not cited by any page',
                "cite it with [@" + key + "] or remove it",
            )
    for converted in pages:
        page = converted.page
        if page.meta.needs_sources and not converted.citations:
            report.warning(
                page.source.path,
                1,
                "page cites no sources",
                "cite with [@id], or add needs_sources: false if the page makes no medical claims",
            )


def reading_grade(text: str) -> float:
    """US school grade (Flesch-Kincaid) of plain text."""
    import textstat  # imported here: loading its dictionaries takes most of a second

    return float(textstat.flesch_kincaid_grade(text))


def is_spanish(language: str | None) -> bool:
    return language is not None and language.split("-")[0].lower() == "es"


def spanish_score(text: str) -> float:
    """Fernández Huerta readability of Spanish text: 60 and up reads easily (about US grade 8)."""
    import textstat

    textstat.set_lang("es")  # Spanish syllables (pyphen's bundled dictionary: no download)
    try:
        return float(textstat.fernandez_huerta(text))
    finally:
        textstat.set_lang("en_US")


def check_readability(pages: list[ConvertedPage], config: SiteConfig, report: Report) -> None:
    for converted in pages:
        page = converted.page
        if not page.meta.needs_sources or len(converted.plain_text.split()) < 100:
            continue
        if is_spanish(page.meta.language):
            score = spanish_score(converted.plain_text)
            if score < config.readability.target_spanish:
                report.notice(
                    page.source.path,
                    None,
                    f"Fernández Huerta score {score:.1f} is below the target "
                    f"{config.readability.target_spanish:g} for Spanish",
                    "shorter sentences and everyday words raise it",
                )
            continue
        grade = reading_grade(converted.plain_text)
        if grade > config.readability.target_grade:
            report.notice(
                page.source.path,
                None,
                f"reading grade {grade:.1f} is above the target {config.readability.target_grade:g}",
                "shorter sentences and everyday words bring it down",
            )


# ---------------------------------------------------------------- output checks


def check_required_text(outputs: list[OutputFile], config: SiteConfig, report: Report) -> None:
    """Every page must show the disclaimer and the crisis line, whatever a template override does."""
    for output in outputs:
        if (output.source is None and output.path != "404.html") or output.verbatim:
            continue  # redirects, assets, sitemap, a clinic's verification file
        language = config.language_of(output.path)  # es/... is in Spanish, with its own wording
        local = config.for_language(language.code if language else None)
        required = {
            "the disclaimer from site.yaml": str(escape(local.disclaimer)),
            "the crisis line from site.yaml": str(escape(local.crisis.line_text)),
        }
        text = output.content.decode()
        for name, value in required.items():
            if value not in text:
                report.error(
                    output.source or output.path,
                    None,
                    f"{output.path} does not show {name}",
                    "a template override must keep the footer's disclaimer and crisis help",
                )


def check_outputs(
    outputs: list[OutputFile], config: SiteConfig, report: Report, existing: set[str] | None = None
) -> None:
    """The final files: every page shows the required text and keeps to the policy (policy.py).

    `existing` is every path of the site, when `outputs` is only part of it.
    """
    check_required_text([o for o in outputs if o.path.endswith(".html")], config, report)
    check_policy(outputs, config, report, {f.path for f in outputs} if existing is None else existing)


def page_statistics(pages: list[ConvertedPage]) -> str:
    """A plain table: page, words, reading grade (Flesch-Kincaid), sources cited."""
    rows = [f"{'page':<40} {'words':>6} {'grade':>6} {'sources':>8}"]
    for converted in sorted(pages, key=lambda r: r.page.source.relpath):
        text = converted.plain_text
        spanish = is_spanish(converted.page.meta.language)  # Fernández Huerta, 60 and up is plain
        score = spanish_score(text) if spanish else reading_grade(text)
        rows.append(
            f"{converted.page.source.relpath:<40} {len(text.split()):>6} "
            f"{score:>6.1f} {len(converted.citations):>8}"
            + ("  (Spanish: Fernández Huerta score)" if spanish else "")
        )
    return "\n".join(rows)
