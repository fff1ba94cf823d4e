"""Building meetings: their reports, agenda and minutes, oldest first.

Meetings are built in date order, so an item that takes the minutes of an earlier
meeting holds that (already built) Meeting; minutes approved at a later meeting
name it by a MeetingRef. Nothing is changed after it is built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from papers.content.load import Kind
from papers.content.schema import AgendaItemRecord, MeetingRecord, agenda_sections, section_items
from papers.content.validate import Validated
from papers.content.yamlread import Path_
from papers.model.minutes import MinutesContext, resolve_minutes
from papers.model.references import References, known
from papers.model.reports import build_report
from papers.model.site import AgendaItem, AgendaSection, Committee, Meeting, MeetingRef, Member, Report

MeetingKey = tuple[str, str]  # (committee slug, meeting folder)
# Pages the site makes inside a meeting's folder (papers/render/urls.py): a report of that name would share its URL.
PAGE_NAMES_IN_A_MEETING = frozenset({"minutes"})
_MIDNIGHT = dt.time(0, 0)


@dataclass(frozen=True)
class BuiltMeetings:
    meetings: tuple[Meeting, ...]  # oldest first
    entries: dict[MeetingKey, Validated]  # meeting.md of each
    minutes_entries: dict[MeetingKey, Validated]  # minutes.md of each meeting that has minutes


def build_meetings(refs: References, committees: dict[str, Committee], members: dict[str, Member]) -> BuiltMeetings:
    entries = _meeting_entries(refs, committees)
    reports = _entries_by_folder(refs, Kind.REPORT, entries, committees, "report")
    minutes = {key: found[0] for key, found in _entries_by_folder(refs, Kind.MINUTES, entries, committees).items()}
    references = {key: _reference(entry, committees[key[0]], key[1]) for key, entry in entries.items()}
    built: dict[MeetingKey, Meeting] = {}
    for key in sorted(entries, key=lambda key: _order(entries[key], key)):
        context = MinutesContext(members=members, meetings=references)
        built[key] = _meeting(
            refs, key, entries[key], committees[key[0]], reports.get(key, []), built, context, minutes.get(key)
        )
    return BuiltMeetings(tuple(built.values()), entries, minutes)


def _meeting_entries(refs: References, committees: dict[str, Committee]) -> dict[MeetingKey, Validated]:
    found: dict[MeetingKey, Validated] = {}
    for entry in refs.entries(Kind.MEETING):
        _, committee_slug, meeting_slug, _ = entry.source.relative.split("/")
        if committee_slug in committees:
            found[(committee_slug, meeting_slug)] = entry
        elif not refs.is_broken(f"committees/{committee_slug}/committee.md"):
            refs.diagnostics.add(
                entry.source.path,
                1,
                1,
                "E107",
                f"meeting of committee `{committee_slug}`, which has no committee.md",
                f"create content/committees/{committee_slug}/committee.md",
            )
    return found


def _entries_by_folder(
    refs: References,
    kind: Kind,
    meetings: dict[MeetingKey, Validated],
    committees: dict[str, Committee],
    what: str = "minutes",
) -> dict[MeetingKey, list[Validated]]:
    """Reports or minutes grouped by their meeting's folder; one in a folder without meeting.md is an error."""
    found: dict[MeetingKey, list[Validated]] = {}
    for entry in refs.entries(kind):
        committee_slug, meeting_slug = entry.source.relative.split("/")[1:3]
        key = (committee_slug, meeting_slug)
        if key in meetings:
            found.setdefault(key, []).append(entry)
        elif _reportable(refs, committees, committee_slug, meeting_slug, what):
            refs.diagnostics.add(
                entry.source.path,
                1,
                1,
                "E107",
                f"{what} in folder `{meeting_slug}`, which has no meeting.md",
                f"create content/committees/{committee_slug}/{meeting_slug}/meeting.md" if what == "report" else None,
            )
    return found


