"""`build.py build`: the demo becomes a complete MkDocs site with every page kind and no broken links."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import searchindex
from conftest import DEMO, FIXTURES, run_build
from sitecheck import broken_links, every_byte, page

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_site(built_demo) -> Path:
    return built_demo


def text(soup) -> str:
    return " ".join(soup.get_text(" ").split())


def test_every_page_kind_exists(demo_site):
    for url in [
        "",
        "committees/",
        "committees/kct-board/",
        "committees/kct-board/2011-03-04/",
        "committees/kct-board/2011-03-04/financial-resources/",
        "committees/kct-board/2011-03-04/minutes/",
        "members/",
        "members/alison-carter/",
        "meetings/",
        "decisions/",
        "decisions/2010-11/",
        "meetings/2010-11/",
        "data/",
        "committees/kct-board/2011-07-15/strategic-review-survey/appendix-1/",
    ]:
        assert (demo_site / url / "index.html").is_file(), url


def test_no_broken_internal_links_or_anchors(demo_site):
    assert broken_links(demo_site) == []


def test_meeting_page_shows_agenda_exempt_and_withdrawn_items(demo_site):
    soup = page(demo_site, "committees/kct-board/2011-03-04/")
    assert soup.find("h1").get_text(strip=True) == "Kent Children's Trust Board - 4 March 2011"
    items = {li["id"]: li for li in soup.select("li.agenda-item")}
    assert (
        "not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local "
        "Government Act 1972" in text(items["item-c2"])
    )
    assert items["item-c2"].find("a", href=lambda h: h and "camhs" in h) is None
    assert "withdrawn" in items["item-b2"]["class"]
    report_link = items["item-b1"].select_one("ul.papers a")
    assert report_link["href"] == "financial-resources/"
    assert "RESOLVED that: a) the overview of resources be noted;" in text(items["item-b1"])
    assert "Friday, 4th March, 2011 at 10.00 am" in text(soup)


def test_report_page_has_header_block_recommendations_and_numbered_paragraphs(demo_site):
    soup = page(demo_site, "committees/kct-board/2011-03-04/financial-resources/")
    header = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in soup.select("dl.report-header dt")
    }
    assert header["By:"] == "Marisa White, Head of Strategic Planning and Review"
    assert header["Date of Meeting:"] == "4 March 2011"
    assert soup.select_one("section.recommendations h2").get_text(strip=True) == "Recommendations"
    assert len(soup.select("section.recommendations li")) == 3
    paragraph = soup.find(id="para-3-3")
    assert "£11.5m less in 2011/12" in text(paragraph)


def test_wide_tables_scroll_inside_a_focusable_region(demo_site):
    soup = page(demo_site, "committees/kct-board/2011-07-15/strategic-review-survey/appendix-1/")
    tables = soup.select("div.table-scroll > table")
    assert tables and all(t.parent["tabindex"] == "0" for t in tables)
    assert "East Sussex" in text(tables[0])


def test_minutes_page_lists_attendance_and_resolutions(demo_site):
    soup = page(demo_site, "committees/cfe-posc/2010-07-16/minutes/")
    body = text(soup)
    assert "Approved minutes" in body
    assert "approved as a correct record at the meeting on 23 September 2010" in body
    assert "Mr Colin Price (substitute for Mr Tom Baker)" in body
    minute = soup.find(id="minute-16")
    back_reference = minute.select_one(".minute-item")
    assert back_reference.get_text("") == "(Item B1)"
    assert back_reference.a["href"] == "../#item-b1"  # the item on the meeting's agenda
    assert text(minute.select_one(".resolution")).startswith("RESOLVED that: a) the report be noted; b) the Committee")


def test_exempt_minute_shows_only_its_notice(demo_site):
    minute = page(demo_site, "committees/kct-board/2011-03-04/minutes/").find(id="minute-28")
    assert "not for publication by virtue of paragraph 3" in text(minute)
    assert "preferred commissioning option" not in text(minute)


def test_member_page_attendance_is_computed_from_minutes(demo_site):
    soup = page(demo_site, "members/tom-baker/")
    assert "Attended 1 of 2 meetings for which minutes are published." in text(soup)


def test_decisions_register_is_newest_first(demo_site):
    headings = [h.get_text(strip=True) for h in page(demo_site, "decisions/2010-11/").select("article h2")]
    assert headings[0] == "Kent Children's Trust Board, 4 March 2011"
    assert headings[-1].endswith("16 July 2010")


def test_search_index_holds_report_text_titles_and_facets(demo_site):
    index = searchindex.records(demo_site)
    report = index["committees/kct-board/2011-03-04/financial-resources/"]
    assert "Early Intervention Grant" in report["content"]
    # A search result names the paper, its kind, its meeting and committee, and can be narrowed by them.
    assert report["meta"]["title"] == "Overview of Financial Resources for Children's Services in Kent"
    assert report["meta"]["meeting"] == "Kent Children's Trust Board, 4 March 2011"
    assert report["filters"] == {"kind": ["report"], "committee": ["Kent Children's Trust Board"], "year": ["2010/11"]}
    assert index["committees/kct-board/2011-03-04/minutes/"]["filters"]["kind"] == ["minutes"]
    assert index["committees/kct-board/2011-03-04/"]["filters"]["kind"] == ["agenda"]
    # Papers, committees and members are indexed; the lists of everything (home, calendar) are not.
    assert "" not in index and "meetings/" not in index and "search/" not in index
    assert "committees/kct-board/" in index and "members/alison-carter/" in index
    # The hidden facets are not words of the page.
    # (they come first in the article: the heading is followed by the breadcrumb, nothing between)
    assert report["content"].startswith(
        "Overview of Financial Resources for Children's Services in Kent. Kent Children's Trust Board, 4 March 2011, "
        "item B1. By:"
    )


def test_only_public_files_are_copied(demo_site):
    files = sorted(str(p.relative_to(demo_site / "files")) for p in (demo_site / "files").rglob("*") if p.is_file())
    assert files == [
        "assets/logo.svg",
        "committees/cfe-posc/2010-07-16/reports/childrens-trust-cypp/appendix-2-cypp-stages.pdf",
    ]


def test_published_files_share_no_file_with_the_pack_cache(demo_site):
    # Packs reach the docs folder as hard links into the cache; the site gets copies of those (links_hook.py),
    # so nothing done to the published site (or to a carried file's date) can reach a cached pack. The docs
    # folder and the open data folder, kept in .papers-cache between builds, share their other files with the
    # site, as does the site a rebuild replaced (until the next build removes it): they are no cache.
    caches = demo_site.parent / ".papers-cache"
    shared = [caches / f"{demo_site.name}.{kind}" for kind in ("docs", "data", "replaced")]
    cached = {
        _file(status) for status in _statuses(caches) if not any(status[0].is_relative_to(folder) for folder in shared)
    }
    published = {_file(status) for status in _statuses(demo_site)}
    assert list(demo_site.glob("committees/*/*/agenda-pack.pdf"))
    assert cached and published and not cached & published
    packs = {_file(status) for status in _statuses(shared[0]) if status[0].name == "agenda-pack.pdf"}
    assert packs and packs <= cached, "the docs folder's packs are the cache's files"


def _statuses(folder: Path) -> list[tuple[Path, os.stat_result]]:
    return [(path, path.stat()) for path in folder.rglob("*") if path.is_file()]


def _file(found: tuple[Path, os.stat_result]) -> tuple[int, int]:
    return (found[1].st_dev, found[1].st_ino)


def test_exempt_paper_appears_in_no_output_byte(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    exempt = content / "committees/kct-board/2011-03-04/reports/camhs-commissioning.md"
    exempt.write_text(
        exempt.read_text()
        .replace("EXEMPT-DEMO-CAMHS-TERMS", "CANARY-EXEMPT-b7e1")
        .replace("Commissioning Manager", "CANARY-EXEMPT-author")
    )
    public = content / "committees/kct-board/2011-03-04/reports/financial-resources.md"
    public.write_text(public.read_text() + "\n5.1 CANARY-PUBLIC-c2d9 control text.\n")
    status, _, stderr = run_build(content, tmp_path / "site")
    assert status == 0, stderr
    outputs = list(every_byte(tmp_path / "site"))
    assert any(b"CANARY-PUBLIC-c2d9" in data for name, data in outputs if name.endswith(".pf_fragment"))
    assert any(b"CANARY-PUBLIC-c2d9" in data for name, data in outputs if name.endswith(".html"))
    leaks = [name for name, data in outputs if b"CANARY-EXEMPT" in data or b"camhs-commissioning" in data]
    assert leaks == []


def test_same_content_builds_byte_identical_output(tmp_path, demo_site):
    status, _, stderr = run_build(DEMO, tmp_path / "again")
    assert status == 0, stderr
    first = {name: data for name, data in every_byte(demo_site)}
    second = {name: data for name, data in every_byte(tmp_path / "again")}
    # The open data is compared too: calendars, feeds, OParl, tables and our sitemap (dated by the content).
    for made in (
        "data/calendars/meetings.ics",
        "data/feeds/whats-new.atom",
        "oparl/v1.1/system.json",
        "data/meetings.csv",
        "data/decisions.csv",
        "sitemap.xml",
        "sitemap.xml.gz",
    ):
        assert made in first, made
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_failed_build_leaves_previous_site_untouched(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous good site")
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal" / "content", content)
    (content / "members" / "ann-ward.md").write_text("---\nname: Ann Ward\nparty: tory\n---\n")
    status, _, stderr = run_build(content, out)
    assert status == 1
    assert "error[E204]" in stderr and f"{out} was not changed" in stderr
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text() == "previous good site"


def test_a_folder_that_is_not_a_built_site_is_never_replaced(tmp_path):
    out = tmp_path / "my-documents"
    out.mkdir()
    (out / "budget.xlsx").write_text("not ours")
    status, _, stderr = run_build(FIXTURES / "minimal" / "content", out)
    assert status == 1 and "is not empty and is not a site built by committee-papers" in stderr
    assert [p.name for p in out.iterdir()] == ["budget.xlsx"]


def test_members_build_never_goes_inside_a_public_site(tmp_path):
    public = tmp_path / "www"
    assert run_build(FIXTURES / "minimal" / "content", public)[0] == 0
    before = sorted(str(p.relative_to(public)) for p in public.rglob("*"))
    status, _, stderr = run_build(FIXTURES / "minimal" / "content", public / "private", "--audience", "members")
    assert status == 1 and f"{public} holds a published site" in stderr
    assert sorted(str(p.relative_to(public)) for p in public.rglob("*")) == before
    assert not (tmp_path / ".papers-cache" / "packs-members").exists()


def with_template_override(tmp_path: Path, source: Path, template: str, text: str) -> Path:
    """A copy of a content tree whose site overrides one page template."""
    content = tmp_path / "content"
    shutil.copytree(source, content)
    overrides = content / "templates" / "pages"
    overrides.mkdir(parents=True)
    (overrides / template).write_text(text)
    return content


def test_template_error_names_template_line_and_content_file(tmp_path):
    content = with_template_override(
        tmp_path,
        FIXTURES / "minimal" / "content",
        "member.html.j2",
        "<p>{{ member.name }}</p>\n<p>{{ member.nickname }}</p>\n",
    )
    out = tmp_path / "site"
    status, _, stderr = run_build(content, out)
    assert status == 1
    assert "member.html.j2:2:" in stderr
    assert "has no attribute 'nickname'" in stderr
    assert "content/members/ann-ward.md" in stderr
    assert not out.exists()


def test_site_template_override_changes_only_that_page(tmp_path):
    content = with_template_override(
        tmp_path,
        FIXTURES / "lincs" / "content",
        "committees.html.j2",
        "<p>Lincolnshire committees: {{ site.committees | length }}</p>\n",
    )
    status, _, stderr = run_build(content, tmp_path / "site")
    assert status == 0, stderr
    assert "Lincolnshire committees: 1" in text(page(tmp_path / "site", "committees/"))
    report = page(tmp_path / "site", "committees/cyp-scrutiny/2011-02-25/core-offer/")
    assert report.select_one("p.report-opening").get_text(strip=True).startswith("Open Report on behalf of")
    assert "Actions Required" in text(report)
    # The site's own colours from site.yml, loaded before the stylesheet that uses them.
    colours = (tmp_path / "site" / "assets" / "site-colours.css").read_text()
    assert "--papers-primary: #005a30;" in colours and "--papers-accent: #6b2c91;" in colours
    sheets = [link["href"] for link in report.select('link[rel="stylesheet"]')]
    assert sheets.index("../../../../assets/site-colours.css") < sheets.index("../../../../assets/papers.css")


def test_page_titles_keep_backslashes_and_quotes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal" / "content", content)
    report = content / "committees/scs-posc/2011-11-17/reports/kscb-update.md"
    report.write_text(
        report.read_text().replace("subject: KSCB update", 'subject: "KSCB update: C:\\\\Users \\"quoted\\" report"')
    )
    assert run_build(content, tmp_path / "site")[0] == 0
    soup = page(tmp_path / "site", "committees/scs-posc/2011-11-17/kscb-update/")
    assert soup.title.get_text().startswith('KSCB update: C:\\Users "quoted" report - ')
