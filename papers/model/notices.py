"""Every legal wording and protective marking, in one place: used by pages, packs and checks.

Local Government Act 1972: information is withheld from the public either because
it is exempt (a paragraph of Part 1 of Schedule 12A) or because it is confidential
(s.100A(3), information from a government department or a court order). In the
public build a withheld paper is replaced by its notice; in the members' build
every private paper carries its marking ("NOT FOR PUBLICATION - ...").
"""

from __future__ import annotations

from dataclasses import dataclass

ACT = "the Local Government Act 1972"

SCHEDULE_12A = {
    1: "Information relating to any individual.",
    2: "Information which is likely to reveal the identity of an individual.",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information).",
    4: "Information relating to any consultations or negotiations, or contemplated consultations or negotiations, "
    "in connection with any labour relations matter arising between the authority or a Minister of the Crown "
    "and employees of, or office holders under, the authority.",
    5: "Information in respect of which a claim to legal professional privilege could be maintained "
    "in legal proceedings.",
    6: "Information which reveals that the authority proposes (a) to give under any enactment a notice under "
    "or by virtue of which requirements are imposed on a person; or (b) to make an order or direction "
    "under any enactment.",
    7: "Information relating to any action taken or to be taken in connection with the prevention, "
    "investigation or prosecution of crime.",
}

CONFIDENTIAL_MARKING = f"NOT FOR PUBLICATION - confidential information (section 100A(3) of {ACT})"
MIXED_MARKING = "NOT FOR PUBLICATION - contains exempt or confidential information"
MEMBERS_EDITION = " (members' edition: not for publication)"
MEMBERS_BANNER = (
    "This site contains information that is not for publication. Do not forward, print for others or publish it."
)
SUPPLEMENTARY_ELSEWHERE = "Supplementary: published separately"
WITHDRAWN = "Withdrawn"


@dataclass(frozen=True)
class Notice:
    """A withheld paper's notice: printed as "<heading>: <text>." on the web and in packs alike."""

    heading: str  # "Exempt" or "Confidential"
    text: str

    def __str__(self) -> str:
        return f"{self.heading}: {self.text}"


def withheld_notice(exempt_paragraph: int | None, confidential: bool) -> Notice:
    """Why a paper is not published, with its legal basis."""
    if confidential:
        return Notice(
            "Confidential",
            f"not for publication: confidential information within the meaning of section 100A(3) of {ACT}",
        )
    return Notice(
        "Exempt",
        f"not for publication by virtue of paragraph {exempt_paragraph} of Part 1 of Schedule 12A to {ACT}",
    )


def exempt_marking(paragraph: int) -> str:
    return f"NOT FOR PUBLICATION - paragraph {paragraph} of Part 1 of Schedule 12A"


def marking(exempt_paragraph: int | None, confidential: bool) -> str | None:
    """The marking on a private paper in the members' build, or None for a public one."""
    if confidential:
        return CONFIDENTIAL_MARKING
    if exempt_paragraph is not None:
        return exempt_marking(exempt_paragraph)
    return None


def combined_marking(markings: set[str | None]) -> str | None:
    """One marking for a document holding several private papers (printed minutes)."""
    found = sorted(found for found in markings if found)
    if len(found) > 1:
        return MIXED_MARKING
    return found[0] if found else None


def schedule_12a_paragraph(paragraph: int) -> str:
    return SCHEDULE_12A[paragraph]
