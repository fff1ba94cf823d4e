"""The core of the OParl files: addresses, dates, object headers, lists and keys (see oparl.py).

oparl.py (the body, its organisations and people) and oparl_meetings.py (meetings and their papers)
both build on OParlGraph; neither imports the other's objects back."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from papers.model.site import AgendaItem, Committee, Meeting, Minute, Report, Seat, Site
from papers.render import urls
from papers.render.opendata import Published, lifecycle

SCHEMA = "https://schema.oparl.org/1.1/"
PER_PAGE = 100  # the specification recommends paginating lists of more than 100 objects
Json = dict[str, Any]

MEETING_STATE = {"held": "durchgeführt"}
PACK_ROLES = {
    urls.AGENDA_PACK: "invitation",
    urls.PRINTED_MINUTES: "resultsProtocol",
    urls.FRONT_SHEET: "auxiliaryFile",
    urls.SUPPLEMENTARY_PACK: "auxiliaryFile",
}


class OParlGraph:
    """What every OParl object is built with: addresses, dates, headers, and the files and lists made so far."""

    def __init__(self, site: Site, where: Published, per_page: int = PER_PAGE) -> None:
        self.site, self.where, self.per_page = site, where, per_page
        self.settings_file = site.root / "site.yml"
        self.created = self.time(lifecycle.site_created(site))
        self.modified = self.time(lifecycle.site_modified(site))
        self.out: dict[str, tuple[Json, Path]] = {}
        self.lists: dict[str, list[Json]] = {}

    # --- addresses and dates ---

    def id(self, kind: str, key: str) -> str:
        return self.where.of(urls.oparl_object(kind, key))

    def list_id(self, name: str, page: int = 1) -> str:
        return self.where.of(urls.oparl_list(name, page))

    def time(self, day: dt.date) -> str:
        return lifecycle.start_of(day, self.where.zone).isoformat()

    def base(self, kind: str, key: str, created: str, modified: str, *, main: bool = True) -> Json:
        found: Json = {"id": self.id(kind, key), "type": SCHEMA + _TYPES[kind]}
        found["created"], found["modified"] = created, modified
        if main:
            found["deleted"] = False
        return found

    def emit(self, found: Json, source: Path, list_name: str | None) -> Json:
        """Write `found` at its own address and add it to a list of the body."""
        self.out[found["id"].removeprefix(self.where.base)] = (found, source)
        if list_name is not None:
            self.lists.setdefault(list_name, []).append(found)
        return found

    def paged(self, name: str, members: list[Json], source: Path) -> None:
        pages = [members[start : start + self.per_page] for start in range(0, len(members), self.per_page)] or [[]]
        for number, data in enumerate(pages, start=1):
            links = {"first": self.list_id(name), "self": self.list_id(name, number)}
            links["last"] = self.list_id(name, len(pages))
            if number > 1:
                links["prev"] = self.list_id(name, number - 1)
            if number < len(pages):
                links["next"] = self.list_id(name, number + 1)
            pagination = {
                "totalElements": len(members),
                "elementsPerPage": self.per_page,
                "currentPage": number,
                "totalPages": len(pages),
            }
            self.out[urls.oparl_list(name, number)] = ({"data": data, "pagination": pagination, "links": links}, source)


_TYPES = {
    "body": "Body",
    "organization": "Organization",
    "person": "Person",
    "membership": "Membership",
    "meeting": "Meeting",
    "agenda-item": "AgendaItem",
    "paper": "Paper",
    "consultation": "Consultation",
    "file": "File",
    "location": "Location",
}


def contact_of(email: str | None, name: str | None) -> Json:
    found: Json = {}
    if email:
        found["contactEmail"] = email
    if name:
        found["contactName"] = name
    return found


def embedded(found: Json, parent: str) -> Json:
    """An object as printed inside its parent: without its reference back to the parent (`parent` names that
    property), as the specification asks."""
    return {key: value for key, value in found.items() if key != parent}


def seat_keys(committee: Committee) -> list[tuple[str, Seat]]:
    """Each seat's key (committee folder / member file, numbered when a member holds several seats)."""
    counts: dict[str, int] = {}
    keys = []
    for seat in committee.seats:
        who = seat.member.slug if seat.member is not None else _slug(seat.name)
        counts[who] = counts.get(who, 0) + 1
        keys.append((f"{committee.slug}/{who}-{counts[who]}", seat))
    return keys


def _slug(text: str, limit: int = 60) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-") or "x"


def location_key(venue: str) -> str:
    """A venue's key: readable, and unique for each distinct venue text (a short hash of it)."""
    return f"{_slug(venue, 40)}-{hashlib.sha256(venue.encode('utf-8')).hexdigest()[:8]}"


def item_keys(items: Iterable[AgendaItem]) -> dict[int, str]:
    """Each agenda item's key from its number (`B1` -> `b1`, `10.1` -> `10-1`), made unique in its meeting."""
    keys: dict[int, str] = {}
    taken: set[str] = set()
    for item in items:
        key = _slug(item.number)
        while key in taken:
            key += "-x"
        taken.add(key)
        keys[id(item)] = key
    return keys


def minute_of(meeting: Meeting, item: AgendaItem) -> Minute | None:
    """The published minute of an agenda item (None when there is none, or it is withheld)."""
    if meeting.minutes is None:
        return None
    for minute in meeting.minutes.minutes:
        if minute.item is item and not minute.withheld:
            return minute
    return None


def report_key(meeting: Meeting, report: Report) -> str:
    return f"{meeting.committee.slug}/{meeting.slug}/{report.slug}"
