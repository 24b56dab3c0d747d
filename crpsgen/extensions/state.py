"""What the extensions share while one page is converted, and the base classes that share it.

`PageState` holds what the extensions read: the page (its file and Markdown) and the
site's data (addresses, references, glossary, images, the page language's labels).
What an extension finds on a page (citations, links, problems) lives on the extension
itself and is cleared by Python-Markdown's reset protocol: each `PageExtension` registers
itself, so `Markdown.reset()`, called before every page, calls its `reset()` (as
Python-Markdown's own footnotes.py does). Its processors take the extension, as
footnotes.py's take theirs, instead of each being handed the same Markdown and state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..images import Images
from ..model import GlossaryTerm, Reference, Strings


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

    def body_index(self, needle: str, occurrence: int = 1, prefix: str = "") -> int | None:
        """The body line of the `occurrence`-th line starting with `prefix` that holds `needle`."""
        for index, line in enumerate(self.body.splitlines()):
            if line.lstrip().startswith(prefix) and needle in line:
                occurrence -= 1
                if occurrence == 0:
                    return index
        return None


class PageExtension(Extension):
    """An extension that reads the shared `PageState` and keeps what it finds until the next page."""

    def __init__(self, state: PageState) -> None:
        super().__init__()
        self.state = state
        self.reset()

    def extendMarkdown(self, md: Markdown) -> None:
        """Subclasses call this first, then register their processors (which take `self`)."""
        self.md = md
        md.registerExtension(self)  # so that md.reset() calls self.reset()

    def reset(self) -> None:
        """Forget the last page; subclasses that keep more call this too."""
        self.problems: list[Problem] = []


E = TypeVar("E", bound=PageExtension)


class PageTreeprocessor(Treeprocessor, Generic[E]):
    """A tree processor of a `PageExtension`: the page's state, and where to put what it finds."""

    def __init__(self, extension: E) -> None:
        super().__init__(extension.md)
        self.extension = extension
        self.state = extension.state

    def problem(self, problem: Problem) -> None:
        self.extension.problems.append(problem)
