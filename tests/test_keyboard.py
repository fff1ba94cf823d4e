"""Keyboard use in real Chromium: skip link, Tab through every page kind both ways, search, menu, no shortcuts.

On every page kind of both builds (tests/a11y_pages.py), at 1280 px and at 375 px (a phone): the skip link is
the first Tab stop and leads past the header; pressing Tab from the top to the end of the page, and Shift+Tab
from the end back to the top, every element that takes the focus has a size, is visible, lies inside the
viewport and is not covered where it is drawn (by the sticky header or the "Back to top" button: WCAG 2.4.7,
2.4.11), and the two directions meet the same elements. The search page is used with the keyboard alone:
Escape from the results gives the focus back to the search box, "Show more results" moves it to the first
new result; the navigation drawer opens from its button; single-key shortcuts do nothing (WCAG 2.1.4).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from a11y_pages import PUBLIC_PAGES, SEARCH_BOX, SEARCH_PAGE, case_id, cases, search_by_keyboard
from browsing import served

pytestmark = pytest.mark.slow

# Where the focus is, and what is wrong with how it is shown. Each element met is numbered once
# (data-papers-stop), so that the walks can be compared.
FOCUS = """() => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return null;
  if (!element.dataset.papersStop) {
    element.dataset.papersStop = String(document.querySelectorAll('[data-papers-stop]').length + 1);
  }
  const describe = (node) => {
    if (!node) return 'nothing';
    const classes = typeof node.className === 'string' && node.className.trim()
      ? '.' + node.className.trim().split(/\\s+/).join('.') : '';
    const text = node.innerText || node.getAttribute('aria-label') || node.getAttribute('href') || '';
    return node.tagName.toLowerCase() + classes + ' "' + text.trim().replace(/\\s+/g, ' ').slice(0, 40) + '"';
  };
  const problems = [];
  const width = document.documentElement.clientWidth, height = window.innerHeight;
  const box = element.getBoundingClientRect();
  if (box.width < 1 || box.height < 1) problems.push('has no size');
  const style = getComputedStyle(element);
  if (style.visibility !== 'visible') problems.push('is not visible');
  let opacity = 1;
  for (let node = element; node instanceof Element; node = node.parentElement) {
    opacity *= Number(getComputedStyle(node).opacity);
  }
  if (opacity < 0.5) problems.push('is transparent (' + opacity.toFixed(2) + ')');
  // What the element is seen through: the viewport, narrowed by each ancestor that clips its overflow (a table's
  // scrolling region, the drawer) up to the first fixed box (which the ones above it do not clip).
  let clip = {left: 0, top: 0, right: width, bottom: height};
  for (let node = element; node && node !== document.body; node = node.parentElement) {
    const nodeStyle = getComputedStyle(node);
    if (node !== element && (nodeStyle.overflowX !== 'visible' || nodeStyle.overflowY !== 'visible')) {
      const edge = node.getBoundingClientRect();
      const left = edge.left + node.clientLeft, top = edge.top + node.clientTop;
      clip = {left: Math.max(clip.left, left), top: Math.max(clip.top, top),
              right: Math.min(clip.right, left + node.clientWidth),
              bottom: Math.min(clip.bottom, top + node.clientHeight)};
    }
    if (nodeStyle.position === 'fixed') break;
  }
  const corners = (part) => '(' + [part.left, part.top, part.right, part.bottom].map(Math.round) + ')';
  // Each part an element is drawn in (a link over two lines has two) must be seen whole, unless it is bigger
  // than what it is seen through; and what is seen of it must not be under something else (the sticky header).
  const parts = [...element.getClientRects()].filter(part => part.width >= 1 && part.height >= 1);
  const seen = [];
  for (const part of parts) {
    const shown = {left: Math.max(part.left, clip.left), top: Math.max(part.top, clip.top),
                   right: Math.min(part.right, clip.right), bottom: Math.min(part.bottom, clip.bottom)};
    if (shown.right - shown.left < 1 || shown.bottom - shown.top < 1) continue;
    seen.push(shown);
    const fits = part.width <= clip.right - clip.left + 0.5 && part.height <= clip.bottom - clip.top + 0.5;
    const cut = shown.left > part.left + 0.5 || shown.top > part.top + 0.5
      || shown.right < part.right - 0.5 || shown.bottom < part.bottom - 0.5;
    if (fits && cut) problems.push('is partly hidden ' + corners(part) + ', seen through ' + corners(clip));
  }
  if (parts.length && !seen.length) {
    problems.push('is out of sight ' + corners(box) + ', seen through ' + corners(clip));
  }
  // Hit-tested as if it took the pointer (the theme's current navigation item lets clicks through).
  const pointerEvents = element.style.pointerEvents;
  element.style.pointerEvents = 'auto';
  for (const shown of seen) {
    const hit = document.elementFromPoint((shown.left + shown.right) / 2, (shown.top + shown.bottom) / 2);
    if (!hit || !(hit === element || element.contains(hit))) problems.push('is covered by ' + describe(hit));
  }
  element.style.pointerEvents = pointerEvents;
  return {stop: element.dataset.papersStop, name: describe(element), problems,
          skip: element.classList.contains('papers-skip'), top: element.classList.contains('md-top')};
}"""


@pytest.fixture(scope="module")
def public_url(a11y_public) -> Iterator[str]:
    yield from served(a11y_public)


@pytest.fixture(scope="module")
def members_url(a11y_members) -> Iterator[str]:
    yield from served(a11y_members)


@pytest.fixture
def opened(request, browser):
    """`opened(build, url, width)`: a page in a fresh browser context; no JavaScript error allowed."""
    contexts, errors = [], []

    def open_page(build: str, url: str, width: int):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(request.getfixturevalue(f"{build}_url") + url)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def focus(page) -> dict | None:
    """Where the focus is now; a problem is looked at again after a moment (a transition, a scroll) before it counts."""
    found = page.evaluate(FOCUS)
    if found and found["problems"]:
        page.wait_for_timeout(400)
        found = page.evaluate(FOCUS)
    return found


def walk(page, key: str, limit: int = 400) -> list[dict]:
    """Press `key` until the focus leaves the page (or comes round again); every stop on the way."""
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press(key)
        found = focus(page)
        if found is None or (stops and found["stop"] == stops[0]["stop"]):
            return stops
        stops.append(found)
    raise AssertionError(f"{key} never left the page: {[stop['name'] for stop in stops[-5:]]}")


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("build, url", cases(), ids=case_id)
def test_every_focused_element_is_visible_tabbing_forwards_and_backwards(opened, build, url, width):
    page = opened(build, url, width)
    forwards = walk(page, "Tab")
    backwards = walk(page, "Shift+Tab")
    assert forwards and forwards[0]["skip"], f"the first Tab stop is {forwards[0]['name'] if forwards else 'nothing'}"
    # The last is the footer's link to the accessibility statement: the focus was never lost on the way.
    assert '"Accessibility statement"' in forwards[-1]["name"], [stop["name"] for stop in forwards[-3:]]
    problems = [
        f"{direction}: {stop['name']} {problem}"
        for direction, stops in (("Tab", forwards), ("Shift+Tab", backwards))
        for stop in stops
        for problem in stop["problems"]
    ]
    assert problems == [], "\n".join(problems)
    # The theme's "Back to top" button is a Tab stop only while it shows (the page scrolling up).
    assert [stop["stop"] for stop in reversed(backwards) if not stop["top"]] == [
        stop["stop"] for stop in forwards if not stop["top"]
    ]


@pytest.mark.parametrize("build, url", cases(), ids=case_id)
def test_the_skip_link_is_the_first_tab_stop_and_skips_the_header(opened, build, url):
    page = opened(build, url, 1280)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('papers-skip')")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after_target = page.evaluate(
        "document.getElementById('main-content').compareDocumentPosition(document.activeElement)"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert after_target, f"the Tab after the skip link went to {focus(page)}"
    assert focus(page)["problems"] == []


def tab_to(page, selector: str, limit: int = 10) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab did not reach {selector}")


@pytest.mark.parametrize("width", [1280, 375])
def test_search_by_keyboard_alone_reaches_a_paper(opened, width):
    page = opened("public", SEARCH_PAGE, width)
    search_by_keyboard(page)
    assert focus(page)["problems"] == []
    # On from the box: the Search button, the three filters, then the results, each in view.
    for _ in range(5):
        page.keyboard.press("Tab")
        assert focus(page)["problems"] == [], focus(page)
    assert page.evaluate("document.activeElement.matches('#search-results a')"), focus(page)
    page.keyboard.press("Enter")
    page.wait_for_url("**/committees/**")


@pytest.mark.parametrize("width", [1280, 375])
def test_escape_from_the_results_gives_the_focus_back_to_the_search_box(opened, width):
    page = opened("public", SEARCH_PAGE, width)
    search_by_keyboard(page)
    page.locator("#search-results a").nth(2).focus()
    page.keyboard.press("Escape")
    assert page.evaluate(f"document.activeElement.matches({SEARCH_BOX!r})"), focus(page)
    assert focus(page)["problems"] == []
    assert page.locator("#search-results > li").count() == 10, "the results stay"


@pytest.mark.parametrize("width", [1280, 375])
def test_show_more_results_moves_the_focus_to_the_first_new_one(opened, width):
    page = opened("public", SEARCH_PAGE, width)
    search_by_keyboard(page)
    page.locator("#search-more").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#search-results > li').length > 10")
    assert page.evaluate("document.activeElement === document.querySelectorAll('#search-results a')[10]")
    assert focus(page)["problems"] == [], focus(page)


DRAWER_OPEN = "document.getElementById('__drawer').checked"
MENU_EXPANDED = "document.querySelector('[data-papers-toggle=drawer]').getAttribute('aria-expanded')"


def open_drawer(page) -> None:
    page.locator("[data-papers-toggle=drawer]").focus()
    assert page.evaluate(MENU_EXPANDED) == "false"
    page.keyboard.press("Enter")
    assert page.evaluate(DRAWER_OPEN) and page.evaluate(MENU_EXPANDED) == "true"
    assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null")
    page.wait_for_timeout(400)  # the drawer slides in


@pytest.mark.parametrize("width", [375, 1024])
def test_the_menu_button_opens_the_navigation_drawer_and_escape_closes_it(opened, width):
    page = opened("public", PUBLIC_PAGES["meeting"], width)
    tab_to(page, "[data-papers-toggle=drawer]", limit=3)  # the skip link, then the menu button
    open_drawer(page)
    links = 0
    while page.evaluate("document.activeElement.closest('.md-sidebar--primary') !== null"):
        assert focus(page)["problems"] == [], focus(page)
        links += 1
        page.keyboard.press("Tab")
    assert links == 7  # the site's name, and the six navigation links
    assert not page.evaluate(DRAWER_OPEN), "moving the focus out of the drawer closes it"
    assert focus(page)["problems"] == [], focus(page)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.closest('.md-sidebar--primary') === null"), "back into it, closed"
    open_drawer(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert not page.evaluate(DRAWER_OPEN)
    assert page.evaluate("document.activeElement.matches('[data-papers-toggle=drawer]')")
    assert page.evaluate(MENU_EXPANDED) == "false"


def test_single_key_shortcuts_do_nothing(opened):
    """The theme went to the next page on "n" and into the search on "s", "f" and "/" (WCAG 2.1.4)."""
    page = opened("public", "", 1280)
    assert page.evaluate("document.querySelector('link[rel=next]') !== null")  # "n" had somewhere to go
    tab_to(page, "a.md-tabs__link")
    before = page.url
    for key in ["n", "p", ",", ".", "s", "f", "/"]:
        page.keyboard.press(key)
        page.wait_for_timeout(150)
        assert page.url == before, key
        assert page.evaluate("document.activeElement.matches('a.md-tabs__link')"), key
    # Typed into a field, the same keys are text.
    page.goto(page.url + SEARCH_PAGE)
    page.locator(SEARCH_BOX).focus()
    page.keyboard.type("n/s", delay=40)
    assert page.locator(SEARCH_BOX).input_value() == "n/s"
