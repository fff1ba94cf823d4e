"""Agendas, minutes and packs structured as councils publish them (issue 13), read back from the output.

tests/fixtures/scrutiny/content encodes a scrutiny committee's agenda pack: item A4 takes four sets of
minutes of three bodies (the Corporate Parenting Panel and one Improvement Panel meeting known here only
by their minutes), sections with their notes and an empty exempt section, a committee of 12 with one
vacancy, notes before and after the agenda, standing and webcasting notices, a cover page and the papers
numbered from 1. Pages are parsed with BeautifulSoup, packs read with `pdftotext` page by page and their
outline with pypdf; the same content is also built with pages counted from the front sheet.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES, built_silently
from pypdf import PdfReader
from test_packs import BLANK, RANGE, page_texts, paper_starts

from papers.pipeline import check

SCRUTINY = FIXTURES / "scrutiny" / "content"
MEETING = "committees/cyp-scrutiny/2011-11-16"
PANEL = "committees/corporate-parenting-panel/2011-10-07"  # known only by its minutes
IMPROVEMENT = "committees/improvement-panel/2011-08-25"  # known only by its minutes
ITEM_A4 = (
    "Minutes of this Committee held on 28 September, the Corporate Parenting Panel held on 7 October and "
    "the Improvement Panel held on 25 August and 20 September"
)


def words(text: str) -> str:
    return " ".join(text.split())


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def article(site: Path, url: str) -> BeautifulSoup:
    return soup(site, url).find("article")


def test_the_pack_is_encoded_without_inventing_anything_and_passes_strict_check():
    """Minutes-only meetings, a member present with no seat (Mr Vye at the panel), surname-only attendees:
    no warning to silence, nothing to make up."""
    result = check(SCRUTINY)
    assert [found.format() for found in result.diagnostics.sorted()] == []
    assert result.passed(strict=True)
    site = result.site
    assert site is not None
    panel = next(meeting for meeting in site.meetings if meeting.committee.slug == "corporate-parenting-panel")
    assert panel.minutes_only and panel.sections == ()
    assert panel.time is None and panel.venue is None  # the panel's usual 10:00 and Swale Room are not given it


@pytest.fixture(scope="module", params=["papers", "front-sheet"])
def built(request, tmp_path_factory) -> tuple[str, Path]:
    """The fixture built with each page-numbering convention."""
    root = tmp_path_factory.mktemp(f"scrutiny-{request.param}")
    content = root / "content"
    shutil.copytree(SCRUTINY, content)
    settings = content / "site.yml"
    settings.write_text(
        settings.read_text().replace("page_numbering: papers", f"page_numbering: {request.param}"), encoding="utf-8"
    )
    return request.param, built_silently(content, root / "site")


# --- 1. meetings known only by their minutes ---------------------------------------------------------


@pytest.mark.slow
def test_nothing_is_fabricated_for_a_meeting_known_only_by_its_minutes(built):
    _, site = built
    for meeting in (PANEL, IMPROVEMENT):
        folder = site / meeting
        assert not (folder / "agenda-pack.pdf").exists() and not (folder / "agenda-frontsheet.pdf").exists()
        assert (folder / "printed-minutes.pdf").exists()
        page = words(article(site, meeting).get_text(" "))
        assert "its agenda is not published on this site" in page
        assert " at " not in page.split("Date and time", 1)[1].split("Status", 1)[0]  # no time it never gave
        assert "Agenda published" not in page and "Agenda pack" not in page
    panel = words(article(site, PANEL).get_text(" "))
    assert "10.00" not in panel and "Swale Room" not in panel  # the committee's usual time and room
    printed = " ".join(page_texts(site / PANEL / "printed-minutes.pdf"))
    assert "10.00 am" not in printed and "Swale Room" not in printed and "2.00 pm" in printed  # as minuted


@pytest.mark.slow
def test_back_references_print_as_written_without_an_agenda_and_link_where_there_is_one(built):
    _, site = built
    panel = article(site, f"{PANEL}/minutes")
    reference = panel.find(id="minute-12").select_one(".minute-item")
    assert reference.get_text("") == "(Item A4)" and reference.a is None
    improvement = article(site, "committees/improvement-panel/2011-09-20/minutes")
    linked = improvement.find(id="minute-2").select_one(".minute-item")
    assert linked.get_text("") == "(Item 1)" and linked.a["href"] == "../#item-1"


@pytest.mark.slow
def test_each_set_of_minutes_is_headed_and_bookmarked_by_body_and_date_under_its_item(built):
    _, site = built
    pack = site / MEETING / "agenda-pack.pdf"
    reader = PdfReader(pack)
    outline = reader.outline
    titles = [entry.title for entry in outline if not isinstance(entry, list)]
    assert titles == ["Agenda", f"A4 {ITEM_A4}", "B1 Children's Services Budget Monitoring"]
    nested = outline[titles.index(f"A4 {ITEM_A4}") + 1]
    assert [entry.title for entry in nested] == [
        "Children's Services Scrutiny Committee, 28 September 2011",
        "Corporate Parenting Panel, 7 October 2011",
        "Improvement Panel, 25 August 2011",
        "Improvement Panel, 20 September 2011",
    ]
    pages = page_texts(pack)
    for entry in nested:
        body, on = entry.title.split(", ")
        text = words(pages[reader.get_destination_page_number(entry)])
        assert f"Minutes of the meeting of the {body} held on {on}" in text
    agenda = article(site, MEETING)
    item = agenda.find(id="item-a4")
    assert [words(link.get_text()) for link in item.select("ul.papers a")] == [
        "Minutes of the Children's Services Scrutiny Committee, 28 September 2011",
        "Minutes of the Corporate Parenting Panel, 7 October 2011",
        "Minutes of the Improvement Panel, 25 August 2011",
        "Minutes of the Improvement Panel, 20 September 2011",
    ]


# --- 2. page numbering -----------------------------------------------------------------------------------


def _front_pages(pages: list[str]) -> int:
    """The front sheet's pages, cover and padding included: up to the first paper's page."""
    return min(paper_starts(pages)) - 1


@pytest.mark.slow
def test_ranges_right_hand_starts_and_blank_pages_follow_the_numbering_convention(built):
    convention, site = built
    pack = site / MEETING / "agenda-pack.pdf"
    pages = page_texts(pack)
    front = _front_pages(pages)
    offset = front if convention == "papers" else 0
    ranges = {
        m[1]: (int(m[2]), int(m[3] or m[2]))
        for m in RANGE.finditer("\n".join(page_texts(pack.parent / "agenda-frontsheet.pdf")))
    }
    assert set(ranges) == {"A4", "B1"}
    starts = paper_starts(pages)
    if convention == "papers":
        assert ranges["A4"][0] == 1  # "Pages 1 - 7", as the council prints them
        assert front % 2 == 0, "the front sheet is padded to an even number of pages"
    for physical in range(1, front + 1):
        if convention == "front-sheet" and BLANK in pages[physical - 1]:
            continue  # counted from the front sheet, the blank page before the first paper has its number
        footer = [line for line in pages[physical - 1].splitlines() if line.strip()][-1]
        assert not re.search(r"\bPage -?\d+\s*$", footer), f"front sheet page {physical} is numbered: {footer}"
    for item, (first, last) in ranges.items():
        assert starts.get(first + offset) == item
        assert f"Page {first}" in pages[first + offset - 1]
        assert f"Page {last}" in pages[last + offset - 1]
    for physical, text in enumerate(pages, start=1):
        if physical in starts:
            assert physical % 2 == 1, f"a paper starts on left-hand page {physical}"
        if physical > front:
            number = physical - offset
            assert f"Page {number}" in text, f"page {physical} does not say Page {number}"
            if BLANK in text:
                assert physical % 2 == 0


# --- 3, 4, 7. the front sheet as published ------------------------------------------------------------


@pytest.mark.slow
def test_front_sheet_prints_the_notes_sections_membership_and_contacts_as_given(built):
    _, site = built
    front = page_texts(site / MEETING / "agenda-frontsheet.pdf")
    cover = words(front[0])
    assert cover == (
        "Example County Council Children's Services Scrutiny Committee Wednesday, 16th November, 2011 10.00 am "
        "Darent Room, Sessions House, County Hall, Maidstone"
    )
    text = words(" ".join(front[1:]))
    in_order = [
        "Membership (12)",
        "Conservative (11): Mr L Christie (Chairman), Mr A D Crowther (Vice-Chairman),",
        "Liberal Democrat (1): Mr M J Vye",
        "Fire evacuation",
        "Tea/Coffee will be available 15 minutes before the meeting.",
        "A. COMMITTEE BUSINESS",
        "(During these items the meeting is likely to be open to the public)",
        "B. MATTERS FOR DECISION",
        "D. EXEMPT ITEMS",
        "(At the time of preparing the agenda there were no exempt items during which the press and public "
        "are likely to be excluded)",
        "Please note that any background documents referred to in the accompanying papers may be inspected",
        "Peter Sass Head of Democratic Services 01622 694002 peter.sass@example.gov.uk",
    ]
    positions = [text.find(line) for line in in_order]
    assert -1 not in positions, [line for line, at in zip(in_order, positions, strict=True) if at < 0]
    assert positions == sorted(positions)
    assert "Democratic Services 01622 694002, democratic.services@example.gov.uk" in text
    assert "Webcasting Notice" not in text  # the meeting is not webcast
    assert "Exempt items" not in text and "expected to be taken in private" not in text  # no words of ours


@pytest.mark.slow
def test_the_meeting_page_prints_the_same_sections_and_notes_as_the_pack(built):
    _, site = built
    agenda = article(site, MEETING)
    headings = [words(h.get_text()) for h in agenda.find_all("h3")]
    assert headings == ["A. COMMITTEE BUSINESS", "B. MATTERS FOR DECISION", "D. EXEMPT ITEMS"]
    notes = [words(note.get_text()) for note in agenda.select(".section-note")]
    front = words(" ".join(page_texts(site / MEETING / "agenda-frontsheet.pdf")))
    assert len(notes) == 2 and all(note in front for note in notes)
    page = words(agenda.get_text(" "))
    assert "Tea/Coffee will be available 15 minutes before the meeting." in page
    assert "Please note that any background documents referred to" in page
    assert "Fire evacuation" in page and "Webcasting Notice" not in page


@pytest.mark.slow
def test_committee_page_shows_places_with_the_vacancy_as_the_council_prints_them(built):
    _, site = built
    page = article(site, "committees/cyp-scrutiny")
    assert words(page.find(id="membership").get_text()) == "Membership (12)"
    groups = [words(h.get_text()) for h in page.select("h3.membership-group")]
    assert groups == ["Conservative (11)", "Liberal Democrat (1)"]
    assert len(page.select("ul.membership")[0].find_all("li")) == 10  # ten names: one place vacant


# --- 5, 6. attendance and minutes as minuted ------------------------------------------------------------


@pytest.mark.slow
def test_attendance_is_printed_as_minuted(built):
    _, site = built
    pack = words(" ".join(page_texts(site / MEETING / "agenda-pack.pdf")))
    assert "APOLOGIES: Mr J A Davies (Mr C Hibberd substituted)" in pack
    assert "APOLOGIES: Nil" in pack
    assert pack.count("APOLOGIES") == 2  # the panel minutes say nothing about apologies: nothing printed
    assert "PRESENT: Mrs J Whittle (Chair), Mrs V J Dagger, Mr M J Vye, Mr Smith" in pack  # the panel's label
    assert "PRESENT: Mr L Christie (Chairman)," in pack  # the committee's: the site's label
    assert "IN ATTENDANCE: Mrs S Hohler (Cabinet Member), Mr Jones" in pack
    minutes = words(article(site, f"{PANEL}/minutes").get_text(" "))
    assert "Present: Mrs J Whittle (Chair), Mrs V J Dagger , Mr M J Vye , Mr Smith" in minutes
    assert "Apologies" not in minutes
    committee = article(site, "committees/cyp-scrutiny/2011-09-28/minutes")
    apologies = next(p for p in committee.find_all("p") if p.get_text().startswith("Apologies"))
    assert words(apologies.get_text("")) == "Apologies: Mr J A Davies (Mr C Hibberd substituted)"
    assert [a["href"] for a in apologies.find_all("a")] == [
        "../../../../members/mr-j-a-davies/",
        "../../../../members/mr-c-hibberd/",
    ]


@pytest.mark.slow
def test_an_unnumbered_heading_between_numbered_minutes_is_printed_under_its_title_alone(built):
    _, site = built
    minutes = article(site, f"{PANEL}/minutes")
    headings = [words(h.get_text()) for h in minutes.select("section.minute h3")]
    assert headings == [
        "12. Minutes of the meeting held on 11 July 2011 (Item A4)",
        "Matters Arising",
        "13. Looked After Children Performance",
    ]
    assert minutes.find(id="minute-matters-arising") is not None
    printed = page_texts(site / PANEL / "printed-minutes.pdf")
    lines = [line.strip() for page in printed for line in page.splitlines() if line.strip()]
    at = lines.index("Matters Arising")
    assert lines[at - 2].startswith("12.") or lines[at - 3].startswith("12.")
    assert any(line.startswith("13. Looked After Children Performance") for line in lines[at:])


# --- what the format refuses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "expected"),
    [
        (
            "date: 2011-10-07\nstatus: held\nminutes_only: yes\nitems:\n  - {number: '1', title: Apologies}\n",
            "a `minutes_only` meeting has no agenda here, but `items` is given",
        ),
        ("date: 2011-10-07\nminutes_only: yes\n", "a `minutes_only` meeting is known by its minutes, so it was held"),
    ],
)
def test_a_minutes_only_meeting_cannot_be_given_an_agenda_or_be_unheld(minimal_copy, front_matter, expected):
    folder = minimal_copy / "committees" / "scs-posc" / "2011-10-07"
    folder.mkdir()
    (folder / "meeting.md").write_text(f"---\n{front_matter}---\n", encoding="utf-8")
    messages = [found.format() for found in check(minimal_copy).diagnostics.errors]
    assert any(expected in message and "2011-10-07/meeting.md" in message for message in messages), messages


def test_front_sheet_numbers_cannot_be_asked_for_with_papers_numbered_from_one(minimal_copy):
    settings = minimal_copy / "site.yml"
    settings.write_text(settings.read_text() + "page_numbering: papers\nnumber_front_sheet: yes\n", encoding="utf-8")
    messages = [found.format() for found in check(minimal_copy).diagnostics.errors]
    assert any("cannot go with `page_numbering: papers`" in message for message in messages), messages
