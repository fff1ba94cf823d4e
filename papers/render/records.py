"""Figures derived from the model for the site: attendance and the decisions register."""

from __future__ import annotations

from dataclasses import dataclass

from papers.model.audience import PUBLIC, Audience
from papers.model.site import Meeting, Member, Minute, Site


@dataclass(frozen=True)
class Attendance:
    attended: int
    expected: int
    meetings: tuple[tuple[Meeting, bool], ...]  # (meeting, present?) oldest first


def attendance(site: Site, member: Member) -> Attendance:
    """Meetings with minutes where the member held a seat (or substituted): present or not."""
    rows = []
    for meeting in site.meetings:
        if meeting.minutes is None:
            continue
        present = any(a.member is member for a in meeting.minutes.present)
        seated = any(
            seat.member is member and seat.role != "substitute" for seat in meeting.committee.seats_on(meeting.date)
        )
        if seated or present:
            rows.append((meeting, present))
    return Attendance(sum(1 for _, present in rows if present), len(rows), tuple(rows))


@dataclass(frozen=True)
class Decision:
    meeting: Meeting
    minute: Minute


def decisions(site: Site, audience: Audience = PUBLIC) -> tuple[Decision, ...]:
    """Every minute with a resolution the audience may read, newest meeting first, then in minute order."""
    found = [
        Decision(meeting, minute)
        for meeting in site.meetings
        if meeting.minutes
        for minute in meeting.minutes.minutes
        if minute.resolved and audience.shows_minute(minute)
    ]
    return tuple(sorted(found, key=lambda d: (-d.meeting.date.toordinal(), d.meeting.committee.slug, d.minute.number)))


def committees_of(site: Site, member: Member) -> tuple[tuple[str, str], ...]:
    """(committee slug, role) for each committee the member currently sits on."""
    return tuple(
        (committee.slug, seat.role)
        for committee in site.committees
        for seat in committee.seats
        if seat.member is member and seat.until is None
    )
