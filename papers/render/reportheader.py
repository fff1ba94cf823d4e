"""A report's header block and layout in the body's own style (site.yml `report_style`, and the report's own
fields where it differs): the one definition that the web page and the agenda pack both print.

Kent prints By / To / Date of Meeting / Subject / Classification; Lincolnshire opens "Open Report on
behalf of ..." then Report to / Date / Subject. Labels are printed exactly as site.yml writes them
(with its colon, if it has one), once, in both. Templates call `report_layout` (through the shared macro
templates/shared/_report.html.j2) and stay free of council-specific wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from papers.content.settings import Contact, ReportStyle
from papers.dates import plain_date
from papers.model.site import Report


@dataclass(frozen=True)
class HeaderLine:
    label: str  # as written in site.yml
    values: tuple[str, ...]  # one line each: two `by:` entries are two lines, never joined


@dataclass(frozen=True)
class ContactBlock:
    intro: str | None  # "For further information on the strategy, please contact:"
    sentence: str | None  # the style's contact sentence, when it writes contacts as a sentence
    contact: Contact


@dataclass(frozen=True)
class ReportLayout:
    opening: str | None
    header: tuple[HeaderLine, ...]
    summary_heading: str | None  # None: no heading printed
    recommendations_heading: str | None
    recommendations_position: str  # "top" (a box after the summary), "end" (after the body), "body" (not printed)
    background_heading: str | None
    no_background_documents: str  # printed when the report lists none: "None", "Nil", as written
    contact_heading: str | None
    contacts: tuple[ContactBlock, ...]

    @property
    def recommendations_at_top(self) -> bool:
        return self.recommendations_position == "top"

    @property
    def recommendations_at_end(self) -> bool:
        return self.recommendations_position == "end"


def join_people(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return "; ".join(names[:-1]) + " and " + names[-1]


def field_values(report: Report, field: str) -> tuple[str, ...]:
    """The header lines of one field, as written: one per `by` entry (and contact officer for `author`)."""
    if field == "by":
        return report.by
    if field == "author":
        return tuple(officer.name for officer in report.contact_officers if officer.name)
    if field == "wards_affected":
        return (", ".join(report.wards_affected),) if report.wards_affected else ()
    return (field_text(report, field),)


def field_text(report: Report, field: str) -> str:
    values = {
        "by": join_people(report.by),
        "author": join_people(tuple(officer.name for officer in report.contact_officers if officer.name)),
        "to": report.to,
        "date": plain_date(report.date),
        "subject": report.subject,
        "classification": report.classification,
        "purpose": report.purpose or "",
        "reference": report.reference or "",
        "key_decision": ("Yes" + (f" ({report.decision_reference})" if report.decision_reference else ""))
        if report.key_decision
        else "No",
        "wards_affected": ", ".join(report.wards_affected),
    }
    return values[field]


def header_lines(report: Report, style: ReportStyle) -> tuple[HeaderLine, ...]:
    """The rows of the header block; rows whose field is empty are left out."""
    rows = (HeaderLine(row.label, tuple(v for v in field_values(report, row.field) if v)) for row in style.header)
    return tuple(row for row in rows if row.values)


def opening_line(report: Report, style: ReportStyle) -> str | None:
    if style.opening is None:
        return None
    return style.opening.format_map(
        {name: field_text(report, name) for name in ("by", "to", "subject", "classification", "date")}
    )


def contact_line(contact: Contact, style: ReportStyle) -> str | None:
    """The contact sentence, when the style writes contacts as a sentence."""
    if style.contact_format is None:
        return None
    return style.contact_format.format_map(
        {
            "name": contact.name or "",
            "title": contact.title or "",
            "phone": contact.phone or "",
            "email": contact.email or "",
        }
    )


def _heading(report: Report, style: ReportStyle, name: str) -> str | None:
    """The report's own heading, else the site's; `none` (any case) prints no heading."""
    heading = dict(report.headings).get(name) or getattr(style, f"{name}_heading")
    return None if heading.strip().lower() == "none" else heading


def report_layout(report: Report, style: ReportStyle) -> ReportLayout:
    return ReportLayout(
        opening=opening_line(report, style),
        header=header_lines(report, style),
        summary_heading=_heading(report, style, "summary"),
        recommendations_heading=_heading(report, style, "recommendations"),
        recommendations_position=report.recommendations_position or style.recommendations_position,
        background_heading=_heading(report, style, "background"),
        no_background_documents=report.no_background_documents or style.no_background_documents,
        contact_heading=_heading(report, style, "contact"),
        contacts=tuple(
            ContactBlock(getattr(officer, "intro", None), contact_line(officer, style), officer)
            for officer in report.contact_officers
        ),
    )
