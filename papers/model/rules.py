"""Access-to-information rules checked at publication time.

Local Government Act 1972, Part VA:
- An agenda is open to inspection at least five clear working days before the meeting
  (s.100B(3)): neither the day of publication nor the day of the meeting counts, nor do
  weekends, bank holidays or days the site says the offices are closed. An item added
  later may be taken only if the chair is of the opinion that it is urgent, for reasons
  that are recorded (s.100B(4)(b)).
- An exempt item is taken in private only after a resolution to exclude the press and
  public (s.100A(4)), naming the Schedule 12A paragraph; and information is exempt only
  while the public interest in keeping it so outweighs that in disclosing it (Sch. 12A
  Part 2, para 10), so the item records that statement. Confidential information
  (s.100A(3)) has no such test: it is never public, so a statement is a mistake.
- Only the report for an item to be taken in private may be withheld (s.100B(2)): a report
  classified exempt or confidential on a public item would be published.
- Every report lists its background papers, or says there are none (s.100D).

Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England)
Regulations 2012:
- A key decision needs notice at least 28 clear days before it is made (reg. 9), unless
  made under the general exception (reg. 10: notice at least five clear days before, with
  the reasons) or special urgency (reg. 11: the agreement that it is urgent and cannot
  reasonably be deferred).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import cast

from papers.content.schema import AgendaItemRecord, MeetingRecord, ReportRecord, all_items
from papers.content.validate import Validated
from papers.dates import weekday_date
from papers.diagnostics import Diagnostics
from papers.model.audience import PUBLIC, paper_files
from papers.model.calendar import WorkingCalendar, latest_key_decision_notice
from papers.model.references import References
from papers.model.site import AgendaItem, Meeting, Report, Site

REGULATIONS = (
    "Local Authorities (Executive Arrangements) (Meetings and Access to Information) (England) Regulations 2012"
)


def check_publication(refs: References, calendar: WorkingCalendar, entry: Validated, meeting: Meeting) -> None:
    record = cast(MeetingRecord, entry.record)
    check_classifications(refs, meeting)  # a leak whatever the meeting's status
    if meeting.status == "cancelled":
        return
    latest = calendar.latest_publication(meeting.date)
    items = [(number, item) for number, item in _item_records(record) if not item.withdrawn]
    paths = _item_paths(record)
    if meeting.agenda_published and meeting.agenda_published > latest and not all(item.urgent for _, item in items):
        refs.problem(
            entry,
            ("agenda_published",),
            "E220",
            f"the agenda was published on {weekday_date(meeting.agenda_published)}, less than five clear "
            f"working days before the meeting on {weekday_date(meeting.date)}: it had to be published "
            f"by {weekday_date(latest)} (Local Government Act 1972, s.100B(3))",
            "move the meeting; if it must go ahead, each item needs `urgent: yes` and its "
            "`urgency_reason:` (s.100B(4)(b))",
        )
    elif meeting.supplementary_published and meeting.supplementary_published > latest:
        for number, item in items:
            if item.supplementary and not item.urgent:
                refs.problem(
                    entry,
                    paths[number],
                    "E221",
                    f"item {number} is supplementary, published on "
                    f"{weekday_date(meeting.supplementary_published)}, after the last day for this "
                    f"meeting's agenda ({weekday_date(latest)}), and is not marked urgent",
                    "add `urgent: yes` and `urgency_reason:` giving the special circumstances "
                    "(s.100B(4)(b)), or move the item to a later meeting",
                )
    check_exempt_items(refs, entry, record)
    check_key_decisions(refs, calendar, meeting)


def check_exempt_items(refs: References, entry: Validated, record: MeetingRecord) -> None:
    paths = _item_paths(record)
    motion_seen = False
    for number, item in _item_records(record):
        if item.withdrawn:
            continue  # a withdrawn motion was not moved
        motion_seen = motion_seen or item.exclusion_motion
        exempt = item.exempt or item.exempt_paragraph is not None  # the paragraph alone makes it exempt
        if exempt and not item.confidential and not item.public_interest:
            refs.problem(
                entry,
                paths[number],
                "E222",
                f"exempt item {number} has no public interest statement",
                "add `public_interest:` saying why the public interest in keeping the information "
                "exempt outweighs the public interest in disclosing it (Schedule 12A, Part 2)",
            )
        if item.confidential and item.public_interest:
            refs.problem(
                entry,
                paths[number] + ("public_interest",),
                "E228",
                f"item {number} is confidential, but gives a public interest statement: confidential "
                "information (Local Government Act 1972, s.100A(3)) has no public interest test and "
                "can never be made public",
                "remove `public_interest:`; if the information is exempt "
                "rather than confidential, use `exempt: yes` with `exempt_paragraph:` (Schedule 12A) "
                "instead of `confidential: yes`",
                key=True,
            )
        if (exempt or item.confidential) and not motion_seen:
            refs.problem(
                entry,
                paths[number],
                "W303",
                f"item {number} is taken in private, but no earlier item is the motion to exclude the press and public",
                "add an item before it with `exclusion_motion: yes` (s.100A(4))",
            )
            motion_seen = True  # one warning per agenda


def check_background_documents(refs: References, entry: Validated) -> None:
    record = cast(ReportRecord, entry.record)
    if record.background_documents is None:
        refs.problem(
            entry,
            (),
            "E223",
            f"report `{entry.source.path.stem}` does not list its background papers: every report "
            "lists the unpublished documents it relied on, or says there are none (Local Government "
            "Act 1972, s.100D)",
            "add `background_documents:` listing the unpublished documents the "
            "report relied on, or `background_documents: none`",
        )


def _published_reports(meeting: Meeting) -> Iterator[tuple[AgendaItem, Report]]:
    """Each report attached to an item that is not withdrawn, with its item."""
    for item in meeting.agenda_items:
        if not item.withdrawn:
            for report in item.reports:
                yield item, report


def check_key_decisions(refs: References, calendar: WorkingCalendar, meeting: Meeting) -> None:
    for _, report in _published_reports(meeting):
        entry = refs.report_entries.get(report.relative)
        if report.key_decision and entry is not None:
            check_key_decision(refs, calendar, entry, report, meeting.date)


def check_key_decision(
    refs: References, calendar: WorkingCalendar, entry: Validated, report: Report, meeting_day: dt.date
) -> None:
    name, notice, exception = f"report `{report.slug}`", report.notice_published, report.key_decision_exception
    latest = latest_key_decision_notice(meeting_day)
    if exception is None:
        if notice is None:
            refs.problem(
                entry,
                ("key_decision",),
                "E224",
                f"{name} is a key decision but gives no `notice_published:`: notice of a key decision "
                f"is published at least 28 clear days before the meeting on {weekday_date(meeting_day)}, so by "
                f"{weekday_date(latest)} ({REGULATIONS}, reg. 9)",
                _NOTICE_HINT,
            )
        elif notice > latest:
            refs.problem(
                entry,
                ("notice_published",),
                "E225",
                f"{name} is a key decision whose notice was published on {weekday_date(notice)}, "
                f"{_clear_days(notice, meeting_day)} before the meeting on {weekday_date(meeting_day)}: it "
                f"needed 28 clear days, so by {weekday_date(latest)} ({REGULATIONS}, reg. 9)",
                "if the decision cannot wait, record " + _EXCEPTIONS + "; otherwise take the "
                "decision at a later meeting",
            )
        return
    if not report.exception_reason:
        refs.problem(entry, ("key_decision_exception",), "E226", *_missing_reason(name, exception))
    if exception == "general-exception":
        latest = calendar.latest_publication(meeting_day)
        hint = (
            "add `notice_published:` with the day the general exception notice was published; if even that "
            "was not possible, use `key_decision_exception: special-urgency` (reg. 11)"
        )
        if notice is None:
            refs.problem(
                entry,
                ("key_decision_exception",),
                "E227",
                f"{name} is a key decision taken under the general exception but gives no "
                "`notice_published:`: the general exception still needs notice at least five clear "
                f"working days before the meeting on {weekday_date(meeting_day)}, so by {weekday_date(latest)} "
                f"({REGULATIONS}, reg. 10)",
                hint,
            )
        elif notice > latest:
            refs.problem(
                entry,
                ("notice_published",),
                "E227",
                f"{name} is a key decision taken under the general exception, but its notice was "
                f"published on {weekday_date(notice)}, less than five clear working days before the meeting "
                f"on {weekday_date(meeting_day)}: it had to be published by {weekday_date(latest)} "
                f"({REGULATIONS}, reg. 10)",
                "take the decision at a later meeting, or, if it is urgent and cannot reasonably be "
                "deferred, use `key_decision_exception: special-urgency` (reg. 11)",
            )


_EXCEPTIONS = (
    "`key_decision_exception: general-exception` (reg. 10) or `key_decision_exception: "
    "special-urgency` (reg. 11), with `exception_reason:`"
)
_NOTICE_HINT = (
    "add `notice_published:` with the day the notice of the key decision (the forward plan entry) "
    "was published; if it was not published in time, record " + _EXCEPTIONS
)


def _missing_reason(name: str, exception: str) -> tuple[str, str]:
    if exception == "general-exception":
        return (
            f"{name} is a key decision taken under the general exception but gives no `exception_reason:`: "
            f"the general exception notice states why 28 clear days' notice was impracticable "
            f"({REGULATIONS}, reg. 10)",
            "add `exception_reason:` saying why giving 28 clear days' notice was impracticable",
        )
    return (
        f"{name} is a key decision taken under special urgency but gives no `exception_reason:`: the "
        f"decision needs the agreement of the chairman of the relevant overview and scrutiny committee (or, "
        f"failing that, the chairman or vice-chairman of the authority) that it is urgent and cannot reasonably "
        f"be deferred ({REGULATIONS}, reg. 11)",
        "add `exception_reason:` recording who agreed that the decision is urgent and cannot reasonably be "
        "deferred, and why",
    )


def _clear_days(notice: dt.date, meeting_day: dt.date) -> str:
    clear = (meeting_day - notice).days - 1
    if clear < 0:
        return "not"
    return f"{clear} clear day" + ("" if clear == 1 else "s")


_PRIVATE_WORDS = re.compile(
    r"(?<![\w-])(?:exempt|confidential|restricted|private|part[\s-]+(?:ii|2)|"
    r"official[\s-]+sensitive)(?!\w)|\bnot\s+for\s+publication\b",
    re.IGNORECASE,
)
_PUBLIC_WORDS = re.compile(r"(?<![\w-])un-?restricted(?!\w)", re.IGNORECASE)
# "Not exempt", "non-confidential", "Exempt: no": the private word denied.
_DENIED = re.compile(
    r"\b(?:not|non|no)[\s-]+(?:exempt|confidential|restricted|private)\b|"
    r"\b(?:exempt|confidential|restricted|private)\s*[:=-]?\s*(?:no|none|n/a)\b",
    re.IGNORECASE,
)
_APPENDIX_WORDS = re.compile(r"\b(?:appendix|appendices|annex|annexe)\b", re.IGNORECASE)


def classified_private(report: Report) -> bool:
    """Whether the report's own classification says it is not for publication.

    "Unrestricted" (even "Confidential to KCT Unrestricted") is public; a classification that puts an
    appendix in private is answered by that appendix's own `exempt_paragraph:`.
    """
    text = _DENIED.sub(" ", report.classification)
    if not _PRIVATE_WORDS.search(text):
        return False
    about_appendix = _APPENDIX_WORDS.search(text)
    if _PUBLIC_WORDS.search(text) and not about_appendix:
        return False  # "Unrestricted" wins, except over "... except Appendix 2, exempt"
    return not (about_appendix and any(a.exempt_paragraph for a in report.appendices))


def check_classifications(refs: References, meeting: Meeting) -> None:
    for item, report in _published_reports(meeting):
        entry = refs.report_entries.get(report.relative)
        if entry is not None and not item.is_private and classified_private(report):
            _public_item_private_report(refs, entry, item, report)


def _public_item_private_report(refs: References, entry: Validated, item: AgendaItem, report: Report) -> None:
    refs.problem(
        entry,
        ("classification",),
        "E229",
        f'report `{report.slug}` is classified "{report.classification}", but agenda item '
        f"{item.number} is neither exempt nor confidential, so the report would be published: only "
        "the report for an item taken in private may be withheld (Local Government Act 1972, "
        "s.100B(2))",
        f"mark item {item.number} in meeting.md `exempt: yes` with `exempt_paragraph:` (Schedule 12A), "
        "or `confidential: yes` (s.100A(3)); if the report is public, correct its `classification:`; "
        "if only an appendix is exempt, give that appendix `exempt_paragraph:`",
    )


def _item_records(record: MeetingRecord) -> Iterator[tuple[str, AgendaItemRecord]]:
    for item, _ in all_items(record):
        yield item.number, item


def _item_paths(record: MeetingRecord) -> dict[str, tuple]:
    return {item.number: path for item, path in all_items(record)}


def check_links_to_withheld(site: Site, diagnostics: Diagnostics) -> None:
    """W304: a published paper that links to a file a withheld paper uses. The file is not copied (pages.py);
    this tells the clerk why the link is missing, because the link itself may be the mistake.
    E235: a published appendix that is a withheld paper's file; E239: a logo that is one."""
    _, withheld = paper_files(site, PUBLIC)
    check_logo(site, withheld, diagnostics)
    for meeting in site.meetings:
        for item in meeting.agenda_items:
            if not PUBLIC.shows_papers(meeting, item):
                continue
            for report in item.reports:
                for appendix in report.appendices:
                    if PUBLIC.shows_appendix(appendix) and appendix.file in withheld:
                        diagnostics.add(
                            report.source,
                            _line_naming(report.source, appendix.file),
                            1,
                            "E235",
                            f"appendix `{appendix.file}` of this published report is also a file of a "
                            "withheld (exempt, confidential or unpublished) paper, so it would be "
                            "published",
                            "give the appendix `exempt_paragraph:` if it is exempt here "
                            "too, or attach a separate, public version",
                        )
                papers = [(report.source, report.linked)]
                papers += [
                    (site.root / appendix.file, appendix.linked)
                    for appendix in report.appendices
                    if PUBLIC.shows_appendix(appendix) and not appendix.is_pdf
                ]
                for source, linked in papers:
                    for path in sorted(set(linked) & withheld):
                        diagnostics.add(
                            source,
                            _line_naming(source, path),
                            1,
                            "W304",
                            f"this published paper links to `{path}`, which a withheld (exempt, "
                            "confidential or unpublished) paper also uses: it is left out of the "
                            "public site, with the link",
                            "remove the link, or give the public paper its own copy of a file that is not exempt",
                        )


