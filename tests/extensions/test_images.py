"""Markdown images (crpsgen/extensions/images.py): the hashed address and size from static/,
alt text or the decorative mark, lazy loading after the first; each mistake one line."""

from __future__ import annotations

from support import convert, errors_of

from crpsgen.images import Image, Images

IMAGES = Images(
    {
        "images/hand.png": Image("/assets/images/hand.0123456789.png", (30, 20)),
        "images/foot.png": Image("/assets/images/foot.abcdefabcd.png", (40, 10)),
        "images/broken.png": Image("/assets/images/broken.1111111111.png", None),
    }
)
ALT_HINT = (
    "describe what it shows: ![Diagram of the nerves in the hand](images/nerves.png); "
    "an image that only decorates is written ![](images/border.png){: .decorative}"
)


def test_an_image_gets_its_published_address_and_size_and_later_ones_load_lazily() -> None:
    out = convert("![A hand](images/hand.png)\n\n![A foot](images/foot.png)\n", images=IMAGES)
    assert out.html == (
        '<p><img alt="A hand" height="20" src="/assets/images/hand.0123456789.png" width="30"></p>\n'
        '<p><img alt="A foot" decoding="async" height="10" loading="lazy" '
        'src="/assets/images/foot.abcdefabcd.png" width="40"></p>'
    )


def test_a_decorative_image_has_empty_alt_text() -> None:
    assert errors_of("![](images/hand.png){: .decorative}\n", IMAGES) == []


def test_alt_text_is_required_unless_the_image_is_decorative() -> None:
    assert errors_of("Intro.\n\n![](images/hand.png)\n", IMAGES) == [
        f'content/page.md:8: error: image "images/hand.png" has no alt text (hint: {ALT_HINT})'
    ]
    assert errors_of("![A hand](images/hand.png){: .decorative}\n", IMAGES) == [
        'content/page.md:6: error: image "images/hand.png" is marked decorative but has alt text '
        "(hint: keep the alt text and remove {: .decorative}, or empty the alt text: ![](...))"
    ]


def test_an_image_missing_from_static_is_one_line_with_a_hint_for_a_static_prefix() -> None:
    assert errors_of("![A hand](images/hand.png)") == [
        'content/page.md:6: error: image "images/hand.png" not found in static/ '
        "(hint: put the file in static/ (e.g. static/images/) and write its path inside static/)"
    ]
    assert errors_of("![A hand](static/images/hand.png)", IMAGES) == [
        'content/page.md:6: error: image "static/images/hand.png" not found in static/ '
        "(hint: write images/hand.png: image paths start inside static/)"
    ]


def test_an_image_whose_size_cannot_be_read_is_one_line() -> None:
    assert errors_of("![A scan](images/broken.png)", IMAGES) == [
        'content/page.md:6: error: cannot read the width and height of image "images/broken.png" '
        "(hint: save it again as PNG, JPEG, GIF or WebP; an SVG needs width and height or a viewBox)"
    ]


def test_another_sites_image_is_left_to_the_link_policy_alone() -> None:
    assert errors_of("![A hand](https://tracker.example/p.gif)", IMAGES) == [
        'content/page.md:6: error: image "https:..." is not allowed '
        "(hint: images load from this site only: a relative path to a file in static/)"
    ]
