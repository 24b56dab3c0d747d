"""The whole build, one named step per stage: gather, check, then (elsewhere) write."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from .assets import Assets
from .buildcache import BuildCache
from .cachedrender import CachingRenderer
from .checks import check_addresses, check_citations, check_links
from .citations import bibliography
from .diagnostics import Report
from .feed import feeds
from .health_facts import check_facts
from .languages import check_translations
from .model import BuildOptions, ConvertedPage, OutputFile, Page, SiteConfig, SiteData, SourceFile
from .parallel import can_fork
from .policy import headers_file
from .redirects import redirect_pages, redirects_file
from .render import SiteRenderer
from .rootfiles import collect_root_files
from .scaffold import check_placeholders
from .search import IndexAhead, indexed_pages, search_files, search_page_of
from .site_data import check_data_files
from .sitemap import robots, sitemap
from .templates import TemplateRenderer


@dataclass
class BuildResult:
    report: Report
    config: SiteConfig | None = None
    pages: list[ConvertedPage] = field(default_factory=list)
    outputs: list[OutputFile] = field(default_factory=list)


def build_site(
    options: BuildOptions, report: Report, cache: BuildCache | None = None, search: bool = True
) -> BuildResult:
    """Read, check and render the whole site in memory; write nothing.

    Every per-item step goes through `cache`: a fresh one (the default) does all the
    work; one kept from an earlier build redoes only what changed (see buildcache.py).
    `search=False` leaves out the search index (the preview makes it after showing pages).
    """
    cache = cache or BuildCache()
    cache.begin()
    config = cache.load_config(options, report)
    if config is None:
        return BuildResult(report)
    sources = cache.discover(config.content_dir, report)
    pages = [page for s in sources if (page := cache.parse(s, config, options.today, report))]
    unparsed = unparsed_sources(sources, pages)
    published = _published(pages, options.drafts)
    pages = check_addresses(published, report)
    unparsed += refused_sources(published, pages)
    check_placeholders(pages, report)  # new pages' TODO text is never published
    report_pending_review(pages, config, report)
    check_translations(pages, config, report)  # originals exist, once per language, not stale
    data = cache.load_data(config, options.today, report)
    assets = cache.load_assets(config, report)  # before Markdown: images point at their hashed copies
    images = cache.load_images(assets)
    converted = cache.convert(pages, data, config, report, page_addresses(pages, unparsed), images)
    check_links(converted, report)
    check_citations(converted, data, report)
    check_data_files(converted, data, report)
    check_facts(converted, data.facts, report)  # JSON-LD says only what the pages say
    if options.readability:
        cache.grade(converted, config, report)
    ahead = index_ahead(converted, config, cache) if search else None
    try:
        outputs = render_outputs(converted, data, config, report, options, assets, cache, ahead, search)
    finally:
        if ahead is not None:
            ahead.close()  # not asked for: the build stopped before the index
    cache.check(outputs, config, report)
    cache.end()
    return BuildResult(report, config, converted, outputs)


def report_pending_review(pages: list[Page], config: SiteConfig, report: Report) -> None:
    """One line for the pages still carrying the placeholder reviewer (shown on the site too)."""
    pending = [p for p in pages if p.meta.review_is_placeholder]
    if pending and not config.review.require_clinical_review:
        # A notice, not a warning: the placeholder is honest (the pages say so), and a
        # clinic makes it an error with review.require_clinical_review.
        report.notice(
            config.path,
            None,
            f"{len(pending)} of {len(pages)} pages await clinical review "
            "(they name the editorial-team placeholder as reviewer)",
            "a clinician adds reviewed_by: {name: ..., role: ...} to each page after signing it off",
        )


def unparsed_sources(sources: list[SourceFile], pages: list[Page]) -> list[SourceFile]:
    """The page files whose front matter failed (already reported); drafts are not among them."""
    parsed = {page.source.relpath for page in pages}
    return [source for source in sources if source.relpath not in parsed]


def refused_sources(published: list[Page], kept: list[Page]) -> list[SourceFile]:
    """The pages `check_addresses` refused (already reported): their links are not blamed too."""
    kept_ids = {id(page) for page in kept}
    return [page.source for page in published if id(page) not in kept_ids]


def page_addresses(pages: list[Page], unparsed: list[SourceFile]) -> dict[str, str]:
    """Every page file's address, for links: source relpath -> url path.

    A page whose front matter failed still has the address of its file name, so the
    pages linking to it are not blamed as well: one mistake, one line.
    """
    urls = {source.relpath: source.url_path for source in unparsed}
    urls.update((p.source.relpath, p.source.url_path) for p in pages)
    return urls


def _published(pages: list[Page], drafts: bool) -> list[Page]:
    return [p for p in pages if drafts or not p.meta.draft]


def render_outputs(
    converted: list[ConvertedPage],
    data: SiteData,
    config: SiteConfig,
    report: Report,
    options: BuildOptions,
    assets: Assets,
    cache: BuildCache,
    ahead: IndexAhead | None = None,
    search: bool = True,
) -> list[OutputFile]:
    templates = cache.load_templates(config, report)
    if not check_templates(converted, templates, report, cache):
        return []
    renderer = CachingRenderer(cache, config, data, assets, templates, options.drafts, report.root)
    return assemble_outputs(converted, data, config, renderer, report, cache, ahead, search)


def search_index(
    converted: list[ConvertedPage],
    config: SiteConfig,
    report: Report,
    cache: BuildCache,
    ahead: IndexAhead | None = None,
) -> list[OutputFile]:
    """The search index, made again only when a page's indexed text changed (Pagefind takes a while)."""
    make = partial(search_files, converted, config, ahead=ahead)
    return cache.site_wide("search", _search_key(converted, config), report, make)


