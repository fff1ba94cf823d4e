"""The accessibility statement page: what it says, from site.yml's `accessibility` block and from the content.

Public sector websites must publish one (the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
Accessibility Regulations 2018); templates/pages/accessibility.html.j2 lays it out as GOV.UK's sample statement
does. What the council has not said (when the statement was last reviewed, how far the site complies) the page
says it has not said: nothing is made up. The known problems are the council's own list and those found in the
content: each PDF the site publishes (supplied appendices and files linked from papers) that is not tagged, so
that screen readers cannot follow its structure. Only what this build publishes is named: the site is the one its
audience may see (papers/render/project.py), so a withheld paper's files are never listed.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from papers.content import supplied
from papers.content.filememo import by_content
from papers.content.settings import Contact
from papers.model.site import Meeting, Report, Site
from papers.render import urls

if TYPE_CHECKING:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

REGULATIONS = (
    "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 "
    "(the 'accessibility regulations')"
)
# GOV.UK's sample accessibility statement: who enforces the regulations, and where to complain (Markdown).
ENFORCEMENT_GREAT_BRITAIN = (
    f"The Equality and Human Rights Commission (EHRC) is responsible for enforcing {REGULATIONS}. If you're not "
    "happy with how we respond to your complaint, contact the "
    "[Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/)."
)
ENFORCEMENT_NORTHERN_IRELAND = (
    "If you're in Northern Ireland and are not happy with how we respond to your complaint you can contact the "
    "[Equality Commission for Northern Ireland](https://www.equalityni.org/) who are responsible for enforcing "
    f"{REGULATIONS} in Northern Ireland."
)


@dataclass(frozen=True)
class UntaggedPdf:
    """A published PDF without tags: its label (an appendix's heading, or the file's name) and where it belongs."""

    label: str
    url: str
    report: Report
    meeting: Meeting


@dataclass(frozen=True)
class Statement:
    name: str  # the council's
    address: str | None  # the site's public address (None in the members' edition)
    contact: Contact | None  # None: no contact details are given
    enforcement: str  # Markdown
    compliance: str | None  # "fully", "partially" or "not" compliant, as the council says; None: not said
    known_issues: tuple[str, ...]  # the council's own list, as written
    untagged: tuple[UntaggedPdf, ...]
    prepared: dt.date | None
    last_reviewed: dt.date | None

    @property
    def has_known_issues(self) -> bool:
        return bool(self.known_issues or self.untagged)


def statement(site: Site) -> dict[str, Statement]:
    """The statement page's context."""
    settings = site.settings
    given = settings.accessibility
    contact: Contact | None = given.contact or settings.democratic_services
    if contact is not None and not any((contact.email, contact.phone, contact.address)):
        contact = None
    if given.enforcement:
        enforcement = given.enforcement
    elif settings.working_days.bank_holidays == "northern-ireland":
        enforcement = ENFORCEMENT_NORTHERN_IRELAND
    else:
        enforcement = ENFORCEMENT_GREAT_BRITAIN
    found = Statement(
        name=settings.name,
        address=settings.url,
        contact=contact,
        enforcement=enforcement,
        compliance=given.compliance,
        known_issues=tuple(given.known_issues),
        untagged=untagged_pdfs(site),
        prepared=given.prepared,
        last_reviewed=given.last_reviewed,
    )
    return {"statement": found}


def updated(site: Site, latest: dt.date | None) -> dt.date | None:
    """The statement changes with the content it lists and when the council reviews it."""
    given = site.settings.accessibility
    days = [day for day in (latest, given.prepared, given.last_reviewed) if day is not None]
    return max(days, default=None)


def untagged_pdfs(site: Site) -> tuple[UntaggedPdf, ...]:
    """Every PDF of the papers this site publishes whose published copy is not tagged, in agenda order."""
    published = frozenset(site.attachments)
    found: list[UntaggedPdf] = []
    seen: set[str] = set()
    for meeting in site.meetings:
        for item in meeting.agenda_items:
            for report in item.reports:  # a projected item holds only the papers its audience may read
                for label, file in _pdfs_of(report):
                    if file in seen or file not in published:
                        continue
                    seen.add(file)
                    if not published_copy_is_tagged(site.root / file):
                        found.append(UntaggedPdf(label, urls.attachment(file), report, meeting))
    return tuple(found)


def _pdfs_of(report: Report) -> list[tuple[str, str]]:
    """(label, content path) of the PDFs a report publishes: its PDF appendices, then the PDFs its text links."""
    pdfs = [
        (appendix.heading, appendix.file) for appendix in report.appendices if appendix.is_pdf and not appendix.withheld
    ]
    linked = [
        *report.linked,
        *(file for appendix in report.appendices if not appendix.withheld for file in appendix.linked),
    ]
    pdfs += [(file.rsplit("/", 1)[-1], file) for file in linked if file.lower().endswith(".pdf")]
    return pdfs


@by_content
def published_copy_is_tagged(original: Path) -> bool:
    """Whether the copy of a supplied PDF that the site publishes (papers/content/supplied.py) is tagged.

    A copy can be no better tagged than its original, so only a tagged original is copied to be looked at."""
    from pypdf import PdfReader

    if not is_tagged(PdfReader(original)):
        return False
    return is_tagged(PdfReader(io.BytesIO(supplied.cleaned(original))))


def is_tagged(reader: PdfReader) -> bool:
    """A tagged PDF says so (`/MarkInfo << /Marked true >>`) and has a structure tree (`/StructTreeRoot`)."""
    root = cast("DictionaryObject", reader.trailer["/Root"].get_object())
    mark_info = root.get("/MarkInfo")
    marked = cast("DictionaryObject", mark_info.get_object()).get("/Marked") if mark_info is not None else None
    return bool(marked) and "/StructTreeRoot" in root
