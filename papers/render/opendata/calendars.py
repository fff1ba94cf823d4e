"""iCalendar files (RFC 5545) for calendar apps: all meetings, each committee's and each member's.

A calendar app subscribed to one of these (the `webcal://` links on the pages) reads it again
every few hours and updates the events it already has: each meeting's UID is made from its
content path (committee folder and meeting folder, at the site's host name), so it never
changes, and its SEQUENCE counts the steps of the meeting's life (lifecycle.sequence), so a
changed meeting replaces the copy a calendar imported once. Times are in the site's time zone,
with a VTIMEZONE covering the calendar's years. A cancelled meeting keeps its event, marked
STATUS:CANCELLED; a postponed one is TENTATIVE and says so in its title.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

import icalendar

from papers import dates
from papers.model.site import Committee, Meeting, Member, Site
from papers.render import urls
from papers.render.opendata import Published, clean, lifecycle
from papers.render.output import Outputs

PRODUCT = "-//committee-papers//Committee meetings//EN"
REFRESH = dt.timedelta(hours=6)
STATUS = {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}


def write_calendars(site: Site, where: Published, outputs: Outputs) -> None:
    settings = site.root / "site.yml"
    events = Events(where)
    everything = f"{site.settings.name}: all committee meetings"
    _write(outputs, urls.meetings_calendar(), settings, site, events, everything, site.meetings)
    for committee in site.committees:
        title = f"{site.settings.name}: {committee.name}"
        _write(
            outputs,
            urls.committee_calendar(committee),
            committee.source,
            site,
            events,
            title,
            site.meetings_of(committee),
        )
    attended = meetings_of_members(site)
    for member in site.members:
        title = f"{site.settings.name}: meetings of {member.display_name}"
        meetings = attended.get(id(member), ())
        _write(outputs, urls.member_calendar(member), member.source, site, events, title, meetings)


def meetings_of_member(site: Site, member: Member) -> tuple[Meeting, ...]:
    """The meetings of the committees where the member held a seat that day (not as a substitute),
    and any other meeting whose minutes record them present."""
    return meetings_of_members(site).get(id(member), ())


def meetings_of_members(site: Site) -> dict[int, tuple[Meeting, ...]]:
    """`meetings_of_member` for every member at once, by the member's id(): one pass over the meetings."""
    found: dict[int, list[Meeting]] = {}
    for meeting in site.meetings:
        seated = [seat.member for seat in meeting.committee.seats_on(meeting.date) if seat.role != "substitute"]
        present = [person.member for person in meeting.minutes.present] if meeting.minutes is not None else []
        for member_id in dict.fromkeys(id(member) for member in seated + present if member is not None):
            found.setdefault(member_id, []).append(meeting)
    return {member_id: tuple(meetings) for member_id, meetings in found.items()}


def _write(
    outputs: Outputs, url: str, source: Path, site: Site, events: Events, title: str, meetings: Iterable[Meeting]
) -> None:
    outputs.write_bytes(url, events.calendar_bytes(site, url, title, tuple(meetings)), source)


class Events:
    """Each meeting's event made and written out once in a build, however many calendars it is in (the
    calendar of all meetings, its committee's, each member's): the events are most of a calendar's bytes."""

    def __init__(self, where: Published) -> None:
        self.where = where
        self._events: dict[Meeting, icalendar.Event] = {}
        self._bytes: dict[Meeting, bytes] = {}
        self._zones: dict[Meeting, set[str]] = {}
        self._timezones: dict[tuple[str, dt.date, dt.date], icalendar.Timezone | None] = {}

    def event(self, meeting: Meeting) -> icalendar.Event:
        if meeting not in self._events:
            self._events[meeting] = event(self.where, meeting)
        return self._events[meeting]

    def calendar_bytes(self, site: Site, url: str, title: str, meetings: tuple[Meeting, ...]) -> bytes:
        """`calendar(...).to_ical()`, with each event's lines written once: a calendar's lines are its own
        (properties, time zones) then its events', each line ending CRLF, so they can be joined as bytes. The
        time zones are those `add_missing_timezones` adds, found once per event and made once per build."""
        found = calendar(site, self.where, url, title, ())
        found.subcomponents = self._time_zones(meetings)
        own = found.to_ical()
        end = b"END:VCALENDAR\r\n"
        if not own.endswith(end):  # not the layout this relies on: icalendar has changed
            raise ValueError(f"unexpected end of an iCalendar file: {own[-40:]!r}")
        return own[: -len(end)] + b"".join(self._written(meeting) for meeting in meetings) + end

    def _time_zones(self, meetings: tuple[Meeting, ...]) -> list[icalendar.Component]:
        """The VTIMEZONEs of `calendar()` for these meetings: one for each time zone their events' times are in
        (but UTC), covering their years as `calendar()` does; as icalendar's add_missing_timezones, none for
        a zone it does not know."""
        if not meetings:
            return []
        first = dt.date(min(meeting.date for meeting in meetings).year, 1, 1)
        last = dt.date(max(meeting.date for meeting in meetings).year + 2, 1, 1)
        used = set().union(*(self._zones_of(meeting) for meeting in meetings)) - {"UTC"}
        found = [self._time_zone(tzid, first, last) for tzid in sorted(used)]
        return [zone for zone in found if zone is not None]

    def _zones_of(self, meeting: Meeting) -> set[str]:
        """The TZID parameters of a meeting's event, as icalendar's get_used_tzids finds them."""
        if meeting not in self._zones:
            items = self.event(meeting).property_items(sorted=False)
            self._zones[meeting] = {value.params.get("TZID") for _, value in items if hasattr(value, "params")} - {None}
        return self._zones[meeting]

    def _time_zone(self, tzid: str, first: dt.date, last: dt.date) -> icalendar.Timezone | None:
        if (tzid, first, last) not in self._timezones:
            try:
                made = icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)
            except ValueError:
                made = None
            self._timezones[(tzid, first, last)] = made
        return self._timezones[(tzid, first, last)]

    def _written(self, meeting: Meeting) -> bytes:
        if meeting not in self._bytes:
            self._bytes[meeting] = self.event(meeting).to_ical()
        return self._bytes[meeting]


