"""Per-page state shared by the extensions while one page is converted."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..images import Images
from ..model import GlossaryTerm, LinkTarget, Reference, Strings


@dataclass(frozen=True)
class Problem:
    """Something an extension found wrong; located later by searching the source."""

    severity: str
    message: str
    needle: str  # text to look for in the source to find the line
    hint: str = ""
    body_index: int | None = None  # the body line, when the extension knows it (0 = first)


@dataclass
class PageState:
    relpath: str = ""
    body: str = ""  # the page's Markdown, for extensions that locate problems themselves
    base_path: str = "/"
    page_urls: dict[str, str] = field(default_factory=dict)  # source relpath -> url path
    references: dict[str, Reference] = field(default_factory=dict)
    glossary: tuple[GlossaryTerm, ...] = ()
    glossary_url: str | None = None
    images: Images = field(default_factory=Images)  # static image name -> hashed address and size
    strings: Strings = field(default_factory=lambda: Strings("en", None))  # the page language's labels
    # Filled while converting:
    cited: list[str] = field(default_factory=list)  # keys in order of first citation
    backlinks: dict[str, list[str]] = field(default_factory=dict)
    links: list[tuple[LinkTarget, str]] = field(default_factory=list)  # with the href as written
    problems: list[Problem] = field(default_factory=list)

    def start(self, relpath: str, body: str = "") -> None:
        self.relpath = relpath
        self.body = body
        self.cited = []
        self.backlinks = {}
        self.links = []
        self.problems = []

    def body_index(self, needle: str, occurrence: int = 1, prefix: str = "") -> int | None:
        """The body line of the `occurrence`-th line starting with `prefix` that holds `needle`."""
        for index, line in enumerate(self.body.splitlines()):
            if line.lstrip().startswith(prefix) and needle in line:
                occurrence -= 1
                if occurrence == 0:
                    return index
        return None
