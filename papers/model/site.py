"""Stage 3 output: the resolved Site model, and (after projection) what templates and packs read.

Frozen objects built by keyword, never changed after construction. References
point one way only, at objects built earlier: a meeting holds its Committee, an
agenda item its Report objects and the earlier meetings whose minutes it takes.
A reference that could point forward (minutes approved at a later meeting) is a
MeetingRef value, so the model has no cycles. Objects compare by identity (eq=False).

The `withheld` and `marking` fields are set by the projection stage
(papers/render/project.py) for one audience; the resolved model leaves them at
their defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from papers.content.schema import Officer
from papers.content.settings import Contact, ContactOfficer, Notice, ReportStyle, RoleLabels, SiteSettings


@dataclass(frozen=True)
class Party:
    slug: str
    name: str
    short_name: str | None


@dataclass(frozen=True, eq=False)
class Member:
    slug: str
    name: str
    honorific: str | None
    party: Party | None
    area: str | None
    email: str | None
    phone: str | None
    address: tuple[str, ...]
    roles: tuple[str, ...]
    left: dt.date | None
    biography: str
    source: Path

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}" if self.honorific else self.name


@dataclass(frozen=True, eq=False)
class Seat:
    """A place on a committee: a member, or a named outside representative."""

    member: Member | None
    name: str
    organisation: str | None
    role: str
    start: dt.date | None
    until: dt.date | None

    def held_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.until is None or day <= self.until)


@dataclass(frozen=True, eq=False)
class Committee:
    slug: str
    name: str
    short_name: str | None
    kind: str
    parent: Committee | None
    clerk: Contact
    venue: str | None
    start_time: dt.time | None
    seats: tuple[Seat, ...]
    terms_of_reference: str
    minute_numbering: str
    source: Path
    role_labels: RoleLabels  # the site's, with the committee's own where it gives them
    size: int | None = None  # places on the committee as printed ("Membership (12)"), filled or vacant
    party_places: tuple[tuple[Party, int], ...] = ()  # ("Conservative (11)"), as given

    def seats_on(self, day: dt.date) -> tuple[Seat, ...]:
        return tuple(seat for seat in self.seats if seat.held_on(day))


@dataclass(frozen=True, eq=False)
class Appendix:
    label: str  # "" when the appendix has none (`label: none`): it is printed under its title alone
    title: str
    file: str  # posix path under content/
    is_pdf: bool
    exempt_paragraph: int | None
    linked: tuple[str, ...] = ()  # files its Markdown links to
    text: str | None = None  # a Markdown appendix's text (comments removed); None for a PDF or when withheld
    withheld: bool = False  # exempt and not shown to this audience: label, title and paragraph only
    marking: str | None = None  # "NOT FOR PUBLICATION ..." in the members' build

    @property
    def folder(self) -> str:
        return self.file.rsplit("/", 1)[0]

    @property
    def heading(self) -> str:
        """As printed over the appendix and in lists: "Appendix 1: Budget", or the title alone."""
        return f"{self.label}: {self.title}" if self.label else self.title


@dataclass(frozen=True, eq=False)
class Report:
    slug: str
    subject: str
    by: tuple[str, ...]
    to: str
    date: dt.date
    reference: str | None
    classification: str
    purpose: str | None
    summary: str | None
    recommendations_intro: str | None
    recommendations: tuple[str, ...]
    key_decision: bool
    decision_reference: str | None
    notice_published: dt.date | None
    key_decision_exception: str | None  # "general-exception" or "special-urgency"
    exception_reason: str | None
    wards_affected: tuple[str, ...]
    contact_officers: tuple[ContactOfficer, ...]
    background_documents: tuple[str, ...]  # empty: the report says there are none
    appendices: tuple[Appendix, ...]
    body: str
    source: Path
    relative: str
    linked: tuple[str, ...] = ()  # files its body links to
    # Its own layout, where it differs from the site's report_style (papers/render/reportheader.py):
    no_background_documents: str | None = None  # "Nil", as written, when it says so instead of `none`
    recommendations_position: str | None = None  # "top", "end" or "body"
    headings: tuple[tuple[str, str], ...] = ()  # ("contact", "Contact officer:"), ("background", "none") ...
    footer: str | None = None  # printed at the foot of each of its pages in the packs ("DRAFT")

    @property
    def folder(self) -> str:
        return self.relative.rsplit("/", 1)[0]


class _Privacy:
    """Exempt (a Schedule 12A paragraph) or confidential (s.100A(3)): taken with the press and public excluded."""

    exempt_paragraph: int | None
    confidential: bool

    @property
    def is_exempt(self) -> bool:
        return self.exempt_paragraph is not None

    @property
    def is_private(self) -> bool:
        """Nothing of its papers, text or resolutions is public."""
        return self.is_exempt or self.confidential


@dataclass(frozen=True, eq=False)
class AgendaItem(_Privacy):
    number: str
    title: str
    text: str | None
    lead: str | None
    reports: tuple[Report, ...]
    minutes_of: tuple[Meeting, ...]
    exempt_paragraph: int | None
    public_interest: str | None
    confidential: bool
    exclusion_motion: bool
    supplementary: bool
    urgent: bool
    urgency_reason: str | None
    withdrawn: bool
    withdrawn_reason: str | None
    withheld: bool = False  # private and not shown to this audience: number, title and notice only
    withheld_papers: bool = False  # withheld, and it had papers (the pack prints a notice in their place)
    marking: str | None = None  # "NOT FOR PUBLICATION ..." in the members' build


@dataclass(frozen=True, eq=False)
class AgendaSection:
    label: str | None
    title: str | None
    items: tuple[AgendaItem, ...]
    note: str | None = None  # printed under its heading, as written
    written: bool = False  # given as a section in meeting.md (printed even when it has no items)

    @property
    def heading(self) -> str | None:
        """The heading as printed ("A. Unrestricted items"); None for the agenda written as a plain list of items."""
        return ". ".join(part for part in (self.label, self.title) if part) or None


@dataclass(frozen=True, eq=False)
class Attendee:
    member: Member | None  # None for someone who is not a member (a co-opted representative)
    name: str
    organisation: str | None
    role: str | None
    substitute_for: Member | None


@dataclass(frozen=True, eq=False)
class Apology:
    """An apology as minuted, with the substitution where the minutes record it there ("Mr Y substituted")."""

    member: Member | None  # None for someone who is not a member
    name: str
    substitute: Member | None


@dataclass(frozen=True, eq=False)
class Declaration:
    member: Member
    item: AgendaItem | None
    interest: str


@dataclass(frozen=True)
class ResolutionPart:
    label: str  # "a)", "(ii)", as printed
    text: str  # Markdown (one line)


@dataclass(frozen=True)
class Resolution:
    """A decision, as printed: "3. RESOLVED that:- a) ... b) ...". Written in `resolved:` (printed before or
    after the minute's text, as `position` says) or in the minute's text (`position` "text": printed there)."""

    number: str | None  # "3." as printed
    opening: str  # "RESOLVED that", "RESOLVED that:-"
    text: str  # Markdown (one line): the words after the opening; "" when the parts carry them
    parts: tuple[ResolutionPart, ...]
    position: str  # "before" or "after" the minute's text, or "text" (written in it)

    @property
    def summary(self) -> str:
        """The whole resolution on one line (Markdown), as printed: for lists and data."""
        words = [self.number or "", self.opening, self.text]
        words += [f"{part.label} {part.text}" for part in self.parts]
        return " ".join(word for word in words if word)


@dataclass(frozen=True, eq=False)
class Minute(_Privacy):
    number: int | None  # None: an unnumbered heading between numbered minutes ("Matters Arising")
    anchor: str  # its id on the minutes page: "minute-28", "minute-matters-arising"
    item: AgendaItem | None
    item_number: str | None  # "(Item A4)" as printed: the item's number, or as written when no agenda is here
    title: str
    text: str | None
    resolutions: tuple[Resolution, ...]  # every resolution, whether written in `resolved:` or in the text
    exempt_paragraph: int | None = None  # its own, or its agenda item's
    confidential: bool = False  # its own, or its agenda item's
    withheld: bool = False  # private and not shown to this audience: number, title and notice only
    marking: str | None = None  # "NOT FOR PUBLICATION ..." in the members' build

    @property
    def heading(self) -> str:
        """As printed over it: "28. Budget", or an unnumbered heading's title alone."""
        return f"{self.number}. {self.title}" if self.number is not None else self.title

    @property
    def resolved_before(self) -> tuple[Resolution, ...]:
        """Resolutions written in `resolved:` that are printed before the minute's text."""
        return tuple(resolution for resolution in self.resolutions if resolution.position == "before")

    @property
    def resolved_after(self) -> tuple[Resolution, ...]:
        """Resolutions written in `resolved:` that are printed after the minute's text."""
        return tuple(resolution for resolution in self.resolutions if resolution.position == "after")


@dataclass(frozen=True, eq=False)
class MeetingRef:
    """Another meeting named by reference (a later one may not be built yet): enough to name and link it."""

    committee: Committee
    slug: str
    date: dt.date


@dataclass(frozen=True, eq=False)
class Minutes:
    status: str
    approved_at: MeetingRef | None
    started: dt.time | None
    ended: dt.time | None
    present: tuple[Attendee, ...]
    also_present: tuple[Attendee, ...]
    in_attendance: tuple[Officer, ...]
    apologies: tuple[Apology, ...]
    apologies_note: str | None  # "none", "Nil" as written when the minutes say no apologies; else None
    declarations: tuple[Declaration, ...]
    minutes: tuple[Minute, ...]
    preamble: str
    source: Path


@dataclass(frozen=True, eq=False)
class Meeting:
    slug: str
    committee: Committee
    date: dt.date
    time: dt.time | None
    title: str | None
    venue: str | None
    status: str
    status_note: str | None
    agenda_published: dt.date | None
    supplementary_published: dt.date | None
    webcast: bool
    sections: tuple[AgendaSection, ...]
    reports: tuple[Report, ...]  # every report in the meeting's folder, in agenda order
    notes: str  # the body of meeting.md: notes printed after the agenda
    source: Path
    minutes: Minutes | None = None
    minutes_only: bool = False  # known here only by its minutes: no agenda, pack or front sheet is published
    before_agenda: str | None = None  # notes printed before the agenda

    @property
    def agenda_items(self) -> tuple[AgendaItem, ...]:
        return tuple(item for section in self.sections for item in section.items)

    @property
    def agenda_is_published(self) -> bool:
        """Published once `agenda_published` is set; a held meeting's agenda was, even if the date is unknown."""
        return self.agenda_published is not None or self.status == "held"

    def item_is_published(self, item: AgendaItem) -> bool:
        if not self.agenda_is_published:
            return False
        return not item.supplementary or self.supplementary_published is not None or self.status == "held"


@dataclass(frozen=True, eq=False)
class Site:
    settings: SiteSettings
    root: Path
    parties: tuple[Party, ...]
    members: tuple[Member, ...]
    committees: tuple[Committee, ...]
    meetings: tuple[Meeting, ...]  # oldest first
    attachments: tuple[str, ...] = field(default=())
    logo: str | None = None  # the logo's path under content/, as resolved (settings.logo is as written)

    @cached_property
    def _meetings_by_committee(self) -> dict[str, tuple[Meeting, ...]]:
        found: dict[str, list[Meeting]] = {}
        for meeting in self.meetings:
            found.setdefault(meeting.committee.slug, []).append(meeting)
        return {slug: tuple(meetings) for slug, meetings in found.items()}

    def meetings_of(self, committee: Committee) -> tuple[Meeting, ...]:
        """The committee's meetings, oldest first."""
        return self._meetings_by_committee.get(committee.slug, ())

    @property
    def reports(self) -> tuple[Report, ...]:
        return tuple(report for meeting in self.meetings for report in meeting.reports)

    @property
    def minutes(self) -> tuple[Minutes, ...]:
        return tuple(meeting.minutes for meeting in self.meetings if meeting.minutes)

    @property
    def report_style(self) -> ReportStyle:
        return self.settings.report_style

    @property
    def notices(self) -> tuple[Notice, ...]:
        return tuple(self.settings.notices)
