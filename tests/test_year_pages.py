"""The meetings calendar and the decisions register, one municipal year to a page (a busy year on several).

Fast tests plan and render the pages of a synthetic archive (bench/synthetic.py) in-process; the slow
test builds one whose single register page would have been several times 100 KB and reads it back.
Assertions compare URLs, numbers and strings, never model objects (whose repr is the whole archive).
"""

from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import PROJECT

from papers import dates
from papers.model.audience import PUBLIC
from papers.model.site import Site
from papers.pipeline import check
from papers.render import urls, views
from papers.render.pages import Page, plan_pages, render_page
from papers.render.project import project
from papers.render.templating import environment

sys.path.insert(0, str(PROJECT / "bench"))
from synthetic import generate

SMALL_BUDGET = 6_000  # bytes: splits every year of the small archive into several pages


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Site:
    """Three committees over two municipal years, 72 meetings with minutes and decisions, as the public sees it."""
    content = tmp_path_factory.mktemp("archive") / "content"
    generate(content, committees=3, years=2, meetings_per_year=12, reports_per_meeting=1, report_sections=1)
    site = check(content).site
    assert site is not None
    return project(site, PUBLIC)


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(views, "PAGE_BUDGET", SMALL_BUDGET)


def decisions_of(site: Site) -> list[tuple[str, int]]:
    return [
        (urls.meeting(meeting), minute.number)
        for meeting in site.meetings
        if meeting.minutes
        for minute in meeting.minutes.minutes
        if minute.resolutions
    ]


def test_every_meeting_is_on_exactly_one_calendar_page_of_its_year(archive, small_pages):
    years = views.calendar_years(archive)
    assert [year.year for year in years] == ["2016/17", "2015/16"], "newest year first"
    listed: collections.Counter[str] = collections.Counter()
    for year in years:
        label, pages = year.year, year.pages
        assert [page.url for page in pages][:2] == [
            f"meetings/{label.replace('/', '-')}/",
            f"meetings/{label.replace('/', '-')}/page-2/",
        ], "the small budget splits each year"
        assert [page.url for page in pages] == [urls.calendar_year(label, n) for n in range(1, len(pages) + 1)]
        for page in pages:
            shown = [urls.meeting(meeting) for month in page.groups for meeting in month.entries]
            assert shown == [urls.meeting(meeting) for meeting in page.meetings]
            assert {dates.municipal_year(meeting.date) for meeting in page.meetings} == {label}
            listed.update(shown)
        days = [meeting.date for page in pages for meeting in page.meetings]
        assert days == sorted(days, reverse=True), "newest first, across the year's pages"
    assert listed == collections.Counter(urls.meeting(meeting) for meeting in archive.meetings)
    assert set(listed.values()) == {1}


def test_every_decision_is_on_exactly_one_register_page_and_a_meeting_is_never_split(archive, small_pages):
    listed: collections.Counter[tuple[str, int]] = collections.Counter()
    pages_of_meeting = collections.defaultdict(set)
    for year in views.decision_years(archive):
        label, count, pages = year.year, year.entries, year.pages
        assert len([page.url for page in pages]) > 1
        assert count == sum(len(group.entries[1]) for page in pages for group in page.groups)
        for page in pages:
            for group in page.groups:
                meeting, minutes = group.entries
                assert dates.municipal_year(meeting.date) == label
                pages_of_meeting[urls.meeting(meeting)].add(page.url)
                listed.update((urls.meeting(meeting), minute.number) for minute in minutes)
    expected = decisions_of(archive)
    assert len(expected) > 100
    assert listed == collections.Counter(expected) and set(listed.values()) == {1}
    assert {meeting: found for meeting, found in pages_of_meeting.items() if len(found) != 1} == {}


def rendered(site: Site, template: str) -> list[tuple[Page, str]]:
    env = environment(site, "pages")
    return [(page, render_page(env, site, page)) for page in plan_pages(site) if page.template == template]


@pytest.mark.parametrize(
    ("template", "years"),
    [("calendar-year.html.j2", views.calendar_years), ("decisions-year.html.j2", views.decision_years)],
)
def test_a_year_page_holds_about_its_budget_of_html(archive, monkeypatch, template, years):
    budget = 3_000
    monkeypatch.setattr(views, "PAGE_BUDGET", budget)
    last_pages = {year.pages[-1].url for year in years(archive)}  # a year's last page may be short
    sizes = {page.url: len(markdown.encode("utf-8")) for page, markdown in rendered(archive, template)}
    full = {url: size for url, size in sizes.items() if url not in last_pages}
    assert len(full) >= 4
    # The estimate (views._meeting_weight, _decisions_weight) is close: never far over the budget, and the
    # pages are not left half empty. The intro and the links to the year's pages add about 1.5 KB.
    assert {url: size for url, size in full.items() if not budget * 0.6 < size < budget + 2_000} == {}


def test_titles_and_urls_of_the_year_pages(archive, small_pages):
    planned = [(page.url, page.title, page.updated) for page in plan_pages(archive)]
    titles = {url: title for url, title, _ in planned}
    assert titles["meetings/2015-16/"] == "Meetings calendar: 2015/16 (page 1 of 2)"
    assert titles["decisions/2016-17/page-2/"].startswith("Decisions register: 2016/17 (page 2 of ")
    undated = [url for url, _, updated in planned if updated is None and url.startswith(("meetings/", "decisions/"))]
    assert undated == [], "every year page has the sitemap's lastmod"
    assert len(titles) == len(planned), "every URL once"


