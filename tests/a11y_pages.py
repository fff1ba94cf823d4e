"""The page kinds the accessibility tests visit: one page of each in the demo (with the wide table of conftest).

tests/test_a11y_page_kinds.py holds this list to the page templates the site is made of, so that a new kind of
page cannot be left out of the validator, axe and keyboard tests.
"""

from __future__ import annotations

from typing import Any

PUBLIC_PAGES = {
    "home": "",
    "committees": "committees/",
    "committee": "committees/kct-board/",
    "meeting": "committees/kct-board/2011-03-04/",
    "report": "committees/kct-board/2011-03-04/financial-resources/",
    "appendix": "committees/kct-board/2011-07-15/strategic-review-survey/appendix-1/",  # the wide table
    "minutes": "committees/cfe-posc/2010-07-16/minutes/",
    "members": "members/",
    "member": "members/alison-carter/",
    "calendar": "meetings/",
    "calendar-year": "meetings/2010-11/",
    "decisions": "decisions/",
    "decisions-year": "decisions/2010-11/",
    "search": "search/",  # the tests run a search on it, so that its results are checked too
    "data": "data/",
    "accessibility": "accessibility/",
    "not-found": "404.html",
}
# The members' edition has the same kinds, and the exempt papers, marked.
MEMBERS_PAGES = {**PUBLIC_PAGES, "exempt-report": "committees/kct-board/2011-03-04/camhs-commissioning/"}
WIDE_TABLE_PAGE = PUBLIC_PAGES["appendix"]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices (landmarks, heading order), as
# tests/test_browser.py runs them.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
SEARCH_WORDS = "children"  # in many papers: the search shows a long list of results
SEARCH_PAGE = PUBLIC_PAGES["search"]
SEARCH_BOX = "#search-query"


def search_by_keyboard(page: Any) -> None:
    """On the search page, as a keyboard user: Tab to the box, type, Enter; returns once the results are shown."""
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({SEARCH_BOX!r})"):
            break
    else:
        raise AssertionError("Tab did not reach the search box")
    page.keyboard.type(SEARCH_WORDS, delay=20)
    page.keyboard.press("Enter")
    page.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")


def cases() -> list[tuple[str, str]]:
    """(build, url) of every page kind of both builds, for pytest.mark.parametrize."""
    return [("public", url) for url in PUBLIC_PAGES.values()] + [("members", url) for url in MEMBERS_PAGES.values()]


def case_id(case: object) -> str:
    return str(case).rstrip("/").replace("/", "-") or "home"


def violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now, one line each (empty when there are none)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        f"{[node['target'] for node in violation['nodes']][:5]}"
        for violation in results.response["violations"]
    ]
