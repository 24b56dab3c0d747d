"""Markup stage: `Page` -> `ConvertedPage` (body HTML, headings, ids, links, citations).

One Python-Markdown instance is built once and reset between pages: the extensions
read the page and the site's data from a shared `PageState`, and keep what they find
(citations, links, problems) until `Markdown.reset()` (extensions/state.py).

Every processor our extensions register, in the order it runs within its registry
(a higher priority runs first), as Python-Markdown's footnotes.py lists its own.
Markdown's own neighbours: code spans 190, escapes 180, reference links 170, links 160
(inline patterns); prettify 10, attr_list 8, toc 5, unescape 0 (tree processors).

| registry | name | priority | class | why there |
| --- | --- | :-: | --- | --- |
| blockprocessors | `callout` | 105 | `callouts.CalloutBlockProcessor` | admonition's place: before every block rule of Markdown's (the first is 100), so `!!! urgent` starts a callout |
| inlinePatterns | `citation` | 175 | `citations.CitationInlineProcessor` | after code spans and escapes, so `[@a]` in code and `\\[@` stay literal; before reference links and links, which would read `[@a]` as a link |
| treeprocessors | `inline` | 20 | `inline.QuickInlineProcessor` | in place of Markdown's inline pass (same name and priority), skipping texts no pattern can change |
| treeprocessors | `tables_for_phones` | 19 | `tables.TableTreeprocessor` | after the inline pass, so each table's label reads its heading's final text |
| treeprocessors | `page_links` | 16 | `links.LinkTreeprocessor` | after the inline pass made the links; before citations add their own `#ref-1` links, which are not the editor's |
| treeprocessors | `citations` | 15 | `citations.CitationTreeprocessor` | after the inline pass left a marker per citation: numbers sources in reading order over the whole page |
| treeprocessors | `checklists` | 13 | `checklists.ChecklistTreeprocessor` | before the glossary, which leaves labels alone: the tick box's label keeps its plain text |
| treeprocessors | `callouts` | 11 | `callouts.CalloutTreeprocessor` | before the glossary, which leaves the `callout__title` this sets alone |
| treeprocessors | `glossary` | 9 | `glossary.GlossaryTreeprocessor` | after links, citations, checklists and callouts, which it must not wrap; before attr_list and toc |
| treeprocessors | `typography` | 7 | `typography.TypographyTreeprocessor` | where smarty ran (6), after attr_list, before toc: every stage sees the text it saw under smarty |
| treeprocessors | `citations_out_of_ids` | 6 | `headings.CitationsOutOfIdsTreeprocessor` | after citations and the glossary, just before toc: a heading's citation stays out of its id and contents entry |
| treeprocessors | `images` | 4 | `images.ImageTreeprocessor` | after attr_list set the `decorative` class; before the link policy |
| treeprocessors | `heading_checks` | 4 | `headings.HeadingTreeprocessor` | after toc gave every heading its id and permalink |
| treeprocessors | `link_policy` | 3 | `links.LinkPolicyTreeprocessor` | after attr_list and toc: every attribute is on its element |

Two of equal priority run in the order registered (`images` before `heading_checks`:
ImageExtension comes first in `MarkdownConverter`'s list). `test_markup.py` checks this
table against the registries.
"""  # noqa: E501  (a table: one row a processor, as in footnotes.py)

from __future__ import annotations

import re
from collections.abc import Iterable
from html import unescape

from markdown import Markdown
from markdown.extensions import Extension

from . import rawhtml
from .addresses import url
from .diagnostics import Report
from .extensions.callouts import CalloutExtension
from .extensions.checklists import ChecklistExtension
from .extensions.citations import CitationExtension
from .extensions.glossary import GlossaryExtension, compiled_glossary
from .extensions.headings import HeadingExtension
from .extensions.images import ImageExtension
from .extensions.inline import QuickInlineExtension
from .extensions.links import LinkExtension
from .extensions.state import PageExtension, PageState
from .extensions.tables import TableExtension
from .extensions.typography import TypographyExtension
from .images import Images
from .model import CitedReference, ConvertedPage, Heading, Language, LinkTarget, Page, SiteData, Strings
from .slugs import slugify

TAG = re.compile(r"<[^>]+>")
ID_ATTRIBUTE = re.compile(r'\sid="([^"]+)"')
HIDDEN_FOR_TEXT = re.compile(
    r'<sup class="cite".*?</sup>|<span class="term-def".*?</span>|<a [^>]*class="headerlink".*?</a>',
    re.S,
)


