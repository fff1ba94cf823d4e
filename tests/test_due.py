"""`build.py check --today DATE`: what is due (papers/model/due.py) and how the command lists it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import DEMO, run_check

from papers.model.due import (
    AGENDA,
    DRAFT_MINUTES,
    GENERAL_EXCEPTION_NOTICE,
    KEY_DECISION_NOTICE,
    MINUTES_NOT_WRITTEN,
    STATUS_NOT_UPDATED,
    due,
)
from papers.pipeline import check

D = dt.date
NOVEMBER = Path("committees/scs-posc/2011-11-17")
COMING_MEETING = """---
date: 2011-11-17
time: 10:00
items:
  - {number: "1", title: Minutes of the meeting held on 22 September 2011, minutes_of: 2011-09-22}
  - {number: "2", title: Early Intervention Strategy, reports: early-intervention-strategy}
  - {number: "3", title: KSCB update, reports: kscb-update}
---
"""


@pytest.fixture
def coming(minimal_copy) -> Path:
    """The minimal council with its November meeting still to come: no agenda published, no minutes."""
    (minimal_copy / NOVEMBER / "meeting.md").write_text(COMING_MEETING)
    (minimal_copy / NOVEMBER / "minutes.md").unlink()
    return minimal_copy


def site_of(content: Path):
    result = check(content)
    assert result.diagnostics.items == [], [d.format() for d in result.diagnostics.items]
    return result.site


def summary(records) -> list[tuple]:
    return [
        (
            r.kind,
            r.day,
            r.meeting.slug,
            r.overdue,
            r.report.slug if r.report else None,
            r.approve_at.slug if r.approve_at else None,
        )
        for r in records
    ]


def add_meeting(content: Path, committee: str, slug: str, text: str) -> None:
    folder = content / "committees" / committee / slug
    folder.mkdir(parents=True)
    (folder / "meeting.md").write_text(text)


def write_report(content: Path, fields: str) -> None:
    (content / NOVEMBER / "reports" / "kscb-update.md").write_text(
        f"---\nsubject: KSCB update\nbackground_documents: none\n{fields}---\nAn update.\n"
    )


def test_minimal_council_has_nothing_due_before_its_meeting(minimal_copy):
    assert due(site_of(minimal_copy), D(2011, 11, 1)) == []


def test_agenda_due_five_clear_working_days_before_then_overdue(coming):
    site = site_of(coming)
    assert summary(due(site, D(2011, 11, 1))) == [(AGENDA, D(2011, 11, 9), "2011-11-17", False, None, None)]
    assert summary(due(site, D(2011, 11, 9))) == [(AGENDA, D(2011, 11, 9), "2011-11-17", False, None, None)]
    assert summary(due(site, D(2011, 11, 10))) == [(AGENDA, D(2011, 11, 9), "2011-11-17", True, None, None)]
    assert summary(due(site, D(2011, 11, 17))) == [(AGENDA, D(2011, 11, 9), "2011-11-17", True, None, None)]


def test_published_cancelled_and_postponed_meetings_need_no_agenda(coming):
    meeting = coming / NOVEMBER / "meeting.md"
    for change in (
        "time: 10:00\nagenda_published: 2011-11-08",
        "time: 10:00\nstatus: cancelled",
        "time: 10:00\nstatus: postponed",
    ):
        meeting.write_text(COMING_MEETING.replace("time: 10:00", change))
        assert due(site_of(coming), D(2011, 11, 1)) == []


def test_key_decision_notice_in_the_due_list(coming, monkeypatch):
    # A key decision without notice fails the check, so the due list is tested on the model directly.
    import papers.model.rules as rules

    monkeypatch.setattr(rules, "check_key_decisions", lambda *args: None)
    write_report(coming, "key_decision: yes\n")
    site = site_of(coming)
    assert summary(due(site, D(2011, 10, 1))) == [
        (KEY_DECISION_NOTICE, D(2011, 10, 19), "2011-11-17", False, "kscb-update", None),
        (AGENDA, D(2011, 11, 9), "2011-11-17", False, None, None),
    ]
    assert summary(due(site, D(2011, 10, 20)))[0][:4] == (KEY_DECISION_NOTICE, D(2011, 10, 19), "2011-11-17", True)
    write_report(coming, "key_decision: yes\nkey_decision_exception: general-exception\nexception_reason: Urgent.\n")
    assert summary(due(site_of(coming), D(2011, 11, 1))) == [
        (AGENDA, D(2011, 11, 9), "2011-11-17", False, None, None),
        (GENERAL_EXCEPTION_NOTICE, D(2011, 11, 9), "2011-11-17", False, "kscb-update", None),
    ]
    write_report(coming, "key_decision: yes\nkey_decision_exception: special-urgency\nexception_reason: Urgent.\n")
    assert [r.kind for r in due(site_of(coming), D(2011, 11, 1))] == [AGENDA]
    write_report(coming, "key_decision: yes\nnotice_published: 2011-10-03\n")
    assert [r.kind for r in due(site_of(coming), D(2011, 11, 1))] == [AGENDA]


def test_draft_and_missing_minutes_after_the_meeting(minimal_copy):
    site = site_of(minimal_copy)
    # The November minutes are a draft, and the committee has no later meeting yet.
    assert summary(due(site, D(2011, 11, 18))) == [(DRAFT_MINUTES, D(2011, 11, 17), "2011-11-17", False, None, None)]
    add_meeting(minimal_copy, "scs-posc", "2012-01-19", "---\ndate: 2012-01-19\nitems: []\n---\n")
    site = site_of(minimal_copy)
    records = due(site, D(2011, 11, 18))
    assert (
        summary(records)
        == [
            (DRAFT_MINUTES, D(2012, 1, 19), "2011-11-17", False, None, "2012-01-19"),
            (AGENDA, D(2012, 1, 11), "2012-01-19", False, None, None),
        ][::-1]
    )
    assert summary(due(site, D(2012, 1, 20))) == [
        (DRAFT_MINUTES, D(2012, 1, 19), "2011-11-17", True, None, "2012-01-19"),
        (STATUS_NOT_UPDATED, D(2012, 1, 19), "2012-01-19", True, None, None),
    ]
    (minimal_copy / NOVEMBER / "minutes.md").unlink()
    assert summary(due(site_of(minimal_copy), D(2011, 11, 18)))[-1] == (
        MINUTES_NOT_WRITTEN,
        D(2012, 1, 19),
        "2011-11-17",
        False,
        None,
        "2012-01-19",
    )


def test_past_meeting_still_scheduled(coming):
    (coming / NOVEMBER / "meeting.md").write_text(
        COMING_MEETING.replace("time: 10:00", "time: 10:00\nagenda_published: 2011-11-01")
    )
    assert summary(due(site_of(coming), D(2011, 11, 18))) == [
        (STATUS_NOT_UPDATED, D(2011, 11, 17), "2011-11-17", True, None, None)
    ]


def test_sorted_by_due_date_then_committee(coming):
    (coming / "committees" / "audit").mkdir()
    (coming / "committees" / "audit" / "committee.md").write_text("---\nname: Audit Committee\n---\n")
    add_meeting(coming, "audit", "2011-11-17", "---\ndate: 2011-11-17\nitems: []\n---\n")
    add_meeting(coming, "audit", "2011-11-10", "---\ndate: 2011-11-10\nitems: []\n---\n")
    records = due(site_of(coming), D(2011, 11, 1))
    assert [(r.day, r.meeting.committee.name, r.meeting.slug) for r in records] == [
        (D(2011, 11, 2), "Audit Committee", "2011-11-10"),
        (D(2011, 11, 9), "Audit Committee", "2011-11-17"),
        (D(2011, 11, 9), "Social Care Scrutiny Committee", "2011-11-17"),
    ]


# --- the command ------------------------------------------------------------------------------------


def test_check_today_lists_what_is_due(coming, capsys):
    result = run_check(Path("content"), "--today", "2011-11-10", capsys=capsys)
    assert result.status == 0
    assert result.stderr == ""
    assert result.stdout.splitlines()[1:] == [
        "Check passed: 0 errors, 0 warnings.",
        "",
        "Due as of Thursday 10 November 2011:",
        "  - Social Care Scrutiny Committee, Thursday 17 November 2011: the agenda is overdue: it had to be "
        "published by Wednesday 9 November 2011 (five clear working days); only urgent items may now be taken, "
        "each with `urgent: yes` and `urgency_reason:`",
    ]
    result = run_check(Path("content"), "--today", "2011-11-01", capsys=capsys)
    assert result.stdout.splitlines()[-1] == (
        "  - Social Care Scrutiny Committee, Thursday 17 November 2011: publish the agenda by Wednesday "
        "9 November 2011 (five clear working days)"
    )


def test_check_today_minutes_lines(minimal_copy, capsys):
    add_meeting(
        minimal_copy, "scs-posc", "2012-01-19", "---\ndate: 2012-01-19\nagenda_published: 2012-01-09\nitems: []\n---\n"
    )
    result = run_check(Path("content"), "--today", "2011-12-01", capsys=capsys)
    assert result.stdout.splitlines()[-1] == (
        "  - Social Care Scrutiny Committee, Thursday 17 November 2011: draft minutes awaiting approval "
        "at the committee's next meeting, Thursday 19 January 2012"
    )
    result = run_check(Path("content"), "--today", "2012-02-01", capsys=capsys)
    assert result.stdout.splitlines()[-2:] == [
        "  - Social Care Scrutiny Committee, Thursday 17 November 2011: draft minutes awaiting approval: the "
        "committee's next meeting, Thursday 19 January 2012, has passed; if it approved them, set "
        "`status: approved` and `approved_at: 2012-01-19`",
        "  - Social Care Scrutiny Committee, Thursday 19 January 2012: the meeting's day has passed but it is "
        "still `scheduled`: set `status: held` and write the minutes, or `cancelled` or `postponed`",
    ]


def test_check_today_with_nothing_due(minimal_copy, capsys):
    result = run_check(Path("content"), "--today", "2011-11-01", capsys=capsys)
    assert result.status == 0
    assert result.stdout.splitlines()[-2:] == ["", "Nothing due as of Tuesday 1 November 2011."]


def test_check_today_on_the_demo(capsys):
    result = run_check(DEMO, "--strict", "--today", "2011-11-01", capsys=capsys)
    assert result.status == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[2:4] == ["", "Due as of Tuesday 1 November 2011:"]
    assert len(lines) == 8
    assert lines[-1].startswith("  - Kent Children's Trust Board, Friday 15 July 2011: the meeting's day has passed")


def test_check_today_after_errors_keeps_the_check_result_and_lists_what_is_due(coming, capsys):
    # A key decision without notice is an error (E224) and also something due: its notice.
    write_report(coming, "key_decision: yes\n")
    result = run_check(Path("content"), "--today", "2011-10-01", capsys=capsys)
    assert result.status == 1
    assert "error[E224]" in result.stderr
    assert result.stderr.endswith("Check failed: 1 error, 0 warnings.\n")
    assert result.stdout.splitlines() == [
        "Due as of Saturday 1 October 2011 (files with errors left out):",
        "  - Social Care Scrutiny Committee, Thursday 17 November 2011: publish notice of the key decision "
        "`kscb-update` (KSCB update) by Wednesday 19 October 2011 (28 clear days)",
        "  - Social Care Scrutiny Committee, Thursday 17 November 2011: publish the agenda by Wednesday "
        "9 November 2011 (five clear working days)",
    ]
    result = run_check(Path("content"), "--today", "2011-10-20", capsys=capsys)
    assert result.stdout.splitlines()[1] == (
        "  - Social Care Scrutiny Committee, Thursday 17 November 2011: notice of the key decision `kscb-update` "
        "(KSCB update) was due by Wednesday 19 October 2011 (28 clear days); it can now be taken only under the "
        "general exception or special urgency"
    )


def test_check_today_without_site_settings(minimal_copy, capsys):
    (minimal_copy / "site.yml").unlink()
    result = run_check(Path("content"), "--today", "2011-11-01", capsys=capsys)
    assert result.status == 1
    assert result.stderr.endswith(
        "What is due as of Tuesday 1 November 2011 cannot be listed until the errors above are fixed.\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize("written", ["2011-02-30", "1 November 2011", "20111101", ""])
def test_check_today_refuses_a_bad_date_cleanly(minimal_copy, capsys, written):
    with pytest.raises(SystemExit) as exit_:
        run_check(Path("content"), "--today", written, capsys=capsys)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "build.py check: error: argument --today: " in err
    assert "Traceback" not in err