@pytest.mark.parametrize(
    ("index", "template", "years"),
    [
        (urls.calendar(), "calendar.html.j2", views.calendar_years),
        (urls.decisions(), "decisions.html.j2", views.decision_years),
    ],
)
def test_the_index_page_links_every_page_of_every_year(archive, small_pages, index, template, years):
    [(page, markdown)] = rendered(archive, template)
    url = page.url
    assert url == index
    links = {anchor["href"] for anchor in BeautifulSoup(markdown, "html.parser").find_all("a", href=True)}
    for year in years(archive):
        for year_page in year.pages:
            assert urls.relative(index, year_page.url) in links, year_page.url


def test_a_year_page_links_the_index_the_years_beside_and_its_other_pages(archive, small_pages):
    env = environment(archive, "pages")
    [page] = [page for page in plan_pages(archive) if page.url == "meetings/2016-17/page-2/"]  # one, or a ValueError
    soup = BeautifulSoup(render_page(env, archive, page), "html.parser")
    del page
    nav = soup.select_one("nav.year-pages")
    links = {anchor.get_text(" ", strip=True): anchor["href"] for anchor in nav.find_all("a")}
    assert links["All years"] == "../../"
    assert links["Older: 2015/16"] == "../../2015-16/"
    assert links["1"] == "../"
    assert nav.select_one("[aria-current=page]").get_text() == "2"


def test_the_calendar_index_keeps_upcoming_and_recent_meetings_short(archive):
    context = views.calendar(archive)
    recent, upcoming = len(context["recent"]), len(context["upcoming"])
    assert recent == views.RECENT_ON_INDEX
    held = [urls.meeting(meeting) for meeting in reversed(archive.meetings) if meeting.status == "held"]
    assert [urls.meeting(meeting) for meeting in context["recent"]] == held[:10]
    assert upcoming <= views.UPCOMING_ON_INDEX


# --- built: every page of a busy archive under 100 KB ------------------------------------------------

LIMIT = 100_000  # bytes: no page may grow with the archive past this


@pytest.mark.slow
def test_a_busy_archive_builds_every_page_under_100_kb_with_each_meeting_and_decision_once(tmp_path):
    """180 meetings in two years: the register on one page was over 250 KB; now each year is on several."""
    import subprocess

    from sitecheck import EXTERNAL, parse

    content = tmp_path / "content"
    generate(content, committees=3, years=2, meetings_per_year=30, reports_per_meeting=1, report_sections=1)
    out = tmp_path / "out" / "site"
    # As `build.py build` builds it, but with placeholder packs (bench/sitebuild.py): the pages are what matter.
    completed = subprocess.run(
        [sys.executable, str(PROJECT / "bench" / "sitebuild.py"), str(content), str(out)],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    sizes = {path.relative_to(out).as_posix(): path.stat().st_size for path in out.rglob("*.html")}
    assert {page: size for page, size in sizes.items() if size > LIMIT} == {}

    site = check(content).site
    assert site is not None
    public = project(site, PUBLIC)
    for index, expected in [
        ("meetings", collections.Counter(f"{urls.meeting(meeting)}index.html" for meeting in public.meetings)),
        (
            "decisions",
            collections.Counter(f"{urls.minutes(meeting)}index.html#minute-{n}" for meeting, n in minute_keys(public)),
        ),
    ]:
        year_pages = sorted(page for page in sizes if page.startswith(f"{index}/") and page != f"{index}/index.html")
        linked = collections.Counter()
        for page in year_pages:
            for anchor in parse(out / page).select("article > ul > li > a[href]"):  # not the year-pages nav
                target = resolved(out, out / page, anchor["href"])
                assert target.is_file(), (page, anchor["href"])
                fragment = f"#{anchor['href'].split('#', 1)[1]}" if "#" in anchor["href"] else ""
                linked[target.relative_to(out).as_posix() + fragment] += 1
        assert linked == expected, index
        if index == "decisions":
            assert len(year_pages) > 2, "each year's register is on several pages"
        # The index page links every year page, and the sitemap lists them.
        from_index = {
            resolved(out, out / index / "index.html", anchor["href"]).relative_to(out).as_posix()
            for anchor in parse(out / index / "index.html").select("article a[href]")
            if not anchor["href"].startswith(EXTERNAL)
        }
        assert set(year_pages) <= from_index
        sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
        assert all(f"/{page.removesuffix('index.html')}</loc>" in sitemap for page in year_pages)


def resolved(site: Path, page: Path, link: str) -> Path:
    """The file a relative link on `page` names, without `..` (sitecheck.target_file keeps them)."""
    from sitecheck import target_file

    target = target_file(site, page, link)
    assert target is not None, link
    return Path(os.path.normpath(target))


def minute_keys(site: Site) -> list[tuple[object, int]]:
    return [
        (meeting, minute.number)
        for meeting in site.meetings
        if meeting.minutes
        for minute in meeting.minutes.minutes
        if minute.resolutions
    ]
