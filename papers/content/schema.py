"""Stage 2 records: the typed shape of each kind of content file.

One class per file kind (and per nested block). Unknown fields are errors,
every value is parsed from text by the types in fieldtypes. The fields are
documented for clerks in docs/content-format.md (a test keeps them in step).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from papers.content.fieldtypes import Bool, Date, Slug, Text, Time
from papers.content.records import Listed, Record, entry
from papers.content.settings import (
    Contact,
    ContactOfficer,
    MinuteNumbering,
    RecommendationsPosition,
    RoleLabelsGiven,
    SiteSettings,
)

# --- members/<member>.md ----------------------------------------------------


class MemberRecord(Record):
    name: Text
    honorific: Text | None = None
    party: Slug | None = None
    area: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    address: Listed[Text] = []
    roles: Listed[Text] = []
    left: Date | None = None


# --- committees/<committee>/committee.md ------------------------------------

CommitteeKind = Literal["council", "cabinet", "committee", "sub-committee", "panel", "board", "forum", "working-group"]
Role = Literal["chair", "vice-chair", "member", "substitute", "co-opted"]


class Membership(Record):
    member: Slug | None = None
    name: Text | None = None
    organisation: Text | None = None
    role: Role = "member"
    start: Date | None = Field(default=None, alias="from")
    until: Date | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)

    @model_validator(mode="after")
    def _who(self) -> Membership:
        if (self.member is None) == (self.name is None):
            raise ValueError("give either `member:` (a member file's name) or `name:` (someone who is not a member)")
        return self


class CommitteeRecord(Record):
    name: Text
    short_name: Text | None = None
    kind: CommitteeKind = "committee"
    parent: Slug | None = None
    clerk: Contact = Contact()
    venue: Text | None = None
    start_time: Time | None = None
    membership: list[Annotated[Membership, entry("member")]] = []
    # "Membership (12)" and "Conservative (11):" as the council prints them: places, filled or vacant.
    size: Annotated[int, Field(ge=1)] | None = None
    party_seats: dict[Slug, Annotated[int, Field(ge=0)]] = {}
    role_labels: RoleLabelsGiven = RoleLabelsGiven()
    minute_numbering: MinuteNumbering | None = None


# --- committees/<committee>/<meeting>/meeting.md ----------------------------

MeetingStatus = Literal["scheduled", "held", "cancelled", "postponed"]


class AgendaItemRecord(Record):
    number: Text
    title: Text
    text: Text | None = None
    lead: Text | None = None
    reports: Listed[Slug] = []
    minutes_of: Listed[Text] = []
    exempt: Bool = False
    exempt_paragraph: Annotated[int, Field(ge=1, le=7)] | None = None
    public_interest: Text | None = None
    confidential: Bool = False
    exclusion_motion: Bool = False
    supplementary: Bool = False
    urgent: Bool = False
    urgency_reason: Text | None = None
    withdrawn: Bool = False
    withdrawn_reason: Text | None = None


class AgendaSectionRecord(Record):
    label: Text | None = None
    title: Text | None = None
    note: Text | None = None  # printed under the heading, as written ("(During these items ...)")
    items: list[AgendaItemRecord] = []


class MeetingRecord(Record):
    date: Date
    time: Time | None = None
    title: Text | None = None
    venue: Text | None = None
    status: MeetingStatus = "scheduled"
    status_note: Text | None = None
    agenda_published: Date | None = None
    supplementary_published: Date | None = None
    webcast: Bool = False
    # Known here only by its minutes: no agenda is published on this site (none is invented for it).
    minutes_only: Bool = False
    before_agenda: Text | None = None  # notes printed before the agenda (the body of meeting.md: after it)
    sections: list[AgendaSectionRecord] = []
    items: list[AgendaItemRecord] = []

    @model_validator(mode="after")
    def _one_agenda_shape(self) -> MeetingRecord:
        if self.sections and self.items:
            raise ValueError("give the agenda either as `sections:` (each with `items:`) or as `items:`, not both")
        if self.minutes_only:
            given = [
                name
                for name in ("sections", "items", "agenda_published", "supplementary_published", "before_agenda")
                if getattr(self, name)
            ]
            if given:
                raise ValueError(
                    f"a `minutes_only` meeting has no agenda here, but `{given[0]}` is given: remove it, "
                    "or remove `minutes_only: yes` and give the agenda"
                )
            if self.status != "held":
                raise ValueError("a `minutes_only` meeting is known by its minutes, so it was held: add `status: held`")
        return self


# --- committees/<committee>/<meeting>/reports/<report>.md -------------------


def agenda_sections(record: MeetingRecord) -> list[AgendaSectionRecord]:
    """The agenda as sections, whether it was written with `sections:` or a plain `items:` list."""
    if record.sections:
        return record.sections
    return [AgendaSectionRecord(items=record.items)] if record.items else []


def section_items(
    section_index: int, section: AgendaSectionRecord, record: MeetingRecord
) -> Iterator[tuple[AgendaItemRecord, tuple[str | int, ...]]]:
    """Each item of one section with its path in the front matter (for line numbers in messages)."""
    for item_index, item in enumerate(section.items):
        yield item, (("sections", section_index, "items", item_index) if record.sections else ("items", item_index))


def all_items(record: MeetingRecord) -> list[tuple[AgendaItemRecord, tuple[str | int, ...]]]:
    """Every agenda item, in order, with its path in the front matter."""
    return [
        pair for index, section in enumerate(agenda_sections(record)) for pair in section_items(index, section, record)
    ]


class Appendix(Record):
    title: Text
    file: Text
    label: Text | None = None
    exempt_paragraph: Annotated[int, Field(ge=1, le=7)] | None = None


NO_DOCUMENTS = ("none", "nil")


def _none_as_empty(value: object) -> object:
    """`none` or `nil` (any case, alone or as the only entry) says explicitly that there are none: an empty list
    (no background papers, no apologies), printed as written (papers/model/references.py `none_as_written`)."""
    items = value if isinstance(value, list) else [value]
    if len(items) == 1 and isinstance(items[0], str) and items[0].strip().lower() in NO_DOCUMENTS:
        return []
    return items


# Absent (None) is told apart from an explicit "none" (an empty list): s.100D needs one or the other.
BackgroundDocuments = Annotated[list[Text], BeforeValidator(_none_as_empty)]


class Apology(Record):
    """An apology as minuted: a member (or someone named who is not one), and who substituted, if minuted."""

    member: Slug | None = None
    name: Text | None = None
    substitute: Slug | None = None  # printed "(Mr Y substituted)"

    @model_validator(mode="after")
    def _who(self) -> Apology:
        if (self.member is None) == (self.name is None):
            raise ValueError("give either `member:` (a member file's name) or `name:` (someone who is not a member)")
        return self


# Absent (None) is told apart from an explicit "none" (an empty list): nothing is printed that was not minuted.
Apologies = Annotated[list[Annotated[Apology, entry("member")]], BeforeValidator(_none_as_empty)]
KeyDecisionException = Literal["general-exception", "special-urgency"]


class ReportRecord(Record):
    subject: Text
    by: Listed[Text] = []
    to: Text | None = None
    date: Date | None = None
    reference: Text | None = None
    classification: Text = "Unrestricted"
    purpose: Text | None = None
    summary: Text | None = None
    recommendations_intro: Text | None = None
    recommendations: Listed[Text] = []
    recommendations_position: RecommendationsPosition | None = None
    summary_heading: Text | None = None
    recommendations_heading: Text | None = None
    background_heading: Text | None = None
    contact_heading: Text | None = None
    footer: Text | None = None
    key_decision: Bool = False
    decision_reference: Text | None = None
    notice_published: Date | None = None
    key_decision_exception: KeyDecisionException | None = None
    exception_reason: Text | None = None
    wards_affected: Listed[Text] = []
    contact_officers: list[ContactOfficer] = []
    background_documents: BackgroundDocuments | None = None
    appendices: list[Appendix] = []

    @model_validator(mode="after")
    def _exception_of_a_key_decision(self) -> ReportRecord:
        if self.key_decision_exception and not self.key_decision:
            raise ValueError(
                "`key_decision_exception` is given but the report is not a key decision: "
                "add `key_decision: yes` or remove the exception"
            )
        if self.exception_reason and not self.key_decision_exception:
            raise ValueError(
                "`exception_reason` is given without `key_decision_exception` (general-exception or special-urgency)"
            )
        return self


# --- committees/<committee>/<meeting>/minutes.md ----------------------------


class Attendance(Record):
    member: Slug | None = None
    name: Text | None = None
    organisation: Text | None = None
    role: Role | None = None
    substitute_for: Slug | None = None

    @model_validator(mode="after")
    def _who(self) -> Attendance:
        if (self.member is None) == (self.name is None):
            raise ValueError("give either `member:` (a member file's name) or `name:` (someone who is not a member)")
        return self


class Officer(Record):
    name: Text
    title: Text | None = None


class Declaration(Record):
    member: Slug
    item: Text | None = None
    interest: Text


class ResolutionRecord(Record):
    """One resolution of a minute, as printed: "3. RESOLVED that:- a) ... b) ..."."""

    number: Text | None = None
    position: Literal["before", "after"] = "after"
    opening: Text | None = None
    text: Text | None = None
    parts: Listed[Text] = []

    @model_validator(mode="after")
    def _words(self) -> ResolutionRecord:
        if (self.text is None) == (not self.parts):
            raise ValueError("give the resolution either as `text:` (one sentence) or as `parts:` (a list)")
        return self


def _resolutions(value: object) -> object:
    """`resolved:` as written: one resolution (text, a list of its parts, or a mapping), or a list of mappings."""
    if isinstance(value, str):
        return [{"text": value}]
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list) and value and all(isinstance(entry, str) for entry in value):
        return [{"text": value[0]}] if len(value) == 1 else [{"parts": value}]
    return value


class MinuteRecord(Record):
    number: Annotated[int, Field(ge=1)] | None = None  # None: an unnumbered heading ("Matters Arising")
    item: Text | None = None
    title: Text
    text: Text | None = None
    resolved: Annotated[list[ResolutionRecord], BeforeValidator(_resolutions)] = []
    # For business taken in private that is not an agenda item (a minute of an exempt item is private anyway).
    exempt_paragraph: Annotated[int, Field(ge=1, le=7)] | None = None
    confidential: Bool = False
    # Taken with the press and public present: needed by a public minute after the meeting went into private
    # session (papers/model/minutes.py), where every minute is otherwise private.
    public: Bool = False


class MinutesRecord(Record):
    status: Literal["draft", "approved"] = "draft"
    approved_at: Text | None = None
    started: Time | None = None
    ended: Time | None = None
    present: list[Annotated[Attendance, entry("member")]] = []
    also_present: list[Annotated[Attendance, entry("member")]] = []
    in_attendance: list[Annotated[Officer, entry("name")]] = []
    apologies: Apologies | None = None  # absent: the minutes say nothing about apologies
    declarations: list[Declaration] = []
    minutes: list[MinuteRecord] = []


RECORD_FOR_KIND: dict[str, type[Record]] = {
    "site": SiteSettings,
    "member": MemberRecord,
    "committee": CommitteeRecord,
    "meeting": MeetingRecord,
    "minutes": MinutesRecord,
    "report": ReportRecord,
}
