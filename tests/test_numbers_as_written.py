"""Numbers, footnotes, tables and resolutions are rendered as the clerk wrote them (issue 12), fast tier.

Rendering alone (papers/render/markup.py) and the model (resolutions in structured data, the decisions
register): the built pages and packs are read back in tests/test_fidelity.py.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import FIXTURES

from papers.content.htmltables import html_tables, sanitise, table_problems
from papers.content.resolutions import resolutions_in
from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render import views
from papers.render.markup import render
from papers.render.project import project

FIDELITY = FIXTURES / "fidelity" / "content"


def soup_of(text: str, **options) -> BeautifulSoup:
    return BeautifulSoup(render(text, **options), "html.parser")


# --- numbered lists and paragraphs ---------------------------------------------------------------


def test_each_list_item_prints_the_number_written_even_with_gaps():
    soup = soup_of("3. third\n5. fifth\n9. ninth\n")
    assert [span.get_text() for span in soup.select("ol.as-written > li > span.list-number")] == ["3.", "5.", "9."]
    assert [li["value"] for li in soup.select("li")] == ["3", "5", "9"]


def test_a_council_numbered_paragraph_n_bracket_keeps_its_number():
    """ "2. (1) Policy Overview" printed "1. (1)" when Markdown restarted the count."""
    soup = soup_of("1. (1) Purpose.\n\n(2) More.\n\n2. (1) Policy Overview.\n\n(2) Again.\n")
    assert [" ".join(tag.get_text(" ").split()) for tag in soup.find_all(["li", "p"])] == [
        "1. (1) Purpose.",
        "(2) More.",
        "2. (1) Policy Overview.",
        "(2) Again.",
    ]


def test_loose_and_nested_lists_keep_their_numbers():
    soup = soup_of("1. one\n\n4. four\n\n    2. nested two\n    7. nested seven\n")
    numbers = [span.get_text() for span in soup.select("span.list-number")]
    assert numbers == ["1.", "4.", "2.", "7."]


def test_an_escaped_number_is_a_paragraph_printed_as_written():
    assert " ".join(soup_of("2\\. Not a list").get_text().split()) == "2. Not a list"


@pytest.mark.parametrize("written", ["1.1 The purpose", "(2) It sets out", "a) whether", "(iv) the fourth"])
def test_other_council_styles_are_paragraph_text(written):
    assert " ".join(soup_of(written).find("p").get_text().split()) == written


# --- footnotes -----------------------------------------------------------------------------------

FOOTNOTES = """Text[^3] and[^1] again[^3] and a lost mark[^12] and[^7a].

