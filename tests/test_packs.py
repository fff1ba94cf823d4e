"""PDF agenda packs, read back from the built demo with pdftotext and pypdf (never trusting the renderer)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DEMO
from pypdf import PdfReader

from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render.output import Outputs
from papers.render.packs import build_packs
from papers.render.packs.pdf import _restricted_fetcher
from papers.render.project import project

BLANK = "This page is intentionally left blank"
MEETINGS = [
    "committees/cfe-posc/2010-07-16",
    "committees/cfe-posc/2010-09-23",
    "committees/kct-board/2011-03-04",
    "committees/kct-board/2011-07-15",
]
RANGE = re.compile(r"^\s*([A-Z]?\d+[a-z]?)\s+.*?\bPages? (\d+)(?: - (\d+))?\s*$", re.M)


def page_texts(pdf: Path) -> list[str]:
    """pdftotext, one string per page (form feeds separate pages)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def front_sheet_ranges(pack: Path) -> dict[str, tuple[int, int]]:
    front = page_texts(pack.parent / "agenda-frontsheet.pdf")
    found = {}
    for match in RANGE.finditer("\n".join(front)):
        start = int(match[2])
        found[match[1]] = (start, int(match[3] or start))
    return found


def paper_starts(pages: list[str]) -> dict[int, str]:
    """Page number -> agenda item number, for each page on which a paper begins (its kicker line)."""
    starts = {}
    for number, text in enumerate(pages, start=1):
        match = re.search(r"^\s*AGENDA ITEM ([A-Z]?\d+[a-z]?)\b", text, re.M)
        if match:
            starts[number] = match[1]
    return starts


@pytest.mark.parametrize("meeting", MEETINGS)
@pytest.mark.slow
def test_front_sheet_ranges_point_at_where_each_paper_starts_and_ends(built_demo, meeting):
    pack = built_demo / meeting / "agenda-pack.pdf"
    pages = page_texts(pack)
    ranges = front_sheet_ranges(pack)
    assert ranges, "the front sheet lists no page ranges"
    starts = paper_starts(pages)
    for item, (first, last) in ranges.items():
        assert starts.get(first) == item, f"item {item}: page {first} does not start its paper"
        assert first <= last <= len(pages)
        assert BLANK not in pages[last - 1], f"item {item}: its range ends on a blank page"
        for number in range(first, last + 1):
            # Inside an item's range, a blank page may only separate the item's own papers (report, appendices).
            assert starts.get(number, item) == item, f"item {item}: page {number} starts another item's paper"
            assert f"Page {number}" in pages[number - 1], f"page {number} does not carry its number"
        after = last + 1
        assert after > len(pages) or BLANK in pages[after - 1] or after in starts, (
            f"item {item}: its paper goes on after page {last}"
        )


@pytest.mark.parametrize("meeting", MEETINGS)
@pytest.mark.slow
def test_every_paper_starts_on_a_right_hand_page_and_blank_pages_say_so(built_demo, meeting):
    pages = page_texts(built_demo / meeting / "agenda-pack.pdf")
    starts = paper_starts(pages)
    assert starts
    assert [number for number in starts if number % 2 == 0] == []
    for number, text in enumerate(pages, start=1):
        words = text.split()
        if BLANK in text:
            assert number % 2 == 0, "a blank page is only ever a left-hand page"
            assert " ".join(words) == f"{BLANK} Page {number}", text
            assert number < len(pages) and BLANK not in pages[number], "a blank page comes before a paper"


@pytest.mark.slow
def test_outline_matches_the_agenda(built_demo):
    reader = PdfReader(built_demo / "committees/kct-board/2011-07-15/agenda-pack.pdf")
    outline = [
        (entry.title, [child.title for child in nested])
        for entry, nested in zip(reader.outline, [*reader.outline[1:], []], strict=True)
        if not isinstance(entry, list)
    ]
    titles = [title for title, _ in outline]
    assert titles == [
        "Agenda",
        "A3 Minutes of the meeting held on 4 March 2011",
        "B1 Kent Children's Trust Strategic Review 2011: Children's Trust arrangements in other local authorities",
    ]
    assert outline[2][1] == ["Appendix 1: Survey of Children's Trust arrangements in local authorities"]
    destinations = [
        reader.get_destination_page_number(entry) + 1 for entry in reader.outline if not isinstance(entry, list)
    ]
    assert destinations == [1, 3, 5]


@pytest.mark.slow
def test_metadata_language_and_tags_are_set(built_demo):
    reader = PdfReader(built_demo / "committees/kct-board/2011-03-04/agenda-pack.pdf")
    info = reader.metadata
    assert info["/Title"] == "Kent Children's Trust Board - 4 March 2011 - Agenda pack"
    assert info["/Author"] == "Kent County Council"
    assert info["/CreationDate"] == "D:20110224000000+00'00"  # the agenda's publication date, not the clock
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert all(page.mediabox.width == pytest.approx(595.28, abs=0.1) for page in reader.pages)


