"""The accessibility statement page: made from site.yml's `accessibility` block and from the content.

It says what the council gave, as written, and says so when something is not given (no date is ever made
up); its known problems include each published PDF that is not tagged, and only what the audience's build
publishes is named (the leak fixture's exempt appendices never appear in the public statement). Fast: the
page is rendered from the projected site, without a build; the built page is checked by
tests/test_html_validity.py, tests/test_axe_widths.py and tests/test_keyboard.py.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import FIXTURES, PROJECT

from papers.model.audience import MEMBERS, PUBLIC, Audience
from papers.model.site import Site
from papers.pipeline import check
from papers.render import statement, urls
from papers.render.pages import plan_pages, render_page
from papers.render.project import project
from papers.render.templating import environment

LEAKS = FIXTURES / "leaks" / "content"


def resolved(content: Path, audience: Audience = PUBLIC) -> Site:
    checked = check(content)
    assert checked.site is not None, checked.diagnostics
    return project(checked.site, audience)


def statement_page(site: Site) -> BeautifulSoup:
    (page,) = [found for found in plan_pages(site) if found.url == urls.accessibility()]
    assert page.title == "Accessibility statement"
    markdown = render_page(environment(site, "pages"), site, page)
    return BeautifulSoup(markdown.split("---\n", 2)[2], "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return re.sub(r"\s+", " ", soup.get_text(" "))


def with_settings(content: Path, extra: str) -> Path:
    site_yml = content / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return content


def test_every_page_footer_links_to_the_address_urls_gives():
    # The theme's footer (templates/theme/partials/copyright.html) reads the address from mkdocs.yml.
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["extra"]["papers_statement"] == urls.accessibility()
    assert f"/{urls.accessibility()}" in urls.not_in_nav()


def test_nothing_not_given_is_made_up(minimal_copy):
    """The minimal council gives no accessibility block and no democratic services contact."""
    soup = statement_page(resolved(minimal_copy))
    text = text_of(soup)
    assert soup.find("h1").get_text() == "Accessibility statement for Example County Council committee papers"
    assert "Example County Council has not given the date this statement was prepared." in text
    assert "Example County Council has not given the date it was last reviewed." in text
    assert "has not stated how far this website complies" in text
    assert "has not given contact details" in text
    assert not re.search(r"\b(19|20)\d\d\b", text.replace("2018", "").replace("2.2", "")), "a year was printed"
    # GOV.UK's sample wording for Great Britain, with its link.
    assert "The Equality and Human Rights Commission (EHRC) is responsible for enforcing" in text
    assert soup.find("a", string="Equality Advisory and Support Service (EASS)") is not None
    assert soup.find(id="non-accessible-content") is None


def test_what_the_council_gives_is_printed_as_written(minimal_copy):
    with_settings(
        minimal_copy,
        "accessibility:\n"
        "  contact:\n"
        "    name: Web Team\n"
        "    email: web@example.gov.uk\n"
        "    phone: 01234 567890\n"
        "  compliance: partially\n"
        "  known_issues:\n"
        "    - Webcasts before 2012 have no captions.\n"
        "  prepared: 2019-09-23\n"
        "  last_reviewed: 2024-03-01\n"
        "  enforcement: Complain to the [Ombudsman](https://ombudsman.example/).\n",
    )
    soup = statement_page(resolved(minimal_copy))
    text = text_of(soup)
    assert "This statement was prepared on 23 September 2019. It was last reviewed on 1 March 2024." in text
    assert "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2" in text
    assert "Webcasts before 2012 have no captions." in text
    assert soup.find("a", href="mailto:web@example.gov.uk") is not None and "call 01234 567890" in text
    assert soup.find("a", href="https://ombudsman.example/", string="Ombudsman") is not None
    assert "Equality and Human Rights Commission" not in text


def test_democratic_services_is_the_contact_unless_another_is_given(minimal_copy):
    with_settings(minimal_copy, "democratic_services:\n  name: Democratic Services\n  email: ds@example.gov.uk\n")
    soup = statement_page(resolved(minimal_copy))
    assert len(soup.find_all("a", href="mailto:ds@example.gov.uk")) == 2  # formats, and reporting problems


def test_a_council_in_northern_ireland_gets_the_equality_commission(minimal_copy):
    with_settings(minimal_copy, "working_days:\n  bank_holidays: northern-ireland\n")
    text = text_of(statement_page(resolved(minimal_copy)))
    assert "contact the Equality Commission for Northern Ireland who are responsible for enforcing" in text
    assert "Equality Advisory and Support Service" not in text


@pytest.fixture(scope="module")
def leaks_public() -> BeautifulSoup:
    return statement_page(resolved(LEAKS, PUBLIC))


def test_public_statement_names_only_the_pdfs_the_public_site_publishes(leaks_public):
    listed = [item.find("a").get_text() for item in leaks_public.select(".untagged-documents li")]
    assert listed == ["Appendix 2: Capital programme CTRL-public-appendix-pdf-title-7f3a"]
    assert "leak-" not in str(leaks_public).lower()
    assert "CTRL-exempt-appendix-pdf-title-7f3a" not in str(leaks_public)  # withheld here: titled, not published
    link = leaks_public.select_one(".untagged-documents a")["href"]
    assert link.endswith(
        "files/committees/cabinet/2012-01-19/reports/ctrl-public-report-slug-7f3a/"
        "ctrl-public-appendix-pdf-name-7f3a.pdf"
    )
    assert "1 PDF document published with the papers is not tagged" in text_of(leaks_public)


def test_members_statement_names_the_exempt_pdfs_it_publishes():
    soup = statement_page(resolved(LEAKS, MEMBERS))
    listed = [item.find("a").get_text() for item in soup.select(".untagged-documents li")]
    assert "Appendix 2: Capital programme CTRL-public-appendix-pdf-title-7f3a" in listed
    assert "LEAK-exempt-appendix-pdf-label-7f3a: LEAK-exempt-appendix-pdf-title-7f3a" in listed
    assert "Appendix 4: Valuation CTRL-exempt-appendix-pdf-title-7f3a" in listed


def pdf(tagged: bool) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if tagged:
        tree = writer._add_object(DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")}))
        writer._root_object[NameObject("/StructTreeRoot")] = tree
        writer._root_object[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_tagged_means_marked_with_a_structure_tree(tmp_path):
    from pypdf import PdfReader

    assert statement.is_tagged(PdfReader(io.BytesIO(pdf(tagged=True))))
    assert not statement.is_tagged(PdfReader(io.BytesIO(pdf(tagged=False))))
    untagged = tmp_path / "untagged.pdf"
    untagged.write_bytes(pdf(tagged=False))
    assert not statement.published_copy_is_tagged(untagged)
