"""Stored XSS: HTML written in a title or a name is shown as text, never run, on every page and in search.

Report bodies go through our Markdown renderer and our page templates autoescape, but titles also reach
HTML through MkDocs and mkdocs-material, which print page titles, the site name and nav labels unescaped
and insert search results with innerHTML: papers/render/pages.py `theme_html` escapes them once on the
way. These tests plant script in every title and name of a small council, build it, and open every page
kind and the search box in Chromium, as an attacker would.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from browsing import served
from conftest import MINIMAL, run_build
from mkdocs.utils.meta import get_data
from sitecheck import page as parsed_page

from papers.pipeline import check
from papers.render import views
from papers.render.pages import Page, render_page
from papers.render.templating import environment
from papers.resources import BASE_CONFIG


def planted(word: str, n: int) -> str:
    """A name as an attacker writes it: `word` to search for, characters HTML treats specially, and three
    payloads that set window.__xss to `n` (which field fired) if they ever run."""
    return (
        f"{word} Fees & charges <2012> 'quoted' "
        f'<img src=x onerror="window.__xss={n}"> <script>window.__xss={n}</script> "><svg onload=window.__xss={n}>'
    )


SITE = planted("Sitexq", 1)
COMMITTEE = planted("Committeexq", 2)
MEMBER = planted("Memberxq", 3)
PARTY = planted("Partyxq", 4)
SUBJECT = planted("Subjectxq", 5)
APPENDIX = planted("Appendixxq", 6)
ITEM = planted("Itemxq", 7)  # the agenda item's title, and its minute's
MEETING = planted("Meetingxq", 8)  # a meeting's own title ("Special meeting")
SECTION = planted("Sectionxq", 9)  # an agenda section's title

MEETING_URL = "committees/scs-posc/2011-11-17/"
REPORT_URL = MEETING_URL + "early-intervention-strategy/"
MEETING_TITLE = f"{COMMITTEE} - 17 November 2011"
REPORT_TITLE = f"{SUBJECT} - {MEETING_TITLE}"
APPENDIX_HEADING = f"Appendix 1: {APPENDIX}"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def plant(content: Path) -> None:
    """Write the payloads into the minimal council; each value as a YAML (JSON) double-quoted string."""
    q = json.dumps
    _replace(content / "site.yml", "name: Example County Council", f"name: {q(SITE)}")
    _replace(content / "site.yml", "{name: Conservative}", f"{{name: {q(PARTY)}}}")
    committee = content / "committees/scs-posc"
    _replace(committee / "committee.md", "name: Social Care Scrutiny Committee", f"name: {q(COMMITTEE)}")
    _replace(content / "members/ann-ward.md", "name: Ann Ward", f"name: {q(MEMBER)}")
    meeting = committee / "2011-11-17"
    _replace(meeting / "meeting.md", "date: 2011-11-17\n", f"date: 2011-11-17\ntitle: {q(MEETING)}\n")
    _replace(meeting / "meeting.md", "title: Items for consideration", f"title: {q(SECTION)}")
    _replace(meeting / "meeting.md", "title: Early Intervention Strategy", f"title: {q(ITEM)}")
    _replace(meeting / "minutes.md", "title: Early Intervention Strategy", f"title: {q(ITEM)}")
    reports = meeting / "reports"
    _replace(
        reports / "early-intervention-strategy.md",
        "subject: Early Intervention Strategy\n",
        f"subject: {q(SUBJECT)}\nappendices:\n"
        f"  - {{title: {q(APPENDIX)}, file: early-intervention-strategy/appendix-1.md}}\n",
    )
    (reports / "early-intervention-strategy").mkdir()
    (reports / "early-intervention-strategy/appendix-1.md").write_text("The appendix.\n", encoding="utf-8")
    # A table written in HTML: the sanitiser keeps the table and its text, and nothing that could run.
    report = reports / "early-intervention-strategy.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n" + TABLE, encoding="utf-8")


TABLE = """<table onmouseover="window.__xss=10" style="background:url(javascript:window.__xss=10)">
<tr><th colspan="2" onclick="window.__xss=10">Tablexq head</th></tr>
<tr><td><img src=x onerror="window.__xss=10">Tablexq cell</td><td><script>window.__xss=10</script>
<a href="javascript:window.__xss=10">link text</a><svg onload="window.__xss=10"></svg>
<iframe srcdoc="<script>parent.__xss=10</script>"></iframe><b>bold</b></td></tr>
<tr><td>"><script>window.__xss=10</script></td><td>&lt;img src=x onerror=window.__xss=10&gt;</td></tr>
</table>
"""


@pytest.fixture(scope="module")
def planted_url(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("xss")
    content = root / "content"
    shutil.copytree(MINIMAL, content)
    plant(content)
    status, _, stderr = run_build(content, root / "site")
    assert status == 0, stderr
    # The only warnings: what the sanitiser leaves out of the planted HTML table (W313), each named.
    warnings = [line for line in stderr.splitlines() if not line.startswith("  hint:")]
    assert warnings and all("warning[W313]" in line for line in warnings), stderr
    yield from served(root / "site")


@pytest.fixture
def tab(browser):
    """A page that records script errors and dialogs (alert, confirm, prompt), and fails the test on either."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))

    def dismiss(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    opened.on("dialog", dismiss)
    yield opened
    context.close()
    assert dialogs == [], f"dialogs opened: {dialogs}"
    assert errors == [], f"JavaScript errors: {errors}"


def text_of(tab, selector: str) -> str:
    """An element's text as written, whitespace collapsed (hidden elements included, unlike innerText)."""
    return " ".join(tab.locator(selector).first.text_content().split())


# Elements the payloads would have made, had they been parsed as HTML rather than shown as text. The page's
# schema.org data (a script of type application/ld+json, which never runs) holds the names as JSON strings.
_INJECTED = """() => [...document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], script')]
  .filter(el => el.tagName !== 'SCRIPT' || (el.type !== 'application/ld+json' && el.textContent.includes('__xss')))
  .map(el => el.outerHTML)"""
# The schema.org data of the page: each script must be whole JSON (a payload that ended it early would break it).
_JSON_LD = """() => [...document.querySelectorAll('script[type="application/ld+json"]')].map(el => {
  try { return JSON.parse(el.textContent) } catch (error) { return 'not JSON: ' + el.textContent } })"""


def assert_nothing_ran(tab) -> None:
    tab.wait_for_load_state("load")
    tab.wait_for_timeout(200)  # an <img src=x> fails and fires onerror just after load
    assert tab.evaluate("typeof window.__xss") == "undefined", f"payload {tab.evaluate('window.__xss')} ran"
    assert tab.evaluate(_INJECTED) == []
    assert [found for found in tab.evaluate(_JSON_LD) if not isinstance(found, dict)] == []


# (page, its title as the tab shows it before " - <site name>", its heading)
PAGES = [
    ("", "Committee meetings and papers", None),
    ("committees/", "Committees", None),
    ("meetings/", "Meetings calendar", None),
    ("decisions/", "Decisions register", None),
    ("members/", "Members", None),
    ("members/ann-ward/", f"Mrs {MEMBER}", f"Mrs {MEMBER}"),
    ("committees/scs-posc/", COMMITTEE, COMMITTEE),
    (MEETING_URL, MEETING_TITLE, MEETING_TITLE),
    (MEETING_URL + "minutes/", f"Minutes: {MEETING_TITLE}", f"Minutes: {MEETING_TITLE}"),
    (REPORT_URL, REPORT_TITLE, SUBJECT),
    (REPORT_URL + "appendix-1/", f"{APPENDIX_HEADING} - {REPORT_TITLE}", APPENDIX_HEADING),
]


@pytest.mark.slow
@pytest.mark.parametrize(("url", "title", "heading"), PAGES, ids=[url or "home" for url, _, _ in PAGES])
def test_titles_and_names_show_as_written_and_never_run(tab, planted_url, url, title, heading):
    tab.goto(planted_url + url)
    assert_nothing_ran(tab)
    assert tab.title() == f"{title} - {SITE}"
    # The header: the site name, then the page's title once scrolled; the logo link is named after the site.
    assert text_of(tab, ".md-header__topic .md-ellipsis") == SITE
    assert text_of(tab, '[data-md-component="header-topic"] .md-ellipsis') == title
    logo = tab.locator("header a.md-logo")
    assert (logo.get_attribute("aria-label"), logo.get_attribute("title")) == (SITE, SITE)
    # The navigation drawer's title (the site name) and the tabs, which hold our fixed labels.
    assert text_of(tab, "nav.md-nav--primary > label.md-nav__title") == SITE
    assert [" ".join(tab_label.split()) for tab_label in tab.locator(".md-tabs__link").all_text_contents()] == [
        "Home",
        "Committees",
        "Meetings",
        "Decisions",
        "Members",
    ]
    if heading is not None:
        assert tab.get_by_role("heading", level=1).inner_text() == heading


@pytest.mark.slow
def test_names_in_page_text_show_as_written(tab, planted_url):
    tab.goto(planted_url)
    assert f"of {SITE}'s committees" in text_of(tab, "p.lead")

    tab.goto(planted_url + "members/")
    assert_nothing_ran(tab)
    assert text_of(tab, "h3#party-conservative") == f"{PARTY} (1)"
    assert f"Mrs {MEMBER}" in tab.locator("article").inner_text()

    tab.goto(planted_url + "members/ann-ward/")
    assert text_of(tab, "dl.member-facts dd") == PARTY
    assert COMMITTEE in text_of(tab, "article")

    tab.goto(planted_url + MEETING_URL)
    assert_nothing_ran(tab)
    assert tab.evaluate(_JSON_LD)[0]["organizer"]["name"] == COMMITTEE  # schema.org data: the name as written
    assert text_of(tab, "#item-b1 .item-title") == ITEM
    assert text_of(tab, "h3#section-b") == f"B. {SECTION}"
    assert text_of(tab, "#item-b1 ul.papers > li > a") == SUBJECT
    assert text_of(tab, "#item-b1 ul.papers li li a") == APPENDIX_HEADING

    tab.goto(planted_url + REPORT_URL)
    assert text_of(tab, "p.breadcrumb") == f"{COMMITTEE}, 17 November 2011, item B1"

    tab.goto(planted_url + REPORT_URL + "appendix-1/")
    assert text_of(tab, "p.breadcrumb") == f"{SUBJECT}, {COMMITTEE}, 17 November 2011"

    tab.goto(planted_url + MEETING_URL + "minutes/")
    assert_nothing_ran(tab)
    assert text_of(tab, "h3#minute-18-title") == f"18. {ITEM} (Item B1)"

    tab.goto(planted_url + "404.html")
    assert_nothing_ran(tab)
    assert tab.title() == SITE


@pytest.mark.slow
def test_a_table_written_in_html_shows_its_text_and_nothing_runs(tab, planted_url):
    tab.goto(planted_url + REPORT_URL)
    assert_nothing_ran(tab)
    table = tab.locator(".report-body .table-scroll table")
    assert table.count() == 1
    assert text_of(tab, ".report-body th[colspan='2']") == "Tablexq head"
    cells = [" ".join(cell.split()) for cell in table.locator("td").all_text_contents()]
    assert cells[0] == "Tablexq cell" and cells[1] == "link text bold"
    assert cells[3] == "<img src=x onerror=window.__xss=10>", "escaped HTML in a cell is shown as written"
    found = tab.evaluate(
        """() => [...document.querySelectorAll('.report-body table, .report-body table *')]
        .flatMap(el => [...el.attributes].map(a => el.tagName + ' ' + a.name))"""
    )
    assert found == ["TH colspan"], "no attribute but colspan survives"
    assert tab.locator(".report-body table :is(a, img, svg, iframe, script)").count() == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("word", "result_title"),
    [
        ("Subjectxq", REPORT_TITLE),
        ("Appendixxq", f"{APPENDIX_HEADING} - {REPORT_TITLE}"),
        ("Committeexq", COMMITTEE),
        ("Memberxq", f"Mrs {MEMBER}"),
    ],
)
def test_search_results_show_planted_titles_as_written(tab, planted_url, word, result_title):
    tab.goto(planted_url)
    # The search box in the header (mkdocs-material's "/" shortcut is turned off: WCAG 2.1.4).
    tab.get_by_role("textbox", name="Search").click()
    tab.keyboard.type(word, delay=40)
    titles = tab.locator(".md-search-result__article > h1, .md-search-result__article > h2")
    titles.first.wait_for(state="visible", timeout=15_000)
    tab.wait_for_function(
        "title => [...document.querySelectorAll('.md-search-result__article > :is(h1, h2)')]"
        ".some(h => h.innerText.split(/\\s+/).join(' ') === title)",
        arg=result_title,
        timeout=15_000,
    )
    assert_nothing_ran(tab)
    # The highlighted search term is the only markup in a result title.
    marks = tab.locator(".md-search-result__article > :is(h1, h2) mark").all_inner_texts()
    assert marks and {mark.lower() for mark in marks} == {word.lower()}


