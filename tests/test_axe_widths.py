"""axe-core finds no violation on any page kind of either build, at 1280 and 320 px, search results shown.

axe-core (WCAG 2.0 to 2.2, A and AA, and best practice) is run on each page kind of tests/a11y_pages.py in the
public and members' builds, at a desktop width and at 320 px (a phone, and 400% zoom of 1280 px); on the search
page a word is searched for by keyboard and axe runs again with the results, their count and the "Show more
results" button showing. Nothing sticks out of the text column at either width (WCAG 1.4.10). The survey appendix
carries the fixture's twelve-column table, wider than the text column at any width with any fonts, so the
scrolling-region rules are always exercised (the demo's own tables overflow at 1280 px only with some fonts):
the test checks that premise.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from a11y_pages import SEARCH_PAGE, WIDE_TABLE_PAGE, case_id, cases, search_by_keyboard, violations
from browsing import served

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def public_url(a11y_public) -> Iterator[str]:
    yield from served(a11y_public)


@pytest.fixture(scope="module")
def members_url(a11y_members) -> Iterator[str]:
    yield from served(a11y_members)


def overflowing_regions(page) -> int:
    return page.evaluate(
        "[...document.querySelectorAll('article .table-scroll')].filter(r => r.scrollWidth > r.clientWidth).length"
    )


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("build, url", cases(), ids=case_id)
def test_axe_finds_no_violation_on_any_page_kind(request, browser, build, url, width):
    base = request.getfixturevalue(f"{build}_url")
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base + url)
    found = violations(page)
    if url == WIDE_TABLE_PAGE:
        assert overflowing_regions(page) >= 1, "the fixture's wide table should scroll in its region (premise)"
    # Nothing but a table's own region scrolls sideways (WCAG 1.4.10; the theme clips the page itself, so what
    # sticks out of the text column is cut off: the meeting facts at 320 px were).
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    content_width, column_width = page.evaluate(
        "(a => [a.scrollWidth, a.clientWidth])(document.querySelector('article'))"
    )
    assert content_width <= column_width, f"the content is {content_width} px wide in a {column_width} px column"
    if url == SEARCH_PAGE:
        search_by_keyboard(page)
        assert page.locator("#search-results > li").count() == 10 and page.locator("#search-more").is_visible()
        found += [f"with search results: {violation}" for violation in violations(page)]
    context.close()
    assert found == [], "\n".join(found)
    assert errors == [], f"JavaScript errors: {errors}"
