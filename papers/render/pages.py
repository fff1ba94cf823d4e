"""Stage 5, render pages: the projected Site to Markdown pages in a staging docs folder.

Each page is a Jinja template in templates/pages/ producing an HTML fragment;
we wrap it with the front matter the theme reads (`title`) and MkDocs adds
navigation and search. Papers' own Markdown is rendered by markup.py first.
What a page shows is computed in views.py; templates only lay it out.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from papers import dates
from papers.model.site import Meeting, Site
from papers.render import urls, views
from papers.render.markup import render
from papers.render.output import Outputs
from papers.render.templating import environment
from papers.render.templating import render as render_template

HOME_TITLE = "Committee meetings and papers"


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    template: str
    source: Path  # the content file this page is made from (for error messages)
    context: dict[str, Any]


def plan_pages(site: Site) -> Iterator[Page]:
    """Every page of the (projected) site, in a fixed order."""
    settings = site.root / "site.yml"
    yield Page(urls.home(), HOME_TITLE, "home.html.j2", settings, views.home(site))
    yield Page(urls.committees(), "Committees", "committees.html.j2", settings, views.committees(site))
    yield Page(urls.calendar(), "Meetings calendar", "calendar.html.j2", settings, views.calendar(site))
    yield Page(urls.decisions(), "Decisions register", "decisions.html.j2", settings, views.decisions(site))
    yield Page(urls.members(), "Members", "members.html.j2", settings, views.members(site))
    for member in site.members:
        yield Page(
            urls.member(member), member.display_name, "member.html.j2", member.source, views.member(site, member)
        )
    for committee in site.committees:
        yield Page(
            urls.committee(committee),
            committee.name,
            "committee.html.j2",
            committee.source,
            views.committee(site, committee),
        )
    for meeting in site.meetings:
        yield from meeting_pages(site, meeting)


def meeting_pages(site: Site, meeting: Meeting) -> Iterator[Page]:
    title = f"{meeting.committee.name} - {dates.plain_date(meeting.date)}"
    yield Page(urls.meeting(meeting), title, "meeting.html.j2", meeting.source, views.meeting(site, meeting))
    if meeting.minutes is not None:
        yield Page(
            urls.minutes(meeting),
            f"Minutes: {title}",
            "minutes.html.j2",
            meeting.minutes.source,
            views.minutes(meeting, meeting.minutes),
        )
    for item in meeting.agenda_items:
        for report in item.reports:  # a projected item holds only the papers its audience may read
            # The page title (browser tab, search results) names the meeting; the heading is the subject.
            context = {"meeting": meeting, "report": report, "item": item}
            yield Page(
                urls.report(report, meeting), f"{report.subject} - {title}", "report.html.j2", report.source, context
            )
            for index, appendix in enumerate(report.appendices):
                if appendix.is_pdf or appendix.withheld:
                    continue
                yield Page(
                    urls.appendix(appendix, report, meeting, index),
                    f"{appendix.label}: {appendix.title} - {report.subject} - {title}",
                    "appendix.html.j2",
                    report.source,
                    {**context, "appendix": appendix, "index": index},
                )


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
    title = json.dumps(page.title, ensure_ascii=False)  # a JSON string is a YAML string, escapes and all
    return f"---\ntitle: {title}\n---\n\n{html.strip()}\n"


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


def write_pages(site: Site, outputs: Outputs) -> list[Page]:
    """Render every page of the projected site into `docs`; each output file is written once."""
    env = environment(site, "pages")
    pages = []
    for page in plan_pages(site):
        outputs.write_text(urls.docs_file(page.url), render_page(env, site, page), page.source)
        pages.append(page)
    return pages
