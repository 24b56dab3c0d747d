"""The Atom feed (feed.xml): valid per RFC 4287, newest review first, drafts left out."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import urlsplit

from support import SITE_YAML, SiteMaker, page, run_build

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
SUBPATH_YAML = SITE_YAML.replace("https://example.org/", "https://example.org/crps/")


def feed_site(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "site.yaml": SUBPATH_YAML.replace("title: Test site", 'title: "Test & <site>"'),
            "content/older.md": page("Older & wiser", "Text.\n", last_reviewed="2025-01-05").replace(
                "last_reviewed: 2026-11-01\n", "", 1
            ),
            "content/newer.md": page("Newer", "Text.\n").replace("2026-11-01", "2026-11-20"),
            "content/draft.md": page("Draft page", "Text.\n", draft="true").replace(
                "2026-11-01", "2026-11-30"
            ),
        }
    )


def validate(feed: etree.Element, base_url: str) -> list[etree.Element]:
    """RFC 4287's required elements, unique ids, RFC 3339 dates, absolute URLs under the base."""
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    entries = feed.findall(f"{ATOM}entry")
    has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    assert has_author or all(e.find(f"{ATOM}author/{ATOM}name") is not None for e in entries)
    links = {link.get("rel", "alternate"): link.get("href", "") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == base_url + "feed.xml"
    assert links["alternate"] == base_url
    ids = [feed.findtext(f"{ATOM}id")]
    dates = [feed.findtext(f"{ATOM}updated")]
    urls = [*links.values()]
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        ids.append(entry.findtext(f"{ATOM}id"))
        dates.append(entry.findtext(f"{ATOM}updated"))
        urls += [link.get("href", "") for link in entry.findall(f"{ATOM}link")]
    assert len(set(ids)) == len(ids)
    assert all(d is not None and RFC3339.fullmatch(d) for d in dates), dates
    for url in urls + [i or "" for i in ids]:
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.netloc, url
        assert url.startswith(base_url), url
    return entries


def test_feed_is_valid_atom_newest_first_without_drafts(make_site: SiteMaker) -> None:
    root = feed_site(make_site)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    text = (root / "output" / "feed.xml").read_bytes()
    feed = etree.fromstring(text)
    entries = validate(feed, "https://example.org/crps/")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == ["Newer", "Home", "Symptoms", "Older & wiser"]  # same date: by address
    assert feed.findtext(f"{ATOM}title") == "Test & <site>"
    assert feed.findtext(f"{ATOM}updated") == "2026-11-20T00:00:00Z"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Test Clinic"
    newer = entries[0]
    assert newer.findtext(f"{ATOM}id") == "https://example.org/crps/newer/"
    assert newer.find(f"{ATOM}link").get("href") == "https://example.org/crps/newer/"  # type: ignore[union-attr]
    assert newer.findtext(f"{ATOM}updated") == "2026-11-20T00:00:00Z"
    assert newer.findtext(f"{ATOM}summary") == "A test page."
    assert b"Test &amp; &lt;site&gt;" in text  # escaped as XML, not dropped

    # Every page links to it from its <head>; a --drafts build still leaves the draft out.
    home = (root / "output" / "index.html").read_text()
    assert '<link rel="alternate" type="application/atom+xml" href="/crps/feed.xml"' in home
    drafts = run_build(root, "build", "--drafts")
    assert drafts.returncode == 0, drafts.stderr
    assert b"Draft page" not in (root / "output" / "feed.xml").read_bytes()
    assert (root / "output" / "feed.xml").read_bytes() == text  # same input, same bytes


def test_a_page_at_the_feed_address_is_refused(make_site: SiteMaker) -> None:
    root = make_site({"content/symptoms.md": page("Symptoms", "Text.\n", aliases="[feed.xml]")})
    result = run_build(root)
    assert result.returncode == 1
    assert any(
        line.startswith(
            'content/symptoms.md:5: error: alias "feed.xml" is the name of a file the build writes'
        )
        for line in result.stderr.splitlines()
    ), result.stderr
