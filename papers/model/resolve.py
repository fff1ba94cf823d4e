"""Stage 3, resolve: link the validated records into one checked Site model.

Every cross-file reference (member, party, committee, report, meeting,
attached file) is looked up here; each one that does not resolve becomes a
diagnostic pointing at the line that names it. Objects are built in an order
where everything they refer to already exists (parties, members, committees
parents first, meetings oldest first: papers/model/meetings.py), so nothing is
changed after it is built. Then the cross-file rules run (papers/model/rules.py).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from papers.content.load import ContentTree, Kind
from papers.content.schema import CommitteeRecord, MemberRecord
from papers.content.settings import SiteSettings
from papers.content.validate import Validated
from papers.diagnostics import Diagnostics
from papers.model.address import check_address
from papers.model.calendar import WorkingCalendar
from papers.model.meetings import BuiltMeetings, build_meetings
from papers.model.membership import check_places, party_places
from papers.model.numbering import check_minute_numbering
from papers.model.references import References, known, member_hint
from papers.model.rules import check_links_to_withheld, check_publication
from papers.model.site import Committee, Member, Party, Seat, Site


def resolve_site(tree: ContentTree, validated: list[Validated], diagnostics: Diagnostics) -> Site | None:
    refs = References(tree, validated, diagnostics)
    found = _site_settings(refs)
    if found is None:
        return None
    settings, logo = found
    parties = {
        slug: Party(slug=slug, name=party.name, short_name=party.short_name)
        for slug, party in sorted(settings.parties.items())
    }
    members = _members(refs, parties)
    committees = _committees(refs, settings, members, parties)
    built = build_meetings(refs, committees, members)
    site = Site(
        settings=settings,
        root=tree.root,
        parties=tuple(parties.values()),
        members=tuple(sorted(members.values(), key=lambda member: member.slug)),
        committees=tuple(sorted(committees.values(), key=lambda committee: committee.slug)),
        meetings=built.meetings,
        attachments=tuple(sorted(refs.referenced_files)),
        logo=logo,
    )
    _check_site(refs, site, built)
    return site


def _check_site(refs: References, site: Site, built: BuiltMeetings) -> None:
    """The rules that need the whole site: publication, minute numbering, unused files, links to withheld papers."""
    calendar = WorkingCalendar(site.settings.working_days)
    by_key = {(meeting.committee.slug, meeting.slug): meeting for meeting in site.meetings}
    for key, meeting in by_key.items():
        check_publication(refs, calendar, built.entries[key], meeting)
    minutes_entries = {by_key[key]: entry for key, entry in built.minutes_entries.items()}
    for committee in site.committees:
        check_minute_numbering(refs, committee, site.meetings_of(committee), minutes_entries)
    _check_unused_files(refs)
    check_links_to_withheld(site, refs.diagnostics)


def _site_settings(refs: References) -> tuple[SiteSettings, str | None] | None:
    """The settings, and the logo's path under content/ (checked to exist there)."""
    entries = refs.entries(Kind.SITE)
    if not entries:
        return None
    entry = entries[0]
    settings: SiteSettings = entry.record  # type: ignore[assignment]
    logo = refs.attachment(entry, ("logo",), PurePosixPath("."), settings.logo) if settings.logo else None
    check_address(refs, entry, settings)
    return settings, logo


def _members(refs: References, parties: dict[str, Party]) -> dict[str, Member]:
    members: dict[str, Member] = {}
    for entry in refs.entries(Kind.MEMBER):
        record: MemberRecord = entry.record  # type: ignore[assignment]
        party = parties.get(record.party) if record.party else None
        if record.party and party is None:
            refs.problem(
                entry,
                ("party",),
                "E204",
                f"party `{record.party}` is not defined in site.yml",
                known("parties in site.yml", parties),
            )
        slug = entry.source.path.stem
        members[slug] = Member(
            slug=slug,
            name=record.name,
            honorific=record.honorific,
            party=party,
            area=record.area,
            email=record.email,
            phone=record.phone,
            address=tuple(record.address),
            roles=tuple(record.roles),
            left=record.left,
            biography=entry.source.body.strip(),
            source=entry.source.path,
        )
    return members


