"""The agenda as printed, one layout for the meeting page and the agenda pack, so they print the same.

Sections as written (an empty one with its note too), items in their sections in the order written,
private items in place with their notice; notices on every agenda, and the webcasting notice only
where the meeting is webcast; the membership with the places the council prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from papers.content.settings import Notice
from papers.model.site import AgendaItem, AgendaSection, Committee, Meeting, Seat, Site


@dataclass(frozen=True)
class PrintedSection:
    heading: str | None  # "A. UNRESTRICTED ITEMS"; None for an agenda written as a plain list of items
    note: str | None  # as written under the heading
    items: tuple[AgendaItem, ...]
    anchor: str  # its id on the meeting page: "section-a" from its label, else by position


def printed_sections(meeting: Meeting, shown: Callable[[AgendaItem], bool]) -> tuple[PrintedSection, ...]:
    """The (projected) meeting's sections with the items `shown` in this output; a section written with no
    items is printed (with its note); one that has items but none shown here is not."""
    printed = []
    for index, section in enumerate(meeting.sections, start=1):
        items = tuple(item for item in section.items if shown(item))
        if items or _written_empty(section):
            anchor = "section-" + (re.sub(r"[^a-z0-9]+", "-", (section.label or "").lower()).strip("-") or str(index))
            printed.append(PrintedSection(section.heading, section.note, items, anchor))
    return tuple(printed)


def _written_empty(section: AgendaSection) -> bool:
    return section.written and not section.items


def agenda_notices(site: Site, meeting: Meeting) -> tuple[Notice, ...]:
    """The site's notices for this meeting's agenda: every standing notice, webcasting ones if it is webcast."""
    return tuple(notice for notice in site.notices if notice.applies_to == "every-agenda" or meeting.webcast)


@dataclass(frozen=True)
class PrintedMembership:
    heading: str  # "Membership (12)", or "Membership" when the committee gives no size
    groups: tuple[tuple[str, tuple[Seat, ...]], ...]  # ("Conservative (11)", seats), ("Other members", ...)


def printed_membership(committee: Committee, day: dt.date | None) -> PrintedMembership:
    """The members on `day` (None: the current membership) grouped by party, with the places the committee
    gives ("Conservative (11)"): parties in the order of `party_seats`, then the largest group first."""
    seats = committee.seats_on(day) if day is not None else tuple(s for s in committee.seats if s.until is None)
    groups: dict[str, list[Seat]] = {}
    others: list[Seat] = []
    for seat in seats:
        if seat.member is not None and seat.member.party is not None:
            groups.setdefault(seat.member.party.slug, []).append(seat)
        else:
            others.append(seat)
    places = {party.slug: count for party, count in committee.party_places}
    names = {seat.member.party.slug: seat.member.party.name for seat in seats if seat.member and seat.member.party}
    names.update((party.slug, party.name) for party, _ in committee.party_places)
    given = [slug for slug in places if slug in groups or places[slug]]
    rest = sorted((slug for slug in groups if slug not in places), key=lambda slug: (-len(groups[slug]), names[slug]))
    printed = []
    for slug in given + rest:
        label = f"{names[slug]} ({places[slug]})" if slug in places else names[slug]
        printed.append((label, tuple(groups.get(slug, ()))))
    if others:
        printed.append(("Other members" if groups or places else "Members", tuple(others)))
    size = committee.size
    if size is None and len(printed) > 1:
        size = len(seats)  # as before: the count of the places named, when there is more than one group
    return PrintedMembership(f"Membership ({size})" if size is not None else "Membership", tuple(printed))
