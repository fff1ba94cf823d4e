"""Stage 4, render pages: the Site model to Markdown pages in a staging docs folder.

Each page is a Jinja template in templates/pages/ producing an HTML fragment;
we wrap it with the front matter the theme reads (`title`) and MkDocs adds
navigation and search. Papers' own Markdown is rendered by markup.py first.
A site may override any template with its own copy in content/templates/.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import Markup

from papers import dates
from papers.model.audience import PUBLIC, Audience, agenda_is_published, is_attachment_kind, paper_files
from papers.model.site import Meeting, Site
from papers.render import records, urls
from papers.render.markup import inline, render
from papers.render.packnames import packs_of
from papers.render.reportheader import contact_line, header_lines, opening_line
from papers.resources import TEMPLATES as PROJECT_TEMPLATES


@dataclass(frozen=True)
class Page:
    url: str
    title: str
    template: str
    source: Path  # the content file this page is made from (for error messages)
    context: dict


class TemplateProblem(Exception):
    """A template failed while rendering a page: reported against template line and content file."""

    def __init__(self, template: str, line: int | None, source: Path, message: str) -> None:
        super().__init__(f"{template}:{line or 1}: {message} (while rendering {source})")
        self.template, self.line, self.source, self.message = template, line, source, message


def environment(site: Site, audience: Audience = PUBLIC) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(str(PROJECT_TEMPLATES / "pages"))]
    overrides = site.root / "templates" / "pages"
    if overrides.is_dir():
        loaders.insert(0, jinja2.FileSystemLoader(str(overrides)))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        long_date=dates.long_date,
        plain_date=dates.plain_date,
        clock=dates.clock,
        inline=lambda text: Markup(inline(text)),
    )
    env.globals.update(
        urls=urls,
        records=records,
        dates=dates,
        site=site,
        header_lines=header_lines,
        opening_line=opening_line,
        contact_line=contact_line,
        role_label=site.settings.role_labels.label,
        public_files=frozenset(public_files(site, audience)),
        audience=audience,
        agenda_is_published=agenda_is_published,
        packs_of=lambda meeting: packs_of(meeting, audience),
    )
    return env


def plan_pages(site: Site, audience: Audience = PUBLIC) -> Iterator[Page]:
    """Every page of the site for this audience, in a fixed order."""
    home = PurePosixPath("site.yml")
    yield Page(urls.home(), "Committee meetings and papers", "home.html.j2", site.root / home, {})
    yield Page(urls.committees(), "Committees", "committees.html.j2", site.root / home, {})
    yield Page(urls.calendar(), "Meetings calendar", "calendar.html.j2", site.root / home, {})
    yield Page(urls.decisions(), "Decisions register", "decisions.html.j2", site.root / home, {})
    yield Page(urls.members(), "Members", "members.html.j2", site.root / home, {})
    for member in site.members:
        yield Page(urls.member(member), member.display_name, "member.html.j2", member.source, {"member": member})
    for committee in site.committees:
        yield Page(
            urls.committee(committee), committee.name, "committee.html.j2", committee.source, {"committee": committee}
        )
    for meeting in site.meetings:
        yield from meeting_pages(site, meeting, audience)


def meeting_pages(site: Site, meeting: Meeting, audience: Audience) -> Iterator[Page]:
    title = f"{meeting.committee.name} - {dates.plain_date(meeting.date)}"
    yield Page(urls.meeting(meeting), title, "meeting.html.j2", meeting.source, {"meeting": meeting})
    if meeting.minutes is not None:
        yield Page(
            urls.minutes(meeting),
            f"Minutes: {title}",
            "minutes.html.j2",
            meeting.minutes.source,
            {"meeting": meeting, "minutes": meeting.minutes},
        )
    for item in meeting.agenda_items:
        if not audience.shows_papers(meeting, item):
            continue  # nothing of a draft, withdrawn or (in public) private item's papers
        for report in item.reports:
            # The page title (browser tab, search results) names the meeting; the heading is the subject.
            yield Page(
                urls.report(report, meeting),
                f"{report.subject} - {title}",
                "report.html.j2",
                report.source,
                {"meeting": meeting, "report": report, "item": item},
            )
            for index, appendix in enumerate(report.appendices):
                if appendix.is_pdf or not audience.shows_appendix(appendix):
                    continue
                yield Page(
                    urls.appendix(appendix, report, meeting, index),
                    f"{appendix.label}: {appendix.title} - {report.subject} - {title}",
                    "appendix.html.j2",
                    report.source,
                    {
                        "meeting": meeting,
                        "report": report,
                        "item": item,
                        "appendix": appendix,
                        "index": index,
                        "appendix_text": (site.root / appendix.file).read_text(encoding="utf-8"),
                    },
                )


def public_files(site: Site, audience: Audience = PUBLIC) -> tuple[str, ...]:
    """Content files that the audience's pages use: only these are copied into its site.

    A file that a withheld paper uses is never copied, even when a shown paper links to it too
    (check warns, W304), and only kinds of file that cannot run as a page are copied at all.
    """
    shown, withheld = paper_files(site, audience)
    files = {path for path in shown - withheld if is_attachment_kind(path)}
    if site.settings.logo:
        files.add(site.settings.logo)
    return tuple(sorted(files))


def render_page(env: jinja2.Environment, site: Site, page: Page) -> str:
    """The Markdown file for one page: theme front matter, then the HTML fragment."""

    def link(target_url: str) -> str:
        return urls.relative(page.url, target_url)

    fragments = itertools.count(1)

    def markdown(text: str | None, folder: str | None = None, id_prefix: str = "", top_level: int = 2) -> Markup:
        return Markup(
            render(
                text,
                _link_resolver(env.globals["public_files"], page.url, folder),
                id_prefix=id_prefix,
                top_level=top_level,
                fragment=next(fragments),
            )
        )

    try:
        template = env.get_template(page.template)
        html = template.render(page=page, link=link, markdown=markdown, **page.context)
    except jinja2.TemplateError as exc:
        raise _template_problem(exc, page) from None
    title = json.dumps(page.title, ensure_ascii=False)  # a JSON string is a YAML string, escapes and all
    return f"---\ntitle: {title}\n---\n\n{html.strip()}\n"


def _link_resolver(public: frozenset[str], page_url: str, folder: str | None):
    """Relative links in a paper resolve from the paper's folder to the published attachment."""

    def resolve(target: str, attribute: str) -> str | None:
        if folder is None:
            return None
        published = content_path(folder, target)
        if published is None or published not in public:
            return None
        return urls.relative(page_url, urls.attachment(published))

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


def _template_problem(exc: jinja2.TemplateError, page: Page) -> TemplateProblem:
    import traceback

    line, name = None, page.template
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            line, name = frame.lineno, frame.filename
            break
    return TemplateProblem(name, line, page.source, str(exc))


def write_pages(site: Site, docs: Path, audience: Audience = PUBLIC) -> list[Page]:
    """Render every page into `docs`; each URL is written once."""
    env = environment(site, audience)
    written: dict[str, Page] = {}
    for page in plan_pages(site, audience):
        if page.url in written:
            raise RuntimeError(f"two pages for {page.url}: {written[page.url].source} and {page.source}")
        written[page.url] = page
        target = docs / urls.docs_file(page.url)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_page(env, site, page), encoding="utf-8")
    return list(written.values())
