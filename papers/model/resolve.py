"""Stage 3, resolve: link the validated records into one checked Site model.

Every cross-file reference (member, party, committee, report, meeting,
attached file) is looked up here; each one that does not resolve becomes a
diagnostic pointing at the line that names it. Minutes are resolved in
resolve_minutes.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path, PurePosixPath

from papers.content import supplied
from papers.content.load import ContentTree, Kind
from papers.content.schema import (
    AgendaItemRecord,
    CommitteeRecord,
    MeetingRecord,
    ReportRecord,
    SiteSettings,
    agenda_sections,
    all_items,
    section_items,
)
from papers.content.validate import Validated
from papers.content.yamlread import Path_
from papers.diagnostics import Diagnostics
from papers.model.audience import is_attachment_kind
from papers.model.minutes import check_minute_numbering, resolve_minutes
from papers.model.rules import WorkingCalendar, check_background_documents, check_links_to_withheld, check_publication
from papers.model.site import AgendaItem, AgendaSection, Appendix, Committee, Meeting, Member, Party, Report, Seat, Site


class Resolver:
    def __init__(self, tree: ContentTree, validated: list[Validated], diagnostics: Diagnostics) -> None:
        self.tree = tree
        self.diagnostics = diagnostics
        self.by_kind: dict[Kind, list[Validated]] = {kind: [] for kind in Kind}
        for entry in validated:
            self.by_kind[entry.source.kind].append(entry)
        self.report_entries = {entry.source.relative: entry for entry in self.by_kind[Kind.REPORT]}
        self.referenced_files: set[str] = set()
        # Files that exist but failed to load or validate: their problems are already
        # reported, so references to them are not reported again as missing.
        valid = {entry.source.relative for entry in validated}
        self.broken = set(tree.unreadable) | {doc.relative for doc in tree.documents if doc.relative not in valid}

    def is_broken(self, relative: str) -> bool:
        return relative in self.broken

    # -- helpers ---------------------------------------------------------
    def problem(
        self, entry: Validated, path: Path_, code: str, message: str, hint: str | None = None, *, key: bool = False
    ) -> None:
        mark = entry.source.front_matter.mark_for(path, key=key)
        self.diagnostics.add(entry.source.path, mark.line, mark.column, code, message, hint)

    def attachment(self, entry: Validated, path: Path_, relative_to: PurePosixPath, name: str) -> str | None:
        """The content-relative path of a file named in front matter, checked to exist inside content/."""
        mark = entry.source.front_matter.mark_for(path)
        return self.attached_file(entry.source.path, mark.line, mark.column, relative_to, name)

    def attached_file(self, file: Path, line: int, column: int, relative_to: PurePosixPath, name: str) -> str | None:
        parts: list[str] = []
        for part in (relative_to / name).parts:
            if part == "..":
                if not parts:
                    self.diagnostics.add(
                        file,
                        line,
                        column,
                        "E106",
                        f"`{name}` points outside content/",
                        "keep attached files inside the content folder",
                    )
                    return None
                parts.pop()
            elif part != ".":
                parts.append(part)
        relative = "/".join(parts)
        if relative not in self.tree.attachments:
            nearby = sorted(a for a in self.tree.attachments if a.startswith(str(relative_to) + "/"))
            self.diagnostics.add(
                file,
                line,
                column,
                "E207",
                f"attached file `{name}` does not exist (looked for content/{relative})",
                ("files here: " + ", ".join(PurePosixPath(a).name for a in nearby)) if nearby else None,
            )
            return None
        self.referenced_files.add(relative)
        if relative.lower().endswith(".pdf") and not self.supplied_pdf_is_safe(file, line, column, relative):
            return None
        return relative

    def supplied_pdf_is_safe(self, file: Path, line: int, column: int, relative: str) -> bool:
        """A supplied PDF must be readable and have no unapplied redactions; hidden content is reported."""
        try:
            found = supplied.inspect(self.tree.root / relative)
        except supplied.UnreadablePdf as exc:
            self.diagnostics.add(
                file,
                line,
                column,
                "E231",
                f"`{relative}` cannot be read as a PDF: {exc}",
                "save or export it again as an unprotected PDF",
            )
            return False
        if found.unapplied_redactions:
            self.diagnostics.add(
                file,
                line,
                column,
                "E232",
                f"`{relative}` has {found.unapplied_redactions} redaction mark(s) that were never "
                "applied: the text under them is still in the file and anyone can copy it out",
                "apply the redactions in your PDF editor (and check the result), then save again",
            )
            return False
        if found.hidden:
            self.diagnostics.add(
                file,
                line,
                column,
                "W305",
                f"`{relative}` holds content that readers do not see ({', '.join(found.hidden)}): "
                "it is removed from the published copy",
                "check that what the pages show may be published; remove the hidden content from "
                "the original to silence this warning",
            )
        return True

    def linked_files(self, file: Path, text: str, first_line: int, folder: PurePosixPath) -> tuple[str, ...]:
        """Images and files a Markdown body links to must exist; they are published with the paper."""
        found: list[str] = []
        for match in _LOCAL_LINK.finditer(text):
            target = match.group(1)
            name = target.split("#")[0].split("?")[0]
            if not _is_local(target) or not name:
                continue
            line = first_line + text.count("\n", 0, match.start(1))
            column = match.start(1) - text.rfind("\n", 0, match.start(1))
            relative = self.attached_file(file, line, column, folder, name)
            if relative is not None and not is_attachment_kind(relative):
                self.diagnostics.add(
                    file,
                    line,
                    column,
                    "E230",
                    f"`{name}` is a kind of file that is never published as an attachment "
                    "(it could run as a page of the site)",
                    "link to a PDF, image (PNG, JPEG, GIF, WebP), office document, CSV or text "
                    'file; to refer to an appendix, name it in the text ("see Appendix 1")',
                )
            elif relative is not None:
                found.append(relative)
        return tuple(sorted(set(found)))

    # -- site, parties, members -----------------------------------------
    def site_settings(self) -> SiteSettings | None:
        entries = self.by_kind[Kind.SITE]
        if not entries:
            return None
        entry = entries[0]
        settings: SiteSettings = entry.record  # type: ignore[assignment]
        if settings.logo:
            self.attachment(entry, ("logo",), PurePosixPath("."), settings.logo)
        return settings

    def members(self, parties: dict[str, Party]) -> dict[str, Member]:
        members: dict[str, Member] = {}
        for entry in self.by_kind[Kind.MEMBER]:
            record = entry.record
            slug = entry.source.path.stem
            party = parties.get(record.party) if record.party else None
            if record.party and party is None:
                self.problem(
                    entry,
                    ("party",),
                    "E204",
                    f"party `{record.party}` is not defined in site.yml",
                    _known("parties in site.yml", parties),
                )
            members[slug] = Member(
                slug,
                record.name,
                record.honorific,
                party,
                record.area,
                record.email,
                record.phone,
                tuple(record.address),
                tuple(record.roles),
                record.left,
                entry.source.body.strip(),
                entry.source.path,
            )
        return members

    # -- committees ------------------------------------------------------
    def committees(self, settings: SiteSettings, members: dict[str, Member]) -> dict[str, Committee]:
        committees: dict[str, Committee] = {}
        records: dict[str, tuple[Validated, CommitteeRecord]] = {}
        for entry in self.by_kind[Kind.COMMITTEE]:
            slug = entry.source.relative.split("/")[1]
            records[slug] = (entry, entry.record)  # type: ignore[assignment]
            committees[slug] = self.committee(slug, entry, settings, members)
        for slug, (entry, record) in records.items():
            if record.parent is None:
                continue
            if record.parent not in committees:
                if self.is_broken(f"committees/{record.parent}/committee.md"):
                    continue
                self.problem(
                    entry,
                    ("parent",),
                    "E203",
                    f"parent committee `{record.parent}` does not exist",
                    _known("committees", committees),
                )
            elif _has_cycle(slug, {s: r.parent for s, (_, r) in records.items()}):
                self.problem(
                    entry, ("parent",), "E218", f"committee `{slug}` is its own parent through `{record.parent}`"
                )
            else:
                object.__setattr__(committees[slug], "parent", committees[record.parent])
        return committees

    def committee(self, slug: str, entry: Validated, settings: SiteSettings, members: dict[str, Member]) -> Committee:
        record: CommitteeRecord = entry.record  # type: ignore[assignment]
        seats = []
        for index, seat in enumerate(record.membership):
            member = members.get(seat.member) if seat.member else None
            if seat.member and member is None:
                if self.is_broken(f"members/{seat.member}.md"):
                    continue
                self.problem(
                    entry,
                    ("membership", index, "member"),
                    "E202",
                    f"member `{seat.member}` does not exist",
                    _member_hint(seat.member, members),
                )
                continue
            seats.append(
                Seat(
                    member,
                    member.display_name if member else seat.name,
                    seat.organisation,
                    seat.role,
                    seat.start,
                    seat.until,
                )
            )
        return Committee(
            slug,
            record.name,
            record.short_name,
            record.kind,
            None,
            record.clerk,
            record.venue,
            record.start_time,
            tuple(seats),
            entry.source.body.strip(),
            record.minute_numbering or settings.minute_numbering,
            entry.source.path,
        )

    # -- meetings and reports -------------------------------------------
    def meetings(self, committees: dict[str, Committee]) -> dict[tuple[str, str], tuple[Validated, Meeting]]:
        meetings: dict[tuple[str, str], tuple[Validated, Meeting]] = {}
        reports_by_folder = self.reports()
        for entry in self.by_kind[Kind.MEETING]:
            _, committee_slug, meeting_slug, _ = entry.source.relative.split("/")
            committee = committees.get(committee_slug)
            if committee is None:
                if self.is_broken(f"committees/{committee_slug}/committee.md"):
                    continue
                self.diagnostics.add(
                    entry.source.path,
                    1,
                    1,
                    "E107",
                    f"meeting of committee `{committee_slug}`, which has no committee.md",
                    f"create content/committees/{committee_slug}/committee.md",
                )
                continue
            reports = reports_by_folder.get((committee_slug, meeting_slug), {})
            meetings[(committee_slug, meeting_slug)] = (entry, self.meeting(entry, committee, meeting_slug, reports))
        for (committee_slug, meeting_slug), reports in sorted(reports_by_folder.items()):
            meeting_file = f"committees/{committee_slug}/{meeting_slug}/meeting.md"
            if (
                (committee_slug, meeting_slug) not in meetings
                and committee_slug in committees
                and not self.is_broken(meeting_file)
            ):
                for report_entry, _ in reports.values():
                    self.diagnostics.add(
                        report_entry.source.path,
                        1,
                        1,
                        "E107",
                        f"report in folder `{meeting_slug}`, which has no meeting.md",
                        f"create content/committees/{committee_slug}/{meeting_slug}/meeting.md",
                    )
        return meetings

    def reports(self) -> dict[tuple[str, str], dict[str, tuple[Validated, ReportRecord]]]:
        found: dict[tuple[str, str], dict[str, tuple[Validated, ReportRecord]]] = {}
        for entry in self.by_kind[Kind.REPORT]:
            _, committee_slug, meeting_slug, _, name = entry.source.relative.split("/")
            found.setdefault((committee_slug, meeting_slug), {})[name[:-3]] = (entry, entry.record)
        return found

    def meeting(
        self, entry: Validated, committee: Committee, slug: str, reports: dict[str, tuple[Validated, ReportRecord]]
    ) -> Meeting:
        record: MeetingRecord = entry.record  # type: ignore[assignment]
        if not slug.startswith(record.date.isoformat()):
            self.problem(
                entry,
                ("date",),
                "E214",
                f"meeting date {record.date.isoformat()} does not match its folder `{slug}`",
                "name the folder after the date (YYYY-MM-DD, optionally followed by -something)",
            )
        built = {
            name: self.report(report_entry, report_record, committee, record)
            for name, (report_entry, report_record) in reports.items()
        }
        used: dict[str, str] = {}
        sections = []
        for section_index, section in enumerate(agenda_sections(record)):
            items = []
            for item, path in section_items(section_index, section, record):
                items.append(self.agenda_item(entry, item, path, built, used))
            sections.append(AgendaSection(section.label, section.title, tuple(items)))
        self.check_item_numbers(entry, record)
        for name in sorted(set(built) - set(used)):
            self.diagnostics.add(
                reports[name][0].source.path,
                1,
                1,
                "W301",
                f"report `{name}` is on no agenda item, so it will not be published",
                f"add `reports: {name}` to an item in meeting.md, or delete the file",
            )
        ordered = tuple(built[name] for name in used) + tuple(built[name] for name in sorted(set(built) - set(used)))
        return Meeting(
            slug,
            committee,
            record.date,
            record.time or committee.start_time,
            record.title,
            record.venue or committee.venue,
            record.status,
            record.status_note,
            record.agenda_published,
            record.supplementary_published,
            record.webcast,
            tuple(sections),
            ordered,
            entry.source.body.strip(),
            entry.source.path,
        )

    def agenda_item(
        self, entry: Validated, item: AgendaItemRecord, path: Path_, reports: dict[str, Report], used: dict[str, str]
    ) -> AgendaItem:
        if item.exempt and item.exempt_paragraph is None:
            self.problem(
                entry,
                path + ("exempt",),
                "E215",
                f"item {item.number} is exempt but does not say which paragraph of Schedule 12A applies",
                "add `exempt_paragraph:` with the paragraph number, 1 to 7",
            )
        if item.urgent and not item.urgency_reason:
            self.problem(
                entry,
                path + ("urgent",),
                "E216",
                f"item {item.number} is urgent but does not give the reason for urgency",
                "add `urgency_reason:` stating the special circumstances (s.100B(4)(b))",
            )
        linked = []
        for index, name in enumerate(item.reports):
            if name in used:
                self.problem(
                    entry,
                    path + ("reports", index),
                    "E211",
                    f"report `{name}` is already attached to item {used[name]}",
                    "attach each report to one item; refer to it in the text of the other",
                )
                continue
            if name not in reports:
                if self.is_broken(str(PurePosixPath(entry.source.relative).parent / "reports" / f"{name}.md")):
                    continue
                self.problem(
                    entry,
                    path + ("reports", index),
                    "E201",
                    f"agenda item {item.number} refers to report `{name}`, which does not exist",
                    _known("reports in this meeting", reports),
                )
                continue
            used[name] = item.number
            linked.append(reports[name])
        return AgendaItem(
            item.number,
            item.title,
            item.text,
            item.lead,
            tuple(linked),
            (),
            item.exempt_paragraph,
            item.public_interest,
            item.confidential,
            item.exclusion_motion,
            item.supplementary,
            item.urgent,
            item.urgency_reason,
            item.withdrawn,
            item.withdrawn_reason,
        )

    def check_item_numbers(self, entry: Validated, record: MeetingRecord) -> None:
        seen: dict[str, Path_] = {}
        for section_index, section in enumerate(agenda_sections(record)):
            for item, path in section_items(section_index, section, record):
                key = item.number.strip().upper()
                if key in seen:
                    first = entry.source.front_matter.mark_for(seen[key] + ("number",))
                    self.problem(
                        entry,
                        path + ("number",),
                        "E210",
                        f"item number {item.number} is used twice (first on line {first.line})",
                        "give each agenda item its own number",
                    )
                else:
                    seen[key] = path

    def report(self, entry: Validated, record: ReportRecord, committee: Committee, meeting: MeetingRecord) -> Report:
        folder = PurePosixPath(entry.source.relative).parent
        check_background_documents(self, entry)
        appendices = []
        for index, appendix in enumerate(record.appendices):
            relative = self.attachment(entry, ("appendices", index, "file"), folder, appendix.file)
            if relative is None:
                continue
            linked: tuple[str, ...] = ()
            mark = entry.source.front_matter.mark_for(("appendices", index, "file"))
            if not relative.lower().endswith((".md", ".pdf")):
                self.diagnostics.add(
                    entry.source.path,
                    mark.line,
                    mark.column,
                    "E233",
                    f"appendix `{appendix.file}` is neither Markdown (.md) nor PDF",
                    "export a document or spreadsheet to PDF (it is then printed in the agenda "
                    "pack too), or write the appendix in Markdown",
                )
                continue
            if relative.lower().endswith(".md"):
                appendix_file = self.tree.root / relative
                try:
                    text = appendix_file.read_text(encoding="utf-8")
                except UnicodeDecodeError as exc:
                    self.diagnostics.add(
                        appendix_file,
                        1,
                        1,
                        "E105",
                        f"the appendix is not UTF-8 text ({exc.reason} at byte {exc.start})",
                        "save it as UTF-8 text",
                    )
                    continue
                linked = self.linked_files(appendix_file, text, 1, PurePosixPath(relative).parent)
            label = appendix.label or f"Appendix {index + 1}"
            appendices.append(
                Appendix(
                    label,
                    appendix.title,
                    relative,
                    relative.lower().endswith(".pdf"),
                    appendix.exempt_paragraph,
                    linked,
                )
            )
        linked = self.linked_files(entry.source.path, entry.source.body, entry.source.body_line, folder)
        return Report(
            entry.source.path.stem,
            record.subject,
            tuple(record.by),
            record.to or committee.name,
            record.date or meeting.date,
            record.reference,
            record.classification,
            record.purpose,
            record.summary,
            record.recommendations_intro,
            tuple(record.recommendations),
            record.key_decision,
            record.decision_reference,
            record.notice_published,
            record.key_decision_exception,
            record.exception_reason,
            tuple(record.wards_affected),
            tuple(record.contact_officers),
            tuple(record.background_documents or ()),
            tuple(appendices),
            entry.source.body.strip(),
            entry.source.path,
            entry.source.relative,
            linked,
        )

    # -- items that take minutes of earlier meetings ---------------------
    def link_minutes_of(self, meetings: dict[tuple[str, str], tuple[Validated, Meeting]]) -> None:
        for (committee_slug, _), (entry, meeting) in meetings.items():
            record: MeetingRecord = entry.record  # type: ignore[assignment]
            flat = all_items(record)
            for item, (item_record, path) in zip(meeting.agenda_items, flat, strict=True):
                found = []
                for index, reference in enumerate(item_record.minutes_of):
                    target = _meeting_key(reference, committee_slug)
                    if target not in meetings:
                        if self.is_broken(f"committees/{target[0]}/{target[1]}/meeting.md"):
                            continue
                        self.problem(
                            entry,
                            path + ("minutes_of", index),
                            "E206",
                            f"item {item.number} takes the minutes of meeting `{reference}`, which does not exist",
                            "write the meeting folder name (`2011-09-22`), or `committee/2011-09-22` "
                            "for another committee's meeting",
                        )
                    else:
                        found.append(meetings[target][1])
                object.__setattr__(item, "minutes_of", tuple(found))


def resolve_site(tree: ContentTree, validated: list[Validated], diagnostics: Diagnostics) -> Site | None:
    resolver = Resolver(tree, validated, diagnostics)
    settings = resolver.site_settings()
    if settings is None:
        return None
    parties = {slug: Party(slug, party.name, party.short_name) for slug, party in sorted(settings.parties.items())}
    members = resolver.members(parties)
    committees = resolver.committees(settings, members)
    meetings = resolver.meetings(committees)
    resolver.link_minutes_of(meetings)
    calendar = WorkingCalendar(settings.working_days)
    for entry, meeting in meetings.values():
        check_publication(resolver, calendar, entry, meeting)
    minutes_entries = {}
    for entry in resolver.by_kind[Kind.MINUTES]:
        _, committee_slug, meeting_slug, _ = entry.source.relative.split("/")
        found = meetings.get((committee_slug, meeting_slug))
        if found is None:
            if resolver.is_broken(f"committees/{committee_slug}/{meeting_slug}/meeting.md") or resolver.is_broken(
                f"committees/{committee_slug}/committee.md"
            ):
                continue
            diagnostics.add(
                entry.source.path, 1, 1, "E107", f"minutes in folder `{meeting_slug}`, which has no meeting.md"
            )
            continue
        minutes = resolve_minutes(resolver, entry, found[1], members, meetings)
        object.__setattr__(found[1], "minutes", minutes)
        minutes_entries[found[1]] = entry
    ordered = sorted(
        (meeting for _, meeting in meetings.values()),
        key=lambda m: (m.date, m.time or _MIDNIGHT, m.committee.slug, m.slug),
    )
    for committee in committees.values():
        object.__setattr__(committee, "meetings", tuple(m for m in ordered if m.committee is committee))
        check_minute_numbering(resolver, committee, minutes_entries)
    broken_folders = {str(PurePosixPath(relative).parent) for relative in resolver.broken}
    for relative in tree.attachments:
        if any(relative.startswith(folder + "/") for folder in broken_folders if folder != "."):
            continue  # probably an appendix of a report that has errors
        if relative not in resolver.referenced_files:
            diagnostics.add(
                tree.root / relative,
                1,
                1,
                "W301",
                f"`{relative}` is not referred to by any content file, so it will not be published",
                "refer to it (as an appendix, or the logo) or delete it",
            )
    site = Site(
        settings,
        tree.root,
        tuple(parties.values()),
        tuple(sorted(members.values(), key=lambda m: m.slug)),
        tuple(sorted(committees.values(), key=lambda c: c.slug)),
        tuple(ordered),
        tuple(sorted(resolver.referenced_files)),
    )
    check_links_to_withheld(site, diagnostics)
    return site


_MIDNIGHT = dt.time(0, 0)
_LOCAL_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _is_local(target: str) -> bool:
    return not (target.startswith(("#", "/", "mailto:", "tel:")) or "://" in target or ":" in target.split("/")[0])


def _meeting_key(reference: str, committee_slug: str) -> tuple[str, str]:
    committee, _, meeting = reference.strip().strip("/").rpartition("/")
    return (committee or committee_slug, meeting)


def _has_cycle(start: str, parents: dict[str, str | None]) -> bool:
    seen, current = set(), parents.get(start)
    while current is not None and current not in seen:
        if current == start:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


def _known(what: str, names) -> str | None:
    names = sorted(names)
    return f"{what}: {', '.join(names)}" if names else f"there are no {what}"


def _member_hint(slug: str, members: dict[str, Member]) -> str:
    close = difflib.get_close_matches(slug, sorted(members), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`? Members are named after their file in content/members/"
    return f"create content/members/{slug}.md, or use the name of an existing member file"
