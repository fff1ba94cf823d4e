"""Stage 5, render pages: the projected Site to Markdown pages in a staging docs folder.

Each page is a Jinja template in templates/pages/ producing an HTML fragment;
we wrap it with the front matter the theme reads (`title`) and MkDocs adds
navigation and search. Papers' own Markdown is rendered by markup.py first.
What a page shows is computed in views.py; templates only lay it out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from papers import dates
from papers.model.site import Committee, Meeting, Member, Site
from papers.render import search, shared, statement, urls, views
from papers.render.digest import Digests
from papers.render.markup import render
from papers.render.opendata import lifecycle
from papers.render.opendata.links import Alternate, alternates
from papers.render.output import Outputs
from papers.render.pagekeys import PageKeys, page_keys
from papers.render.search import SearchEntry
from papers.render.templating import environment
from papers.render.templating import render as render_template

HOME_TITLE = "Committee meetings and papers"

# Characters removed from every title, site name and nav label on its way to the theme (see theme_html):
# the C0 controls but tab and newline, DEL and the C1 controls, plus lone surrogates and U+FFFE/U+FFFF.
# Refusing them with a message is `check`'s job (the field types in papers/content/fieldtypes.py); they
# are removed here too, at output, so that a page stays whole whatever reaches its title. Left in, they
# broke the page: MkDocs reads a page's front matter with PyYAML, which refuses DEL, most C1 controls,
# surrogates and U+FFFE/U+FFFF written raw (and `json.dumps` writes all but C0 raw). MkDocs then silently
# ignored the front matter: the page was titled "Index" and the front matter was rendered as Markdown into
# the page, raw HTML included. C0 controls, escaped by `json.dumps`, reached the title bar and search index.
_NOT_IN_TITLES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def theme_html(text: str, *, attribute: bool = False) -> str:
    """`text` as the HTML that MkDocs and mkdocs-material expect of a page title, site name or nav label.

    The theme prints these unescaped, as HTML: MkDocs takes `page.title` from a page's first heading as
    HTML, and mkdocs-material prints it (and `config.site_name` and nav labels) with `{{ ... }}` in
    templates that do not autoescape, in the `<title>`, the header, the navigation and the tabs; its search
    box inserts the titles in search/search_index.json with innerHTML. So each is escaped here, once, and
    the browser shows the characters as written (`&` shows as `&`, `<2012>` as `<2012>`).

    Page titles are escaped as mkdocs-material escapes the headings it indexes for search (`&`, `<`, `>`;
    quotes stay, so that "Children's" is found by searching for it); the theme prints them only between
    tags. The site name is printed in attributes too (the logo link's `aria-label`), so `attribute=True`
    escapes quotes as well; templates/theme/partials/header.html and nav.html print it without escaping it
    a second time.
    """
    return html_escape(_NOT_IN_TITLES.sub("", text), quote=attribute)


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    template: str
    source: Path  # the content file this page is made from (for error messages)
    context: dict[str, Any]
    updated: dt.date | None = None  # the latest content date of what it shows (the sitemap's lastmod)
    committee: Committee | None = None  # whose feed its head links to, beside the site's
    search: SearchEntry | None = None  # indexed for search, with these facets (papers/render/search.py)


def plan_pages(site: Site) -> Iterator[Page]:
    """Every page of the (projected) site, in a fixed order."""
    settings = site.root / "site.yml"
    latest = max((day for meeting in site.meetings if (day := meeting_updated(meeting))), default=None)
    yield Page(urls.home(), HOME_TITLE, "home.html.j2", settings, views.home(site), latest)
    yield Page(urls.committees(), "Committees", "committees.html.j2", settings, views.committees(site), latest)
    yield Page(urls.calendar(), "Meetings calendar", "calendar.html.j2", settings, views.calendar(site), latest)
    yield Page(urls.decisions(), "Decisions register", "decisions.html.j2", settings, views.decisions(site), latest)
    yield Page(urls.members(), "Members", "members.html.j2", settings, views.members(site), latest)
    yield Page(urls.data(), "Data and feeds", "data.html.j2", settings, views.data(site), latest)
    yield Page(urls.search(), "Search", "search.html.j2", settings, views.search(site), latest)
    yield Page(
        urls.accessibility(),
        "Accessibility statement",
        "accessibility.html.j2",
        settings,
        statement.statement(site),
        statement.updated(site, latest),
    )
    for member in site.members:
        context = views.member(site, member)
        yield Page(
            urls.member(member),
            member.display_name,
            "member.html.j2",
            member.source,
            context,
            member_updated(member, context["attendance"].meetings),
            search=search.for_member(),
        )
    for committee in site.committees:
        yield Page(
            urls.committee(committee),
            committee.name,
            "committee.html.j2",
            committee.source,
            views.committee(site, committee),
            committee_updated(site, committee),
            committee,
            search.for_committee(committee),
        )
    for meeting in site.meetings:
        yield from meeting_pages(site, meeting)
    yield from year_pages(
        site, "Meetings calendar", "calendar-year.html.j2", urls.calendar(), views.calendar_years(site)
    )
    yield from year_pages(
        site, "Decisions register", "decisions-year.html.j2", urls.decisions(), views.decision_years(site), "decision"
    )


def year_pages(
    site: Site, title: str, template: str, index: str, years: tuple[views.Year, ...], kind: str | None = None
) -> Iterator[Page]:
    """The pages of an archive-wide list (papers/render/views.py): each year's, each dated by its meetings; the
    decisions register's are indexed for search as decisions of their year."""
    for year in years:
        for page in year.pages:
            of = f" (page {page.number} of {len(year.pages)})" if len(year.pages) > 1 else ""
            updated = max((day for meeting in page.meetings if (day := meeting_updated(meeting))), default=None)
            context = views.list_page(years, index, year, page)
            found = SearchEntry(kind=kind, meeting=f"municipal year {year.year}", year=year.year) if kind else None
            yield Page(
                page.url, f"{title}: {year.year}{of}", template, site.root / "site.yml", context, updated, None, found
            )


def meeting_pages(site: Site, meeting: Meeting) -> Iterator[Page]:
    title = f"{meeting.committee.name} - {dates.plain_date(meeting.date)}"
    committee, updated = meeting.committee, meeting_updated(meeting)
    yield Page(
        urls.meeting(meeting),
        title,
        "meeting.html.j2",
        meeting.source,
        views.meeting(site, meeting),
        updated,
        committee,
        search.for_meeting("agenda", meeting) if meeting.agenda_items else None,
    )
    if meeting.minutes is not None:
        yield Page(
            urls.minutes(meeting),
            f"Minutes: {title}",
            "minutes.html.j2",
            meeting.minutes.source,
            views.minutes(meeting, meeting.minutes),
            lifecycle.minutes_published(meeting),
            committee,
            search.for_meeting("minutes", meeting),
        )
    for item in meeting.agenda_items:
        for report in item.reports:  # a projected item holds only the papers its audience may read
            # The page title (browser tab, search results) names the meeting; the heading is the subject.
            context = {"meeting": meeting, "report": report, "item": item}
            published = lifecycle.item_published(meeting, item)
            yield Page(
                urls.report(report, meeting),
                f"{report.subject} - {title}",
                "report.html.j2",
                report.source,
                context,
                published,
                committee,
                search.for_meeting("report", meeting),
            )
            for index, appendix in enumerate(report.appendices):
                if appendix.is_pdf or appendix.withheld:
                    continue
                yield Page(
                    urls.appendix(appendix, report, meeting, index),
                    f"{appendix.heading} - {report.subject} - {title}",
                    "appendix.html.j2",
                    report.source,
                    {**context, "appendix": appendix, "index": index},
                    published,
                    committee,
                    search.for_meeting("report", meeting),
                )


def meeting_updated(meeting: Meeting) -> dt.date | None:
    """The latest publication date of a meeting's page (None for a draft agenda: it has none yet)."""
    published = lifecycle.agenda_published(meeting) is not None or meeting.minutes is not None
    return lifecycle.modified(meeting) if published else None


def committee_updated(site: Site, committee: Committee) -> dt.date | None:
    days = [meeting_updated(meeting) for meeting in site.meetings_of(committee)]
    days += [day for seat in committee.seats for day in (seat.start, seat.until)]
    return max((day for day in days if day is not None), default=None)


def member_updated(member: Member, attended: tuple[tuple[Meeting, bool], ...]) -> dt.date | None:
    days = [lifecycle.minutes_published(meeting) for meeting, _ in attended] + [member.left]
    return max((day for day in days if day is not None), default=None)


def render_page(env: jinja2.Environment, site: Site, page: Page) -> str:
    """The Markdown file for one page: theme front matter, then the HTML fragment."""
    fragments = itertools.count(1)
    published = frozenset(site.attachments)

    def link(target_url: str) -> str:
        return urls.relative(page.url, target_url)

    def markdown(text: str | None, folder: str | None = None, id_prefix: str = "", top_level: int = 2) -> Markup:
        resolver = _link_resolver(published, page.url, folder)
        return Markup(render(text, resolver, id_prefix=id_prefix, top_level=top_level, fragment=next(fragments)))

    html = render_template(
        env, page.template, page.source, {"page": page, "link": link, "markdown": markdown, **page.context}
    )
    # A JSON string is a YAML string, escapes and all. With the characters PyYAML refuses raw removed by
    # theme_html (json.dumps escapes C0 itself), MkDocs always reads this title back exactly.
    title = json.dumps(theme_html(page.title), ensure_ascii=False)
    feeds = head_links(alternates(site, page.committee))
    if page.search is None:
        return f"---\ntitle: {title}\n{feeds}---\n\n{html.strip()}\n"
    # templates/theme marks the article of an indexed page for Pagefind (papers/site/search.py).
    return f"---\ntitle: {title}\n{feeds}papers_indexed: true\n---\n\n{search_facets(page.search)}\n\n{html.strip()}\n"


def search_facets(entry: SearchEntry) -> str:
    """The page's search filters and result details, for Pagefind to read: hidden, and not indexed as text."""
    facets = [("kind", entry.kind), ("committee", entry.committee), ("year", entry.year)]
    details = [("committee", entry.committee), ("meeting", entry.meeting)]
    spans = [f'<span data-pagefind-filter="{name}">{html_escape(value)}</span>' for name, value in facets if value]
    spans += [f'<span data-pagefind-meta="{name}">{html_escape(value)}</span>' for name, value in details if value]
    return f'<div class="search-facets" hidden data-pagefind-ignore>{"".join(spans)}</div>'


def head_links(found: tuple[Alternate, ...]) -> str:
    """The page's feeds as front matter for templates/theme/main.html, which prints them (escaped) in the head.

    JSON is YAML: MkDocs reads it back exactly, with the characters PyYAML refuses removed from the titles."""
    if not found:
        return ""
    entries = [
        {"href": alternate.href, "title": _NOT_IN_TITLES.sub("", alternate.title), "type": alternate.type}
        for alternate in found
    ]
    return f"papers_feeds: {json.dumps(entries, ensure_ascii=False)}\n"


def _link_resolver(published: frozenset[str], page_url: str, folder: str | None) -> Callable[[str, str], str | None]:
    """Relative links in a paper resolve from the paper's folder to the published attachment."""

    def resolve(target: str, attribute: str) -> str | None:
        if folder is None:
            return None
        path = content_path(folder, target)
        if path is None or path not in published:
            return None
        return urls.relative(page_url, urls.attachment(path))

    return resolve


def content_path(folder: str, target: str) -> str | None:
    """The content/ path a relative link in a paper points at, or None if it leaves content/."""
    parts: list[str] = []
    for part in f"{folder}/{target.split('#')[0]}".split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def write_pages(
    site: Site,
    outputs: Outputs,
    progress: Callable[[int, int], None] | None = None,
    *,
    share: bool | None = None,
    keys: PageKeys | None = None,
    digests: Digests | None = None,
) -> list[Page]:
    """Render every page of the projected site into `docs`; each output file is written once.

    Every page's file is claimed first (two pages at one address are refused before any is written), then
    the pages are rendered, half of them by a forked copy of this process where that helps (`share`, see
    papers/render/shared.py). With `keys` (the last build's, papers/render/pagekeys.py), a page whose key is
    the same and whose file the last build left in `docs` as it was is not rendered again: its file is kept.
    `digests` digests what the keys are made of (shared with the pack keys: papers/pipeline.py).
    `progress(done, total)` is told as pages are written."""
    env = environment(site, "pages")
    pages = list(plan_pages(site))
    files = [urls.docs_file(page.url) for page in pages]
    targets = [outputs.claim(file, page.source) for file, page in zip(files, pages, strict=True)]
    kept: dict[int, str] = {}  # the pages whose files are kept: each file's SHA-256
    if keys is not None:
        keys.current = dict(zip(files, page_keys(site, pages, digests or Digests()), strict=True))
        kept = {
            index: digest for index, file in enumerate(files) if (digest := _kept(outputs, keys, file, targets[index]))
        }
    todo = [index for index in range(len(pages)) if index not in kept]

    def write(index: int) -> str:
        return outputs.store(files[index], targets[index], render_page(env, site, pages[index]).encode("utf-8"))

    def told(done: int, total: int) -> None:
        if progress is not None:
            progress(len(kept) + done, len(pages))

    rendered = dict(zip(todo, shared.do_all(todo, write, told, share=share), strict=True))
    for index, file in enumerate(files):
        outputs.written(file, kept[index] if index in kept else rendered[index])
    return pages


def _kept(outputs: Outputs, keys: PageKeys, file: str, target: Path) -> str | None:
    """The SHA-256 of the page's file if it is kept as the last build left it (made from the same, and unchanged
    since), else None."""
    return outputs.unchanged(file, target) if keys.previous.get(file) == keys.current[file] else None
