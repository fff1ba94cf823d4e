"""What each page shows, computed in Python from the projected Site: templates only lay it out.

Every function takes the site as the audience may see it (papers/render/project.py)
and returns the template's context: grouped and sorted lists, counts, look-ups.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from papers import dates
from papers.model.site import Committee, Meeting, Member, Minute, Minutes, Party, Site
from papers.render import urls
from papers.render.agenda import agenda_notices, printed_membership, printed_sections
from papers.render.opendata import links, structured
from papers.render.urls import packs_of

Context = dict[str, Any]
NOT_YET_HELD = ("scheduled", "postponed")
T = TypeVar("T")

# The meetings calendar and the decisions register have a page for each municipal year, and a year whose list
# is long is split into pages of at most about PAGE_BUDGET bytes of HTML each (estimated from the text they
# show: _meeting_weight, _decisions_weight): with the theme's header and navigation (about 12 KB), every page
# stays well under 100 KB however many years or meetings the archive holds (tests/test_year_pages.py).
PAGE_BUDGET = 50_000
UPCOMING_ON_INDEX = 40
RECENT_ON_INDEX = 10


@dataclass(frozen=True)
class Attendance:
    attended: int
    expected: int
    meetings: tuple[tuple[Meeting, bool], ...]  # (meeting, present?) oldest first


@dataclass(frozen=True)
class Group:
    """A heading and what is listed under it (a municipal year, a month, a party, a meeting)."""

    key: str
    label: str
    entries: tuple[Any, ...]


@dataclass(frozen=True)
class ListPage:
    """One page of an archive-wide list (the meetings calendar, the decisions register): a municipal year, or
    one of the pages a busy year is split into."""

    url: str
    year: str  # "2010/11"
    number: int  # of the year's pages, from 1
    groups: tuple[Group, ...]  # what the page lists, under its headings
    meetings: tuple[Meeting, ...]  # the meetings it covers, newest first

    @property
    def first(self) -> dt.date:
        return self.meetings[-1].date

    @property
    def last(self) -> dt.date:
        return self.meetings[0].date


@dataclass(frozen=True)
class Year:
    """A municipal year of an archive-wide list, and its pages."""

    year: str
    pages: tuple[ListPage, ...]
    entries: int  # meetings (calendar) or decisions (register) listed

    @property
    def url(self) -> str:
        return self.pages[0].url

    @property
    def meetings(self) -> int:
        return sum(len(page.meetings) for page in self.pages)


def list_page(years: tuple[Year, ...], index_url: str, year: Year, page: ListPage) -> Context:
    """The context of one page of a year: its entries, and links to the year's other pages and the years beside."""
    position = years.index(year)
    return {
        "year": year,
        "list_page": page,
        "index_url": index_url,
        "newer": years[position - 1] if position > 0 else None,
        "older": years[position + 1] if position + 1 < len(years) else None,
    }


def home(site: Site) -> Context:
    published = sorted(
        (m for m in site.meetings if m.agenda_published), key=lambda m: m.agenda_published or m.date, reverse=True
    )
    return {"upcoming": upcoming(site), "recent": tuple(published[:10]), "subscribe": links.site_subscription(site)}


def calendar(site: Site) -> Context:
    """The meetings calendar's index: what is coming up, the latest meetings held, a page for each year."""
    held = [meeting for meeting in reversed(site.meetings) if meeting.status not in NOT_YET_HELD]
    return {
        "upcoming": upcoming(site)[:UPCOMING_ON_INDEX],
        "more_upcoming": len(upcoming(site)) > UPCOMING_ON_INDEX,
        "recent": tuple(held[:RECENT_ON_INDEX]),
        "years": calendar_years(site),
        "subscribe": links.site_subscription(site),
    }


