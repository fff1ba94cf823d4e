"""When each thing was published and last changed, from the content's own dates: never the clock.

One set of rules for every output that dates things (calendars, feeds, OParl `created` and
`modified`, the sitemap's `lastmod`), so they agree with each other and a rebuild of the same
content gives the same dates:

- an agenda is published on `agenda_published` (a held meeting without that date: on its day);
- supplementary items on `supplementary_published`;
- minutes on the day of the meeting they record, and approved minutes on the day of the meeting
  that approved them (`approved_at`);
- a meeting whose agenda is not published yet (or is not published here: `minutes_only`) has no
  publication date of its own: it is dated by its own day, the only date the content gives it.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

from papers.model.site import AgendaItem, Meeting, Site

EPOCH = dt.date(1970, 1, 1)


def agenda_published(meeting: Meeting) -> dt.date | None:
    """The day the (projected) meeting's agenda was published, or None while it is a draft."""
    if meeting.minutes_only:
        return None  # no agenda here: nothing to announce, date or list
    if meeting.agenda_published is not None:
        return meeting.agenda_published
    return meeting.date if meeting.agenda_is_published else None


def supplementary_published(meeting: Meeting) -> dt.date | None:
    """The day its supplementary items were published, if the (projected) agenda has any."""
    if meeting.supplementary_published is None:
        return None
    return meeting.supplementary_published if any(item.supplementary for item in meeting.agenda_items) else None


def minutes_published(meeting: Meeting) -> dt.date | None:
    """Minutes are dated by the meeting they record; approved minutes by the meeting that approved them."""
    minutes = meeting.minutes
    if minutes is None:
        return None
    if minutes.status == "approved" and minutes.approved_at is not None:
        return max(minutes.approved_at.date, meeting.date)
    return meeting.date


def item_published(meeting: Meeting, item: AgendaItem) -> dt.date:
    """The day an item (and its papers) was published: the supplementary agenda's day for a supplementary item."""
    if item.supplementary and meeting.supplementary_published is not None:
        return meeting.supplementary_published
    return created(meeting)


def created(meeting: Meeting) -> dt.date:
    return agenda_published(meeting) or meeting.date


def modified(meeting: Meeting) -> dt.date:
    days = [agenda_published(meeting), supplementary_published(meeting), minutes_published(meeting)]
    return max((day for day in days if day is not None), default=meeting.date)


def sequence(meeting: Meeting) -> int:
    """The iCalendar SEQUENCE: the steps of the meeting's life so far, so it grows as the meeting changes
    (agenda published, supplementary agenda, cancelled or postponed, held, minutes, minutes approved)."""
    minutes = meeting.minutes
    return sum(
        (
            agenda_published(meeting) is not None,
            supplementary_published(meeting) is not None,
            meeting.status in ("cancelled", "postponed"),
            meeting.status == "held",
            minutes is not None,
            minutes is not None and minutes.status == "approved",
        )
    )


def site_created(site: Site) -> dt.date:
    """The first date the site's content gives (the oldest meeting's publication), for objects that carry none."""
    return min((created(meeting) for meeting in site.meetings), default=EPOCH)


def site_modified(site: Site) -> dt.date:
    """The latest publication date in the site's content."""
    return max((modified(meeting) for meeting in site.meetings), default=EPOCH)


def committee_dates(site: Site, meetings: tuple[Meeting, ...]) -> tuple[dt.date, dt.date]:
    """(created, modified) of a committee: from its meetings, or the site's when it has none."""
    if not meetings:
        return site_created(site), site_modified(site)
    return min(created(meeting) for meeting in meetings), max(modified(meeting) for meeting in meetings)


def start_of(day: dt.date, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    """Midnight at the start of `day` in the site's time zone: the time given to a date-only publication."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)


def starts(meeting: Meeting, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """When the meeting starts, in the site's time zone (None when no time is known)."""
    if meeting.time is None:
        return None
    return dt.datetime.combine(meeting.date, meeting.time, tzinfo=zone)


def ends(meeting: Meeting, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    """When it ended, as its minutes record (None otherwise: no end time is ever guessed)."""
    begin = starts(meeting, zone)
    if begin is None or meeting.minutes is None or meeting.minutes.ended is None:
        return None
    end = dt.datetime.combine(meeting.date, meeting.minutes.ended, tzinfo=zone)
    return end if end > begin else None