class MarkdownConverter:
    """Converts page bodies to HTML with the site's extensions."""

    def __init__(
        self,
        base_path: str,
        page_urls: dict[str, str],
        data: SiteData,
        images: Images | None = None,
        languages: tuple[Language, ...] = (),
    ) -> None:
        glossary_url = next(
            (url(base_path, path) for rel, path in page_urls.items() if rel == "glossary.md"), None
        )
        self.data, self.languages, self.glossary_url = data, languages, glossary_url
        self.state = PageState(
            base_path=base_path,
            page_urls=page_urls,
            references=data.references,
            glossary=data.glossary,
            glossary_url=glossary_url,
            images=images or Images(),
        )
        self.citations = CitationExtension(self.state)
        self.links = LinkExtension(self.state)
        extensions: list[Extension | str] = [
            "tables",
            "attr_list",
            "def_list",
            "sane_lists",
            TypographyExtension(),  # smarty's output, with far less work (typography.py)
            "toc",
            self.citations,
            ChecklistExtension(),
            self.links,
            ImageExtension(self.state),
            CalloutExtension(self.state),
            GlossaryExtension(self.state),
            HeadingExtension(self.state),
            TableExtension(self.state),
            QuickInlineExtension(),  # Markdown's inline pass, skipping texts it cannot change
        ]
        # Each keeps what it finds on a page (citations, links, problems) until md.reset().
        self.finders = [extension for extension in extensions if isinstance(extension, PageExtension)]
        self.md = Markdown(
            extensions=extensions,
            extension_configs={
                "toc": {
                    "permalink": "#",
                    "permalink_class": "headerlink",
                    "toc_depth": "2-3",
                    "slugify": slugify,  # the site's one slug rule (slugs.py)
                },
            },
            output_format="html",
        )

    def use_language(self, code: str | None) -> None:
        """The labels and glossary of the page's language (content/es/_data/glossary.yaml for es)."""
        language = next((lang for lang in self.languages if lang.code == code), None)
        self.state.strings = language.strings if language else Strings("en", None)
        if language is None or not language.prefix:
            self.state.glossary, self.state.glossary_url = self.data.glossary, self.glossary_url
            return
        path = self.state.page_urls.get(f"{language.prefix}/{language.strings.get('glossary_page', '')}")
        self.state.glossary = self.data.glossaries.get(language.prefix, ())
        self.state.glossary_url = url(self.state.base_path, path) if path is not None else None

    def prepare(self, codes: Iterable[str | None]) -> None:
        """Compile these languages' glossaries now: worker processes then inherit them
        instead of each compiling its own (parallel.py)."""
        for code in set(codes):
            self.use_language(code)
            compiled_glossary(self.state.glossary)

    def convert(self, page: Page, report: Report) -> ConvertedPage:
        """Convert one page and report what its extensions found, at source lines."""
        self.use_language(page.meta.language)
        self.state.relpath, self.state.body = page.source.relpath, page.body
        self.md.reset()  # each extension forgets the last page (PageExtension.reset)
        html = self.md.convert(page.body)
        for problem in (problem for finder in self.finders for problem in finder.problems):
            if problem.body_index is None:
                line = page.line_of(problem.needle)
            else:
                line = page.body_line + problem.body_index
            report.add(problem.severity, page.source.path, line, problem.message, problem.hint)
        # Raw HTML is everything Markdown stashed to pass through untouched.
        stashed = [block for block in self.md.htmlStash.rawHtmlBlocks if isinstance(block, str)]
        for found in rawhtml.check_page(page.body, stashed):
            where = page.body_line + (found.body_index or 0)
            report.error(page.source.path, where, found.message, found.hint)
        links = tuple(
            LinkTarget(link.target, link.fragment, page.line_of(f"({href}"))
            for link, href in self.links.links
        )
        citations = tuple(
            CitedReference(
                number=index + 1,
                reference=self.state.references[key],
                backlinks=tuple(self.citations.backlinks[key]),
            )
            for index, key in enumerate(self.citations.cited)
        )
        headings = tuple(_flatten(getattr(self.md, "toc_tokens", [])))
        return ConvertedPage(
            page=page,
            html=html,
            headings=headings,
            ids=frozenset(ID_ATTRIBUTE.findall(html)),
            links=links,
            citations=citations,
            plain_text=plain_text(html),
        )


def _flatten(tokens: list[dict[str, object]]) -> list[Heading]:
    result: list[Heading] = []
    for token in tokens:
        title = " ".join(unescape(str(token["name"])).split())  # a citation taken out leaves two spaces
        result.append(Heading(int(token["level"]), str(token["id"]), title))  # type: ignore[call-overload]
        result.extend(_flatten(token.get("children", [])))  # type: ignore[arg-type]
    return result


def plain_text(html: str) -> str:
    """The words a reader reads: no citation numbers, popover definitions or anchors."""
    text = HIDDEN_FOR_TEXT.sub(" ", html)
    text = re.sub(r"</(p|li|h[1-6]|td|th|dd|dt|div)>", ".\n", text)
    text = unescape(TAG.sub(" ", text))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    # A block that already ends a sentence must not gain a second full stop.
    return re.sub(r"([.!?:;])\s*\.", r"\1", text).strip()