def calendar_years(site: Site) -> tuple[Year, ...]:
    """Every meeting, whatever its status, on the pages of its municipal year: newest first, by month."""

    def months(meetings: Sequence[Meeting]) -> tuple[Group, ...]:
        return tuple(
            Group(key, dates.plain_date(group[0].date).split(" ", 1)[1], tuple(group))
            for key, grouped in itertools.groupby(meetings, key=lambda meeting: meeting.date.strftime("%Y-%m"))
            if (group := list(grouped))
        )

    newest_first = tuple(reversed(site.meetings))
    return _years(newest_first, lambda meeting: meeting, lambda _: 1, _meeting_weight, months, urls.calendar_year)


def upcoming(site: Site) -> tuple[Meeting, ...]:
    """Meetings not yet held (scheduled or postponed), soonest first."""
    return tuple(meeting for meeting in site.meetings if meeting.status in NOT_YET_HELD)


def committees(site: Site) -> Context:
    return {"committees": tuple((committee, len(site.meetings_of(committee))) for committee in site.committees)}


def committee(site: Site, committee: Committee) -> Context:
    newest_first = tuple(reversed(site.meetings_of(committee)))
    years = tuple(
        Group(year.replace("/", "-"), year, tuple(group))
        for year, group in itertools.groupby(newest_first, key=lambda meeting: dates.municipal_year(meeting.date))
    )
    membership = printed_membership(committee, None)
    subscribe = links.committee_subscription(site, committee)
    return {"committee": committee, "years": years, "membership": membership, "subscribe": subscribe}


def member(site: Site, member: Member) -> Context:
    seats = tuple((found, seat) for found in site.committees for seat in found.seats if seat.member is member)
    return {
        "member": member,
        "seats": seats,
        "attendance": attendance(site, member),
        "subscribe": links.member_subscription(site, member),
        "structured_data": structured.member_script(site, member),
    }


def attendance(site: Site, member: Member) -> Attendance:
    """Meetings with minutes where the member held a seat (or substituted): present or not."""
    rows = []
    for meeting in site.meetings:
        if meeting.minutes is None:
            continue
        present = any(attendee.member is member for attendee in meeting.minutes.present)
        seated = any(
            seat.member is member and seat.role != "substitute" for seat in meeting.committee.seats_on(meeting.date)
        )
        if seated or present:
            rows.append((meeting, present))
    return Attendance(sum(1 for _, present in rows if present), len(rows), tuple(rows))


def members(site: Site) -> Context:
    current = [found for found in site.members if not found.left]
    parties: list[tuple[Party, tuple[Member, ...]]] = []
    for party in site.parties:
        in_party = tuple(sorted((found for found in current if found.party is party), key=lambda m: m.name))
        if in_party:
            parties.append((party, in_party))
    by_area = tuple(sorted(current, key=lambda found: found.area or ""))
    return {"parties": tuple(parties), "by_area": by_area, "former": tuple(m for m in site.members if m.left)}


def decisions(site: Site) -> Context:
    """The decisions register's index: a page for each municipal year."""
    return {"years": decision_years(site)}


def decision_years(site: Site) -> tuple[Year, ...]:
    """Every minute with a resolution the audience may read, on the pages of its meeting's municipal year:
    newest meeting first, then in minute order; a meeting's decisions are never split between pages."""
    found = sorted(
        (
            (meeting, minute)
            for meeting in site.meetings
            if meeting.minutes
            for minute in meeting.minutes.minutes
            if minute.resolutions
        ),
        key=lambda pair: (-pair[0].date.toordinal(), pair[0].committee.slug),  # stable: minutes stay in order
    )
    groups = tuple(
        Group(
            f"{meeting.committee.slug}-{meeting.slug}",
            f"{meeting.committee.name}, {dates.plain_date(meeting.date)}",
            (meeting, tuple(minute for _, minute in pairs)),
        )
        for meeting, pairs in itertools.groupby(found, key=lambda pair: pair[0])
    )
    return _years(
        groups,
        lambda group: group.entries[0],
        lambda group: len(group.entries[1]),
        _decisions_weight,
        tuple,
        urls.decisions_year,
    )


