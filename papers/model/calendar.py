"""Working days and the clear-day periods of the access-to-information rules (see papers/model/rules.py)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from papers.content.settings import WorkingDays

CLEAR_DAYS = 5
KEY_DECISION_CLEAR_DAYS = 28
_SUBDIVISIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


class WorkingCalendar:
    def __init__(self, settings: WorkingDays) -> None:
        self.bank_holidays = settings.bank_holidays
        self.closed = frozenset(settings.closed_days)

    def is_working_day(self, day: dt.date) -> bool:
        if day.weekday() >= 5 or day in self.closed:
            return False
        return self.bank_holidays == "none" or day not in _holidays(self.bank_holidays, day.year)

    def latest_publication(self, meeting_day: dt.date) -> dt.date:
        """The last day an agenda can be published: the day before the fifth clear working day."""
        day, counted = meeting_day, 0
        while counted < CLEAR_DAYS:
            day -= dt.timedelta(days=1)
            counted += self.is_working_day(day)
        return day - dt.timedelta(days=1)


def latest_key_decision_notice(meeting_day: dt.date) -> dt.date:
    """The last day notice of a key decision can be published: 28 clear (calendar) days before the meeting.

    Neither the day of the notice nor the day of the meeting counts: for Thursday 17 November 2011,
    Wednesday 19 October 2011.
    """
    return meeting_day - dt.timedelta(days=KEY_DECISION_CLEAR_DAYS + 1)


@cache
def _holidays(calendar: str, year: int) -> frozenset[dt.date]:
    import holidays

    return frozenset(holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[calendar], years=year))
