"""E-mail autolinks (`<name@example.org>`) are published as links that open a mail program.

Python-Markdown writes an autolink's address as character references (`&#109;&#97;...`); read as an address
that was neither safe nor a published file, the link lost its href and became an `<a>` with nowhere to go
(the Nu HTML Checker's complaint of issue 14, and no way to write to the contact officer)."""

from bs4 import BeautifulSoup

from papers.render.markup import inline, render


def links(html: str) -> list[tuple[str | None, str]]:
    return [(anchor.get("href"), anchor.get_text()) for anchor in BeautifulSoup(html, "html.parser").find_all("a")]


def test_an_email_autolink_has_a_real_mailto_address():
    assert links(render("Email: <joy.ackroyd@kent.gov.uk>")) == [
        ("mailto:joy.ackroyd@kent.gov.uk", "joy.ackroyd@kent.gov.uk")
    ]
    assert links(inline("<mailto:clerk@example.gov.uk>")) == [("mailto:clerk@example.gov.uk", "clerk@example.gov.uk")]


def test_character_references_cannot_smuggle_an_unsafe_link():
    for text in (
        "[x](&#106;avascript:alert(1))",
        "[x](<&#106;avascript:alert(1)>)",
        "[x](&#x6A;avascript&#58;alert(1))",
    ):
        assert [href for href, _ in links(render(text))] == [None], text
