"""schema.org data (JSON-LD) for meeting and member pages: an Event and a Person.

Search engines and other readers take a meeting's name, time, place, status and organiser from
the page itself. Made from the projected site like the page around it, with full addresses, so
only for the public site at its `url` (papers/render/opendata/__init__.py). The JSON is printed
inside `<script type="application/ld+json">`, so `<`, `>` and `&` are written as `\\u003c` and so
on: no text can end the script element.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from papers.model.site import Meeting, Member, Site
from papers.render import urls
from papers.render.opendata import Published, lifecycle, published

EVENT_STATUS = {
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}


def meeting_script(site: Site, meeting: Meeting) -> Markup | None:
    where = published(site)
    return script(meeting_event(site, where, meeting)) if where is not None else None


def member_script(site: Site, member: Member) -> Markup | None:
    where = published(site)
    return script(member_person(site, where, member)) if where is not None else None


def script(data: dict[str, Any]) -> Markup:
    """JSON for a `<script>` element: nothing in it can close the element or start a comment."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def council(site: Site, where: Published) -> dict[str, Any]:
    return {"@type": "GovernmentOrganization", "name": site.settings.name, "url": where.base}


def meeting_event(site: Site, where: Published, meeting: Meeting) -> dict[str, Any]:
    committee = meeting.committee
    begin = lifecycle.starts(meeting, where.zone)
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": f"{committee.name}: {meeting.title}" if meeting.title else committee.name,
        "url": where.of(urls.meeting(meeting)),
        "startDate": begin.isoformat() if begin is not None else meeting.date.isoformat(),
        "eventStatus": EVENT_STATUS.get(meeting.status, "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    end = lifecycle.ends(meeting, where.zone)
    if end is not None:
        event["endDate"] = end.isoformat()
    if meeting.venue:
        event["location"] = {"@type": "Place", "name": meeting.venue, "address": meeting.venue}
    event["organizer"] = {
        "@type": "GovernmentOrganization",
        "name": committee.name,
        "url": where.of(urls.committee(committee)),
        "parentOrganization": council(site, where),
    }
    event["isAccessibleForFree"] = True
    return event


def member_person(site: Site, where: Published, member: Member) -> dict[str, Any]:
    person: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": member.name,
        "url": where.of(urls.member(member)),
    }
    if member.honorific:
        person["honorificPrefix"] = member.honorific
    if member.email:
        person["email"] = member.email
    if member.phone:
        person["telephone"] = member.phone
    if member.address:
        person["address"] = ", ".join(member.address)
    if member.party is not None:
        person["affiliation"] = {"@type": "Organization", "name": member.party.name}
    committees = [
        {"@type": "GovernmentOrganization", "name": committee.name, "url": where.of(urls.committee(committee))}
        for committee in site.committees
        if any(seat.member is member and seat.until is None for seat in committee.seats)
    ]
    person["memberOf"] = [council(site, where), *committees] if not member.left else []
    return person
