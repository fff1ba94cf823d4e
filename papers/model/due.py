"""What is due as of a given day (`build.py check --today DATE`): the clerk's to-do list.

- the agenda of every coming meeting that is not yet published, with the last day it can
  be (five clear working days, s.100B(3) of the Local Government Act 1972);
- the notice of every key decision to be taken at a coming meeting that has none yet
  (28 clear days, or five clear working days under the general exception);
- minutes of held meetings that are still drafts awaiting approval, or not written;
- past meetings still marked `scheduled`.

A plain function of the checked Site and the day; the command line words the records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from papers.model.calendar import WorkingCalendar, latest_key_decision_notice
from papers.model.site import Meeting, Report, Site

# What is due, in the order records of the same day and committee are listed.
AGENDA = "agenda"
KEY_DECISION_NOTICE = "key-decision-notice"
GENERAL_EXCEPTION_NOTICE = "general-exception-notice"
STATUS_NOT_UPDATED = "status-not-updated"
MINUTES_NOT_WRITTEN = "minutes-not-written"
DRAFT_MINUTES = "draft-minutes"
KINDS = (AGENDA, KEY_DECISION_NOTICE, GENERAL_EXCEPTION_NOTICE, STATUS_NOT_UPDATED, MINUTES_NOT_WRITTEN, DRAFT_MINUTES)


@dataclass(frozen=True)
class Due:
    kind: str  # one of KINDS
    day: dt.date  # when it is due: the last day to publish, or the meeting that approves the minutes
    meeting: Meeting
    overdue: bool
    report: Report | None = None  # the key decision's report
    approve_at: Meeting | None = None  # minutes: the committee's next meeting, if there is one

    def sort_key(self) -> tuple:
        return (
            self.day,
            self.meeting.committee.name,
            self.meeting.date,
            self.meeting.slug,
            KINDS.index(self.kind),
            self.report.slug if self.report else "",
        )


def due(site: Site, today: dt.date) -> list[Due]:
    """Everything due as of `today`, sorted by due date, then committee."""
    calendar = WorkingCalendar(site.settings.working_days)
    found: list[Due] = []
    for meeting in site.meetings:
        if meeting.status in ("cancelled", "postponed"):
            continue
        if meeting.date >= today:
            found += _coming(meeting, today, calendar)
        else:
            found += _past(site, meeting, today)
    return sorted(found, key=Due.sort_key)


def _coming(meeting: Meeting, today: dt.date, calendar: WorkingCalendar) -> list[Due]:
    found = []
    if not meeting.agenda_is_published:
        latest = _last_working_day(calendar, calendar.latest_publication(meeting.date))
        found.append(Due(AGENDA, latest, meeting, latest < today))
    for item in meeting.agenda_items:
        if item.withdrawn:
            continue
        for report in item.reports:
            if not report.key_decision or report.notice_published is not None:
                continue
            if report.key_decision_exception is None:
                latest = latest_key_decision_notice(meeting.date)
                found.append(Due(KEY_DECISION_NOTICE, latest, meeting, latest < today, report))
            elif report.key_decision_exception == "general-exception":
                latest = _last_working_day(calendar, calendar.latest_publication(meeting.date))
                found.append(Due(GENERAL_EXCEPTION_NOTICE, latest, meeting, latest < today, report))
    return found


def _last_working_day(calendar: WorkingCalendar, day: dt.date) -> dt.date:
    """The legal last day may be a Sunday or a bank holiday; the office has to publish by the working day before."""
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _past(site: Site, meeting: Meeting, today: dt.date) -> list[Due]:
    following = next_meeting(site, meeting)
    day = following.date if following else meeting.date
    overdue = following is not None and following.date < today
    if meeting.status == "scheduled":
        return [Due(STATUS_NOT_UPDATED, meeting.date, meeting, True, approve_at=following)]
    if meeting.status != "held":
        return []
    if meeting.minutes is None:
        return [Due(MINUTES_NOT_WRITTEN, day, meeting, overdue, approve_at=following)]
    if meeting.minutes.status == "draft":
        return [Due(DRAFT_MINUTES, day, meeting, overdue, approve_at=following)]
    return []


def next_meeting(site: Site, meeting: Meeting) -> Meeting | None:
    """The committee's next meeting after this one that is neither cancelled nor postponed."""
    later = [
        other
        for other in site.meetings_of(meeting.committee)
        if other.date > meeting.date and other.status not in ("cancelled", "postponed")
    ]
    return later[0] if later else None
