"""Search in real Chromium: nothing of the index is fetched until someone searches; a search by keyboard
finds papers, names their meeting and committee, and can be narrowed by kind, committee and year."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browsing import served

from papers.site import search
from papers.site.mkdocs import SiteBuildError

pytestmark = pytest.mark.slow
SEARCH_BOX = "Search agendas, reports, minutes and decisions"


@pytest.fixture(scope="module")
def base_url(built_demo) -> Iterator[str]:
    yield from served(built_demo)


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.fetched = []  # type: ignore[attr-defined]
    opened.on("request", lambda request: opened.fetched.append(request.url))  # type: ignore[attr-defined]
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _index_requests(tab) -> list[str]:
    return [url for url in tab.fetched if "/pagefind/" in url or "search_index" in url]


def test_no_page_fetches_any_of_the_index_until_someone_searches(tab, base_url, built_demo):
    assert not (built_demo / "search" / "search_index.json").exists()  # no whole-archive index at all
    for url in (
        "",
        "committees/kct-board/2011-03-04/",
        "committees/kct-board/2011-03-04/financial-resources/",
        "search/",
    ):
        tab.goto(base_url + url)
        tab.wait_for_load_state("networkidle")
    assert _index_requests(tab) == []
    box = tab.get_by_role("searchbox", name=SEARCH_BOX)
    box.fill("budget")
    box.press("Enter")
    tab.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    assert _index_requests(tab), "the search fetched nothing"


def test_a_first_search_fetches_only_what_its_results_need(tab, base_url):
    """Pagefind's worker and not pagefind.js (which would start the same worker: the page starts it itself), no
    filter index until a filter is chosen, and the records of the ten results shown, no more."""
    tab.goto(base_url + "search/?q=children")
    tab.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    tab.wait_for_load_state("networkidle")
    fetched = [url.split("/pagefind/", 1)[1].split("?")[0] for url in _index_requests(tab)]
    assert "pagefind-worker.js" in fetched and "pagefind.js" not in fetched, fetched
    assert [name for name in fetched if name.startswith("filter/")] == []
    assert len([name for name in fetched if name.startswith("fragment/")]) == 10
    assert len(fetched) == len(set(fetched)), "a file fetched twice"


def test_where_no_worker_can_be_started_pagefind_js_searches_on_the_page(tab, base_url):
    tab.add_init_script("delete window.Worker")
    tab.goto(base_url + "search/?q=children")
    tab.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    tab.wait_for_load_state("networkidle")
    fetched = [url.split("/pagefind/", 1)[1].split("?")[0] for url in _index_requests(tab)]
    assert "pagefind.js" in fetched and "pagefind-worker.js" not in fetched, fetched
    assert tab.locator("#search-results > li").count() == 10
    assert tab.locator("#search-results .search-result-details").first.inner_text().count(":") == 1


def test_a_search_whose_worker_cannot_start_says_so_and_the_next_search_tries_again(tab, base_url):
    tab.route("**/pagefind-worker.js", lambda route: route.fulfill(status=404))
    tab.goto(base_url + "search/?q=children")
    tab.wait_for_function("() => /not available/.test(document.getElementById('search-status').textContent)")
    tab.unroute("**/pagefind-worker.js")
    tab.get_by_role("button", name="Search", exact=True).click()
    tab.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    assert tab.locator("#search-results > li").count() == 10


def test_a_pagefind_whose_worker_the_search_page_cannot_talk_to_stops_the_build(tmp_path):
    (tmp_path / search.WORKER).write_text('switch(method){case"init":{}case"search":{}case"releaseData":{}}')
    with pytest.raises(SiteBuildError, match="does not answer getData"):
        search._check_worker(tmp_path)
    (tmp_path / search.WORKER).unlink()
    with pytest.raises(SiteBuildError, match="does not answer init, search, getData, releaseData"):
        search._check_worker(tmp_path)


def test_search_by_keyboard_announces_the_results_and_reaches_them(tab, base_url):
    tab.goto(base_url + "search/")
    box = tab.get_by_role("searchbox", name=SEARCH_BOX)
    box.focus()
    tab.keyboard.type("children", delay=20)
    tab.keyboard.press("Enter")
    status = tab.get_by_role("status")
    tab.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    count = int(status.inner_text().split()[0])
    assert count > 10, status.inner_text()
    shown = tab.locator("#search-results > li")
    assert shown.count() == 10
    for _ in range(5):  # the button, then the three filters, then the first result (in document order)
        tab.keyboard.press("Tab")
    focused = tab.evaluate("() => document.activeElement.closest('#search-results') !== null")
    assert focused, tab.evaluate("() => document.activeElement.outerHTML")
    more = tab.get_by_role("button", name="Show more results")
    more.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => document.querySelectorAll('#search-results > li').length > 10")
    # Focus moves to the first of the new results, so a keyboard user reads on from there.
    assert tab.evaluate("() => document.activeElement === document.querySelectorAll('#search-results a')[10]")


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [("kind", "minutes", "Minutes"), ("committee", "Kent Children's Trust Board", None), ("year", "2010/11", None)],
)
def test_filters_narrow_the_results(tab, base_url, field, value, kind):
    tab.goto(base_url + "search/?q=children")
    tab.wait_for_function("() => /result/.test(document.getElementById('search-status').textContent)")
    everything = int(tab.get_by_role("status").inner_text().split()[0])
    tab.locator(f"#search-{field}").select_option(value)
    tab.get_by_role("button", name="Search", exact=True).click()
    tab.wait_for_function(
        "total => { const text = document.getElementById('search-status').textContent;"
        " return /result/.test(text) && parseInt(text) < total; }",
        arg=everything,
    )
    assert f"{field}=" in tab.url  # the address keeps the search, to share or bookmark
    details = tab.locator("#search-results .search-result-details").all_inner_texts()
    assert details
    if kind:
        assert all(detail.startswith(f"{kind}:") for detail in details), details
    if field == "committee":
        assert all(detail.endswith(value) or value in detail for detail in details), details
    if field == "year":
        assert all("2011" in detail or "2010" in detail for detail in details), details


def test_a_search_with_no_results_says_so(tab, base_url):
    tab.goto(base_url + "search/?q=zzyzxqv")
    tab.wait_for_function("() => /No results/.test(document.getElementById('search-status').textContent)")
    assert tab.get_by_role("status").inner_text() == "No results for \u201czzyzxqv\u201d."
    assert tab.locator("#search-results > li").count() == 0