def _reportable(refs: References, committees: dict[str, Committee], committee: str, meeting: str, what: str) -> bool:
    """A file in a folder without meeting.md is reported, unless the missing file's own errors explain it."""
    if refs.is_broken(f"committees/{committee}/{meeting}/meeting.md"):
        return False
    if what == "report":
        return committee in committees
    return not refs.is_broken(f"committees/{committee}/committee.md")


def _reference(entry: Validated, committee: Committee, slug: str) -> MeetingRef:
    record: MeetingRecord = entry.record  # type: ignore[assignment]
    return MeetingRef(committee=committee, slug=slug, date=record.date)


def _order(entry: Validated, key: MeetingKey) -> tuple[dt.date, dt.time, str, str]:
    record: MeetingRecord = entry.record  # type: ignore[assignment]
    return (record.date, record.time or _MIDNIGHT, key[0], key[1])


def _meeting(
    refs: References,
    key: MeetingKey,
    entry: Validated,
    committee: Committee,
    report_entries: list[Validated],
    earlier: dict[MeetingKey, Meeting],
    context: MinutesContext,
    minutes_entry: Validated | None,
) -> Meeting:
    record: MeetingRecord = entry.record  # type: ignore[assignment]
    slug = key[1]
    if not slug.startswith(record.date.isoformat()):
        refs.problem(
            entry,
            ("date",),
            "E214",
            f"meeting date {record.date.isoformat()} does not match its folder `{slug}`",
            "name the folder after the date (YYYY-MM-DD, optionally followed by -something)",
        )
    reports = {
        report.source.path.stem: build_report(refs, report, committee, record.date)
        for report in sorted(report_entries, key=lambda report: report.source.relative)
        if not _takes_a_page_name(refs, report)
    }
    used: dict[str, str] = {}
    sections = tuple(
        AgendaSection(
            label=section.label,
            title=section.title,
            note=section.note,
            written=bool(record.sections),
            items=tuple(
                _agenda_item(refs, entry, item, path, reports, used, earlier, key[0])
                for item, path in section_items(index, section, record)
            ),
        )
        for index, section in enumerate(agenda_sections(record))
    )
    _check_item_numbers(refs, entry, record)
    unused = sorted(set(reports) - set(used))
    for name in unused:
        refs.diagnostics.add(
            reports[name].source,
            1,
            1,
            "W301",
            f"report `{name}` is on no agenda item, so it will not be published",
            f"add `reports: {name}` to an item in meeting.md, or delete the file",
        )
    items = tuple(item for section in sections for item in section.items)
    minutes = None
    if minutes_entry is not None:
        minutes = resolve_minutes(refs, minutes_entry, context, committee, record, items)
    return Meeting(
        slug=slug,
        committee=committee,
        date=record.date,
        # A committee's usual time and place are for its agendas: never given to a meeting known only by its minutes.
        time=record.time or (None if record.minutes_only else committee.start_time),
        title=record.title,
        venue=record.venue or (None if record.minutes_only else committee.venue),
        status=record.status,
        status_note=record.status_note,
        agenda_published=record.agenda_published,
        supplementary_published=record.supplementary_published,
        webcast=record.webcast,
        sections=sections,
        reports=tuple(reports[name] for name in used) + tuple(reports[name] for name in unused),
        notes=entry.source.body.strip(),
        source=entry.source.path,
        minutes=minutes,
        minutes_only=record.minutes_only,
        before_agenda=record.before_agenda,
    )


def _takes_a_page_name(refs: References, report: Validated) -> bool:
    name = report.source.path.stem
    if name.casefold() not in PAGE_NAMES_IN_A_MEETING:
        return False
    refs.diagnostics.add(
        report.source.path,
        1,
        1,
        "E245",
        f"a report cannot be named `{name}`: the meeting's {name} page has that address",
        f"rename the file (for example `{name}-report.md`) and its `reports:` entry in meeting.md",
    )
    refs.broken.add(report.source.relative)  # reported once: not again as a missing report
    return True


