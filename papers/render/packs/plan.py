"""Planning packs (main process): the papers of each meeting in agenda order, and the pack's HTML.

Reads only the projected Site (papers/render/project.py): a withheld paper is
already reduced to its number, title and notice, so it prints as a notice page.
A pack is planned without its HTML (PlannedPack: the template's context); the HTML
is rendered only for a pack that is not in the cache (its key: papers/render/packs/key.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from papers import dates
from papers.model import notices
from papers.model.site import AgendaItem, Appendix, Meeting, Report, Site
from papers.render import urls
from papers.render.agenda import agenda_notices, printed_membership, printed_sections
from papers.render.markup import render
from papers.render.pages import content_path
from papers.render.templating import environment
from papers.render.templating import render as render_template

RANGE_TOKEN = "\u2063range:{}\u2063"  # invisible separators: cannot occur in content by accident
# Around the papers in the pack's HTML, so that the worker can lay out the front sheet alone (pdf.py).
PAPERS_BEGIN = "<!--\u2063papers\u2063-->"
PAPERS_END = "<!--\u2063/papers\u2063-->"


@dataclass(frozen=True, eq=False)
class Paper:
    kind: str  # report, appendix, withheld, minutes, supplied
    anchor: str
    item: AgendaItem
    title: str
    bookmark: str
    bookmark_class: str = "bookmark-1"
    report: Report | None = None
    appendix: Appendix | None = None
    text: str | None = None
    meeting: Meeting | None = None
    notice: notices.Notice | None = None  # of a withheld paper
    paragraph: int | None = None
    marking: str = ""  # "NOT FOR PUBLICATION - ..." on every page of a private paper (members' build)
    page_count: int = 1
    supplied_file: str | None = None
    footer: str = ""  # printed at the foot of each of its pages ("DRAFT"): the report's `footer`
    group_bookmark: str | None = None  # the item's outline entry, over papers nested under it


@dataclass(frozen=True, eq=False)
class Entry:
    item: AgendaItem
    note: str | None
    pages: Markup | str  # a range token until the worker fills it in


@dataclass(frozen=True, eq=False)
class Section:
    heading: str | None
    note: str | None
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class PackJob:
    """Everything a worker needs to make one PDF (and the front sheet taken from it): plain, picklable data."""

    folder: str  # the meeting's docs folder, e.g. committees/kct-board/2011-03-04
    name: str
    front_sheet_name: str | None
    html: str
    ranges: tuple[tuple[str, str, str], ...]  # (token key, first paper anchor, last paper anchor)
    supplied: tuple[tuple[str, str, int, str], ...]  # (anchor, absolute file path, page count, heading)
    allowed_files: tuple[str, ...]  # absolute paths WeasyPrint may read (images in papers)
    created: str
    source: str  # the content file the pack is made from (for messages)
    papers_from_one: bool = False  # the front sheet unnumbered and padded; the papers numbered from 1
    front_sheet_title: str = ""  # the front sheet's own document title (its PDF's metadata)


@dataclass(frozen=True, eq=False)
class PlannedPack:
    """A pack before its HTML: its job with the HTML left empty, and the template and context that make it."""

    stub: PackJob  # html == ""
    env: jinja2.Environment
    template: str
    context: dict[str, Any]  # what the template is given besides the environment's globals (`site` among them)

    def job(self) -> PackJob:
        """The job with its HTML rendered (for a pack the cache does not hold)."""
        html = _render(self.env, self.template, Path(self.stub.source), self.context)
        return dataclasses.replace(self.stub, html=html)


def plan_packs(site: Site) -> list[PackJob]:
    """Every pack's job, its HTML rendered."""
    return [planned.job() for planned in plan(site)]


def plan(site: Site) -> list[PlannedPack]:
    """Every pack of the site, in meeting order, its HTML not yet rendered."""
    env = environment(site, "packs")
    env.globals["markdown"] = _pack_markdown(site)
    packs: list[PlannedPack] = []
    for meeting in site.meetings:
        listed = meeting.agenda_items
        if listed:  # none: no agenda yet (a draft), nothing on it, or a meeting known only by its minutes
            packs.append(agenda_job(site, env, meeting, "agenda", [item for item in listed if not item.supplementary]))
            extra = [item for item in listed if item.supplementary]
            if extra:
                packs.append(agenda_job(site, env, meeting, "supplementary", extra))
        if meeting.minutes is not None and (listed or meeting.minutes_only):
            packs.append(minutes_job(env, meeting))
    return packs


