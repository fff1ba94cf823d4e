"""Clerks' Markdown cannot carry hidden content, script or links to unpublished files into the output."""

import markdown
from bs4 import BeautifulSoup
from conftest import PROJECT

from papers.render import markup
from papers.render.markup import inline, render


def html_of(text: str, resolve=None) -> BeautifulSoup:
    return BeautifulSoup(render(text, resolve) if resolve else render(text), "html.parser")


def test_html_comments_are_dropped_wherever_they_are():
    text = (
        "Visible one <!-- SECRET-INLINE --> visible two.\n\n"
        "<!--\nSECRET-BLOCK spanning\nlines\n-->\n\n"
        "Code `<!-- SECRET-CODE -->` too.\n\n"
        "    <!-- SECRET-INDENTED -->\n\n"
        "Last paragraph <!-- SECRET-UNCLOSED runs to the end\n\nSECRET-AFTER-UNCLOSED"
    )
    html = render(text)
    assert "Visible one" in html and "visible two" in html and "Last paragraph" in html
    assert "SECRET" not in html and "&lt;!--" not in html


def test_comments_in_one_line_fields_are_dropped():
    assert "SECRET" not in inline("that the report be noted <!-- SECRET: chair to confirm -->")


def test_raw_html_is_shown_as_text_never_as_elements():
    soup = html_of(
        '<script>alert("x")</script>\n\n<div style="display:none">hidden</div>\n\n'
        "Inline <span hidden>quiet</span> <img src=x onerror=alert(1)>"
    )
    assert soup.find(["script", "div", "span", "img"]) is None
    assert "hidden" in soup.get_text() and "quiet" in soup.get_text()  # shown, so nothing is hidden


def test_unsafe_link_schemes_are_dropped():
    soup = html_of(
        "[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](file:///etc/passwd) "
        "[d](JaVaScRiPt:alert(1)) ![e](data:image/png;base64,AAAA) [f](vbscript:x)"
    )
    assert [a.get("href") for a in soup.find_all("a")] == [None] * 5
    assert soup.find("img").get("src") is None
    assert soup.get_text().count("a") >= 1  # the link text stays


def test_safe_and_resolved_links_are_kept_and_others_dropped():
    published = {"appendix.pdf": "../files/appendix.pdf"}
    soup = html_of(
        "[web](https://example.gov.uk/x) [mail](mailto:clerk@example.gov.uk) [tel](tel:01622694002) "
        "[anchor](#para-1-1) [attached](appendix.pdf) [not published](secret.pdf) "
        "[outside](../../../../etc/passwd)",
        lambda target, attribute: published.get(target),
    )
    assert [a.get("href") for a in soup.find_all("a")] == [
        "https://example.gov.uk/x",
        "mailto:clerk@example.gov.uk",
        "tel:01622694002",
        "#para-1-1",
        "../files/appendix.pdf",
        None,
        None,
    ]


_INLINE_SAMPLES = [
    "Plain words, with commas; and full stops. Then 3.5 % (of it).",
    "*em* and **strong** and ***both*** and _under_ and __double__ and snake_case_name",
    "a line  \nbroken, [a link](https://example.org/a_b), ![an image](x.png), <https://example.org>",
    "mail <clerk@example.gov.uk>, &amp; &#169; &copy; & alone, `code *not em*`, \\*escaped\\*",
    "a footnote[^1] and [^missing]\n\n[^1]: The note, *emphasised*.",
    "| a | b_c |\n|---|---|\n| *x* | 1 & 2 |\n| plain | text |",
    "1. first *item*\n2. second\n\n- plain item\n- item with `code`",
]


def _bodies() -> list[str]:
    found = list(_INLINE_SAMPLES)
    for folder in (PROJECT / "content", PROJECT / "tests" / "fixtures"):
        for path in sorted(folder.rglob("*.md")):
            found.append(path.read_text(encoding="utf-8", errors="replace").split("\n---\n", 1)[-1])
    return found


def test_quick_inline_processing_gives_markdowns_own_html():
    """markup._QuickInline skips texts no inline pattern can match; on every Markdown text the project
    ships and tests with, and on samples of each inline pattern, the HTML is the plain processor's."""
    converter = markup._converter()[0]
    quick = converter.treeprocessors["inline"]
    assert isinstance(quick, markup._QuickInline)  # our patterns are the ones it was written for
    bodies = _bodies()
    with_quick = [markup.render(body, top_level=2) for body in bodies]
    converter.treeprocessors.register(markdown.treeprocessors.InlineProcessor(converter), "inline", 20)
    try:
        plain = [markup.render(body, top_level=2) for body in bodies]
    finally:
        converter.treeprocessors.register(quick, "inline", 20)
    assert len(bodies) > 150
    assert with_quick == plain
