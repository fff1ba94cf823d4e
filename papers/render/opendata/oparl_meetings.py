"""OParl Meeting, AgendaItem, Paper, Consultation, File and Location objects of one (projected) meeting.

See oparl.py for the files and docs/open-data.md for the mapping. Only what the projected
meeting holds is used: a draft agenda has no items, a withheld item keeps its number and title
(`public: false`), a withheld minute gives no result, a withheld appendix no File.
"""

from __future__ import annotations

import datetime as dt

from papers.model.site import AgendaItem, Appendix, Meeting, Report
from papers.render import urls
from papers.render.opendata import decision, lifecycle
from papers.render.opendata.oparl_graph import (
    MEETING_STATE,
    PACK_ROLES,
    Json,
    OParlGraph,
    embedded,
    item_keys,
    location_key,
    minute_of,
    report_key,
)

PDF, HTML = "application/pdf", "text/html"


def meeting_object(graph: OParlGraph, meeting: Meeting) -> Json:
    key = f"{meeting.committee.slug}/{meeting.slug}"
    created, modified = graph.time(lifecycle.created(meeting)), graph.time(lifecycle.modified(meeting))
    found = graph.base("meeting", key, created, modified)
    found["name"] = f"{meeting.committee.name}: {meeting.title}" if meeting.title else meeting.committee.name
    found["meetingState"] = MEETING_STATE.get(
        meeting.status, "eingeladen" if meeting.agenda_is_published else "terminiert"
    )
    found["cancelled"] = meeting.status == "cancelled"
    begin, end = lifecycle.starts(meeting, graph.where.zone), lifecycle.ends(meeting, graph.where.zone)
    if begin is not None:
        found["start"] = begin.isoformat()
    if end is not None:
        found["end"] = end.isoformat()
    if meeting.venue:
        found["location"] = location(graph, meeting.venue, meeting)
    found["organization"] = [graph.id("organization", f"committee-{meeting.committee.slug}")]
    if meeting.minutes is not None:
        present = [graph.id("person", person.member.slug) for person in meeting.minutes.present if person.member]
        if present:
            found["participant"] = present
    for file_name, label in urls.packs_of(meeting):
        made = pack_file(graph, meeting, file_name, label, found["id"])
        role = PACK_ROLES[file_name]
        if role == "auxiliaryFile":
            found.setdefault(role, []).append(embedded(made, "meeting"))
        else:
            found[role] = embedded(made, "meeting")
    keys = item_keys(meeting.agenda_items)
    found["agendaItem"] = [
        embedded(agenda_item(graph, meeting, item, order, keys[id(item)], found["id"]), "meeting")
        for order, item in enumerate(meeting.agenda_items, start=1)
    ]
    found["keyword"] = [meeting.status]
    found["web"] = graph.where.of(urls.meeting(meeting))
    return graph.emit(found, meeting.source, "meetings")


def agenda_item(graph: OParlGraph, meeting: Meeting, item: AgendaItem, order: int, key: str, meeting_id: str) -> Json:
    day = graph.time(lifecycle.item_published(meeting, item))
    found = graph.base(
        "agenda-item",
        f"{meeting.committee.slug}/{meeting.slug}/{key}",
        day,
        graph.time(lifecycle.modified(meeting)),
        main=False,
    )
    found.update(meeting=meeting_id, number=item.number, order=order, name=item.title, public=not item.is_private)
    found["web"] = graph.where.of(urls.agenda_item(meeting, item.number))
    if item.withheld:  # exempt or confidential: its number and title only
        return graph.emit(found, meeting.source, "agenda-items")
    papers = [paper(graph, meeting, item, report, found["id"]) for report in item.reports]
    if papers:
        found["consultation"] = papers[0]["consultation"][0]["id"]
    minute = minute_of(meeting, item)
    if item.withdrawn:
        found["result"] = "Withdrawn"
    elif minute is not None and minute.resolutions:
        found["result"] = (
            "Resolved" if meeting.minutes and meeting.minutes.status == "approved" else "Resolved (draft minutes)"
        )
        found["resolutionText"] = decision(minute)
    elif minute is not None:
        found["result"] = "Minuted"
    keywords = [
        word
        for word, flag in (
            ("supplementary", item.supplementary),
            ("urgent", item.urgent),
            ("withdrawn", item.withdrawn),
        )
        if flag
    ]
    if keywords:
        found["keyword"] = keywords
    return graph.emit(found, meeting.source, "agenda-items")


