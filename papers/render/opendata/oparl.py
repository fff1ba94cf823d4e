"""OParl 1.1 open data as static JSON files under `oparl/v1.1/`, reached from `system.json`.

OParl is the published standard for council information systems' data (System, Body,
Organization, Person, Membership, Meeting, AgendaItem, Paper, Consultation, File, Location).
Every object is a file at its own `id` (an absolute address made from the site's `url` and the
content path of what it describes), and the body's object lists are paginated files. The
mapping of English committee papers onto OParl is documented in docs/open-data.md; in short:

- the council is the Body; committees (organizationType `Gremium`) and parties (`Partei`)
  are Organizations; members are Persons with their seats as Memberships;
- a meeting is a Meeting (meetingState `terminiert`, `eingeladen`, `durchgeführt`, `cancelled`
  for a cancelled one; our own status as a keyword); its agenda pack is its `invitation`, its
  printed minutes its `resultsProtocol`, its front sheet and supplementary pack `auxiliaryFile`;
- an agenda item is an AgendaItem; an exempt or confidential one is `public: false` with its
  number and title only; a published minute gives its `result` and `resolutionText`;
- a report is a Paper (its page is the `mainFile`, its published appendices `auxiliaryFile`),
  considered at its agenda item through a Consultation.

`created` and `modified` come from the content's dates (lifecycle.py); `deleted` is false on
every main object: a static site keeps no record of what was removed (docs/open-data.md).
"""

from __future__ import annotations

import json
from pathlib import Path

from papers.model.site import Committee, Meeting, Member, Party, Seat, Site
from papers.render import urls
from papers.render.opendata import Published, lifecycle
from papers.render.opendata.oparl_graph import (
    PER_PAGE,
    SCHEMA,
    Json,
    OParlGraph,
    contact_of,
    embedded,
    seat_keys,
)
from papers.render.opendata.oparl_meetings import meeting_object
from papers.render.output import Outputs


def write_oparl(site: Site, where: Published, outputs: Outputs, per_page: int = PER_PAGE) -> None:
    for url, (found, source) in OParl(site, where, per_page).files().items():
        outputs.write_text(url, json.dumps(found, ensure_ascii=False) + "\n", source)  # one line: browsers indent it


class OParl(OParlGraph):
    """Every OParl file of a (projected) site: `files()` maps each site URL to its object and content file."""

    # --- writing ---

    def files(self) -> dict[str, tuple[Json, Path]]:
        self.out[urls.oparl_system()] = (self.system(), self.settings_file)
        body = self.body()
        self.paged("bodies", [body], self.settings_file)
        for name, members in self.lists.items():
            self.paged(name, members, self.settings_file)
        return dict(sorted(self.out.items()))

    # --- the objects ---

    def system(self) -> Json:
        settings = self.site.settings
        found: Json = {
            "id": self.where.of(urls.oparl_system()),
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "body": self.list_id("bodies"),
            "name": f"{settings.name}: committee papers",
            "website": self.where.base,
            "web": self.where.base,
        }
        found.update(contact_of(settings.democratic_services.email, settings.democratic_services.name))
        found.update(created=self.created, modified=self.modified, deleted=False)
        return found

    def body(self) -> Json:
        settings = self.site.settings
        found = self.base("body", "council", self.created, self.modified)
        found["system"] = self.where.of(urls.oparl_system())
        found["name"] = settings.name
        if settings.short_name:
            found["shortName"] = settings.short_name
        found["website"] = found["web"] = self.where.base
        found.update(contact_of(settings.democratic_services.email, settings.democratic_services.name))
        for field, name in (
            ("organization", "organizations"),
            ("person", "people"),
            ("meeting", "meetings"),
            ("paper", "papers"),
            ("agendaItem", "agenda-items"),
            ("consultation", "consultations"),
            ("file", "files"),
            ("locationList", "locations"),
            ("membership", "memberships"),
        ):
            found[field] = self.list_id(name)
            self.lists.setdefault(name, [])
        found["legislativeTerm"] = []  # English councils' terms of office are not in the content
        self.emit(found, self.settings_file, None)
        parties = {party.slug: self.party(party) for party in self.site.parties}
        committees = [self.committee(committee) for committee in self.site.committees]
        for member in self.site.members:
            self.person(member, parties)
        for party in parties.values():
            self.emit(party, self.settings_file, "organizations")
        for committee, found_committee in zip(self.site.committees, committees, strict=True):
            self.emit(found_committee, committee.source, "organizations")
            meetings = [self.meeting(meeting) for meeting in self.site.meetings_of(committee)]
            self.paged(f"committee-{committee.slug}-meetings", meetings, committee.source)
        self.lists["meetings"].sort(key=lambda found: found["id"])
        return found

    def party(self, party: Party) -> Json:
        found = self.base("organization", f"party-{party.slug}", self.created, self.modified)
        found.update(body=self.id("body", "council"), name=party.name, organizationType="Partei")
        if party.short_name:
            found["shortName"] = party.short_name
        found["classification"] = "party"
        found["membership"] = []
        return found

    def committee(self, committee: Committee) -> Json:
        created, modified = (
            self.time(day) for day in lifecycle.committee_dates(self.site, self.site.meetings_of(committee))
        )
        found = self.base("organization", f"committee-{committee.slug}", created, modified)
        found.update(body=self.id("body", "council"), name=committee.name)
        if committee.short_name:
            found["shortName"] = committee.short_name
        found.update(organizationType="Gremium", classification=committee.kind)
        if committee.parent is not None:
            found["subOrganizationOf"] = self.id("organization", f"committee-{committee.parent.slug}")
        found["meeting"] = self.list_id(f"committee-{committee.slug}-meetings")
        found["membership"] = [
            self.id("membership", key) for key, seat in seat_keys(committee) if seat.member is not None
        ]
        found["web"] = self.where.of(urls.committee(committee))
        return found

    def person(self, member: Member, parties: dict[str, Json]) -> None:
        found = self.base("person", member.slug, self.created, self.modified)
        found.update(body=self.id("body", "council"), name=member.name)
        if member.honorific:
            found["formOfAddress"] = member.honorific
        if member.email:
            found["email"] = [member.email]
        if member.phone:
            found["phone"] = [member.phone]
        if member.roles:
            found["status"] = list(member.roles)
        memberships = [
            self.membership(member, committee, key, seat)
            for committee in self.site.committees
            for key, seat in seat_keys(committee)
            if seat.member is member
        ]
        if member.party is not None:
            membership = self.base(
                "membership", f"party-{member.party.slug}/{member.slug}", self.created, self.modified, main=False
            )
            membership.update(person=found["id"], organization=self.id("organization", f"party-{member.party.slug}"))
            if member.left:
                membership["endDate"] = member.left.isoformat()
            memberships.append(membership)
            parties[member.party.slug]["membership"].append(membership["id"])
        for membership in memberships:
            self.emit(membership, member.source, "memberships")
        found["membership"] = [embedded(membership, "person") for membership in memberships]
        found["web"] = self.where.of(urls.member(member))
        self.emit(found, member.source, "people")

    def membership(self, member: Member, committee: Committee, key: str, seat: Seat) -> Json:
        found = self.base("membership", key, self.created, self.modified, main=False)
        found.update(
            person=self.id("person", member.slug), organization=self.id("organization", f"committee-{committee.slug}")
        )
        found["role"] = committee.role_labels.label(seat.role)
        if seat.start:
            found["startDate"] = seat.start.isoformat()
        if seat.until:
            found["endDate"] = seat.until.isoformat()
        return found

    def meeting(self, meeting: Meeting) -> Json:
        return meeting_object(self, meeting)