def meeting(site: Site, meeting: Meeting) -> Context:
    minutes_by_item: dict[str, Minute] = {}
    if meeting.minutes is not None:
        minutes_by_item = {minute.item.number: minute for minute in meeting.minutes.minutes if minute.item}
    return {
        "meeting": meeting,
        "documents": packs_of(meeting),
        "minutes_by_item": minutes_by_item,
        "sections": printed_sections(meeting, lambda item: True),
        "standing_notices": agenda_notices(site, meeting),
        "structured_data": structured.meeting_script(site, meeting),
    }


def minutes(meeting: Meeting, minutes: Minutes) -> Context:
    substitutes = tuple(attendee for attendee in minutes.present if attendee.substitute_for)
    return {"meeting": meeting, "minutes": minutes, "substitutes": substitutes}


def data(site: Site) -> Context:
    """The "Data and feeds" page: every calendar, feed and table there is, or none without the site's address."""
    committees = tuple(
        (committee, found)
        for committee in site.committees
        if (found := links.committee_subscription(site, committee)) is not None
    )
    return {"subscribe": links.site_subscription(site), "committees": committees, "oparl": links.oparl_entry(site)}


def _years(
    units: Sequence[T],
    meeting_of: Callable[[T], Meeting],
    count: Callable[[T], int],
    weight: Callable[[T], int],
    grouped: Callable[[Sequence[T]], tuple[Any, ...]],
    url: Callable[[str, int], str],
) -> tuple[Year, ...]:
    """`units` (newest first) by municipal year, each year cut into pages of at most PAGE_BUDGET (a unit larger
    than that has a page of its own); `count` is how many entries a unit lists (a meeting, a meeting's decisions),
    `grouped` makes a page's units into the groups its template lays out."""
    years = []
    for year, in_year in itertools.groupby(units, key=lambda unit: dates.municipal_year(meeting_of(unit).date)):
        listed = list(in_year)
        pages: list[list[T]] = [[]]
        used = 0
        for unit in listed:
            cost = weight(unit)
            if pages[-1] and used + cost > PAGE_BUDGET:
                pages.append([])
                used = 0
            pages[-1].append(unit)
            used += cost
        made = tuple(
            ListPage(
                url(year, number),
                year,
                number,
                grouped(page),
                tuple(dict.fromkeys(meeting_of(unit) for unit in page)),
            )
            for number, page in enumerate(pages, start=1)
        )
        years.append(Year(year, made, sum(count(unit) for unit in listed)))
    return tuple(years)


def _meeting_weight(meeting: Meeting) -> int:
    """About the bytes of a meeting's line in the calendar: its link, date, committee and status."""
    return 140 + len(meeting.committee.slug) + len(meeting.committee.name)


def _decisions_weight(group: Group) -> int:
    """About the bytes of a meeting's decisions in the register: its heading, each minute's link and title, and
    each resolution as printed. (The theme's table of contents does not list the headings: they are HTML.)"""
    meeting, minutes = group.entries
    return (
        90
        + len(group.key)
        + len(group.label)
        + sum(
            130
            + len(meeting.committee.slug)
            + len(minute.title)
            + len(minute.marking or "")
            + sum(60 + len(resolution.summary) + 45 * len(resolution.parts) for resolution in minute.resolutions)
            for minute in minutes
        )
    )


def search(site: Site) -> Context:
    """The search page's choices: each kind of document, committee and municipal year there is to narrow by."""
    from papers.render.search import KINDS

    years = sorted({dates.municipal_year(meeting.date) for meeting in site.meetings}, reverse=True)
    return {
        "kinds": tuple(KINDS.items()),
        "committees": tuple(committee.name for committee in sorted(site.committees, key=lambda c: c.name)),
        "years": tuple(years),
    }