def paper(graph: OParlGraph, meeting: Meeting, item: AgendaItem, report: Report, item_id: str) -> Json:
    key = report_key(meeting, report)
    day = graph.time(lifecycle.item_published(meeting, item))
    found = graph.base("paper", key, day, graph.time(lifecycle.modified(meeting)))
    found.update(body=graph.id("body", "council"), name=report.subject)
    if report.reference:
        found["reference"] = report.reference
    found.update(date=report.date.isoformat(), paperType="Report")
    page = graph.where.of(urls.report(report, meeting))
    main = file_object(
        graph, f"{key}/report", report.subject, page, HTML, found, lifecycle.item_published(meeting, item)
    )
    found["mainFile"] = embedded(main, "paper")
    day_published = lifecycle.item_published(meeting, item)
    attached = [
        embedded(appendix_file(graph, meeting, report, index, appendix, found, day_published), "paper")
        for index, appendix in enumerate(report.appendices)
        if not appendix.withheld
    ]
    if attached:
        found["auxiliaryFile"] = attached
    consultation = graph.base("consultation", key, day, found["modified"], main=False)
    consultation.update(paper=found["id"], agendaItem=item_id, meeting=graph.id("meeting", key.rsplit("/", 1)[0]))
    consultation["organization"] = [graph.id("organization", f"committee-{meeting.committee.slug}")]
    if report.purpose:
        consultation["role"] = report.purpose
    graph.emit(consultation, report.source, "consultations")
    found["consultation"] = [embedded(consultation, "paper")]
    if report.key_decision:
        found["keyword"] = ["key decision"]
    found["web"] = page
    return graph.emit(found, report.source, "papers")


def appendix_file(
    graph: OParlGraph, meeting: Meeting, report: Report, index: int, appendix: Appendix, paper_found: Json, day: dt.date
) -> Json:
    """A published appendix: its page (a Markdown appendix) or the PDF itself."""
    address = graph.where.of(urls.appendix(appendix, report, meeting, index))
    key = f"{report_key(meeting, report)}/appendix-{index + 1}"
    name = appendix.heading
    return file_object(graph, key, name, address, PDF if appendix.is_pdf else HTML, paper_found, day, appendix)


def pack_file(graph: OParlGraph, meeting: Meeting, file_name: str, label: str, meeting_id: str) -> Json:
    day = {
        urls.SUPPLEMENTARY_PACK: lifecycle.supplementary_published(meeting),
        urls.PRINTED_MINUTES: lifecycle.minutes_published(meeting),
    }.get(file_name) or lifecycle.created(meeting)
    key = f"{meeting.committee.slug}/{meeting.slug}/{file_name.removesuffix('.pdf')}"
    found = graph.base("file", key, graph.time(day), graph.time(lifecycle.modified(meeting)))
    address = graph.where.of(urls.pack(meeting, file_name))
    found.update(name=label, fileName=file_name, mimeType=PDF, date=day.isoformat(), accessUrl=address)
    found.update(downloadUrl=address, meeting=[meeting_id])
    return graph.emit(found, meeting.source, "files")


def file_object(
    graph: OParlGraph,
    key: str,
    name: str,
    address: str,
    mime: str,
    paper_found: Json,
    day: dt.date,
    appendix: Appendix | None = None,
) -> Json:
    found = graph.base("file", key, graph.time(day), paper_found["modified"])
    file_name = appendix.file.rsplit("/", 1)[-1] if appendix is not None and appendix.is_pdf else "index.html"
    found.update(name=name, fileName=file_name, mimeType=mime, date=day.isoformat(), accessUrl=address)
    if mime == PDF:
        found["downloadUrl"] = address
    found["paper"] = [paper_found["id"]]
    return graph.emit(found, graph.settings_file, "files")


def location(graph: OParlGraph, venue: str, meeting: Meeting) -> Json:
    """The venue as a Location (the same object for every meeting held there)."""
    found = graph.base("location", location_key(venue), graph.created, graph.modified, main=False)
    found["description"] = venue
    if found["id"].removeprefix(graph.where.base) not in graph.out:
        graph.emit(found, meeting.source, "locations")
    return found