def _committees(
    refs: References, settings: SiteSettings, members: dict[str, Member], parties: dict[str, Party]
) -> dict[str, Committee]:
    """Committees, each built after its parent committee; a missing or circular parent is reported and dropped."""
    entries = {entry.source.relative.split("/")[1]: entry for entry in refs.entries(Kind.COMMITTEE)}
    parents = {slug: _record(entry).parent for slug, entry in entries.items()}
    built: dict[str, Committee] = {}

    def build(slug: str) -> Committee:
        if slug not in built:
            parent = _checked_parent(refs, slug, entries[slug], parents)
            built[slug] = _committee(
                refs, slug, entries[slug], settings, members, parties, build(parent) if parent is not None else None
            )
        return built[slug]

    for slug in sorted(entries):
        build(slug)
    return built


def _record(entry: Validated) -> CommitteeRecord:
    return entry.record  # type: ignore[return-value]


def _checked_parent(refs: References, slug: str, entry: Validated, parents: dict[str, str | None]) -> str | None:
    parent = parents[slug]
    if parent is None:
        return None
    if parent not in parents:
        if not refs.is_broken(f"committees/{parent}/committee.md"):
            refs.problem(
                entry, ("parent",), "E203", f"parent committee `{parent}` does not exist", known("committees", parents)
            )
        return None
    if _has_cycle(slug, parents):
        refs.problem(entry, ("parent",), "E218", f"committee `{slug}` is its own parent through `{parent}`")
        return None
    return parent


def _committee(
    refs: References,
    slug: str,
    entry: Validated,
    settings: SiteSettings,
    members: dict[str, Member],
    parties: dict[str, Party],
    parent: Committee | None,
) -> Committee:
    record = _record(entry)
    seats = []
    for index, seat in enumerate(record.membership):
        member = members.get(seat.member) if seat.member else None
        if seat.member and member is None:
            if not refs.is_broken(f"members/{seat.member}.md"):
                refs.problem(
                    entry,
                    ("membership", index, "member"),
                    "E202",
                    f"member `{seat.member}` does not exist",
                    member_hint(seat.member, members),
                )
            continue
        seats.append(
            Seat(
                member=member,
                name=member.display_name if member else (seat.name or ""),
                organisation=seat.organisation,
                role=seat.role,
                start=seat.start,
                until=seat.until,
            )
        )
    places = party_places(refs, entry, record, parties)
    check_places(refs, entry, record, tuple(seats), places)
    return Committee(
        slug=slug,
        name=record.name,
        short_name=record.short_name,
        kind=record.kind,
        parent=parent,
        clerk=record.clerk,
        venue=record.venue,
        start_time=record.start_time,
        seats=tuple(seats),
        terms_of_reference=entry.source.body.strip(),
        minute_numbering=record.minute_numbering or settings.minute_numbering,
        source=entry.source.path,
        role_labels=settings.role_labels.overridden(record.role_labels),
        size=record.size,
        party_places=places,
    )


def _check_unused_files(refs: References) -> None:
    broken_folders = {str(PurePosixPath(relative).parent) for relative in refs.broken}
    for relative in refs.tree.attachments:
        if any(relative.startswith(folder + "/") for folder in broken_folders if folder != "."):
            continue  # probably an appendix of a report that has errors
        if relative.startswith("templates/"):
            continue  # the site's own template overrides (papers/render/templating.py)
        if relative not in refs.referenced_files:
            refs.diagnostics.add(
                refs.tree.root / relative,
                1,
                1,
                "W301",
                f"`{relative}` is not referred to by any content file, so it will not be published",
                "refer to it (as an appendix, or the logo) or delete it",
            )


def _has_cycle(start: str, parents: dict[str, str | None]) -> bool:
    seen, current = set(), parents.get(start)
    while current is not None and current not in seen:
        if current == start:
            return True
        seen.add(current)
        current = parents.get(current)
    return False