def _line_naming(source: Path, path: str) -> int:
    text = source.read_text(encoding="utf-8", errors="replace")
    found = text.find(PurePosixPath(path).name)
    return text.count("\n", 0, found) + 1 if found >= 0 else 1


def check_logo(site: Site, withheld: set[str], diagnostics: Diagnostics) -> None:
    """E239: the logo is shown on every page, so it may not be a file that an exempt, confidential or
    unpublished paper uses (the projection would leave it out; the check says why, at the `logo:` line)."""
    logo = site.settings.logo
    if not logo or _content_path(logo) not in withheld:
        return
    source = site.root / "site.yml"
    line, column = _setting_line(source, "logo")
    diagnostics.add(
        source,
        line,
        column,
        "E239",
        f"the logo `{logo}` is a file of a withheld (exempt, confidential or unpublished) paper, so it "
        "would be published on every page",
        "keep the logo in a file of its own (for example `assets/logo.png`), not one that a paper uses",
    )


def _content_path(name: str) -> str:
    """A path as written in content (`./assets/../assets/logo.png`), as the content-relative path it names."""
    parts: list[str] = []
    for part in PurePosixPath(name).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _setting_line(source: Path, key: str) -> tuple[int, int]:
    """The line and column of a top-level setting's value in a plain YAML file (1, 1 if not found)."""
    text = source.read_text(encoding="utf-8", errors="replace")
    found = re.search(rf"^{re.escape(key)}[ \t]*:[ \t]*", text, re.MULTILINE)
    if found is None:
        return 1, 1
    line_start = text.rfind("\n", 0, found.start()) + 1
    return text.count("\n", 0, found.start()) + 1, found.end() - line_start + 1
