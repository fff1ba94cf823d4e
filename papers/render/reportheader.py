"""The report header block in the body's own style (site.yml `report_style`).

Kent prints By / To / Date of Meeting / Subject / Classification; Lincolnshire
opens "Open Report on behalf of ..." then Report to / Date / Subject. Templates
call these functions and stay free of council-specific wording.
"""

from __future__ import annotations

from dataclasses import dataclass

from papers.content.schema import Contact, ReportStyle
from papers.dates import plain_date
from papers.model.site import Report


@dataclass(frozen=True)
class HeaderLine:
    label: str
    value: str


def join_people(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return "; ".join(names[:-1]) + " and " + names[-1]


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
    lines = (HeaderLine(row.label, field_text(report, row.field)) for row in style.header)
    return tuple(line for line in lines if line.value)


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
