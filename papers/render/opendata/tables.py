"""Meetings and decisions as CSV, for spreadsheet users (columns documented in docs/open-data.md).

UTF-8 with a byte-order mark (so Excel reads the accents), comma-separated, rows ending CRLF as
RFC 4180 has them, dates written YYYY-MM-DD. A cell that a spreadsheet would run as a formula
(starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a `'` before it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from papers.model.site import Meeting, Site
from papers.render import urls
from papers.render.opendata import Published, clean, decision
from papers.render.output import Outputs

MEETING_COLUMNS = (
    "meeting_id",
    "committee",
    "committee_name",
    "date",
    "start_time",
    "title",
    "venue",
    "status",
    "status_note",
    "agenda_published",
    "supplementary_published",
    "minutes_status",
    "meeting_url",
    "agenda_pack_url",
    "minutes_url",
    "calendar_uid",
)
DECISION_COLUMNS = (
    "meeting_id",
    "committee_name",
    "date",
    "minutes_status",
    "minute_number",
    "item_number",
    "title",
    "resolution",
    "minute_url",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_tables(site: Site, where: Published, outputs: Outputs) -> None:
    source = site.root / "site.yml"
    outputs.write_bytes(urls.meetings_table(), table(MEETING_COLUMNS, meeting_rows(site, where)), source)
    outputs.write_bytes(urls.decisions_table(), table(DECISION_COLUMNS, decision_rows(site, where)), source)


def table(columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(tuple(_cell(value) for value in row) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _cell(value: str) -> str:
    value = clean(value)
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def meeting_id(meeting: Meeting) -> str:
    """The meeting's content path, committee folder and meeting folder: the key shared by both tables."""
    return f"{meeting.committee.slug}/{meeting.slug}"


def meeting_rows(site: Site, where: Published) -> list[tuple[str, ...]]:
    from papers.render.opendata.calendars import uid

    rows: list[tuple[str, ...]] = []
    for meeting in site.meetings:
        packs = dict(urls.packs_of(meeting))
        rows.append(
            (
                meeting_id(meeting),
                meeting.committee.slug,
                meeting.committee.name,
                meeting.date.isoformat(),
                meeting.time.strftime("%H:%M") if meeting.time else "",
                meeting.title or "",
                meeting.venue or "",
                meeting.status,
                meeting.status_note or "",
                _day(meeting.agenda_published if meeting.agenda_is_published else None),
                _day(meeting.supplementary_published if meeting.agenda_is_published else None),
                meeting.minutes.status if meeting.minutes else "",
                where.of(urls.meeting(meeting)),
                where.of(urls.pack(meeting, urls.AGENDA_PACK)) if urls.AGENDA_PACK in packs else "",
                where.of(urls.minutes(meeting)) if meeting.minutes else "",
                uid(where, meeting),
            )
        )
    return rows


def decision_rows(site: Site, where: Published) -> list[tuple[str, ...]]:
    """Every minute with a resolution the audience may read (those the decisions register lists), oldest first."""
    rows: list[tuple[str, ...]] = []
    for meeting in site.meetings:
        if meeting.minutes is None:
            continue
        for minute in meeting.minutes.minutes:
            if not minute.resolutions:
                continue
            rows.append(
                (
                    meeting_id(meeting),
                    meeting.committee.name,
                    meeting.date.isoformat(),
                    meeting.minutes.status,
                    str(minute.number) if minute.number is not None else "",
                    minute.item.number if minute.item else "",
                    minute.title,
                    decision(minute),
                    where.of(urls.minute(meeting, minute)),
                )
            )
    return rows


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
