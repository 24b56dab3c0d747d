"""The raw-HTML policy: what HTML an editor may write in Markdown, checked at the source line.

Patient pages need a little HTML that Markdown lacks (<abbr>, <kbd>, <details>, a
table cell spanning two columns), and nothing that runs, loads, submits, redirects or
restyles: the site's Content-Security-Policy would block scripts and inline styles
anyway, so the build refuses them where the editor wrote them instead of letting the
intent fail silently on the page.

Python-Markdown passes raw HTML through its `htmlStash`: every block and every inline
tag it did not treat as text, exactly as written. Each stashed fragment is read with
`html.parser` (the tokenizer that decodes entities in attribute values as a browser
does) and checked against an allow-list; the fragment is then found in the Markdown
source to report the line. Markdown's own links, images and `{: attributes}` are
checked on the element tree by `extensions/links.py` with the same URL rules.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})
TABLE_CELL = frozenset({"colspan", "rowspan", "headers"})
# fmt: off
FORMATTING_TAGS = (
    "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "code", "dd", "details", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "kbd", "li", "mark", "p", "pre", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "tfoot", "thead", "tr", "u", "ul", "var", "wbr",
)
# fmt: on
# Tag -> attributes it may have besides the global ones.
ALLOWED_TAGS: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in FORMATTING_TAGS},
    "a": frozenset({"href"}),
    "details": frozenset({"open"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": TABLE_CELL,
    "th": TABLE_CELL | {"scope"},
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime", "cite"}),
    "ins": frozenset({"datetime", "cite"}),
    "q": frozenset({"cite"}),
    "cite": frozenset(),
}
# blockquote may carry a source address too.
ALLOWED_TAGS["blockquote"] = frozenset({"cite"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

TAG_HINTS = {
    "script": "pages run no scripts of their own; a developer adds scripts to static/",
    "noscript": "pages run no scripts of their own; a developer adds scripts to static/",
    "style": "the site's security policy blocks inline styles; use a class from the stylesheet",
    "link": "styles and fonts come from the theme in static/",
    "meta": "a page's settings go in its front matter; old addresses go in aliases",
    "base": "links are worked out by the build; write them in Markdown",
    "form": "forms are not allowed; link to the form's own page instead",
    "svg": "put the drawing in static/ and show it as an image: ![what it shows](file.svg)",
    "math": "write the formula in words or as an image with alt text",
}
EMBEDDING = ("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "audio", "video", "source")
for _tag in EMBEDDING:
    TAG_HINTS[_tag] = "patients' reading is private: nothing is embedded from anywhere; link to it instead"
for _tag in ("input", "button", "select", "textarea", "option", "label", "output", "fieldset"):
    TAG_HINTS[_tag] = "forms are not allowed; link to the form's own page instead"
TAG_HINT = "use Markdown, or one of the tags listed in the README (Markdown, raw HTML)"
LINK_HINT = "a link goes to another page file, #a-heading, or an http(s), mailto: or tel: address"
READ_HINT = 'write tags in full (<tag attribute="value">), or &lt; for a literal <'
IMAGE_HINT = "images load from this site only: a relative path to a file in static/"

# Characters a browser drops from a URL before reading its scheme.
URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
TAG_LIKE = re.compile(r"<[a-zA-Z/!?]")
COMMENT = re.compile(r"<!--(?:(?!--|[<>]).)*-->", re.S)


@dataclass(frozen=True)
class Violation:
    """One thing the policy refuses, at a line of the fragment (1 = its first line)."""

    line: int
    message: str
    hint: str


def link_problem(url: str) -> str | None:
    """The scheme that keeps `url` from being a link's address, or None when it may be one."""
    scheme = _scheme(url)
    return scheme if scheme is not None and scheme not in LINK_SCHEMES else None


def image_problem(url: str) -> str | None:
    """How `url` leaves the site, or None when it is a local file an image may show."""
    cleaned = URL_NOISE.sub("", url).replace("\\", "/")
    scheme = _scheme(url)
    if scheme is not None:
        return scheme + ":..."
    return cleaned if cleaned.startswith("//") else None


def _scheme(url: str) -> str | None:
    """The scheme a browser would read, after dropping whitespace and control characters."""
    match = SCHEME.match(URL_NOISE.sub("", url))
    return match.group(1).lower() if match else None


