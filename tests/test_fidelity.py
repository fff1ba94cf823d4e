"""Papers print exactly as the council wrote them (issue 12): read back from the built pages and packs.

tests/fixtures/fidelity/content holds papers in the styles of real council papers: numbered "N. (1)"
paragraphs, lettered resolutions before and after discussion, footnotes with gaps and repeats, budget
tables with spans and two header rows, a landscape table in a portrait paper, a draft with a running
footer. We build it, and the demo, and read every page back with BeautifulSoup and every pack with
`pdftotext` page by page: the numbers, labels, header blocks and table structure printed must be the
ones written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DEMO, FIXTURES, built_silently, run_build
from pypdf import PdfReader
from test_packs import BLANK, front_sheet_ranges, page_texts, paper_starts

from papers.content.resolutions import resolutions_in
from papers.pipeline import check

FIDELITY = FIXTURES / "fidelity" / "content"
MEETING = "committees/cyp-board/2011-06-15"
EARLIER = "committees/cyp-board/2011-03-16"
STRATEGY = FIDELITY / MEETING / "reports/cyp-strategy.md"
BUDGET = FIDELITY / MEETING / "reports/budget-monitoring.md"
APPENDIX = FIDELITY / MEETING / "reports/cyp-strategy/draft-strategy.md"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return built_silently(FIDELITY, tmp_path_factory.mktemp("fidelity") / "site")


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    return " ".join(text.split())


def body_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


# --- numbers: what the source says, what a page and a pack print --------------------------------------

_NUMBER = r"(?:\d+(?:\.\d+)+|\(\d+\)|\(?[a-z]\)|\([ivx]+\))"
_BLOCK_NUMBER = re.compile(rf"^ {{0,3}}(?:(\d+)\.|({_NUMBER}))\s")
_BULLET_NUMBER = re.compile(rf"^ {{0,3}}[-*+]\s+({_NUMBER})\s")
_PRINTED = re.compile(rf"^({_NUMBER}|\d+\.)\s")


def source_numbers(markdown: str) -> list[str]:
    """The number each numbered paragraph, list item or numbered bullet starts with, as written, in order."""
    found, previous, in_table = [], "", False
    for line in markdown.split("\n"):
        if re.match(r"^ {0,3}<table", line):
            in_table = True
        if in_table or line.lstrip().startswith(("|", "#", "[^", ">")):
            in_table = in_table and "</table>" not in line
            previous = line
            continue
        block = _BLOCK_NUMBER.match(line)
        bullet = _BULLET_NUMBER.match(line)
        if block and (not previous.strip() or block.group(1)):
            found.append(f"{block.group(1)}." if block.group(1) else block.group(2))
        elif bullet:
            found.append(bullet.group(1))
        previous = line
    return found


def printed_numbers(container) -> list[str]:
    """The numbers a page prints at the start of its paragraphs and list items, in order (not in tables or notes)."""
    found = []
    for element in container.find_all(["p", "li"]):
        if element.find_parent("table") is not None or element.find_parent("div", class_="footnote") is not None:
            continue
        if element.name == "p" and element.parent.name == "li":
            continue  # counted with its list item
        if element.parent.name == "ol":
            mark = element.find("span", class_="list-number")
            found += [mark.get_text()] if mark is not None else []
            continue
        match = _PRINTED.match(words(element.get_text()))
        if match:
            found.append(match.group(1))
    return found


def is_subsequence(wanted: list[str], found: list[str]) -> bool:
    remaining = iter(found)
    return all(any(token == seen for seen in remaining) for token in wanted)


def pack_pages(site: Path, meeting: str, item: str) -> list[str]:
    pack = site / meeting / "agenda-pack.pdf"
    first, last = front_sheet_ranges(pack)[item]
    return page_texts(pack)[first - 1 : last]


def line_starts(pages: list[str]) -> list[str]:
    found = []
    for page in pages:
        for line in page.split("\n"):
            match = _PRINTED.match(line.strip() + " ")
            if match:
                found.append(match.group(1))
    return found


def test_the_source_numbers_are_the_ones_expected():
    """The helper reads the fixture as a clerk reads it (so the tests below compare what they should)."""
    assert source_numbers(body_of(STRATEGY)) == [
        "1.",
        "(2)",
        "2.",
        "(2)",
        "(3)",
        "a)",
        "b)",
        "c)",
        "3.",
        "(2)",
        "5.",
        "5.1",
    ]


@pytest.mark.parametrize("report", ["cyp-strategy", "budget-monitoring"])
def test_every_paragraph_number_is_printed_as_written_on_the_page_and_in_the_pack(built, report):
    written = source_numbers(body_of(FIDELITY / MEETING / "reports" / f"{report}.md"))
    page = soup(built, f"{MEETING}/{report}")
    assert printed_numbers(page.select_one(".report-body")) == written
    item = {"cyp-strategy": "B1", "budget-monitoring": "B2"}[report]
    assert is_subsequence(written, line_starts(pack_pages(built, MEETING, item)))


def test_the_appendix_keeps_its_numbers_too(built):
    written = source_numbers(body_of(APPENDIX))
    assert written == ["1.1", "1.2", "2.1"]
    page = soup(built, f"{MEETING}/cyp-strategy/appendix-1")
    assert printed_numbers(page.select_one(".report-body")) == written
    assert is_subsequence(written, line_starts(pack_pages(built, MEETING, "B1")))


def test_footnotes_print_their_own_labels_with_gaps_and_repeats(built):
    body = body_of(STRATEGY)
    marks = re.findall(r"\[\^([^\]]+)\](?!:)", body)
    notes = re.findall(r"^\[\^([^\]]+)\]:", body, re.M)
    assert marks == ["1", "2", "3", "3", "5", "2", "3", "7a"] and notes == ["1", "2", "3", "5", "7a"]
    page = soup(built, f"{MEETING}/cyp-strategy").select_one(".report-body")
    assert [a.get_text() for a in page.select("sup a.footnote-ref")] == marks
    assert [span.get_text() for span in page.select(".footnote .footnote-label")] == notes
    pages = pack_pages(built, MEETING, "B1")
    note_lines = [
        match.group(1) for page_text in pages for match in re.finditer(r"^\s*(\d+[a-z]?) [A-Z]", page_text, re.M)
    ]
    assert is_subsequence(["1", *notes], note_lines), "the summary's note 1, then the body's notes, as labelled"


def test_no_back_link_glyphs_in_any_pdf(built):
    for pdf in built.rglob("*.pdf"):
        text = "\n".join(page_texts(pdf))
        assert "\u21a9" not in text, pdf


# --- the report header: one definition, the same text on the page and in the pack ----------------------


def header_text(page: BeautifulSoup) -> str:
    opening = page.select_one("p.report-opening")
    return words((opening.get_text(" ") + " " if opening else "") + page.select_one("dl.report-header").get_text(" "))


def assert_same_header(
    site: Path, meeting: str, report_url: str, item: str, pack_name: str = "agenda-pack.pdf"
) -> None:
    page = soup(site, f"{meeting}/{report_url}")
    header = header_text(page)
    assert header, report_url
    pages = page_texts(site / meeting / pack_name)
    first = next(number for number, started in paper_starts(pages).items() if started == item)
    printed = words(pages[first - 1])
    assert header in printed, f"{report_url}: {header!r} not in {pack_name} page {first}"
    assert "::" not in printed


def test_the_header_block_reads_the_same_on_the_page_and_in_the_pack(built):
    assert_same_header(built, MEETING, "cyp-strategy", "B1")
    assert_same_header(built, MEETING, "budget-monitoring", "B2")
    page = soup(built, f"{MEETING}/cyp-strategy")
    by = page.select_one("dl.report-header dt")
    assert by.get_text() == "By:"
    assert [dd.get_text() for dd in by.find_next_siblings("dd", limit=2)] == [
        "Peter Lomas, Cabinet Member for Children's Services",
        "Rachel Dunn, Corporate Director of Children's Services",
    ]
    assert " and Rachel Dunn" not in header_text(page)


@pytest.fixture(scope="module")
def demo_members_edition(tmp_path_factory) -> Path:
    """The demo's members' edition: it holds the exempt report too, so every demo report can be compared."""
    out = tmp_path_factory.mktemp("demo-members") / "members-site"
    status, _, stderr = run_build(DEMO, out, "--audience", "members")
    assert status == 0, stderr
    return out


def test_every_demo_report_header_reads_the_same_on_the_page_and_in_the_pack(built_demo, demo_members_edition):
    site = check(DEMO).site
    compared = set()
    for meeting in site.meetings:
        folder = f"committees/{meeting.committee.slug}/{meeting.slug}"
        for item in meeting.agenda_items:
            if item.withdrawn:
                continue
            pack = "supplementary-pack.pdf" if item.supplementary else "agenda-pack.pdf"
            for report in item.reports:
                built = demo_members_edition if item.is_private else built_demo
                assert_same_header(built, folder, report.slug, item.number, pack)
                compared.add(report.slug)
    assert compared == {report.slug for report in site.reports}, "every demo report"
    assert len(compared) == 5


def test_every_demo_paper_prints_its_numbers_and_footnotes_as_written(built_demo):
    site = check(DEMO).site
    checked = 0
    for meeting in site.meetings:
        folder = f"committees/{meeting.committee.slug}/{meeting.slug}"
        for item in meeting.agenda_items:
            if item.is_private or item.withdrawn or item.supplementary:
                continue
            for report in item.reports:
                written = source_numbers(report.body)
                page = soup(built_demo, f"{folder}/{report.slug}").select_one(".report-body")
                assert printed_numbers(page) == written, report.slug
                assert is_subsequence(written, line_starts(pack_pages(built_demo, folder, item.number))), report.slug
                marks = re.findall(r"\[\^([^\]]+)\](?!:)", report.body)
                assert [a.get_text() for a in page.select("sup a.footnote-ref")] == marks
                checked += len(written)
                for index, appendix in enumerate(report.appendices, start=1):
                    if appendix.text is None:
                        continue
                    written = source_numbers(appendix.text)
                    url = f"{folder}/{report.slug}/appendix-{index}"
                    assert printed_numbers(soup(built_demo, url).select_one(".report-body")) == written, url
                    assert is_subsequence(written, line_starts(pack_pages(built_demo, folder, item.number))), url
                    checked += len(written)
    assert checked > 10


def test_every_demo_resolution_is_printed_with_its_number(built_demo):
    site = check(DEMO).site
    for meeting in site.meetings:
        if meeting.minutes is None:
            continue
        folder = f"committees/{meeting.committee.slug}/{meeting.slug}"
        page = soup(built_demo, f"{folder}/minutes")
        pdf = words(" ".join(page_texts(built_demo / folder / "printed-minutes.pdf")))
        for minute in meeting.minutes.minutes:
            if minute.is_private:
                continue
            printed = words(page.find(id=f"minute-{minute.number}").get_text(" "))
            for resolution in minute.resolutions:
                summary = words(BeautifulSoup(resolution.summary.replace("**", ""), "html.parser").get_text())
                assert summary in printed and summary in pdf


# --- tables ------------------------------------------------------------------------------------------


def test_budget_tables_keep_spans_header_rows_and_formatting(built):
    page = soup(built, f"{MEETING}/budget-monitoring")
    tables = page.select(".report-body table")
    budget, savings, grants, contingency = tables
    assert [[words(th.get_text()) for th in row.find_all("th")] for row in budget.select("thead tr")] == [
        ["Service", "New cash limit"],
        ["2011-12", "2012-13", "2013-14"],
    ]
    assert budget.find("th", colspan="3").get_text() == "New cash limit"
    assert budget.find("th", rowspan="2").get_text() == "Service"
    totals = [row for row in budget.select("tbody tr") if row.find("u")]
    assert [words(row.find("u").get_text()) for row in totals] == ["Sub-total, services to children", "Total"]
    assert all(row.find(["strong", "b"]) for row in totals)
    assert savings.select_one("thead th").get_text() == "Year", "a first row of th cells is the header"
    assert [li.get_text() for li in savings.select("td ul li")] == ["locality teams", "commissioning"]
    assert savings.find("br") is not None and savings.find("sub").get_text() == "2"
    assert grants.find("thead") is not None and contingency.find("thead") is not None
    for table in tables:
        assert len(table.find_parents("div", class_="table-scroll")) == 1
        assert not any(tag.get("style") or tag.get("class") for tag in table.find_all(True))


def test_a_table_without_a_header_row_prints_none(built):
    table = soup(built, f"{MEETING}/cyp-strategy").select_one(".report-body table")
    assert table.find("thead") is None and table.find("th") is None
    assert words(table.find("td").get_text()) == "15 June 2011"


def test_each_table_has_its_orientation(built):
    budget = soup(built, f"{MEETING}/budget-monitoring").select(".report-body .table-scroll")
    assert [region["class"] for region in budget] == [
        ["table-scroll", "portrait"],
        ["table-scroll", "portrait"],
        ["table-scroll", "portrait", "scaled"],  # {.portrait} on a six-column table
        ["table-scroll", "landscape"],  # {.landscape} on a two-column one
    ]
    appendix = soup(built, f"{MEETING}/cyp-strategy/appendix-1").select_one(".report-body .table-scroll")
    assert appendix["class"] == ["table-scroll", "landscape"]  # seven columns
    assert appendix.find_parent("div", class_="landscape-pages").find("h2").get_text() == "Programmes and priorities"


def orientations(pdf: Path) -> list[str]:
    return ["landscape" if page.mediabox.width > page.mediabox.height else "portrait" for page in PdfReader(pdf).pages]


def test_a_wide_table_is_on_landscape_pages_of_its_own_and_the_paper_stays_portrait(built):
    pack = built / MEETING / "agenda-pack.pdf"
    pages, turned = page_texts(pack), orientations(pack)
    first, last = front_sheet_ranges(pack)["B1"]
    table = [n for n in range(first, last + 1) if "Whole-family support" in pages[n - 1]]
    before = [n for n in range(first, last + 1) if "1.2 Its six priorities" in pages[n - 1]]
    after = [n for n in range(first, last + 1) if "2.1 The partnership will agree" in pages[n - 1]]
    assert table and before and after
    assert [turned[n - 1] for n in table] == ["landscape"] * len(table)
    assert turned[before[0] - 1] == turned[after[0] - 1] == "portrait"
    assert before[0] < table[0] < after[0]
    assert "Programmes and priorities" in pages[table[0] - 1], "the heading is on the table's page"
    assert turned[first - 1] == "portrait", "the report itself is portrait"
    # B2: its six-column {.portrait} table stays portrait; its {.landscape} table has a page of its own.
    first, last = front_sheet_ranges(pack)["B2"]
    grants = next(n for n in range(first, last + 1) if "Early Intervention Grant 11.5" in words(pages[n - 1]))
    contingency = next(n for n in range(first, last + 1) if "Contingency" in pages[n - 1])
    closing = next(n for n in range(first, last + 1) if "1.5 The Board is asked" in pages[n - 1])
    assert (turned[grants - 1], turned[contingency - 1], turned[closing - 1]) == ("portrait", "landscape", "portrait")
    assert contingency < closing


def test_a_long_table_repeats_its_header_rows_on_every_page(built):
    pages = pack_pages(built, MEETING, "B2")
    spanned = [text for text in pages if re.search(r"^\s*(Children's centres|Domestic abuse support)\s", text, re.M)]
    rows = [text for text in pages if re.search(r"^\s*(Fostering|Psychology|Short breaks|Total)\s", text, re.M)]
    assert len(set(spanned + rows)) >= 2, "the budget table should run over two pages (test premise)"
    for text in set(spanned + rows):
        lines = [words(line) for line in text.split("\n") if line.strip()]
        head = next(index for index, line in enumerate(lines) if line.startswith("Service New cash limit"))
        assert lines[head + 1] == "2011-12 2012-13 2013-14", "both header rows, on every page"


def test_page_ranges_right_hand_starts_and_blank_pages_stay_exact(built):
    pack = built / MEETING / "agenda-pack.pdf"
    pages = page_texts(pack)
    starts = paper_starts(pages)
    for item, (first, last) in front_sheet_ranges(pack).items():
        assert starts.get(first) == item and first % 2 == 1
        assert BLANK not in pages[last - 1]
        assert last == len(pages) or BLANK in pages[last] or (last + 1) in starts
    for number, text in enumerate(pages, start=1):
        if BLANK in text:
            assert number % 2 == 0 and words(text) == f"{BLANK} Page {number}"


# --- report layout -----------------------------------------------------------------------------------


def test_the_report_layout_is_the_reports_own(built):
    page = soup(built, f"{MEETING}/cyp-strategy")
    article = page.select_one("article")
    order = [tag for tag in article.find_all(["div", "section"], recursive=False)]
    body, recommendations = page.select_one(".report-body"), page.select_one("section.recommendations")
    assert order.index(body) < order.index(recommendations), "recommendations kept at the end"
    assert recommendations.find("h2").get_text() == "4. Recommendations"
    headings = [words(h2.get_text()) for h2 in article.find_all("h2")]
    assert "Officer names and contact information:" in headings
    assert not any(heading.startswith("Background") for heading in headings), "no background heading"
    assert words(page.select_one("p.background-documents").get_text()) == "Nil"
    assert [words(p.get_text()) for p in page.select("p.contact-intro")] == [
        "For further information on the strategy, please contact:",
        "For information on the consultation, please contact:",
    ]
    appendix = page.select_one("#appendices + ul li")
    assert words(appendix.get_text()) == "Draft Children and Young People's Strategy 2011-2014"
    assert page.select_one("p.paper-footer-note").get_text() == "DRAFT"
    budget = soup(built, f"{MEETING}/budget-monitoring")
    assert budget.select_one("p.paper-footer-note") is None
    assert budget.select_one("section.recommendations-top") is not None
    assert words(budget.find(id="background").get_text()) == "Background Documents:"


def test_the_pack_prints_the_same_layout_and_the_draft_footer_on_each_page_of_the_paper(built):
    pack = built / MEETING / "agenda-pack.pdf"
    pages = page_texts(pack)
    first, last = front_sheet_ranges(pack)["B1"]
    for number in range(first, last + 1):
        if BLANK not in pages[number - 1]:
            assert re.search(r"^\s*DRAFT\s+Page " + str(number), pages[number - 1], re.M), number
    others = [n for n in range(1, len(pages) + 1) if not first <= n <= last]
    assert all("DRAFT" not in pages[n - 1] for n in others)
    text = words(" ".join(pages[first - 1 : last]))
    assert text.index("5.1 The main risk") < text.index("4. Recommendations") < text.index("Nil")
    assert "Officer names and contact information: For further information on the strategy, please contact:" in text
    assert "Appendix 1" not in text and "Draft Children and Young People's Strategy 2011-2014" in text


# --- resolutions ---------------------------------------------------------------------------------------


def test_resolutions_print_with_their_numbers_parts_and_place(built):
    page = soup(built, f"{EARLIER}/minutes")
    budget = words(page.find(id="minute-2").get_text(" "))
    assert budget.endswith(
        "2. Members asked about the reduction in the Early Intervention Grant. 3. RESOLVED that:- "
        "a) the budget for 2011-12 be noted; b) the Director report back on the Early Intervention Grant in June; "
        "c) the thanks of the Board be recorded."
    ), "after the discussion, numbered 3, lettered a) to c)"
    grant = words(page.find(id="minute-3").get_text(" "))
    assert grant.index("1. RESOLVED that:- a) the allocation") < grant.index("2. Members discussed the allocation")
    assert "b) partners be asked to pool resources" in grant
    later = words(soup(built, f"{MEETING}/minutes").find(id="minute-6").get_text(" "))
    assert "(2) RESOLVED that: (i) the draft strategy be agreed for consultation; (ii) the responses" in later
    assert "a) the budget for 2011-12 be noted; c) the savings" in words(
        soup(built, f"{MEETING}/minutes").find(id="minute-7").get_text(" ")
    )


def test_printed_minutes_keep_every_resolution_number_and_label(built):
    for pdf, folder in [
        (built / EARLIER / "printed-minutes.pdf", EARLIER),
        (built / MEETING / "agenda-pack.pdf", None),
    ]:
        text = words(" ".join(page_texts(pdf)))
        assert "3. RESOLVED that:- a) the budget for 2011-12 be noted; b) the Director" in text, folder
        assert "1. RESOLVED that:- a) the allocation of the Early Intervention Grant be agreed; b) partners" in text
        assert text.index("1. RESOLVED that:- a) the allocation") < text.index("2. Members discussed the allocation")
        assert "(2) RESOLVED that: a) the agenda be published on 3 June 2011 b) the papers be sent to partners" in text


def test_the_decisions_register_lists_every_resolution_written_in_text_or_fields(built):
    register = words(
        " ".join(
            soup(built, year).select_one("article").get_text(" ")
            for year in sorted(
                path.parent.relative_to(built).as_posix() for path in built.glob("decisions/*/index.html")
            )
        )
    )
    site = check(FIDELITY).site
    count = 0
    for meeting in site.meetings:
        for minute in meeting.minutes.minutes if meeting.minutes else ():
            for resolution in minute.resolutions:
                assert resolution.summary.replace("**", "") in register
                count += 1
    written_in_text = sum(
        len(resolutions_in(minute.text or "")) for meeting in site.meetings for minute in meeting.minutes.minutes
    )
    assert count == 8 and written_in_text == 3
