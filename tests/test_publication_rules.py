"""Publication rules: the calendar arithmetic behind E220, E221 and the key decision notices (E224-E227),
background papers (E223), confidential items (E228) and private classifications on public items (E229)."""

from __future__ import annotations

import datetime as dt

import pytest

from papers.content.settings import WorkingDays
from papers.model.calendar import WorkingCalendar, latest_key_decision_notice
from papers.pipeline import check

D = dt.date


@pytest.mark.parametrize(
    "meeting, latest",
    [
        (D(2011, 11, 17), D(2011, 11, 9)),  # the statutory example: Thursday meeting, Wednesday of the week before
        (D(2011, 3, 4), D(2011, 2, 24)),  # Friday meeting: Thursday of the week before
        (D(2012, 5, 10), D(2012, 5, 1)),  # Early May bank holiday (Monday 7 May) does not count
        (D(2010, 9, 2), D(2010, 8, 24)),  # Summer bank holiday (Monday 30 August)
        (D(2011, 12, 30), D(2011, 12, 20)),  # Christmas Day and Boxing Day substitutes (26 and 27 December)
        (D(2011, 11, 14), D(2011, 11, 6)),  # Monday meeting: the Sunday before last is still in time
    ],
)
def test_latest_publication_in_england_and_wales(meeting, latest):
    assert WorkingCalendar(WorkingDays()).latest_publication(meeting) == latest


def test_scotland_has_its_own_bank_holidays():
    # St Andrew's Day (Wednesday 30 November 2011) is a bank holiday in Scotland only. The fifth clear day
    # moves from Tuesday 29 to Monday 28 November, so publication is due by the Sunday.
    meeting = D(2011, 12, 6)
    assert WorkingCalendar(WorkingDays()).latest_publication(meeting) == D(2011, 11, 28)
    assert WorkingCalendar(WorkingDays(bank_holidays="scotland")).latest_publication(meeting) == D(2011, 11, 27)


def test_closed_days_and_no_bank_holidays():
    closed = WorkingCalendar(WorkingDays(closed_days=["2011-11-14"]))
    assert closed.latest_publication(D(2011, 11, 17)) == D(2011, 11, 8)
    assert WorkingCalendar(WorkingDays(bank_holidays="none")).latest_publication(D(2012, 5, 10)) == D(2012, 5, 2)


# --- key decisions: 28 clear days' notice (2012 Regulations, reg. 9) --------------------------------


@pytest.mark.parametrize(
    "meeting, latest",
    [
        (D(2011, 11, 17), D(2011, 10, 19)),  # 20 October to 16 November is 28 days; neither end counts
        (D(2011, 3, 4), D(2011, 2, 3)),  # across the end of February
        (D(2012, 3, 29), D(2012, 2, 29)),  # a leap year
        (D(2011, 1, 6), D(2010, 12, 8)),  # across the new year; bank holidays count (calendar days)
    ],
)
def test_latest_key_decision_notice(meeting, latest):
    assert latest_key_decision_notice(meeting) == latest
    clear_days = (meeting - latest).days - 1
    assert clear_days == 28


REPORT = "committees/scs-posc/2011-11-17/reports/kscb-update.md"
MEETING = "committees/scs-posc/2011-11-17/meeting.md"


def codes_with(content, report_fields: str, meeting_text: str | None = None) -> list[str]:
    (content / REPORT).write_text(f"---\nsubject: KSCB update\n{report_fields}---\nAn update.\n")
    if meeting_text is not None:
        (content / MEETING).write_text(meeting_text)
    return [diagnostic.code for diagnostic in check(content).diagnostics.sorted()]


def test_key_decision_notice_on_the_28th_clear_day_passes(minimal_copy):
    fields = "key_decision: yes\nbackground_documents: none\n"
    assert codes_with(minimal_copy, fields + "notice_published: 2011-10-19\n") == []
    assert codes_with(minimal_copy, fields + "notice_published: 2011-10-20\n") == ["E225"]
    assert codes_with(minimal_copy, fields + "notice_published: 2011-11-18\n") == ["E225"]
    assert codes_with(minimal_copy, fields) == ["E224"]


def test_key_decision_exceptions(minimal_copy):
    fields = "key_decision: yes\nbackground_documents: none\n"
    general = fields + "key_decision_exception: general-exception\n"
    reason = "exception_reason: Grant conditions must be accepted by 30 November 2011.\n"
    assert codes_with(minimal_copy, general + reason + "notice_published: 2011-11-09\n") == []
    assert codes_with(minimal_copy, general + reason + "notice_published: 2011-11-10\n") == ["E227"]
    assert codes_with(minimal_copy, general + reason) == ["E227"]
    assert codes_with(minimal_copy, general + "notice_published: 2011-11-09\n") == ["E226"]
    urgency = fields + "key_decision_exception: special-urgency\n"
    assert codes_with(minimal_copy, urgency + reason) == []
    assert codes_with(minimal_copy, urgency) == ["E226"]