def agenda_job(
    site: Site, env: jinja2.Environment, meeting: Meeting, kind: str, items: list[AgendaItem]
) -> PlannedPack:
    papers = list(papers_for(site, items, meeting))
    ranges: list[tuple[str, str, str]] = []

    def entry(item: AgendaItem) -> Entry:
        own = [paper for paper in papers if paper.item is item]
        if item.withdrawn:
            return Entry(item, item.withdrawn_reason or notices.WITHDRAWN, "")
        if not own:
            note = notices.SUPPLEMENTARY_ELSEWHERE if item.supplementary and kind == "agenda" else None
            return Entry(item, note, "")
        key = f"{len(ranges)}"
        ranges.append((key, own[0].anchor, own[-1].anchor))
        note = str(notices.withheld_notice(item.exempt_paragraph, item.confidential)) if item.is_private else None
        return Entry(item, note, Markup(RANGE_TOKEN.format(key)))

    # The agenda lists every published item (supplementary ones as "published separately"); a supplementary
    # pack lists only its own items. Sections and items as written, private ones in place with their notice.
    shown = {id(item) for item in (meeting.agenda_items if kind == "agenda" else items)}
    sections = [
        Section(printed.heading, printed.note, tuple(entry(item) for item in printed.items))
        for printed in printed_sections(meeting, lambda item: id(item) in shown)
        if printed.items or kind == "agenda"
    ]
    published = meeting.supplementary_published if kind == "supplementary" else meeting.agenda_published
    pack_title = "Supplementary agenda pack" if kind == "supplementary" else "Agenda pack"
    if any(paper.marking for paper in papers):
        pack_title += notices.MEMBERS_EDITION
    committee_date = f"{meeting.committee.name} - {dates.plain_date(meeting.date)}"
    pack = {
        "kind": kind,
        "title": f"{committee_date} - {pack_title}",
        "running_head": committee_date,
        "description": f"{pack_title} for the meeting of the {meeting.committee.name} on "
        f"{dates.long_date(meeting.date)}",
        "created": _timestamp(published or meeting.date),
        "published": published,
        "front_bookmark": "Supplementary agenda" if kind == "supplementary" else "Agenda",
        "number_front_sheet": site.settings.number_front_sheet and site.settings.page_numbering == "front-sheet",
        "membership": printed_membership(meeting.committee, meeting.date),
        "standing_notices": agenda_notices(site, meeting),
        "sections": sections,
        "papers": papers,
        "cover": site.settings.cover_page,
        "papers_begin": Markup(PAPERS_BEGIN),
        "papers_end": Markup(PAPERS_END),
    }
    stub = PackJob(
        folder=urls.pack_folder(meeting),
        name=urls.SUPPLEMENTARY_PACK if kind == "supplementary" else urls.AGENDA_PACK,
        front_sheet_name=urls.FRONT_SHEET if kind == "agenda" else None,
        html="",
        ranges=tuple(ranges),
        supplied=tuple(
            (paper.anchor, str(site.root / paper.supplied_file), paper.page_count, paper.title)
            for paper in papers
            if paper.supplied_file
        ),
        allowed_files=_images(site, papers),
        created=str(pack["created"]),
        source=str(meeting.source),
        papers_from_one=site.settings.page_numbering == "papers",
        front_sheet_title=str(pack["title"]).replace("Agenda pack", "Agenda front sheet", 1),
    )
    return PlannedPack(stub, env, "agenda.html.j2", {"meeting": meeting, "pack": pack})


def minutes_job(env: jinja2.Environment, meeting: Meeting) -> PlannedPack:
    assert meeting.minutes is not None
    committee_date = f"{meeting.committee.name} - {dates.plain_date(meeting.date)}"
    marking = minutes_marking(meeting)
    pack = {
        "title": f"{committee_date} - Minutes" + (notices.MEMBERS_EDITION if marking else ""),
        "running_head": f"{committee_date} - Minutes",
        "marking": marking,
        "description": f"Minutes of the meeting of the {meeting.committee.name} on {dates.long_date(meeting.date)}",
        "created": _timestamp(meeting.date),
        "front_bookmark": "Minutes",
    }
    stub = PackJob(
        folder=urls.pack_folder(meeting),
        name=urls.PRINTED_MINUTES,
        front_sheet_name=None,
        html="",
        ranges=(),
        supplied=(),
        allowed_files=(),
        created=str(pack["created"]),
        source=str(meeting.minutes.source),
    )
    return PlannedPack(stub, env, "minutes.html.j2", {"meeting": meeting, "pack": pack})