@pytest.mark.slow
def test_control_characters_in_a_title_leave_the_page_whole(tmp_path):
    """C0 and C1 controls and DEL in a subject used to make MkDocs drop the page's front matter: the page
    was titled "Index" and the front matter, raw HTML and all, was rendered into the page."""
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    report = content / "committees/scs-posc/2011-11-17/reports/kscb-update.md"
    _replace(report, "subject: KSCB update", 'subject: "KSCB\\x9b update\\x01\\x7f\\x85 <b>bold</b>"')
    status, _, stderr = run_build(content, tmp_path / "site")
    if status != 0:  # refused by `check` instead: then with a diagnostic naming the file, not a traceback
        assert "kscb-update.md" in stderr and "Traceback" not in stderr, stderr
        return
    soup = parsed_page(tmp_path / "site", "committees/scs-posc/2011-11-17/kscb-update/")
    assert soup.title.get_text() == (
        "KSCB update <b>bold</b> - Social Care Scrutiny Committee - 17 November 2011 - Example County Council"
    )
    article = soup.select_one("article")
    assert "title:" not in article.get_text() and article.find("b") is None
    index = json.loads((tmp_path / "site/search/search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["committees/scs-posc/2011-11-17/kscb-update/"] == (
        "KSCB update &lt;b&gt;bold&lt;/b&gt; - Social Care Scrutiny Committee - 17 November 2011"
    )


@pytest.fixture(scope="module")
def minimal_site():
    site = check(MINIMAL).site
    assert site is not None
    return site


def _front_matter_title(site, title: str) -> tuple[str, str]:
    page = Page("committees/", title, "committees.html.j2", site.root / "site.yml", views.committees(site))
    body, meta = get_data(render_page(environment(site, "pages"), site, page))
    return meta.get("title"), body


def test_mkdocs_reads_every_title_back_as_html_text(minimal_site):
    title, body = _front_matter_title(minimal_site, SUBJECT)
    assert title == SUBJECT.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert body.startswith("<ul")


@pytest.mark.parametrize("start", range(0, 0x110000, 0x10000))
def test_no_character_in_a_title_breaks_its_front_matter(minimal_site, start):
    """Every code point: controls, DEL, lone surrogates and U+FFFE/U+FFFF are removed, the rest kept."""
    written = "".join(chr(code) for code in range(start, start + 0x10000))
    kept = "".join(
        char
        for char in written
        if char in "\t\n"
        or not (char < " " or "\x7f" <= char <= "\x9f" or "\ud800" <= char <= "\udfff" or char in "\ufffe\uffff")
    )
    title, body = _front_matter_title(minimal_site, written)
    assert body.startswith("<ul"), "MkDocs did not read the front matter"
    assert title == kept.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_theme_features_that_insert_attributes_as_html_stay_off():
    """mkdocs-material's `content.tooltips` inserts `title` attributes (a truncated page title, the site
    name on the logo) into the page as HTML: with it, titles escaped once would run again."""
    config = yaml.safe_load(BASE_CONFIG.read_text(encoding="utf-8"))
    assert "content.tooltips" not in config["theme"]["features"]
