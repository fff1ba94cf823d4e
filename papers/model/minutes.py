"""Resolving minutes: attendance, declarations, minute items and numbering.

Minute numbers run on across a committee's meetings (15, 16, 17 ... at the
next meeting), restart each municipal year (May to April), or restart at
every meeting, as the site or committee's `minute_numbering` says.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from papers.content.schema import MeetingRecord, MinuteRecord, MinutesRecord
from papers.content.validate import Validated
from papers.content.yamlread import Path_
from papers.model.references import References
from papers.model.site import (
    AgendaItem,
    Attendee,
    Committee,
    Declaration,
    Meeting,
    MeetingRef,
    Member,
    Minute,
    Minutes,
)


@dataclass(frozen=True)
class MinutesContext:
    """What minutes may refer to besides their own meeting: members, and every meeting by (committee, folder)."""

    members: Mapping[str, Member]
    meetings: Mapping[tuple[str, str], MeetingRef]


@dataclass(frozen=True)
class _Minutes:
    """One minutes.md being resolved: where to report, and what its meeting was."""

    refs: References
    entry: Validated
    context: MinutesContext
    committee: Committee
    meeting: MeetingRecord
    items: tuple[AgendaItem, ...]

    def problem(self, path: Path_, code: str, message: str, hint: str | None = None) -> None:
        self.refs.problem(self.entry, path, code, message, hint)

    def member(self, path: Path_, slug: str | None) -> Member | None:
        if slug is None:
            return None
        found = self.context.members.get(slug)
        if found is None and not self.refs.is_broken(f"members/{slug}.md"):
            close = difflib.get_close_matches(slug, sorted(self.context.members), n=1, cutoff=0.6)
            self.problem(
                path,
                "E202",
                f"member `{slug}` does not exist",
                f"did you mean `{close[0]}`?" if close else "members are named after their file in content/members/",
            )
        return found

    def item(self, path: Path_, number: str | None) -> AgendaItem | None:
        if number is None:
            return None
        found = next((item for item in self.items if item.number.strip().upper() == number.strip().upper()), None)
        if found is None:
            self.problem(
                path,
                "E205",
                f"agenda item `{number}` is not on this meeting's agenda",
                "agenda items: " + ", ".join(item.number for item in self.items),
            )
        return found

    def attendees(self, field: str, check_seat: bool) -> tuple[Attendee, ...]:
        record: MinutesRecord = self.entry.record  # type: ignore[assignment]
        result = []
        for index, person in enumerate(getattr(record, field)):
            found = self.member((field, index, "member"), person.member)
            substitute_for = self.member((field, index, "substitute_for"), person.substitute_for)
            if person.member is not None and found is None:
                continue
            if (
                found is not None
                and check_seat
                and substitute_for is None
                and not _sits_on(found, self.committee, self.meeting.date)
            ):
                self.problem(
                    (field, index, "member"),
                    "W302",
                    f"{found.display_name} is recorded as present but does not sit on "
                    f"{self.committee.name} on {self.meeting.date:%d %B %Y}",
                    "add `substitute_for:`, list them under `also_present:`, or check the membership dates",
                )
            result.append(
                Attendee(
                    member=found,
                    name=found.display_name if found else person.name,
                    organisation=person.organisation,
                    role=person.role,
                    substitute_for=substitute_for,
                )
            )
        return tuple(result)


def resolve_minutes(
    refs: References,
    entry: Validated,
    context: MinutesContext,
    committee: Committee,
    meeting: MeetingRecord,
    items: tuple[AgendaItem, ...],
) -> Minutes:
    record: MinutesRecord = entry.record  # type: ignore[assignment]
    resolving = _Minutes(refs, entry, context, committee, meeting, items)
    if meeting.status != "held":
        resolving.problem(
            (),
            "E217",
            f"minutes exist but the meeting's status is `{meeting.status}`",
            "set `status: held` in meeting.md once the meeting has taken place",
        )
    approved_at = _approving_meeting(resolving, record) if record.status == "approved" else None
    return Minutes(
        status=record.status,
        approved_at=approved_at,
        started=record.started,
        ended=record.ended,
        present=resolving.attendees("present", True),
        also_present=resolving.attendees("also_present", False),
        in_attendance=tuple(record.in_attendance),
        apologies=tuple(
            found
            for index, slug in enumerate(record.apologies)
            if (found := resolving.member(("apologies", index), slug))
        ),
        declarations=tuple(
            Declaration(
                member=found,
                item=resolving.item(("declarations", index, "item"), declared.item),
                interest=declared.interest,
            )
            for index, declared in enumerate(record.declarations)
            if (found := resolving.member(("declarations", index, "member"), declared.member))
        ),
        minutes=tuple(_minute(resolving, index, minute) for index, minute in enumerate(record.minutes)),
        preamble=entry.source.body.strip(),
        source=entry.source.path,
    )


def _minute(resolving: _Minutes, index: int, record: MinuteRecord) -> Minute:
    """A minute is private if it says so or its agenda item is; one that looks like a private item must say so."""
    item = resolving.item(("minutes", index, "item"), record.item)
    if record.item is None and not (record.exempt_paragraph or record.confidential):
        title = record.title.strip().casefold()
        twin = next(
            (found for found in resolving.items if found.is_private and found.title.strip().casefold() == title), None
        )
        if twin is not None:
            resolving.problem(
                ("minutes", index, "title"),
                "E234",
                f"minute {record.number} has the title of private item {twin.number} but does not name "
                "its item, so its text and resolutions would be published",
                f"add `item: {twin.number}` (or `exempt_paragraph:` / `confidential: yes` if it is "
                "other business taken in private)",
            )
    return Minute(
        number=record.number,
        item=item,
        title=record.title,
        text=record.text,
        resolved=tuple(_without_that(resolution) for resolution in record.resolved),
        exempt_paragraph=record.exempt_paragraph or (item.exempt_paragraph if item is not None else None),
        confidential=record.confidential or (item is not None and item.confidential),
    )


def _without_that(resolution: str) -> str:
    """Resolutions print after "RESOLVED that"; accept them written with or without the "that"."""
    head, _, rest = resolution.partition(" ")
    return rest if head.lower() == "that" and rest else resolution


def _approving_meeting(resolving: _Minutes, record: MinutesRecord) -> MeetingRef | None:
    if record.approved_at is None:
        resolving.problem(
            ("status",),
            "E117",
            "minutes are `approved` but do not say at which meeting",
            "add `approved_at:` with the folder name of the meeting that approved them, e.g. 2011-11-17",
        )
        return None
    committee, _, slug = record.approved_at.strip().strip("/").rpartition("/")
    committee = committee or resolving.committee.slug
    found = resolving.context.meetings.get((committee, slug))
    if found is None:
        if not resolving.refs.is_broken(f"committees/{committee}/{slug}/meeting.md"):
            resolving.problem(
                ("approved_at",),
                "E206",
                f"meeting `{record.approved_at}` does not exist",
                "write the folder name of the approving meeting, e.g. 2011-11-17",
            )
        return None
    if found.date <= resolving.meeting.date:
        resolving.problem(
            ("approved_at",),
            "E117",
            f"minutes of {resolving.meeting.date.isoformat()} cannot be approved at a meeting on "
            f"{found.date.isoformat()}",
            "name a later meeting of the committee",
        )
    return found


def _sits_on(member: Member, committee: Committee, day: dt.date) -> bool:
    return any(seat.member is member for seat in committee.seats_on(day))


def check_minute_numbering(
    refs: References, committee: Committee, meetings: Sequence[Meeting], entries: Mapping[Meeting, Validated]
) -> None:
    """Numbers run on from the previous minutes (per the numbering rule), without gaps or repeats."""
    previous_last: int | None = None
    previous_period: object = None
    for meeting in meetings:
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
                refs.problem(
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
                refs.problem(
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