[^1]: one
[^3]: three
[^7a]: seven a
[^29]: twenty-nine, not referred to
"""


def test_footnote_marks_print_their_labels_and_a_mark_without_a_note_still_prints():
    soup = soup_of(FOOTNOTES)
    marks = [sup.get_text() for sup in soup.find("p").find_all("sup")]
    assert marks == ["3", "1", "3", "12", "7a"]
    assert soup.find("sup", class_="footnote-missing").get_text() == "12"


def test_footnotes_are_listed_with_their_labels_in_the_order_written():
    soup = soup_of(FOOTNOTES)
    labels = [span.get_text() for span in soup.select(".footnote li > p > span.footnote-label")]
    assert labels == ["1", "3", "7a", "29"]


def test_back_links_on_the_web_only():
    assert soup_of(FOOTNOTES).select("a.footnote-backref")
    printed = render(FOOTNOTES, for_print=True)
    assert "footnote-backref" not in printed and "\u21a9" not in printed and "&#8617;" not in printed


# --- resolutions written in the text ----------------------------------------------------------------


def test_lettered_parts_of_a_resolution_start_their_own_lines():
    html = render("3. RESOLVED that:-\na) the report be noted;\nb) thanks be recorded.")
    assert html.count("<br />") == 2
    assert "3.</span> RESOLVED that:-<br />\na) the report be noted;<br />\nb) thanks" in html


def test_resolutions_are_found_in_text_with_number_opening_and_parts():
    text = (
        "1. The Board considered it.\n\n3. RESOLVED that:-\na) the report be noted;\nb) the Director\n"
        "   report back.\n\n(4) Members asked about schools.\n\n**RESOLVED** that the minutes be signed."
    )
    found = [(r.number, r.opening, r.text, r.parts) for r in resolutions_in(text)]
    assert found == [
        ("3.", "RESOLVED that:-", "", (("a)", "the report be noted;"), ("b)", "the Director report back."))),
        (None, "**RESOLVED** that", "the minutes be signed.", ()),
    ]


def test_numbered_parts_only_after_an_opening_waiting_for_them():
    text = "RESOLVED that:\n\n(1) one;\n\n(2) two.\n\nRESOLVED that the report be noted.\n\n(3) More discussion."
    found = resolutions_in(text)
    assert [part[0] for part in found[0].parts] == ["(1)", "(2)"]
    assert found[1].parts == ()


# --- tables ----------------------------------------------------------------------------------------

TABLE = """<table style="width:100%" class="MsoTable">
<thead>
<tr><th rowspan="2">Service</th><th colspan="3" onclick="alert(1)">New cash limit</th></tr>
<tr><th>2011-12</th><th>2012-13</th><th>2013-14</th></tr>
</thead>
<tr><td><span lang="en">Centres</span><script>alert(2)</script></td><td>1<br>2</td><td><b><u>3</u></b></td>
<td>5<sup>th</sup> <ul><li>a</li></ul> [^1] **not bold**</td></tr>
</table>
"""


def test_an_html_table_keeps_spans_header_rows_and_inline_formatting():
    soup = soup_of(TABLE)
    table = soup.find("table")
    assert [len(row.find_all("th")) for row in table.select("thead tr")] == [2, 3]
    assert table.find("th", colspan="3").get_text() == "New cash limit"
    assert table.find("th", rowspan="2").get_text() == "Service"
    assert table.find("br") and table.find("sup").get_text() == "th" and table.select_one("b > u").get_text() == "3"
    assert table.find("ul").get_text(strip=True) == "a"
    assert "[^1] **not bold**" in table.get_text(), "text in an HTML table is printed as written"


def test_an_html_table_loses_everything_outside_the_subset():
    html = render(TABLE)
    for gone in ("style", 'class="MsoTable', "onclick", "alert", "<span", "<script", "lang="):
        assert gone not in html


def test_what_the_sanitiser_drops_is_named_at_its_line():
    (block,) = html_tables(TABLE.split("\n"))
    found = [(problem.line, problem.message.split(" ")[0]) for problem in table_problems(block.html)]
    assert found == [(0, "the"), (0, "the"), (2, "the"), (5, "`<span>`"), (5, "`<script>`")]
    assert "<script" not in sanitise(block.html)


def test_rows_of_header_cells_at_the_top_become_the_header():
    soup = soup_of("<table>\n<tr><th>A</th><th>B</th></tr>\n<tr><td>1</td><td>2</td></tr>\n</table>")
    assert [th.get_text() for th in soup.select("thead th")] == ["A", "B"]
    assert [td.get_text() for td in soup.select("tbody td")] == ["1", "2"]


def test_a_pipe_table_with_an_empty_header_row_has_no_header():
    soup = soup_of("|  |  |\n|---|---|\n| a | b |\n")
    assert soup.find("thead") is None and soup.find("th") is None
    assert [td.get_text() for td in soup.find_all("td")] == ["a", "b"]


def test_each_table_is_in_exactly_one_scroll_region_with_its_orientation():
    text = (
        "| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        "| 1 | 2 | 3 | 4 | 5 | 6 |\n|---|---|---|---|---|---|\n\n"
        "{.portrait}\n\n| 1 | 2 | 3 | 4 | 5 | 6 |\n|---|---|---|---|---|---|\n\n"
        "{.landscape}\n| A |\n|---|\n\n" + TABLE
    )
    soup = soup_of(text)
    tables = soup.find_all("table")
    assert len(tables) == 5
    assert all(len(table.find_parents("div", class_="table-scroll")) == 1 for table in tables)
    regions = [table.find_parent("div", class_="table-scroll")["class"] for table in tables]
    assert regions == [
        ["table-scroll", "portrait"],
        ["table-scroll", "landscape"],
        ["table-scroll", "portrait", "scaled"],
        ["table-scroll", "landscape"],
        ["table-scroll", "portrait"],
    ]
    assert "{.portrait}" not in soup.get_text() and "{.landscape}" not in soup.get_text()


def test_a_heading_goes_with_its_landscape_table():
    soup = soup_of("## Survey\n\n{.landscape}\n| A |\n|---|\n")
    group = soup.find("div", class_="landscape-pages")
    assert [child.name for child in group.find_all(recursive=False)] == ["h2", "div"]


def test_an_orientation_line_with_no_table_is_printed_as_written():
    assert soup_of("{.landscape}\n\nJust text.").find("p").get_text() == "{.landscape}"


def test_an_unclosed_table_is_shown_as_text():
    soup = soup_of("<table>\n<tr><td>x</td></tr>\n")
    assert soup.find("table") is None and "<table>" in soup.get_text()


# --- the model: resolutions reach the structured data and the decisions register ---------------------


@pytest.fixture(scope="module")
def fidelity_site():
    result = check(FIDELITY)
    assert result.site is not None and result.diagnostics.items == [], result.diagnostics.sorted()
    return project(result.site, PUBLIC)


def minutes_of(site, slug):
    return next(meeting for meeting in site.meetings if meeting.slug == slug).minutes


def test_every_resolution_in_every_form_is_in_the_minutes_data(fidelity_site):
    minutes = {minute.number: minute for minute in minutes_of(fidelity_site, "2011-03-16").minutes}
    # Written in the text, after discussion, with its paragraph number and lettered parts.
    (budget,) = minutes[2].resolutions
    assert (budget.number, budget.opening, budget.position) == ("3.", "RESOLVED that:-", "text")
    assert [part.label for part in budget.parts] == ["a)", "b)", "c)"]
    # Written as a field, before the discussion.
    (grant,) = minutes[3].resolutions
    assert (grant.number, grant.opening, grant.position) == ("1.", "RESOLVED that:-", "before")
    assert [(part.label, part.text) for part in grant.parts][1] == (
        "b)",
        "partners be asked to pool resources for emotional health.",
    )
    assert minutes[3].resolved_before == (grant,) and minutes[3].resolved_after == ()
    # Several in one minute: one in the text, two as fields (numbered, lettered automatically).
    summaries = [resolution.summary for resolution in minutes[4].resolutions]
    assert summaries == [
        "**RESOLVED** that the next meeting be held on 15 June 2011.",
        "RESOLVED that the meeting start at 10.00 am.",
        "(2) RESOLVED that: a) the agenda be published on 3 June 2011 b) the papers be sent to partners",
    ]
    later = {minute.number: minute for minute in minutes_of(fidelity_site, "2011-06-15").minutes}
    assert [part.label for part in later[6].resolutions[0].parts] == ["(i)", "(ii)"]
    assert [part.label for part in later[7].resolutions[0].parts] == ["a)", "c)"], "labels as written, gap kept"


def test_the_decisions_register_holds_every_resolution(fidelity_site):
    listed = {
        (meeting.slug, minute.number): len(minute.resolutions)
        for year in views.decision_years(fidelity_site)
        for list_page in year.pages
        for group in list_page.groups
        for meeting, minutes in [group.entries]
        for minute in minutes
    }
    assert listed == {
        ("2011-03-16", 2): 1,
        ("2011-03-16", 3): 1,
        ("2011-03-16", 4): 3,
        ("2011-06-15", 5): 1,
        ("2011-06-15", 6): 1,
        ("2011-06-15", 7): 1,
    }


def test_a_withheld_minute_keeps_no_resolution_even_one_written_in_its_text():
    site = check(FIXTURES / "leaks" / "content").site
    minute = next(minute for minute in minutes_of(site, "2012-01-19").minutes if minute.number == 4)
    assert any("LEAK-exempt-minute-text-resolution-7f3a" in r.summary for r in minute.resolutions)
    public = next(minute for minute in minutes_of(project(site, PUBLIC), "2012-01-19").minutes if minute.number == 4)
    assert public.withheld and public.resolutions == ()
