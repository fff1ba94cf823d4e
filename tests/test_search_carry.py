"""The search index is made again only when a page it indexes changed: its fingerprint covers exactly the pages
Pagefind indexes (papers/site/search.py), and the preview (`serve`) keeps its index between refreshes that change
none of them (papers/site/search_hook.py). Real Pagefind, on a site of three small pages."""

from __future__ import annotations

import hashlib
import os
import random
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import searchindex

from papers.site import search, search_hook

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<nav>Home</nav><article{marked}><h1>{title}</h1><p>{text}</p></article></body></html>"""


def write_page(site: Path, relative: str, text: str, *, indexed: bool = True) -> None:
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    title = relative.split("/")[0].title()
    path.write_text(PAGE.format(title=title, marked=" data-pagefind-body" if indexed else "", text=text), "utf-8")


def small_site(site: Path) -> Path:
    write_page(site, "report/index.html", "The lettings policy was agreed.")
    write_page(site, "minutes/index.html", "Resolved: that the policy be adopted.")
    write_page(site, "meetings/index.html", "A list of meetings.", indexed=False)
    return site


def test_the_fingerprint_changes_with_an_indexed_page_only(tmp_path):
    site = small_site(tmp_path / "site")
    first = search.fingerprint(site, "en-GB")
    write_page(site, "meetings/index.html", "A longer list of meetings.", indexed=False)
    assert search.fingerprint(site, "en-GB") == first, "a page Pagefind does not index"
    write_page(site, "meetings/index.html", "Text that reads data-pagefind-body is not the mark.", indexed=False)
    assert search.fingerprint(site, "en-GB") == first, "the words in a page's text are not the attribute"
    write_page(site, "report/index.html", "The lettings policy was deferred.")
    assert search.fingerprint(site, "en-GB") != first
    assert search.fingerprint(site, "cy") != search.fingerprint(site, "en-GB"), "the language indexed"
    os.rename(site / "report", site / "renamed")
    assert search.fingerprint(site, "en-GB") != first, "a page's address is in its search record"


def test_with_no_page_marked_every_page_counts(tmp_path):
    """Pagefind then indexes every page whole, so a change to any page is a change to the index."""
    site = tmp_path / "site"
    write_page(site, "a/index.html", "One.", indexed=False)
    first = search.fingerprint(site, "en")
    write_page(site, "a/index.html", "Two.", indexed=False)
    assert search.fingerprint(site, "en") != first


def refresh(site: Path) -> None:
    """What MkDocs does after a refresh of the preview: tell the hook the files it made, then that it is done."""
    made = [SimpleNamespace(dest_uri=path.relative_to(site).as_posix()) for path in site.rglob("*.html")]
    search_hook.on_files(made)
    search_hook.on_post_build({"site_dir": str(site), "theme": {"language": "en"}})


def test_the_preview_keeps_its_index_until_an_indexed_page_changes(tmp_path):
    site = small_site(tmp_path / "site")
    refresh(site)
    marker = site / "pagefind" / "left-by-the-test"  # gone when the index folder is made again
    marker.touch()
    assert "The lettings policy was agreed." in searchindex.records(site)["report/"]["content"]
    write_page(site, "meetings/index.html", "A longer list of meetings.", indexed=False)
    refresh(site)
    assert marker.exists(), "a page the index does not hold changed: the index is kept"
    write_page(site, "report/index.html", "The lettings policy was deferred.")
    refresh(site)
    assert not marker.exists(), "made again"
    assert "The lettings policy was deferred." in searchindex.records(site)["report/"]["content"]
    (site / "minutes/index.html").unlink()
    refresh(site)
    assert sorted(searchindex.records(site)) == ["report/"], "a page gone from the preview is gone from search"


INSIDE_A_TAG = re.compile(rb"<[^<>]*\sdata-pagefind-body[\s=>]")  # what marked_for_indexing says, slowly


@pytest.mark.parametrize(
    ("page", "marked"),
    [
        (b'<article class="x" data-pagefind-body>', True),
        (b"<article data-pagefind-body=''>", True),
        (b"<article\ndata-pagefind-body\n>", True),
        (b"<p>The data-pagefind-body attribute</p>", False),
        (b"<p>a > data-pagefind-body <b></p>", False),
        (b"<article data-pagefind-bodyx>", False),
        (b"<article xdata-pagefind-body>", False),
        (b"data-pagefind-body", False),
        (b"<p> <i data-pagefind-body ", True),  # an unclosed tag, as the pattern reads it
    ],
)
def test_a_page_is_marked_only_by_the_attribute_in_a_tag(page, marked):
    assert search.marked_for_indexing(page) is marked
    assert (INSIDE_A_TAG.search(page) is not None) is marked


def test_marked_for_indexing_says_what_the_pattern_says_of_any_text():
    rng = random.Random(20261130)
    pieces = [b"<", b">", b" ", b"\n", b"=", b"a", b"data-pagefind-body", b"<article", b'"', b"x"]
    for _ in range(20_000):
        page = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert search.marked_for_indexing(page) is (INSIDE_A_TAG.search(page) is not None), page


def test_a_page_with_the_stamp_the_last_build_recorded_is_not_read_again(tmp_path):
    """A rebuild reads only the pages MkDocs built this time: the others are carried over, their records kept."""
    site = small_site(tmp_path / "site")
    first = search.survey(site, {})
    assert sorted(first) == ["meetings/index.html", "minutes/index.html", "report/index.html"]
    assert [first[name][1] for name in sorted(first)] == [False, True, True], "which pages are indexed"
    known = {name: (stamp, indexed, b"as recorded") for name, (stamp, indexed, _) in first.items()}
    assert search.survey(site, known) == known, "nothing read again"
    write_page(site, "report/index.html", "The lettings policy was deferred for a month.")
    again = search.survey(site, known)
    assert again["report/index.html"][2] == hashlib.sha256((site / "report/index.html").read_bytes()).digest()
    assert again["minutes/index.html"] == known["minutes/index.html"]
    updated = search.survey(site, first)
    assert search.fingerprint_of(updated, "en") == search.fingerprint(site, "en") != search.fingerprint_of(first, "en")