class _PolicyParser(HTMLParser):
    """Collects the violations in one fragment of raw HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.violations: list[Violation] = []
        self.in_code = 0  # inside <code> or <pre>, where "[@" is meant literally

    def _refuse(self, message: str, hint: str) -> None:
        self.violations.append(Violation(self.getpos()[0], message, hint))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self.get_starttag_text() or ""
        if "<" in written[1:]:
            # A tag inside a tag (`<a href=<code>...`): browsers and this parser may disagree.
            self._refuse(f"raw HTML {written[:40]!r} could not be read", READ_HINT)
            return
        allowed = ALLOWED_TAGS.get(tag)
        self.in_code += tag in {"code", "pre"}
        if allowed is None:
            self._refuse(f"raw HTML <{tag}> is not allowed", TAG_HINTS.get(tag, TAG_HINT))
            return
        for name, value in attrs:
            self._check_attribute(tag, name, value or "", allowed)
        if tag == "img" and not any(name == "alt" for name, _ in attrs):
            self._refuse(
                "raw HTML <img> has no alt text",
                'describe the image with alt="..." (alt="" only for decoration)',
            )

    def _check_attribute(self, tag: str, name: str, value: str, allowed: frozenset[str]) -> None:
        if name not in allowed and name not in GLOBAL_ATTRIBUTES:
            if name.startswith("on"):
                hint = "pages run no scripts; remove the event handler"
            elif name == "style":
                hint = "the site's security policy blocks inline styles; use a class from the stylesheet"
            else:
                hint = f"<{tag}> may have: " + ", ".join(sorted(allowed | GLOBAL_ATTRIBUTES))
            self._refuse(f"raw HTML attribute {name} on <{tag}> is not allowed", hint)
        elif name in {"href", "cite"} and (scheme := link_problem(value)):
            self._refuse(f'raw HTML <{tag} {name}="{scheme}:..."> is not allowed', LINK_HINT)
        elif name == "src" and (where := image_problem(value)):
            self._refuse(f'raw HTML <{tag} src="{where}"> is not allowed', IMAGE_HINT)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"code", "pre"} and self.in_code:
            self.in_code -= 1

    def handle_data(self, data: str) -> None:
        if "[@" in data and not self.in_code:
            line = self.getpos()[0] + data.count("\n", 0, data.index("[@"))
            self.violations.append(
                Violation(
                    line,
                    "citation inside an HTML block is not read",
                    "Markdown inside a block of raw HTML is shown as it is: cite outside the block",
                )
            )
        # Text that still looks like a tag is something the tokenizer could not read;
        # a browser might read it as a tag, so it is refused rather than guessed at.
        if TAG_LIKE.search(data):
            self._refuse(
                f"raw HTML {data.strip()[:40]!r} could not be read",
                READ_HINT,
            )

    def handle_comment(self, data: str) -> None:
        pass  # only well-formed comments reach the parser; see check_fragment

    def handle_decl(self, decl: str) -> None:
        self._refuse(f"raw HTML <!{decl}> is not allowed", TAG_HINT)

    def unknown_decl(self, data: str) -> None:
        self._refuse(f"raw HTML <![{data[:30]}]> is not allowed", TAG_HINT)

    def handle_pi(self, data: str) -> None:
        self._refuse(f"raw HTML <?{data[:30]}> is not allowed", TAG_HINT)


def check_fragment(fragment: str) -> list[Violation]:
    """Every violation of the policy in one piece of raw HTML."""
    if "<" not in fragment:
        return []  # an entity such as &rsquo; (smart quotes are stashed too)
    # Plain comments (no "--", "<" or ">" inside) are the only ones allowed: they are
    # replaced by blanks so that odd ones, parsed differently by browsers, are refused.
    text = COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), fragment)
    if "<!--" in text:
        line = text.count("\n", 0, text.index("<!--")) + 1
        return [
            Violation(
                line,
                "raw HTML comment is not allowed in this form",
                'write comments as <!-- text --> with no "--", "<" or ">" inside',
            )
        ]
    parser = _PolicyParser()
    parser.feed(text)
    parser.close()
    return parser.violations


# Code spans (backticks, on one or more lines of one paragraph) are text, not HTML.
CODE_SPAN = re.compile(r"(?<!\\)(`+)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)


@dataclass(frozen=True)
class Located:
    """A violation at a line of the Markdown body (0 = the body's first line)."""

    body_index: int | None
    message: str
    hint: str


def check_page(body: str, fragments: list[str]) -> list[Located]:
    """Check the raw HTML Markdown kept from `body`; locate each violation in `body`."""
    found: list[Located] = []
    masked: str | None = None
    seen: Counter[str] = Counter()
    for fragment in fragments:
        violations = check_fragment(fragment)
        first = next((line.strip() for line in fragment.splitlines() if line.strip()), "")
        seen[first] += 1
        if not violations:
            continue
        if masked is None:
            # As Python-Markdown reads it: tabs expanded, one kind of line end.
            normal = body.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4)
            masked = CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), normal)
        start = _locate(masked, first, seen[first])
        for violation in violations:
            index = None if start is None else start + violation.line - 1
            found.append(Located(index, violation.message, violation.hint))
    return found


def _locate(text: str, first: str, occurrence: int) -> int | None:
    """The line of a fragment's first line; Markdown may have rewritten its end (code spans)."""
    opener = re.match(r"<[^\s<>]*", first)
    for needle in (first, first[:20], opener.group(0) if opener else ""):
        if needle and (line := _nth_line(text, needle, occurrence)) is not None:
            return line
    return None


def _nth_line(text: str, needle: str, occurrence: int) -> int | None:
    """The 0-based line of the `occurrence`-th place `needle` appears in `text`."""
    position = -1
    for _ in range(occurrence):
        position = text.find(needle, position + 1)
        if position < 0:
            return None
    return text.count("\n", 0, position)
