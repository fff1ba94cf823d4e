"""The accessibility tests visit a page of every kind the site is made of (tests/a11y_pages.py)."""

from __future__ import annotations

from a11y_pages import MEMBERS_PAGES, PUBLIC_PAGES
from conftest import DEMO

from papers.model.audience import MEMBERS, PUBLIC
from papers.pipeline import check
from papers.render.pages import plan_pages
from papers.render.project import project


def test_every_page_template_has_a_page_in_the_accessibility_tests():
    checked = check(DEMO)
    assert checked.site is not None
    for audience, visited in ((PUBLIC, PUBLIC_PAGES), (MEMBERS, MEMBERS_PAGES)):
        pages = list(plan_pages(project(checked.site, audience)))
        by_url = {page.url: page.template for page in pages}
        urls = [url for url in visited.values() if url != "404.html"]  # the theme's page, not ours
        assert all(url in by_url for url in urls), [url for url in urls if url not in by_url]
        assert {by_url[url] for url in urls} == {page.template for page in pages}
