"""The built demo site in real Chromium: a visitor's journey, search, and axe-core accessibility checks.

Debian's chromium is driven by Playwright (the browser download Playwright would
normally do is impossible here); the site is served over HTTP on localhost, as a
web server would, because search runs in a web worker that file:// URLs block.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browsing import served
from conftest import DEMO, run_build

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices (landmarks, heading order).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
SEARCH_WORD = "settlement"  # occurs in one report body only (asserted below)
SEARCH_TARGET = "committees/kct-board/2011-03-04/financial-resources/"

# No skip when Chromium is missing: `build.py test` installs it (papers/bootstrap.py), and a run without
# it must fail loudly rather than pass on nothing.
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url(built_demo) -> Iterator[str]:
    yield from served(built_demo)


@pytest.fixture(scope="module")
def members_url(tmp_path_factory) -> Iterator[str]:
    """The demo's members' edition, with the exempt paper and its markings."""
    out = tmp_path_factory.mktemp("members") / "members-site"
    status, _, stderr = run_build(DEMO, out, "--audience", "members")
    assert status == 0, stderr
    yield from served(out)


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def test_visitor_goes_from_home_to_a_meeting_and_a_report(tab, base_url):
    tab.goto(base_url)
    assert tab.title() == "Committee meetings and papers - Kent County Council"
    tab.get_by_role("link", name="Meetings", exact=True).first.click()
    tab.wait_for_url("**/meetings/")
    tab.get_by_role("link", name="Friday, 4th March, 2011: Kent Children's Trust Board").click()
    tab.wait_for_url("**/committees/kct-board/2011-03-04/")
    assert tab.get_by_role("heading", level=1).inner_text() == "Kent Children's Trust Board - 4 March 2011"
    tab.get_by_role("link", name="Overview of Financial Resources for Children's Services in Kent").click()
    tab.wait_for_url("**/" + SEARCH_TARGET)
    assert (
        tab.get_by_role("heading", level=1).inner_text()
        == "Overview of Financial Resources for Children's Services in Kent"
    )
    assert tab.get_by_role("heading", name="Recommendations").is_visible()


def test_search_finds_a_word_from_one_report_body_and_reaches_that_report(tab, base_url):
    holders = [path for path in DEMO.rglob("*.md") if SEARCH_WORD in path.read_text(encoding="utf-8").lower()]
    assert [path.name for path in holders] == ["financial-resources.md"]
    tab.goto(base_url)
    tab.get_by_role("link", name="Search", exact=True).first.click()
    search_box = tab.get_by_role("searchbox", name="Search agendas, reports, minutes and decisions")
    search_box.fill(SEARCH_WORD)
    search_box.press("Enter")
    status = tab.get_by_role("status")
    tab.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    assert status.inner_text() == f"1 result for \u201c{SEARCH_WORD}\u201d."
    first = tab.locator("#search-results li").first
    # The result names the paper, its kind, its meeting and committee.
    assert first.locator(".search-result-title").inner_text() == (
        "Overview of Financial Resources for Children's Services in Kent"
    )
    assert first.locator(".search-result-details").inner_text() == "Report: Kent Children's Trust Board, 4 March 2011"
    marks = first.locator(".search-result-excerpt mark").all_inner_texts()
    assert [mark.strip("().,;:") for mark in marks] == [SEARCH_WORD]
    first.get_by_role("link").click()
    tab.wait_for_url(f"**/{SEARCH_TARGET}**")
    assert (
        tab.get_by_role("heading", level=1).inner_text()
        == "Overview of Financial Resources for Children's Services in Kent"
    )


@pytest.mark.parametrize(
    "url",
    [
        "",
        "committees/kct-board/",
        "committees/kct-board/2011-03-04/",
        "committees/kct-board/2011-03-04/financial-resources/",
        "committees/kct-board/2011-07-15/strategic-review-survey/appendix-1/",
        "committees/cfe-posc/2010-07-16/minutes/",
        "members/alison-carter/",
        "meetings/",
        "meetings/2010-11/",
        "decisions/",
        "decisions/2010-11/",
        "data/",
        "accessibility/",
    ],
)
def test_axe_finds_no_accessibility_violations(tab, base_url, url):
    from axe_playwright_python.sync_playwright import Axe

    tab.goto(base_url + url)
    results = Axe().run(tab, options=AXE_OPTIONS)
    violations = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        f"{[node['target'] for node in violation['nodes']][:5]}"
        for violation in results.response["violations"]
    ]
    assert violations == [], "\n".join(violations)


@pytest.mark.parametrize(
    "url",
    [
        "committees/kct-board/2011-03-04/",
        "committees/kct-board/2011-03-04/camhs-commissioning/",
        "committees/kct-board/2011-03-04/minutes/",
    ],
)
def test_members_edition_is_marked_and_accessible(tab, members_url, url):
    from axe_playwright_python.sync_playwright import Axe

    tab.goto(members_url + url)
    assert "Members' edition" in tab.locator("body").inner_text()
    assert tab.locator(".marking").first.inner_text() == "NOT FOR PUBLICATION - paragraph 3 of Part 1 of Schedule 12A"
    results = Axe().run(tab, options=AXE_OPTIONS)
    violations = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        f"{[node['target'] for node in violation['nodes']][:5]}"
        for violation in results.response["violations"]
    ]
    assert violations == [], "\n".join(violations)


def test_wide_table_scrolls_inside_the_page_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True)
    phone = context.new_page()
    phone.goto(base_url + "committees/kct-board/2011-07-15/strategic-review-survey/appendix-1/")
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    region = phone.locator(".table-scroll").first
    scroll_width, client_width = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
    context.close()
    assert page_width <= 375, "the page itself scrolls sideways"
    assert scroll_width > client_width, "the wide table should scroll inside its own region"


SURVEY_APPENDIX = "committees/kct-board/2011-07-15/strategic-review-survey/appendix-1/"
# Every box from each table up to the article that scrolls sideways, as
# [tag.class, role, tabindex, aria-label, scrollWidth, clientWidth, scrollHeight, clientHeight].
_SIDEWAYS_SCROLLERS = """() => [...document.querySelectorAll('article table')].map(table => {
  const boxes = [];
  for (let box = table; box && box.tagName !== 'ARTICLE'; box = box.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) {
      boxes.push([box.tagName.toLowerCase() + '.' + box.className, box.getAttribute('role'),
        box.getAttribute('tabindex'), box.getAttribute('aria-label'),
        box.scrollWidth, box.clientWidth, box.scrollHeight, box.clientHeight]);
    }
  }
  return boxes;
})"""


@pytest.mark.parametrize("width", [320, 1280])
def test_each_wide_table_has_one_focusable_scroll_box_that_the_keyboard_scrolls(browser, base_url, width):
    """Our labelled `.table-scroll` region is the only box that scrolls a table, after mkdocs-material's
    script has wrapped the table again in its own `.md-typeset__scrollwrap`, at phone and desktop widths.

    Independent of the installed fonts: the survey appendix has six columns, and mkdocs-material gives
    every header cell a minimum width of 5rem plus padding (over 790 px together), wider than the text
    column at 1280 px (under 700 px) and at 320 px; a long unbroken web address in a cell adds more.
    """
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url + SURVEY_APPENDIX)
    # The case that broke: mkdocs-material's script has added its own scrolling wrapper inside ours.
    page.wait_for_selector(".table-scroll .md-typeset__scrollwrap", state="attached")
    scrollers = page.evaluate(_SIDEWAYS_SCROLLERS)
    assert len(scrollers) == 2, "the survey appendix has two tables"
    for boxes in scrollers:
        assert len(boxes) == 1, f"more than one box scrolls the table sideways: {boxes}"
        name, role, tabindex, label, scroll_width, client_width, scroll_height, client_height = boxes[0]
        assert name.split(" ")[0] == "div.table-scroll"  # with its print orientation: "landscape"
        assert (role, tabindex) == ("region", "0")
        assert label and label.strip()
        assert scroll_width > client_width, "the table should be wider than the column (test premise)"
        assert scroll_height <= client_height, "the region should not also scroll up and down"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page itself scrolls sideways"

    region = page.locator(".table-scroll").first
    region.focus()
    assert region.evaluate("el => el === document.activeElement")
    table_left = region.evaluate("el => el.querySelector('table').getBoundingClientRect().left")
    assert region.evaluate("el => el.scrollLeft") == 0
    page.keyboard.press("ArrowRight")
    # Chromium may animate the scroll: wait for it to start, then measure in one go.
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=5_000)
    scroll_left, moved, scroll_range, hidden = region.evaluate(
        """(el, tableLeft) => {
          const table = el.querySelector('table').getBoundingClientRect();
          return [el.scrollLeft, tableLeft - table.left, el.scrollWidth - el.clientWidth, table.width - el.clientWidth];
        }""",
        table_left,
    )
    assert moved == pytest.approx(scroll_left, abs=1), "the arrow key should move the table with the region"
    # Before the fix the focusable region could scroll only by the few pixels of Material's negative margins.
    assert scroll_range >= hidden - 1, "scrolling the region should bring all of the table into view"

    results = Axe().run(page, options=AXE_OPTIONS)
    violations = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        f"{[node['target'] for node in violation['nodes']][:5]}"
        for violation in results.response["violations"]
    ]
    context.close()
    assert violations == [], "\n".join(violations)
    assert errors == [], f"JavaScript errors: {errors}"