def calendar(
    site: Site,
    where: Published,
    url: str,
    title: str,
    meetings: tuple[Meeting, ...],
    made: Callable[[Meeting], icalendar.Event] | None = None,
) -> icalendar.Calendar:
    """One calendar of `meetings` (oldest first), published at `url`; `made` gives each meeting's event."""
    found = icalendar.Calendar()
    found.add("prodid", PRODUCT)
    found.add("version", "2.0")
    found.add("calscale", "GREGORIAN")
    found.add("method", "PUBLISH")
    found.add("name", clean(title))
    found.add("x-wr-calname", clean(title))
    found.add("x-wr-timezone", where.zone.key)
    found.add("source", where.of(url), parameters={"VALUE": "URI"})
    found.add("url", where.of(urls.data()), parameters={"VALUE": "URI"})
    found.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    found.add("x-published-ttl", "PT6H")
    for meeting in meetings:
        found.add_component(made(meeting) if made else event(where, meeting))
    if meetings:  # the time zone's rules for the years of these meetings (fixed by the content, not the clock)
        first = min(meeting.date for meeting in meetings)
        last = max(meeting.date for meeting in meetings)
        found.add_missing_timezones(first_date=dt.date(first.year, 1, 1), last_date=dt.date(last.year + 2, 1, 1))
    return found


def uid(where: Published, meeting: Meeting) -> str:
    """Stable: the meeting's content path (committee folder / meeting folder) at the site's host."""
    return f"{meeting.committee.slug}/{meeting.slug}@{where.host}"


def event(where: Published, meeting: Meeting) -> icalendar.Event:
    found = icalendar.Event()
    found.add("uid", uid(where, meeting))
    stamp = dt.datetime.combine(lifecycle.modified(meeting), dt.time(0, 0), tzinfo=dt.UTC)
    found.add("dtstamp", stamp)
    found.add("last-modified", stamp)
    found.add("created", dt.datetime.combine(lifecycle.created(meeting), dt.time(0, 0), tzinfo=dt.UTC))
    found.add("sequence", lifecycle.sequence(meeting))
    begin = lifecycle.starts(meeting, where.zone)
    if begin is None:
        found.add("dtstart", meeting.date)  # a day, no time known
    else:
        found.add("dtstart", begin)
        end = lifecycle.ends(meeting, where.zone)
        if end is not None:
            found.add("dtend", end)
    found.add("summary", clean(summary(meeting)))
    found.add("status", STATUS.get(meeting.status, "CONFIRMED"))
    if meeting.venue:
        found.add("location", clean(meeting.venue))
    found.add("url", where.of(urls.meeting(meeting)), parameters={"VALUE": "URI"})
    found.add("description", clean(description(where, meeting)))
    if meeting.committee.short_name:
        found.add("categories", [clean(meeting.committee.short_name)])
    for file_name, _ in urls.packs_of(meeting)[:1]:  # the agenda pack
        found.add("attach", where.of(urls.pack(meeting, file_name)), parameters={"FMTTYPE": "application/pdf"})
    return found


def summary(meeting: Meeting) -> str:
    name = committee_title(meeting.committee, meeting)
    if meeting.status == "cancelled":
        return f"CANCELLED: {name}"
    if meeting.status == "postponed":
        return f"POSTPONED: {name}"
    return name


def committee_title(committee: Committee, meeting: Meeting) -> str:
    return f"{committee.name}: {meeting.title}" if meeting.title else committee.name


def description(where: Published, meeting: Meeting) -> str:
    lines = []
    if meeting.status in ("cancelled", "postponed"):
        lines.append(
            f"This meeting has been {meeting.status}." + (f" {meeting.status_note}" if meeting.status_note else "")
        )
    when = dates.long_date(meeting.date) + (f" at {dates.clock(meeting.time)}" if meeting.time else "")
    lines.append(f"{committee_title(meeting.committee, meeting)}, {when}.")
    if not meeting.agenda_is_published:
        lines.append(f"The agenda has not been published yet: {where.of(urls.meeting(meeting))}")
    else:
        lines.append(f"Agenda and papers: {where.of(urls.meeting(meeting))}")
        for file_name, label in urls.packs_of(meeting):
            lines.append(f"{label} (PDF): {where.of(urls.pack(meeting, file_name))}")
        if meeting.minutes is not None:
            lines.append(f"Minutes ({meeting.minutes.status}): {where.of(urls.minutes(meeting))}")
    return "\n".join(lines)