def papers_for(site: Site, items: Sequence[AgendaItem], meeting: Meeting) -> Iterator[Paper]:
    """Every paper of these items, in agenda order; of a withheld item, a notice page in place of its papers."""
    for item in items:
        if item.withdrawn:
            continue
        slug = "item-" + re.sub(r"[^a-z0-9]+", "-", item.number.lower()).strip("-")
        label = f"{item.number} {item.title}"
        if item.withheld:
            if item.withheld_papers:
                yield Paper(
                    "withheld",
                    f"{slug}-withheld",
                    item,
                    item.title,
                    label,
                    paragraph=item.exempt_paragraph,
                    notice=notices.withheld_notice(item.exempt_paragraph, item.confidential),
                )
            continue
        yield from minutes_papers(item, meeting, slug, label)
        for report in item.reports:
            yield Paper(
                "report",
                f"{slug}-{report.slug}",
                item,
                report.subject,
                label,
                report=report,
                marking=item.marking or "",
                footer=report.footer or "",
            )
            yield from appendix_papers(site, item, report, f"{slug}-{report.slug}")


def minutes_papers(item: AgendaItem, meeting: Meeting, slug: str, label: str) -> Iterator[Paper]:
    """The minutes an item takes. One set of the committee's own minutes is the item's paper; several sets, or
    another body's, are each headed and bookmarked with their body and date, nested under the item."""
    sets = [earlier for earlier in item.minutes_of if earlier.minutes is not None]
    nested = len(sets) > 1 or any(earlier.committee is not meeting.committee for earlier in sets)
    for index, earlier in enumerate(sets):
        on = dates.plain_date(earlier.date)
        anchor = f"{slug}-minutes-{earlier.committee.slug}-{earlier.slug}"
        if not nested:
            yield Paper(
                "minutes",
                anchor,
                item,
                f"Minutes of the meeting held on {on}",
                label,
                meeting=earlier,
                marking=minutes_marking(earlier),
            )
            continue
        yield Paper(
            "minutes",
            anchor,
            item,
            f"Minutes of the meeting of the {earlier.committee.name} held on {on}",
            f"{earlier.committee.name}, {on}",
            bookmark_class="bookmark-2",
            group_bookmark=label if index == 0 else None,
            meeting=earlier,
            marking=minutes_marking(earlier),
        )


def appendix_papers(site: Site, item: AgendaItem, report: Report, prefix: str) -> Iterator[Paper]:
    for index, appendix in enumerate(report.appendices, start=1):
        anchor, label = f"{prefix}-appendix-{index}", appendix.heading
        common: dict[str, Any] = {
            "bookmark_class": "bookmark-2",
            "report": report,
            "appendix": appendix,
            "footer": report.footer or "",
        }
        if appendix.withheld:
            yield Paper(
                "withheld",
                anchor,
                item,
                label,
                label,
                paragraph=appendix.exempt_paragraph,
                notice=notices.withheld_notice(appendix.exempt_paragraph, False),
                **common,
            )
        elif appendix.is_pdf:
            from pypdf import PdfReader

            count = len(PdfReader(site.root / appendix.file).pages)
            yield Paper(
                "supplied",
                anchor,
                item,
                label,
                label,
                page_count=count,
                supplied_file=appendix.file,
                marking=appendix.marking or "",
                **common,
            )
        else:
            yield Paper(
                "appendix",
                anchor,
                item,
                label,
                label,
                text=appendix.text,
                marking=appendix.marking or "",
                **common,
            )


def minutes_marking(meeting: Meeting) -> str:
    """The marking of printed minutes that hold private minutes (members' build), else ""."""
    if meeting.minutes is None:
        return ""
    return notices.combined_marking({minute.marking for minute in meeting.minutes.minutes}) or ""


def _pack_markdown(site: Site) -> Any:
    """Markdown for print: images come from content/ (only published files); links print as text; footnotes
    without their back-links (a glyph on paper, papers/render/markup.py)."""
    published = frozenset(site.attachments)

    def markdown(text: str | None, folder: str | None = None, id_prefix: str = "", top_level: int = 2) -> Markup:
        def resolve_in_folder(target: str, attribute: str) -> str | None:
            if folder is None or attribute != "src":
                return None
            path = content_path(folder, target)
            return (site.root / path).as_uri() if path in published else None

        return Markup(render(text, resolve_in_folder, id_prefix=id_prefix, top_level=top_level, for_print=True))

    return markdown


def _render(env: jinja2.Environment, name: str, source: Path, context: dict[str, Any]) -> str:
    return render_template(env, name, source, context)


def _images(site: Site, papers: list[Paper]) -> tuple[str, ...]:
    files: set[str] = set()
    for paper in papers:
        if paper.report is not None and paper.kind == "report":
            files.update(paper.report.linked)
        if paper.appendix is not None and paper.kind == "appendix":
            files.update(paper.appendix.linked)
    published = set(site.attachments)
    return tuple(sorted(str(site.root / path) for path in files if path in published))


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+00:00"
