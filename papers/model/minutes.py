"""Resolving minutes: attendance, declarations, minute items and numbering.

Minute numbers run on across a committee's meetings (15, 16, 17 ... at the
next meeting), restart each municipal year (May to April), or restart at
every meeting, as the site or committee's `minute_numbering` says.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from papers.content.schema import MinutesRecord
from papers.model.site import Attendee, Committee, Declaration, Meeting, Member, Minute, Minutes

if TYPE_CHECKING:
    from papers.content.validate import Validated
    from papers.model.resolve import Resolver


def resolve_minutes(
    resolver: Resolver,
    entry: Validated,
    meeting: Meeting,
    members: dict[str, Member],
    meetings: dict[tuple[str, str], tuple[Validated, Meeting]],
) -> Minutes:
    record: MinutesRecord = entry.record  # type: ignore[assignment]
    if meeting.status != "held":
        resolver.problem(
            entry,
            (),
            "E217",
            f"minutes exist but the meeting's status is `{meeting.status}`",
            "set `status: held` in meeting.md once the meeting has taken place",
        )
    approved_at = None
    if record.status == "approved":
        approved_at = _approving_meeting(resolver, entry, record, meeting, meetings)
    items = {item.number.strip().upper(): item for item in meeting.agenda_items}

    def member(path: tuple, slug: str | None) -> Member | None:
        if slug is None:
            return None
        found = members.get(slug)
        if found is None and not resolver.is_broken(f"members/{slug}.md"):
            close = difflib.get_close_matches(slug, sorted(members), n=1, cutoff=0.6)
            resolver.problem(
                entry,
                path,
                "E202",
                f"member `{slug}` does not exist",
                f"did you mean `{close[0]}`?" if close else "members are named after their file in content/members/",
            )
        return found

    def item(path: tuple, number: str | None):
        if number is None:
            return None
        found = items.get(number.strip().upper())
        if found is None:
            resolver.problem(
                entry,
                path,
                "E205",
                f"agenda item `{number}` is not on this meeting's agenda",
                "agenda items: " + ", ".join(i.number for i in meeting.agenda_items),
            )
        return found

    def attendees(field: str, check_seat: bool) -> tuple[Attendee, ...]:
        result = []
        for index, person in enumerate(getattr(record, field)):
            found = member((field, index, "member"), person.member)
            substitute_for = member((field, index, "substitute_for"), person.substitute_for)
            if person.member is None:
                result.append(Attendee(None, person.name, person.organisation, person.role, substitute_for))
                continue
            if found is None:
                continue
            if check_seat and not _sits_on(found, meeting) and substitute_for is None:
                resolver.problem(
                    entry,
                    (field, index, "member"),
                    "W302",
                    f"{found.display_name} is recorded as present but does not sit on "
                    f"{meeting.committee.name} on {meeting.date:%d %B %Y}",
                    "add `substitute_for:`, list them under `also_present:`, or check the membership dates",
                )
            result.append(Attendee(found, found.display_name, person.organisation, person.role, substitute_for))
        return tuple(result)

    present = attendees("present", True)
    also_present = attendees("also_present", False)
    apologies = tuple(m for index, slug in enumerate(record.apologies) if (m := member(("apologies", index), slug)))
    declarations = tuple(
        Declaration(m, item(("declarations", index, "item"), declared.item), declared.interest)
        for index, declared in enumerate(record.declarations)
        if (m := member(("declarations", index, "member"), declared.member))
    )
    minutes = tuple(
        _minute(resolver, entry, index, minute, item(("minutes", index, "item"), minute.item), meeting)
        for index, minute in enumerate(record.minutes)
    )
    return Minutes(
        record.status,
        approved_at,
        record.started,
        record.ended,
        present,
        also_present,
        tuple(record.in_attendance),
        apologies,
        declarations,
        minutes,
        entry.source.body.strip(),
        entry.source.path,
    )


def _minute(resolver: Resolver, entry: Validated, index: int, record, item, meeting: Meeting) -> Minute:
    """A minute is private if it says so or its agenda item is; one that looks like a private item must say so."""
    if record.item is None and not (record.exempt_paragraph or record.confidential):
        twin = next(
            (
                candidate
                for candidate in meeting.agenda_items
                if candidate.is_private and candidate.title.strip().casefold() == record.title.strip().casefold()
            ),
            None,
        )
        if twin is not None:
            resolver.problem(
                entry,
                ("minutes", index, "title"),
                "E234",
                f"minute {record.number} has the title of private item {twin.number} but does not name "
                "its item, so its text and resolutions would be published",
                f"add `item: {twin.number}` (or `exempt_paragraph:` / `confidential: yes` if it is "
                "other business taken in private)",
            )
    paragraph = record.exempt_paragraph or (item.exempt_paragraph if item is not None else None)
    confidential = record.confidential or (item is not None and item.confidential)
    return Minute(
        record.number,
        item,
        record.title,
        record.text,
        tuple(_without_that(resolution) for resolution in record.resolved),
        paragraph,
        confidential,
    )


def _without_that(resolution: str) -> str:
    """Resolutions print after "RESOLVED that"; accept them written with or without the "that"."""
    head, _, rest = resolution.partition(" ")
    return rest if head.lower() == "that" and rest else resolution


def _approving_meeting(resolver, entry, record: MinutesRecord, meeting: Meeting, meetings) -> Meeting | None:
    if record.approved_at is None:
        resolver.problem(
            entry,
            ("status",),
            "E117",
            "minutes are `approved` but do not say at which meeting",
            "add `approved_at:` with the folder name of the meeting that approved them, e.g. 2011-11-17",
        )
        return None
    committee, _, slug = record.approved_at.strip().strip("/").rpartition("/")
    found = meetings.get((committee or meeting.committee.slug, slug))
    if found is None:
        if resolver.is_broken(f"committees/{committee or meeting.committee.slug}/{slug}/meeting.md"):
            return None
        resolver.problem(
            entry,
            ("approved_at",),
            "E206",
            f"meeting `{record.approved_at}` does not exist",
            "write the folder name of the approving meeting, e.g. 2011-11-17",
        )
        return None
    if found[1].date <= meeting.date:
        resolver.problem(
            entry,
            ("approved_at",),
            "E117",
            f"minutes of {meeting.date.isoformat()} cannot be approved at a meeting on {found[1].date.isoformat()}",
            "name a later meeting of the committee",
        )
    return found[1]


def _sits_on(member: Member, meeting: Meeting) -> bool:
    return any(seat.member is member for seat in meeting.committee.seats_on(meeting.date))


def check_minute_numbering(resolver: Resolver, committee: Committee, entries: dict[Meeting, Validated]) -> None:
    """Numbers run on from the previous minutes (per the numbering rule), without gaps or repeats."""
    previous_last: int | None = None
    previous_period: object = None
    for meeting in committee.meetings:
        if meeting.minutes is None:
            continue
        period = _numbering_period(committee.minute_numbering, meeting)
        entry = entries[meeting]
        if previous_last is None:  # the archive may begin part-way through a numbering run
            expected = meeting.minutes.minutes[0].number if meeting.minutes.minutes else 1
        else:
            expected = 1 if period != previous_period else previous_last + 1
        for index, minute in enumerate(meeting.minutes.minutes):
            path = ("minutes", index, "number")
            if minute.number == expected:
                expected += 1
            elif minute.number > expected:
                resolver.problem(
                    entry,
                    path,
                    "E212",
                    f"minute {minute.number} follows "
                    f"{_previous(expected)}: number{'s' if minute.number - expected > 1 else ''} "
                    f"{_span(expected, minute.number - 1)} missing",
                    _numbering_hint(committee),
                )
                expected = minute.number + 1
            else:
                resolver.problem(
                    entry,
                    path,
                    "E213",
                    f"minute {minute.number} repeats or goes back: expected {expected}",
                    _numbering_hint(committee),
                )
                expected = max(expected, minute.number + 1)
        if meeting.minutes.minutes:
            previous_last, previous_period = expected - 1, period


def _numbering_period(rule: str, meeting: Meeting) -> object:
    if rule == "per-meeting":
        return meeting
    if rule == "municipal-year":
        return meeting.date.year if meeting.date.month >= 5 else meeting.date.year - 1
    return None


def _previous(expected: int) -> str:
    return f"minute {expected - 1}" if expected > 1 else "the start"


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def _numbering_hint(committee: Committee) -> str:
    return (
        f"minutes of {committee.name} are numbered `{committee.minute_numbering}`: "
        "each set carries on from the previous one"
    )