def _agenda_item(
    refs: References,
    entry: Validated,
    item: AgendaItemRecord,
    path: Path_,
    reports: dict[str, Report],
    used: dict[str, str],
    earlier: dict[MeetingKey, Meeting],
    committee_slug: str,
) -> AgendaItem:
    if item.exempt and item.exempt_paragraph is None:
        refs.problem(
            entry,
            (*path, "exempt"),
            "E215",
            f"item {item.number} is exempt but does not say which paragraph of Schedule 12A applies",
            "add `exempt_paragraph:` with the paragraph number, 1 to 7",
        )
    if item.urgent and not item.urgency_reason:
        refs.problem(
            entry,
            (*path, "urgent"),
            "E216",
            f"item {item.number} is urgent but does not give the reason for urgency",
            "add `urgency_reason:` stating the special circumstances (s.100B(4)(b))",
        )
    return AgendaItem(
        number=item.number,
        title=item.title,
        text=item.text,
        lead=item.lead,
        reports=_item_reports(refs, entry, item, path, reports, used),
        minutes_of=_minutes_taken(refs, entry, item, path, earlier, committee_slug),
        exempt_paragraph=item.exempt_paragraph,
        public_interest=item.public_interest,
        confidential=item.confidential,
        exclusion_motion=item.exclusion_motion,
        supplementary=item.supplementary,
        urgent=item.urgent,
        urgency_reason=item.urgency_reason,
        withdrawn=item.withdrawn,
        withdrawn_reason=item.withdrawn_reason,
    )


def _item_reports(
    refs: References,
    entry: Validated,
    item: AgendaItemRecord,
    path: Path_,
    reports: dict[str, Report],
    used: dict[str, str],
) -> tuple[Report, ...]:
    linked = []
    for index, name in enumerate(item.reports):
        if name in used:
            refs.problem(
                entry,
                (*path, "reports", index),
                "E211",
                f"report `{name}` is already attached to item {used[name]}",
                "attach each report to one item; refer to it in the text of the other",
            )
        elif name in reports:
            used[name] = item.number
            linked.append(reports[name])
        elif not refs.is_broken(str(PurePosixPath(entry.source.relative).parent / "reports" / f"{name}.md")):
            refs.problem(
                entry,
                (*path, "reports", index),
                "E201",
                f"agenda item {item.number} refers to report `{name}`, which does not exist",
                known("reports in this meeting", reports),
            )
    return tuple(linked)


def _minutes_taken(
    refs: References,
    entry: Validated,
    item: AgendaItemRecord,
    path: Path_,
    earlier: dict[MeetingKey, Meeting],
    committee_slug: str,
) -> tuple[Meeting, ...]:
    """The earlier meetings whose minutes an item takes."""
    found = []
    for index, reference in enumerate(item.minutes_of):
        committee, _, meeting = reference.strip().strip("/").rpartition("/")
        target = (committee or committee_slug, meeting)
        if target in earlier:
            found.append(earlier[target])
        elif refs.has(Kind.MEETING, f"committees/{target[0]}/{target[1]}/meeting.md"):
            refs.problem(
                entry,
                (*path, "minutes_of", index),
                "E219",
                f"item {item.number} takes the minutes of meeting `{reference}`, which is not before this meeting",
                "an item can only take the minutes of an earlier meeting",
            )
        elif not refs.is_broken(f"committees/{target[0]}/{target[1]}/meeting.md"):
            refs.problem(
                entry,
                (*path, "minutes_of", index),
                "E206",
                f"item {item.number} takes the minutes of meeting `{reference}`, which does not exist",
                "write the meeting folder name (`2011-09-22`), or `committee/2011-09-22` "
                "for another committee's meeting",
            )
    return tuple(found)


def _check_item_numbers(refs: References, entry: Validated, record: MeetingRecord) -> None:
    seen: dict[str, Path_] = {}
    for section_index, section in enumerate(agenda_sections(record)):
        for item, path in section_items(section_index, section, record):
            key = item.number.strip().upper()
            if key in seen:
                first = entry.source.front_matter.mark_for((*seen[key], "number"))
                refs.problem(
                    entry,
                    (*path, "number"),
                    "E210",
                    f"item number {item.number} is used twice (first on line {first.line})",
                    "give each agenda item its own number",
                )
            else:
                seen[key] = path
