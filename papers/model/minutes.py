"""Resolving minutes: attendance, declarations and minute items (numbering: papers/model/numbering.py).

Minutes of private business are private by construction (docs/content-format.md, "Minutes of
private business"): once the meeting has gone into private session, every later minute is private
unless it says `public: yes`, and a title or item number that looks like a slip is refused.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from papers.content.schema import MeetingRecord, MinuteRecord, MinutesRecord
from papers.content.validate import Validated
from papers.content.yamlread import Path_
from papers.model.private_session import Agenda, Marking, Session, Twin, private_twin, quoted
from papers.model.references import References, none_as_written
from papers.model.resolutions import minute_resolutions
from papers.model.site import (
    AgendaItem,
    Apology,
    Attendee,
    Committee,
    Declaration,
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

    def problem(self, path: Path_, code: str, message: str, hint: str | None = None, *, key: bool = False) -> None:
        self.refs.problem(self.entry, path, code, message, hint, key=key)

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
        if number is None or self.meeting.minutes_only:
            return None  # with no agenda here, "(Item A4)" is printed as written
        found = next((item for item in self.items if item.number.strip().upper() == number.strip().upper()), None)
        if found is None:
            self.problem(
                path,
                "E205",
                f"agenda item `{number}` is not on this meeting's agenda",
                "agenda items: " + ", ".join(item.number for item in self.items),
            )
        return found

    def apologies(self) -> tuple[Apology, ...]:
        record: MinutesRecord = self.entry.record  # type: ignore[assignment]
        found = []
        for index, given in enumerate(record.apologies or ()):
            member = self.member(("apologies", index, "member"), given.member)
            substitute = self.member(("apologies", index, "substitute"), given.substitute)
            if (given.member is not None and member is None) or (given.substitute is not None and substitute is None):
                continue
            name = member.display_name if member else (given.name or "")
            found.append(Apology(member=member, name=name, substitute=substitute))
        return tuple(found)

    def attendees(self, field: str) -> tuple[Attendee, ...]:
        """As minuted: a member present with no seat and no substitution recorded is printed as written."""
        record: MinutesRecord = self.entry.record  # type: ignore[assignment]
        result = []
        for index, person in enumerate(getattr(record, field)):
            found = self.member((field, index, "member"), person.member)
            substitute_for = self.member((field, index, "substitute_for"), person.substitute_for)
            if person.member is not None and found is None:
                continue
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
        present=resolving.attendees("present"),
        also_present=resolving.attendees("also_present"),
        in_attendance=tuple(record.in_attendance),
        apologies=resolving.apologies(),
        apologies_note=_no_apologies_as_written(entry, record),
        declarations=tuple(
            Declaration(
                member=found,
                item=resolving.item(("declarations", index, "item"), declared.item),
                interest=declared.interest,
            )
            for index, declared in enumerate(record.declarations)
            if (found := resolving.member(("declarations", index, "member"), declared.member))
        ),
        minutes=_minute_items(resolving, record.minutes),
        preamble=entry.source.body.strip(),
        source=entry.source.path,
    )


# --- private business -----------------------------------------------------------------------------------
#
# Minutes of business taken in private are safe by construction: once the meeting has gone into private
# session (the minute of the exclusion motion, or else the first private minute), every later minute is
# private unless it says `public: yes`. A minute that is private only because of the session takes the
# paragraph of the session's private business. Titles are compared with the private items' titles, so a
# forgotten or mistyped `item:` is caught even before the session.


def _minute_items(resolving: _Minutes, records: Sequence[MinuteRecord]) -> tuple[Minute, ...]:
    agenda = Agenda.of(resolving.items)
    session: Session | None = None
    last_position = -1  # the agenda position of the latest minute that named an item
    minutes: list[Minute] = []
    named: set[int] = set()  # id() of the items that minutes name
    unnamed_public: list[tuple[int, MinuteRecord]] = []
    anchors: set[str] = set()  # minutes published with no item and no `public: yes`
    for index, record in enumerate(records):
        item = resolving.item(("minutes", index, "item"), record.item)
        position = agenda.position(item) if item is not None else last_position
        own: Marking | None = (record.exempt_paragraph, record.confidential)
        if own == (None, False):
            own = None
        marking: Marking | None
        if item is not None and item.exclusion_motion and own is None:
            session = Session.start(
                agenda, f"{_named(record)} excluded the press and public", agenda.group_at(position), None
            )
            marking = None
        elif item is not None and item.is_private:
            marking = (record.exempt_paragraph or item.exempt_paragraph, record.confidential or item.confidential)
            group = agenda.group_at(position)
            if session is None or session.group != group:
                session = Session.start(agenda, f"{_named(record)} was taken in private", group, None)
        elif own is not None:
            marking = own
            if session is None:
                session = Session.start(
                    agenda,
                    f"{_named(record)} was taken in private",
                    agenda.private_group_from(position),
                    (own, _named(record)),
                )
        elif session is None or record.public:
            marking = None
        else:
            marking = session.fallback
        if record.public and marking is not None and (own is not None or (item is not None and item.is_private)):
            _public_but_private(resolving, index, record, item)
        twin = private_twin(resolving.items, record.title, item)
        if twin is not None and record.item is None and own is None:
            _unnamed_private_item(resolving, index, record, twin, session if marking is not None else None)
        elif twin is not None and item is not None and not item.is_private:
            _wrong_item(resolving, index, record, item, twin, marking is None)
        elif item is not None and not item.is_private and own is None and marking is not None and session:
            _public_item_in_private(resolving, index, record, item, session)
        elif record.item is None and own is None and marking is not None and session and session.marking is None:
            _no_paragraph(resolving, index, record, session)
        elif marking is None and record.item is None and not record.public:
            unnamed_public.append((index, record))
        if item is not None:
            named.add(id(item))
            last_position = position
        minutes.append(
            Minute(
                number=record.number,
                anchor=_anchor(record, anchors),
                item=item,
                item_number=item.number if item is not None else record.item,
                title=record.title,
                text=record.text,
                resolutions=minute_resolutions(record),
                exempt_paragraph=marking[0] if marking else None,
                confidential=marking[1] if marking else False,
            )
        )
    unminuted = [item for item in agenda.items if item.is_private and not item.withdrawn and id(item) not in named]
    for index, record in unnamed_public if unminuted else []:
        _maybe_unminuted_item(resolving, index, record, unminuted)
    return tuple(minutes)


def _unnamed_private_item(
    resolving: _Minutes, index: int, record: MinuteRecord, twin: Twin, session: Session | None
) -> None:
    has = "the title of" if twin.exact else "a title like that of"
    if session is None:
        consequence = "so its text and resolutions would be published"
    else:
        consequence = f"so it is withheld only because {session.since}, not as {twin.item.number}'s minute"
    resolving.problem(
        ("minutes", index, "title"),
        "E234",
        f"{_named(record)} has {has} {quoted(twin)} but does not name its item, {consequence}",
        f"add `item: {twin.item.number}` (or `exempt_paragraph:` / `confidential: yes` if it is "
        "other business taken in private)",
    )


def _wrong_item(
    resolving: _Minutes, index: int, record: MinuteRecord, item: AgendaItem, twin: Twin, published: bool
) -> None:
    has = "the title of" if twin.exact else "a title like that of"
    consequence = "its text and resolutions would be published" if published else f"it is filed as {item.number}'s"
    resolving.problem(
        ("minutes", index, "item"),
        "E237",
        f"{_named(record)} names public item {item.number} but has {has} {quoted(twin)}: "
        f"if the item number is mistyped, {consequence}",
        f"if it is the minute of {twin.item.number}, write `item: {twin.item.number}`; if it is "
        f"{item.number}'s, give it {item.number}'s title",
    )


def _public_item_in_private(
    resolving: _Minutes, index: int, record: MinuteRecord, item: AgendaItem, session: Session
) -> None:
    resolving.problem(
        ("minutes", index, "item"),
        "E236",
        f"{_named(record)} names public item {item.number} but comes after {session.since}, and does "
        "not say `public: yes` (that they were readmitted): it is withheld as private business",
        "if the item number is mistyped, correct it; if the press and public were readmitted for this "
        "item, add `public: yes`; if the item was discussed in private, give the minute "
        "`exempt_paragraph:` or `confidential: yes`",
    )


def _no_paragraph(resolving: _Minutes, index: int, record: MinuteRecord, session: Session) -> None:
    if session.markings:
        business = ", ".join(
            f"{' and '.join(names)} ({_describe(marking)})" for marking, names in session.markings.items()
        )
        why = f"the business taken in private does not share one: {business}"
    else:
        why = "no private item on the agenda gives one"
    resolving.problem(
        ("minutes", index, "title"),
        "E238",
        f"{_named(record)} is private because {session.since}, but does not say which paragraph of "
        f"Schedule 12A applies, and {why}",
        "add `item:` with the agenda item it records, or `exempt_paragraph:` (or `confidential: yes`); if the "
        "press and public had been readmitted, add `public: yes`",
    )


def _describe(marking: Marking) -> str:
    paragraph, confidential = marking
    return "confidential" if confidential or paragraph is None else f"paragraph {paragraph}"


def _public_but_private(resolving: _Minutes, index: int, record: MinuteRecord, item: AgendaItem | None) -> None:
    because = (
        f"its item {item.number} is {'confidential' if item.confidential else 'exempt'}"
        if item is not None and item.is_private
        else "it gives its own `exempt_paragraph:` or `confidential: yes`"
    )
    resolving.problem(
        ("minutes", index, "public"),
        "W309",
        f"{_named(record)} says `public: yes` but {because}: it is withheld",
        "remove `public: yes`; if the minute was taken in public, correct its `item:` or remove its marking",
        key=True,
    )


def _maybe_unminuted_item(
    resolving: _Minutes, index: int, record: MinuteRecord, unminuted: Sequence[AgendaItem]
) -> None:
    numbers = ", ".join(item.number for item in unminuted)
    items = f"private item{'s' if len(unminuted) > 1 else ''} {numbers}"
    resolving.problem(
        ("minutes", index, "title"),
        "W308",
        f"{_named(record)} names no agenda item and is published, but {items} "
        f"{'have' if len(unminuted) > 1 else 'has'} no minute: if this is "
        f"{'one of them' if len(unminuted) > 1 else 'its minute'}, its text and resolutions are published",
        f"add `item:` with the item it records ({numbers}); if it is other business taken in public, add `public: yes`",
    )


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


def _no_apologies_as_written(entry: Validated, record: MinutesRecord) -> str | None:
    """The word the minutes record no apologies with ("none", "Nil"), printed as written."""
    if record.apologies is None or record.apologies:
        return None
    return none_as_written(entry, "apologies") or "none"  # `apologies: []` says none too


def _named(record: MinuteRecord) -> str:
    """A minute as messages name it: by its number, or an unnumbered heading by its title."""
    return f"minute {record.number}" if record.number is not None else f'the minute headed "{record.title}"'


def _anchor(record: MinuteRecord, used: set[str]) -> str:
    """Its id on the minutes page: "minute-28"; an unnumbered heading's from its title ("minute-matters-arising")."""
    if record.number is not None:
        anchor = f"minute-{record.number}"
    else:
        anchor = "minute-" + (re.sub(r"[^a-z0-9]+", "-", record.title.lower()).strip("-") or "heading")
        base, count = anchor, 1
        while anchor in used:
            count += 1
            anchor = f"{base}-{count}"
    used.add(anchor)
    return anchor
