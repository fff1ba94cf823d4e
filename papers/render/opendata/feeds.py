"""Atom feeds (RFC 4287) of what is newly published: the whole site, and each committee.

Entries: an agenda published, supplementary items published, minutes (draft, then approved)
and the decisions they record. Each is dated by the content's own dates (lifecycle.py), never
the clock, and identified by the address of what it announces plus a fragment naming the kind
of news, so a feed reader never shows the same news twice. Summaries are plain text made from
the projected site: an exempt or confidential item appears by its number and title only, as on
the agenda.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from papers import dates
from papers.model import notices
from papers.model.site import AgendaItem, Committee, Meeting, Minute, Site
from papers.render import urls
from papers.render.opendata import Published, clean, decision, lifecycle
from papers.render.output import Outputs

SITE_ENTRIES = 100  # the newest entries of the whole site's feed
COMMITTEE_ENTRIES = 50


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    link: str
    published: dt.date
    updated: dt.date
    summary: str
    committee: Committee


def write_feeds(site: Site, where: Published, outputs: Outputs) -> None:
    found = sorted(entries(site, where), key=lambda entry: (-entry.updated.toordinal(), entry.id))
    title = f"{site.settings.name}: committee papers"
    outputs.write_bytes(
        urls.whats_new_feed(),
        feed(site, where, urls.whats_new_feed(), title, found[:SITE_ENTRIES]),
        site.root / "site.yml",
    )
    for committee in site.committees:
        own = [entry for entry in found if entry.committee is committee][:COMMITTEE_ENTRIES]
        url = urls.committee_feed(committee)
        outputs.write_bytes(
            url, feed(site, where, url, f"{site.settings.name}: {committee.name}", own), committee.source
        )


def feed(site: Site, where: Published, url: str, title: str, found: list[Entry]) -> bytes:
    generator = FeedGenerator()
    generator.id(where.of(url))
    generator.title(clean(title))
    generator.subtitle("Agendas, supplementary items, minutes and decisions as they are published")
    author = {"name": clean(site.settings.name), "uri": where.base}
    if site.settings.democratic_services.email:
        author["email"] = clean(site.settings.democratic_services.email)
    generator.author(author)
    generator.link(href=where.of(url), rel="self", type="application/atom+xml")
    generator.link(href=where.of(urls.home()), rel="alternate", type="text/html")
    generator.language(site.settings.language)
    generator.generator("committee-papers")
    newest = max((entry.updated for entry in found), default=lifecycle.site_modified(site))
    generator.updated(lifecycle.start_of(newest, where.zone))
    for entry in found:
        added = generator.add_entry(order="append")
        added.id(entry.id)
        added.title(clean(entry.title))
        added.link(href=entry.link, rel="alternate", type="text/html")
        added.published(lifecycle.start_of(entry.published, where.zone))
        added.updated(lifecycle.start_of(entry.updated, where.zone))
        added.summary(clean(entry.summary), type="text")
    return bytes(generator.atom_str(pretty=True))


def entries(site: Site, where: Published) -> Iterator[Entry]:
    for meeting in site.meetings:
        yield from meeting_entries(where, meeting)


def meeting_entries(where: Published, meeting: Meeting) -> Iterator[Entry]:
    name = f"{meeting.committee.name}, {dates.plain_date(meeting.date)}"
    page = where.of(urls.meeting(meeting))
    agenda = lifecycle.agenda_published(meeting)
    if agenda is not None:
        items = [
            item for item in meeting.agenda_items if not item.supplementary or meeting.supplementary_published is None
        ]
        yield Entry(
            f"{page}#agenda-published",
            f"Agenda published: {name}",
            page,
            agenda,
            agenda,
            _agenda_summary(meeting, items),
            meeting.committee,
        )
    supplementary = lifecycle.supplementary_published(meeting)
    if supplementary is not None:
        items = [item for item in meeting.agenda_items if item.supplementary]
        yield Entry(
            f"{page}#supplementary-published",
            f"Supplementary agenda published: {name}",
            page,
            supplementary,
            supplementary,
            _agenda_summary(meeting, items),
            meeting.committee,
        )
    minutes = meeting.minutes
    written = lifecycle.minutes_published(meeting)
    if minutes is None or written is None:
        return
    link = where.of(urls.minutes(meeting))
    yield Entry(
        f"{link}#minutes",
        f"Minutes ({minutes.status}): {name}",
        link,
        meeting.date,
        written,
        f"The {minutes.status} minutes of the meeting of {name}.",
        meeting.committee,
    )
    decided = [minute for minute in minutes.minutes if minute.resolutions]
    if decided:
        lines = [f"{_minute_name(minute)}: {decision(minute)}" for minute in decided]
        yield Entry(
            f"{link}#decisions", f"Decisions: {name}", link, meeting.date, written, "\n".join(lines), meeting.committee
        )


def _agenda_summary(meeting: Meeting, items: list[AgendaItem]) -> str:
    when = dates.long_date(meeting.date) + (f" at {dates.clock(meeting.time)}" if meeting.time else "")
    where = f", {meeting.venue}" if meeting.venue else ""
    lines = [f"{meeting.committee.name}, {when}{where}."]
    lines += [f"{item.number} {item.title}{_item_note(item)}" for item in items]
    return "\n".join(lines)


def _item_note(item: AgendaItem) -> str:
    if item.withdrawn:
        return f" ({notices.WITHDRAWN.lower()})"
    if item.withheld or item.is_private:
        return f" ({notices.withheld_notice(item.exempt_paragraph, item.confidential).heading}: not for publication)"
    return ""


def _minute_name(minute: Minute) -> str:
    return f"Minute {minute.number}: {minute.title}" if minute.number is not None else minute.title
