"""Access-to-information rules checked at publication time (Local Government Act 1972, Part VA).

- An agenda is open to inspection at least five clear working days before the meeting
  (s.100B(3)): neither the day of publication nor the day of the meeting counts, nor do
  weekends, bank holidays or days the site says the offices are closed. An item added
  later may be taken only if the chair is of the opinion that it is urgent, for reasons
  that are recorded (s.100B(4)(b)).
- An exempt item is taken in private only after a resolution to exclude the press and
  public (s.100A(4)), naming the Schedule 12A paragraph; and information is exempt only
  while the public interest in keeping it so outweighs that in disclosing it (Sch. 12A
  Part 2, para 10), so the item records that statement.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

from .model import Meeting
from .schema import MeetingRecord, WorkingDays, all_items
from .validate import Validated

CLEAR_DAYS = 5
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


def _day(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


@lru_cache(maxsize=None)
def _holidays(calendar: str, year: int) -> frozenset[dt.date]:
    import holidays
    return frozenset(holidays.country_holidays("GB", subdiv=_SUBDIVISIONS[calendar], years=year))


def check_publication(resolver, calendar: WorkingCalendar, entry: Validated, meeting: Meeting) -> None:
    record: MeetingRecord = entry.record
    if meeting.status == "cancelled":
        return
    latest = calendar.latest_publication(meeting.date)
    items = [(number, item) for number, item in _item_records(record) if not item.withdrawn]
    paths = _item_paths(record)
    if meeting.agenda_published and meeting.agenda_published > latest and not all(item.urgent for _, item in items):
        resolver.problem(entry, ("agenda_published",), "E220",
                         f"the agenda was published on {_day(meeting.agenda_published)}, less than five clear "
                         f"working days before the meeting on {_day(meeting.date)}: it had to be published "
                         f"by {_day(latest)} (Local Government Act 1972, s.100B(3))",
                         "move the meeting; if it must go ahead, each item needs `urgent: yes` and its "
                         "`urgency_reason:` (s.100B(4)(b))")
    elif meeting.supplementary_published and meeting.supplementary_published > latest:
        for number, item in items:
            if item.supplementary and not item.urgent:
                resolver.problem(entry, paths[number], "E221",
                                 f"item {number} is supplementary, published on "
                                 f"{_day(meeting.supplementary_published)}, after the last day for this "
                                 f"meeting's agenda ({_day(latest)}), and is not marked urgent",
                                 "add `urgent: yes` and `urgency_reason:` giving the special circumstances "
                                 "(s.100B(4)(b)), or move the item to a later meeting")
    check_exempt_items(resolver, entry, record)


def check_exempt_items(resolver, entry: Validated, record: MeetingRecord) -> None:
    paths = _item_paths(record)
    motion_seen = False
    for number, item in _item_records(record):
        motion_seen = motion_seen or item.exclusion_motion
        if item.withdrawn:
            continue
        if item.exempt and not item.confidential and not item.public_interest:
            resolver.problem(entry, paths[number], "E222",
                             f"exempt item {number} has no public interest statement",
                             "add `public_interest:` saying why the public interest in keeping the information "
                             "exempt outweighs the public interest in disclosing it (Schedule 12A, Part 2)")
        if (item.exempt or item.confidential) and not motion_seen:
            resolver.problem(entry, paths[number], "W303",
                             f"item {number} is taken in private, but no earlier item is the motion to exclude "
                             "the press and public",
                             "add an item before it with `exclusion_motion: yes` (s.100A(4))")
            motion_seen = True  # one warning per agenda


def _item_records(record: MeetingRecord):
    for item, _ in all_items(record):
        yield item.number, item


def _item_paths(record: MeetingRecord) -> dict[str, tuple]:
    return {item.number: path for item, path in all_items(record)}
