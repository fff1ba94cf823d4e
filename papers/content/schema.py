"""Stage 2 records: the typed shape of each kind of content file.

One class per file kind (and per nested block). Unknown fields are errors,
every value is parsed from text by the types in fieldtypes. The fields are
documented for clerks in docs/content-format.md (a test keeps them in step).
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from typing import Annotated, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from papers.content.fieldtypes import Bool, Colour, Date, Slug, Text, Time, as_list, contrast_ratio


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_Item = TypeVar("_Item")
# A list in which a single value stands for a one-item list: `_Listed[Text]`.
_Listed = Annotated[list[_Item], BeforeValidator(as_list)]


def _entry(key: str) -> BeforeValidator:
    """Let a bare value stand for `{key: value}` in a list of mappings."""

    def normalise(value: object) -> object:
        return {key: value} if isinstance(value, str) else value

    return BeforeValidator(normalise)


# --- site.yml ---------------------------------------------------------------


class Contact(Record):
    name: Text | None = None
    title: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    address: _Listed[Text] = []


class Person(Record):
    name: Text
    title: Text | None = None


class Notice(Record):
    title: Text
    text: Text


class Party(Record):
    name: Text
    short_name: Text | None = None


HeaderField = Literal[
    "by", "to", "date", "subject", "classification", "purpose", "reference", "key_decision", "wards_affected", "author"
]


class HeaderRow(Record):
    label: Text
    field: HeaderField


_OPENING_FIELDS = {"by", "to", "subject", "classification", "date"}
_CONTACT_FIELDS = {"name", "title", "phone", "email"}


def _placeholders(allowed: set[str]) -> AfterValidator:
    """Check that `{name}` placeholders in a pattern are ones we can fill in."""

    def check(value: object) -> object:
        if isinstance(value, str):
            try:
                names = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
            except ValueError as exc:
                raise PydanticCustomError(
                    "bad_pattern", "cannot be read as a pattern: {reason}", {"reason": str(exc)}
                ) from None
            unknown = sorted(names - allowed)
            if unknown:
                raise PydanticCustomError(
                    "bad_pattern",
                    "unknown placeholder {{{found}}}: use {allowed}",
                    {"found": unknown[0], "allowed": ", ".join("{" + name + "}" for name in sorted(allowed))},
                )
        return value

    return AfterValidator(check)


class ReportStyle(Record):
    opening: Annotated[Text, _placeholders(_OPENING_FIELDS)] | None = None
    contact_format: Annotated[Text, _placeholders(_CONTACT_FIELDS)] | None = None
    header: list[HeaderRow] = Field(
        default_factory=lambda: [
            HeaderRow(label="By", field="by"),
            HeaderRow(label="To", field="to"),
            HeaderRow(label="Date of Meeting", field="date"),
            HeaderRow(label="Subject", field="subject"),
            HeaderRow(label="Classification", field="classification"),
        ]
    )
    summary_heading: Text = "Summary"
    recommendations_heading: Text = "Recommendations"
    background_heading: Text = "Background Documents"
    contact_heading: Text = "Contact Officer"
    no_background_documents: Text = "None"


class RoleLabels(Record):
    """How each role is printed; bodies differ ("Chairman", "Chair", "Added Member")."""

    chair: Text = "Chairman"
    vice_chair: Text = Field(default="Vice-Chairman", alias="vice-chair")
    member: Text = "Member"
    substitute: Text = "Substitute Member"
    co_opted: Text = Field(default="Co-opted Member", alias="co-opted")

    def label(self, role: str) -> str:
        return getattr(self, role.replace("-", "_"))


MinuteNumbering = Literal["continuous", "municipal-year", "per-meeting"]


def _readable_on_white(colour: str) -> str:
    """Text and links are drawn in these colours on white, and white on them: WCAG 2.2 AA needs 4.5:1."""
    ratio = contrast_ratio(colour, "#ffffff")
    if ratio < 4.5:
        raise PydanticCustomError(
            "low_contrast",
            "{colour} has a contrast ratio of {ratio}:1 with white; WCAG 2.2 AA needs at least "
            "4.5:1 for text, so choose a darker shade",
            {"colour": colour, "ratio": f"{ratio:.2f}"},
        )
    return colour


class Colours(Record):
    primary: Annotated[Colour, AfterValidator(_readable_on_white)] = "#00466e"
    accent: Annotated[Colour, AfterValidator(_readable_on_white)] = "#8a1c5c"


class WorkingDays(Record):
    bank_holidays: Literal["england-and-wales", "scotland", "northern-ireland", "none"] = "england-and-wales"
    closed_days: _Listed[Date] = []


class SiteSettings(Record):
    name: Text
    short_name: Text | None = None
    logo: Text | None = None
    colours: Colours = Colours()
    address: _Listed[Text] = []
    url: Text | None = None
    language: Text = "en-GB"
    timezone: Text = "Europe/London"
    democratic_services: Contact = Contact()
    head_of_democratic_services: Person | None = None
    notices: list[Notice] = []
    parties: dict[Slug, Party] = {}
    area_label: Text = "Ward"
    role_labels: RoleLabels = RoleLabels()
    report_style: ReportStyle = ReportStyle()
    minute_numbering: MinuteNumbering = "continuous"
    number_front_sheet: Bool = False
    working_days: WorkingDays = WorkingDays()


# --- members/<member>.md ----------------------------------------------------


class MemberRecord(Record):
    name: Text
    honorific: Text | None = None
    party: Slug | None = None
    area: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    address: _Listed[Text] = []
    roles: _Listed[Text] = []
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
    membership: list[Annotated[Membership, _entry("member")]] = []
    minute_numbering: MinuteNumbering | None = None


# --- committees/<committee>/<meeting>/meeting.md ----------------------------

MeetingStatus = Literal["scheduled", "held", "cancelled", "postponed"]


class AgendaItemRecord(Record):
    number: Text
    title: Text
    text: Text | None = None
    lead: Text | None = None
    reports: _Listed[Slug] = []
    minutes_of: _Listed[Text] = []
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
    sections: list[AgendaSectionRecord] = []
    items: list[AgendaItemRecord] = []

    @model_validator(mode="after")
    def _one_agenda_shape(self) -> MeetingRecord:
        if self.sections and self.items:
            raise ValueError("give the agenda either as `sections:` (each with `items:`) or as `items:`, not both")
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


def _documents_or_none(value: object) -> object:
    """`none` (any case, alone or as the only entry) says explicitly that there are no background papers."""
    items = value if isinstance(value, list) else [value]
    if len(items) == 1 and isinstance(items[0], str) and items[0].strip().lower() == "none":
        return []
    return items


# Absent (None) is told apart from an explicit "none" (an empty list): s.100D needs one or the other.
BackgroundDocuments = Annotated[list[Text], BeforeValidator(_documents_or_none)]
KeyDecisionException = Literal["general-exception", "special-urgency"]


class ReportRecord(Record):
    subject: Text
    by: _Listed[Text] = []
    to: Text | None = None
    date: Date | None = None
    reference: Text | None = None
    classification: Text = "Unrestricted"
    purpose: Text | None = None
    summary: Text | None = None
    recommendations_intro: Text | None = None
    recommendations: _Listed[Text] = []
    key_decision: Bool = False
    decision_reference: Text | None = None
    notice_published: Date | None = None
    key_decision_exception: KeyDecisionException | None = None
    exception_reason: Text | None = None
    wards_affected: _Listed[Text] = []
    contact_officers: list[Contact] = []
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


class MinuteRecord(Record):
    number: Annotated[int, Field(ge=1)]
    item: Text | None = None
    title: Text
    text: Text | None = None
    resolved: _Listed[Text] = []
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
    present: list[Annotated[Attendance, _entry("member")]] = []
    also_present: list[Annotated[Attendance, _entry("member")]] = []
    in_attendance: list[Annotated[Officer, _entry("name")]] = []
    apologies: _Listed[Slug] = []
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
