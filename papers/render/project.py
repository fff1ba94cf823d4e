"""Stage 4, project: the site as one audience may see it, before anything is rendered.

Every later stage (pages, packs, file copying, the site build) and every template,
the council's own overrides included, receives only the projected Site. What the
audience may not read is not hidden by a test in a template: it is not there.

- A draft agenda keeps its meeting's date, time, venue and status; no items, no
  papers, no notes.
- An unpublished supplementary item is left out.
- A withdrawn item keeps its number and title (and, unless private, its reason).
- A private item (exempt or confidential) that the audience may not see keeps
  its number, title and the facts its notice needs (paragraph or confidential,
  and whether papers were withheld); its text, lead officer, reports, minutes
  taken and statements are gone. Its minute keeps number and title only.
- An exempt appendix of a public report keeps its label, title and paragraph.
- In the members' build every private paper carries its marking instead.
- `Site.attachments` becomes the files the audience's papers use and no withheld
  paper uses, of kinds that cannot run as a page.
- Only the public site has the public address (`url` in site.yml): the members' edition is
  published elsewhere, so nothing in it (links, calendars, feeds, open data) may claim it.
"""

from __future__ import annotations

from dataclasses import replace

from papers.model import notices
from papers.model.audience import Audience, is_attachment_kind, paper_files
from papers.model.site import (
    AgendaItem,
    Appendix,
    Declaration,
    Meeting,
    Minute,
    Minutes,
    Report,
    Site,
)


def project(site: Site, audience: Audience) -> Site:
    projected: dict[int, Meeting] = {}  # by id() of the resolved meeting, filled oldest first
    for meeting in site.meetings:
        projected[id(meeting)] = _meeting(meeting, audience, projected)
    settings = site.settings if audience.is_public else site.settings.model_copy(update={"url": None})
    return replace(
        site, settings=settings, meetings=tuple(projected.values()), attachments=published_files(site, audience)
    )


def published_files(site: Site, audience: Audience) -> tuple[str, ...]:
    """Content files that the audience's papers use: only these are copied into its site.

    A file that a withheld paper uses is never copied, even when a shown paper links to it too
    (check warns, W304), and only kinds of file that cannot run as a page are copied at all.
    """
    shown, withheld = paper_files(site, audience)
    files = {path for path in shown - withheld if is_attachment_kind(path)}
    if site.logo and site.logo not in withheld:
        files.add(site.logo)
    return tuple(sorted(files))


def _meeting(meeting: Meeting, audience: Audience, earlier: dict[int, Meeting]) -> Meeting:
    if not meeting.agenda_is_published:
        return replace(meeting, sections=(), reports=(), notes="", minutes=None)
    items: dict[int, AgendaItem] = {}
    sections = []
    for section in meeting.sections:
        pairs = [(item, _item(item, audience, earlier)) for item in section.items if meeting.item_is_published(item)]
        items.update((id(old), new) for old, new in pairs)
        # A section written with no items is printed as written (an empty exempt section with its note);
        # one whose items are all unpublished (supplementary, not yet out) is left out with them.
        if pairs or (section.written and not section.items):
            sections.append(replace(section, items=tuple(new for _, new in pairs)))
    reports = tuple(report for item in items.values() for report in item.reports)
    minutes = _minutes(meeting.minutes, audience, items) if meeting.minutes is not None else None
    return replace(meeting, sections=tuple(sections), reports=reports, minutes=minutes)


def _item(item: AgendaItem, audience: Audience, earlier: dict[int, Meeting]) -> AgendaItem:
    if not audience.shows_item(item):
        return AgendaItem(
            number=item.number,
            title=item.title,
            text=None,
            lead=None,
            reports=(),
            minutes_of=(),
            exempt_paragraph=item.exempt_paragraph,
            public_interest=None,
            confidential=item.confidential,
            exclusion_motion=item.exclusion_motion,
            supplementary=item.supplementary,
            urgent=item.urgent,
            urgency_reason=None,
            withdrawn=item.withdrawn,
            withdrawn_reason=None,
            withheld=True,
            withheld_papers=bool(item.reports) and not item.withdrawn,
        )
    marking = notices.marking(item.exempt_paragraph, item.confidential) if audience.sees_private else None
    if item.withdrawn:
        return replace(item, text=None, lead=None, reports=(), minutes_of=(), marking=marking)
    return replace(
        item,
        reports=tuple(_report(report, item, audience) for report in item.reports),
        minutes_of=tuple(earlier[id(taken)] for taken in item.minutes_of),
        marking=marking,
    )


def _report(report: Report, item: AgendaItem, audience: Audience) -> Report:
    return replace(report, appendices=tuple(_appendix(appendix, item, audience) for appendix in report.appendices))


def _appendix(appendix: Appendix, item: AgendaItem, audience: Audience) -> Appendix:
    if not audience.shows_appendix(appendix):
        return Appendix(
            label=appendix.label,
            title=appendix.title,
            file="",
            is_pdf=appendix.is_pdf,
            exempt_paragraph=appendix.exempt_paragraph,
            withheld=True,
        )
    if not audience.sees_private:
        return appendix
    own = notices.marking(appendix.exempt_paragraph, False)
    return replace(appendix, marking=notices.marking(item.exempt_paragraph, item.confidential) or own)


def _minutes(minutes: Minutes, audience: Audience, items: dict[int, AgendaItem]) -> Minutes:
    def item_of(item: AgendaItem | None) -> AgendaItem | None:
        return items.get(id(item)) if item is not None else None

    return replace(
        minutes,
        minutes=tuple(_minute(minute, audience, item_of(minute.item)) for minute in minutes.minutes),
        declarations=tuple(
            Declaration(member=declared.member, item=item_of(declared.item), interest=declared.interest)
            for declared in minutes.declarations
        ),
    )


def _minute(minute: Minute, audience: Audience, item: AgendaItem | None) -> Minute:
    if not audience.shows_minute(minute):
        return Minute(
            number=minute.number,
            anchor=minute.anchor,
            item=item,
            item_number=minute.item_number,
            title=minute.title,
            text=None,
            resolutions=(),
            exempt_paragraph=minute.exempt_paragraph,
            confidential=minute.confidential,
            withheld=True,
        )
    marking = notices.marking(minute.exempt_paragraph, minute.confidential) if audience.sees_private else None
    return replace(minute, item=item, marking=marking)
