"""Dates and times as English councils print them, independent of the machine's locale."""

from __future__ import annotations

import datetime as dt

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def long_date(day: dt.date) -> str:
    """Thursday, 17th November, 2011 (agenda front sheets)."""
    return f"{_DAYS[day.weekday()]}, {ordinal(day.day)} {_MONTHS[day.month - 1]}, {day.year}"


def plain_date(day: dt.date) -> str:
    """17 November 2011 (report headers, minutes)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def weekday_date(day: dt.date) -> str:
    """Thursday 17 November 2011 (check messages and the list of what is due)."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def clock(time: dt.time) -> str:
    """10.00 am, 2.30 pm, 12.00 noon."""
    if time.hour == 12 and time.minute == 0:
        return "12.00 noon"
    hour = time.hour % 12 or 12
    return f"{hour}.{time.minute:02d} {'am' if time.hour < 12 else 'pm'}"


def municipal_year(day: dt.date) -> str:
    """Councils' year runs May to April: 2011-03-04 is in 2010/11."""
    start = day.year if day.month >= 5 else day.year - 1
    return f"{start}/{str(start + 1)[-2:]}"