@pytest.mark.slow
def test_exempt_item_is_a_single_notice_page_with_nothing_of_the_paper(built_demo):
    pack = built_demo / "committees/kct-board/2011-03-04/agenda-pack.pdf"
    pages = page_texts(pack)
    first, last = front_sheet_ranges(pack)["C2"]
    assert first == last
    notice = " ".join(pages[first - 1].split())
    assert "not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A" in notice
    everything = "\n".join(pages)
    assert "EXEMPT-DEMO-CAMHS-TERMS" not in everything


@pytest.mark.slow
def test_no_pack_holds_exempt_text_in_any_stream(built_demo):
    """Decompressed content, metadata and outline of every PDF: the exempt canary never, public text always."""
    seen_public = False
    for pdf in sorted(built_demo.rglob("*.pdf")):
        reader = PdfReader(pdf)
        parts = [str(reader.metadata), str(reader.outline)]
        parts += [page.extract_text() for page in reader.pages]
        parts += [
            page.get_contents().get_data().decode("latin-1") for page in reader.pages if page.get_contents() is not None
        ]
        text = "\n".join(parts) + "\n".join(page_texts(pdf))
        assert "EXEMPT-DEMO-CAMHS-TERMS" not in text, pdf
        seen_public = seen_public or "Early Intervention Grant" in text
    assert seen_public, "the scan should find public report text in the packs"


@pytest.mark.slow
def test_supplied_pdf_appendix_is_placed_in_the_pack_and_stamped(built_demo):
    pack = built_demo / "committees/cfe-posc/2010-07-16/agenda-pack.pdf"
    pages = page_texts(pack)
    _, last = front_sheet_ranges(pack)["B1"]
    # Words only the supplied PDF holds (its title is also printed in the report's list of appendices).
    supplied = [number for number, text in enumerate(pages, start=1) if "What happens" in text]
    assert supplied and supplied[0] % 2 == 1 and supplied[-1] == last
    assert f"Page {supplied[0]}" in pages[supplied[0] - 1]
    assert (
        "Children, Families and Education Policy Overview and Scrutiny Committee - 16 July 2010"
        in pages[supplied[0] - 1]
    )


@pytest.mark.slow
def test_front_sheet_alone_is_the_packs_first_pages(built_demo):
    folder = built_demo / "committees/kct-board/2011-07-15"
    front = page_texts(folder / "agenda-frontsheet.pdf")
    pack = page_texts(folder / "agenda-pack.pdf")
    assert front == pack[: len(front)]
    assert "Supplementary: published separately" in " ".join(" ".join(front).split())


@pytest.mark.slow
def test_supplementary_pack_lists_only_the_added_items(built_demo):
    pack = built_demo / "committees/kct-board/2011-07-15/supplementary-pack.pdf"
    pages = page_texts(pack)
    front = " ".join(pages[0].split())
    assert "Supplementary agenda" in front
    assert "B2 Health and Well-Being Board: shadow arrangements" in front
    assert "Strategic Review" not in front
    assert list(paper_starts(pages).values()) == ["B2"]


@pytest.mark.slow
def test_printed_minutes_hold_the_resolutions(built_demo):
    pages = page_texts(built_demo / "committees/kct-board/2011-03-04/printed-minutes.pdf")
    text = " ".join(" ".join(pages).split())
    assert "RESOLVED that the minutes of the meeting held on 9 December 2010 are correctly recorded" in text
    assert "EXEMPT-DEMO-CAMHS-TERMS" not in text
    assert "Page 1" in pages[0]


@pytest.mark.slow
def test_meeting_page_links_its_packs(built_demo):
    html = (built_demo / "committees/kct-board/2011-07-15/index.html").read_text()
    for name in ["agenda-pack.pdf", "agenda-frontsheet.pdf", "supplementary-pack.pdf"]:
        assert f'href="{name}"' in html
        assert (built_demo / "committees/kct-board/2011-07-15" / name).is_file()


@pytest.mark.slow
def test_unchanged_packs_are_not_rendered_again(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    cache = tmp_path / "cache"
    first = build_packs(project(check(content).site, PUBLIC), Outputs(tmp_path / "docs1"), cache)
    assert first.rendered == 10 and first.cached == 0
    again = build_packs(project(check(content).site, PUBLIC), Outputs(tmp_path / "docs2"), cache)
    assert again.rendered == 0 and again.cached == 10
    for name in first.written:
        assert (tmp_path / "docs1" / name).read_bytes() == (tmp_path / "docs2" / name).read_bytes()
    report = content / "committees/kct-board/2011-03-04/reports/financial-resources.md"
    report.write_text(report.read_text().replace("Early Intervention Grant", "Early Intervention Fund", 1))
    changed = build_packs(project(check(content).site, PUBLIC), Outputs(tmp_path / "docs3"), cache)
    assert changed.rendered == 1  # only that meeting's agenda pack


def test_renderer_may_read_only_the_packs_own_files(tmp_path):
    allowed = tmp_path / "logo.png"
    allowed.write_bytes(b"\x89PNG")
    fetch = _restricted_fetcher(frozenset({str(allowed)}))
    for url in ["file:///etc/passwd", "https://example.com/tracker.png", (tmp_path / "other.png").as_uri()]:
        with pytest.raises(ValueError, match="not one of the pack's inputs"):
            fetch(url)
    fetched = fetch(allowed.as_uri())
    try:
        assert fetched.read() == b"\x89PNG"
    finally:
        fetched.close()