def index_ahead(converted: list[ConvertedPage], config: SiteConfig, cache: BuildCache) -> IndexAhead | None:
    """Start making the search index in another process, if it must be made again and there are
    cores to spare: it then takes no time of its own while the pages are rendered and checked."""
    if cache.jobs <= 1 or not can_fork() or search_page_of(converted) is None:
        return None
    if cache.holds("search", _search_key(converted, config)):
        return None
    return IndexAhead(tuple(indexed_pages(converted, config)))


def _search_key(converted: list[ConvertedPage], config: SiteConfig) -> tuple[object, ...]:
    return (config, *((r.page.source.url_path, r.page.meta, r.html) for r in converted))


def check_templates(
    converted: list[ConvertedPage], templates: TemplateRenderer, report: Report, cache: BuildCache
) -> bool:
    """Compile every template and find each page's; return whether rendering can go ahead."""
    cache.check_template_syntax(templates, report)
    if report.has_errors:
        return False
    for page in converted:
        if not templates.exists(page.page.meta.template):
            report.error(
                page.page.source.path,
                page.page.line_of_key("template"),
                f'template "{page.page.meta.template}" not found in templates/',
            )
    return not report.has_errors


def assemble_outputs(
    converted: list[ConvertedPage],
    data: SiteData,
    config: SiteConfig,
    renderer: SiteRenderer,
    report: Report,
    cache: BuildCache,
    ahead: IndexAhead | None = None,
    search: bool = True,
) -> list[OutputFile]:
    """Every file of the site: assets, pages, redirects, the 404 page, the files for
    search engines and hosts (sitemap, robots.txt, _headers, _redirects) and the feeds.

    `search=False` leaves out the search index, for the preview, which makes it after
    showing the pages (Pagefind indexes the whole site each time).
    """
    pages = [r.page for r in converted]
    # What the bibliography is made from: a page's text can change without changing it.
    cited = ((r.page.meta.title, r.page.source.url_path, r.citations) for r in converted)
    entries = cache.memo(
        "bibliography", (data, config, *cited), partial(bibliography, converted, data, config)
    )
    outputs: list[OutputFile] = list(renderer.assets.files)
    outputs += [output for output in renderer.render_pages(converted, pages, entries) if output is not None]
    # What the sitemap and the feeds show of each page: its address and front matter.
    listed = (config, renderer.data, renderer.assets, *((page.source, page.meta) for page in pages))
    site_map = cache.memo("sitemap", (cache.template_key, *listed), partial(sitemap, converted, renderer))
    made = [*redirect_pages(converted, renderer), renderer.render_404(pages), site_map]
    outputs += [output for output in made if output is not None]
    if renderer.templates.report_failures(report):
        return []  # the output is incomplete: checking it would only blame the missing pages
    root_files = collect_root_files(config, report)
    outputs += [
        robots(config, root_files.robots_extra),
        headers_file(config),
        redirects_file(converted, config),
        *cache.memo("feeds", listed, partial(feeds, converted, config)),  # one per language
    ]
    if search:
        outputs += search_index(converted, config, report, cache, ahead)
    outputs += root_files.files  # last: a clash with a generated file blames the root file
    ordered = sorted(outputs, key=lambda o: o.path)
    return cache.check_output_paths(ordered, pages, config, report)  # each inside output/, once
