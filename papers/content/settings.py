"""site.yml: the council's settings (name, logo, colours, parties, report style, role labels, notices).

Typed like every content record (papers/content/records.py); documented for clerks in
docs/content-format.md.
"""

from __future__ import annotations

import string
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from papers.content.fieldtypes import Bool, Colour, Date, Slug, Text, contrast_ratio
from papers.content.records import Listed, Record

# --- site.yml ---------------------------------------------------------------


class Contact(Record):
    name: Text | None = None
    title: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    address: Listed[Text] = []


class ContactOfficer(Contact):
    """A report's contact officer, with the line that introduces them, as the report prints it."""

    intro: Text | None = None


class Person(Record):
    name: Text
    title: Text | None = None
    phone: Text | None = None
    email: Text | None = None


class Notice(Record):
    """A notice printed on agendas: on every agenda, or only on those of meetings that are webcast."""

    title: Text
    text: Text
    applies_to: Literal["every-agenda", "webcast"] = "every-agenda"


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


# Where a report's `recommendations` are printed: in a box at the top (after the summary), at the end of the
# body, or not at all because the body prints them where it puts them (they are still the report's data).
RecommendationsPosition = Literal["top", "end", "body"]


class ReportStyle(Record):
    opening: Annotated[Text, _placeholders(_OPENING_FIELDS)] | None = None
    contact_format: Annotated[Text, _placeholders(_CONTACT_FIELDS)] | None = None
    header: list[HeaderRow] = Field(
        default_factory=lambda: [
            HeaderRow(label="By:", field="by"),
            HeaderRow(label="To:", field="to"),
            HeaderRow(label="Date of Meeting:", field="date"),
            HeaderRow(label="Subject:", field="subject"),
            HeaderRow(label="Classification:", field="classification"),
        ]
    )
    summary_heading: Text = "Summary"
    recommendations_heading: Text = "Recommendations"
    recommendations_position: RecommendationsPosition = "top"
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

    def overridden(self, given: RoleLabelsGiven) -> RoleLabels:
        """These labels with a committee's own where it gives them (a panel's "Chair" for the site's "Chairman")."""
        own = {name: value for name, value in given.model_dump().items() if value is not None}
        return self.model_copy(update=own)


class RoleLabelsGiven(Record):
    """A committee's own role labels: each one given replaces the site's."""

    chair: Text | None = None
    vice_chair: Text | None = Field(default=None, alias="vice-chair")
    member: Text | None = None
    substitute: Text | None = None
    co_opted: Text | None = Field(default=None, alias="co-opted")


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
    closed_days: Listed[Date] = []


Compliance = Literal["fully", "partially", "not"]


class Accessibility(Record):
    """The accessibility statement's facts (papers/render/statement.py): what is not given is said not to be."""

    contact: Contact | None = None  # where to ask for another format or report a problem: democratic_services
    enforcement: Text | None = None  # default: GOV.UK's sample wording (EHRC and EASS, or ECNI)
    compliance: Compliance | None = None  # with WCAG 2.2 AA, as the council has assessed it
    known_issues: Listed[Text] = []  # problems the council knows of, beside those found in the content
    prepared: Date | None = None
    last_reviewed: Date | None = None


class SiteSettings(Record):
    name: Text
    short_name: Text | None = None
    logo: Text | None = None
    colours: Colours = Colours()
    address: Listed[Text] = []
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
    # "front-sheet": pages counted from the front sheet; "papers": the front sheet unnumbered (padded to an
    # even number of pages) and the papers numbered from 1, as many councils print "Pages 1 - 22".
    page_numbering: Literal["front-sheet", "papers"] = "front-sheet"
    number_front_sheet: Bool = False
    cover_page: Bool = False  # a page before the front sheet: committee, date and venue in large type
    working_days: WorkingDays = WorkingDays()
    accessibility: Accessibility = Accessibility()

    @model_validator(mode="after")
    def _front_sheet_numbers(self) -> SiteSettings:
        if self.page_numbering == "papers" and self.number_front_sheet:
            raise ValueError(
                "`number_front_sheet: yes` cannot go with `page_numbering: papers`, which leaves the front sheet "
                "unnumbered and numbers the papers from 1: remove one of them"
            )
        return self
