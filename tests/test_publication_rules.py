"""The five-clear-working-days rule: the calendar arithmetic behind E220 and E221."""
from __future__ import annotations

import datetime as dt

import pytest

from papers.rules import WorkingCalendar
from papers.schema import WorkingDays

D = dt.date


@pytest.mark.parametrize("meeting, latest", [
    (D(2011, 11, 17), D(2011, 11, 9)),   # the statutory example: Thursday meeting, Wednesday of the week before
    (D(2011, 3, 4), D(2011, 2, 24)),     # Friday meeting: Thursday of the week before
    (D(2012, 5, 10), D(2012, 5, 1)),     # Early May bank holiday (Monday 7 May) does not count
    (D(2010, 9, 2), D(2010, 8, 24)),     # Summer bank holiday (Monday 30 August)
    (D(2011, 12, 30), D(2011, 12, 20)),  # Christmas Day and Boxing Day substitutes (26 and 27 December)
    (D(2011, 11, 14), D(2011, 11, 6)),   # Monday meeting: the Sunday before last is still in time
])
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
