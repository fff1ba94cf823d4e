"""What each page shows, computed in Python from the projected Site: templates only lay it out.

Every function takes the site as the audience may see it (papers/render/project.py)
and returns the template's context: grouped and sorted lists, counts, look-ups.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from papers import dates
from papers.model.site import Committee, Meeting, Member, Minute, Minutes, Party, Site
from papers.render.agenda import agenda_notices, printed_membership, printed_sections
from papers.render.opendata import links, structured
from papers.render.urls import packs_of

Context = dict[str, Any]
NOT_YET_HELD = ("scheduled", "postponed")


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


def home(site: Site) -> Context:
    published = sorted(
        (m for m in site.meetings if m.agenda_published), key=lambda m: m.agenda_published or m.date, reverse=True
    )
    return {"upcoming": upcoming(site), "recent": tuple(published[:10]), "subscribe": links.site_subscription(site)}


def calendar(site: Site) -> Context:
    past = [meeting for meeting in reversed(site.meetings) if meeting.status not in NOT_YET_HELD]
    months = tuple(
        Group(key, dates.plain_date(group[0].date).split(" ", 1)[1], tuple(group))
        for key, grouped in itertools.groupby(past, key=lambda meeting: meeting.date.strftime("%Y-%m"))
        if (group := list(grouped))
    )
    return {"upcoming": upcoming(site), "months": months, "subscribe": links.site_subscription(site)}


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
    """Every minute with a resolution the audience may read, newest meeting first, then in minute order."""
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
    return {"groups": groups}


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


def search(site: Site) -> Context:
    """The search page's choices: each kind of document, committee and municipal year there is to narrow by."""
    from papers.render.search import KINDS

    years = sorted({dates.municipal_year(meeting.date) for meeting in site.meetings}, reverse=True)
    return {
        "kinds": tuple(KINDS.items()),
        "committees": tuple(committee.name for committee in sorted(site.committees, key=lambda c: c.name)),
        "years": tuple(years),
    }