def test_key_decision_exception_needs_a_key_decision(minimal_copy):
    assert codes_with(
        minimal_copy, "background_documents: none\nkey_decision_exception: special-urgency\nexception_reason: Urgent.\n"
    ) == ["E117"]
    assert codes_with(
        minimal_copy,
        "background_documents: none\nkey_decision: yes\nnotice_published: 2011-10-01\nexception_reason: Urgent.\n",
    ) == ["E117"]


def test_key_decisions_are_not_checked_at_cancelled_meetings_or_on_withdrawn_items(minimal_copy):
    meeting = (minimal_copy / MEETING).read_text()
    fields = "key_decision: yes\nbackground_documents: none\n"
    cancelled = meeting.replace("status: held", "status: cancelled")
    (minimal_copy / "committees/scs-posc/2011-11-17/minutes.md").unlink()
    assert codes_with(minimal_copy, fields, cancelled) == []
    withdrawn = meeting.replace("title: KSCB update\n", "title: KSCB update\n        withdrawn: yes\n")
    assert codes_with(minimal_copy, fields, withdrawn) == []
    assert codes_with(minimal_copy, fields, meeting) == ["E224"]


# --- background papers (s.100D) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "written, documents",
    [
        ("none", ()),
        ("None", ()),
        ("NONE", ()),
        ("[]", ()),
        ("[none]", ()),
        (
            "\n  - Report to Cabinet, 5 September 2011\n  - DfE guidance, 2010",
            ("Report to Cabinet, 5 September 2011", "DfE guidance, 2010"),
        ),
        (
            "Kent Safeguarding Children Board annual report 2010-11",
            ("Kent Safeguarding Children Board annual report 2010-11",),
        ),
    ],
)
def test_background_documents_listed_or_explicitly_none(minimal_copy, written, documents):
    assert codes_with(minimal_copy, f"background_documents: {written}\n") == []
    site = check(minimal_copy).site
    report = next(report for report in site.reports if report.slug == "kscb-update")
    assert report.background_documents == documents


@pytest.mark.parametrize("fields", ["", "background_documents:\n", "background_documents: ~\n"])
def test_background_documents_absent_or_empty_is_an_error(minimal_copy, fields):
    assert codes_with(minimal_copy, fields) == ["E223"]


# --- confidential items and private classifications ---------------------------------------------------


@pytest.mark.parametrize(
    "classification",
    [
        "Unrestricted",
        "UNRESTRICTED",
        "Confidential to KCT Unrestricted For Information Only",
        "Un-restricted",
        "Not Protectively Marked",
        "Open",
        "Public",
        "Non-exempt",
        "Not exempt",
        "Exempt: no",
        "Not restricted",
        "Confidential: No",
        "non-confidential",
    ],
)
def test_public_classifications_pass(minimal_copy, classification):
    assert codes_with(minimal_copy, f'background_documents: none\nclassification: "{classification}"\n') == []


@pytest.mark.parametrize(
    "classification",
    [
        "Exempt",
        "exempt: paragraph 3 of Part 1 of Schedule 12A",
        "Restricted",
        "RESTRICTED - Management",
        "Confidential",
        "NOT FOR PUBLICATION",
        "Not for\tpublication by virtue of paragraph 1",
        "Private",
        "Part II",
        "Part 2 - private",
        "OFFICIAL-SENSITIVE",
        "Unrestricted except Appendix 2, exempt under paragraph 3",
    ],
)
def test_private_classification_on_a_public_item_is_an_error(minimal_copy, classification):
    fields = f'background_documents: none\nclassification: "{classification}"\n'
    assert codes_with(minimal_copy, fields) == ["E229"]
    meeting = (
        (minimal_copy / MEETING)
        .read_text()
        .replace(
            "      - number: B2\n",
            "      - {number: B1A, title: Exclusion of the press and public, exclusion_motion: yes}\n"
            "      - number: B2\n        confidential: yes\n",
        )
    )
    assert codes_with(minimal_copy, fields, meeting) == []


def test_classification_of_an_exempt_appendix(minimal_copy):
    folder = minimal_copy / "committees/scs-posc/2011-11-17/reports/kscb-update"
    folder.mkdir()
    (folder / "case-review.md").write_text("Details.\n")
    fields = "background_documents: none\nclassification: Appendix A is exempt\n"
    appendix = "appendices:\n  - {title: Case review, file: kscb-update/case-review.md, label: Appendix A%s}\n"
    assert codes_with(minimal_copy, fields + appendix % ", exempt_paragraph: 1") == []
    assert codes_with(minimal_copy, fields + appendix % "") == ["E229"]


def test_confidential_item_with_a_public_interest_statement(minimal_copy):
    meeting = (
        (minimal_copy / MEETING)
        .read_text()
        .replace(
            "      - number: B2\n",
            "      - {number: B1A, title: Exclusion of the press and public, exclusion_motion: yes}\n"
            "      - number: B2\n        confidential: yes\n        public_interest: Outweighs disclosure.\n",
        )
    )
    assert codes_with(minimal_copy, "background_documents: none\n", meeting) == ["E228"]
    exempt = meeting.replace("confidential: yes", "exempt: yes\n        exempt_paragraph: 1")
    assert codes_with(minimal_copy, "background_documents: none\n", exempt) == []
