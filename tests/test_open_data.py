"""Calendars, feeds, OParl, CSV, schema.org and the sitemap (issue 16), read back by independent clients.

- every `.ics` by `icalendar` and by `vobject` (a second parser), and by `recurring_ical_events`, which
  lists the events between two dates as a calendar app shows them;
- every Atom feed by `feedparser` (no `bozo`: well-formed, valid dates);
- every OParl file against JSON schemas built from the OParl 1.1 specification (tests/oparl_schema.py),
  and every file reached by following links from the System object;
- the CSV tables by Python's `csv` reader, with the columns docs/open-data.md documents;
- JSON-LD in meeting and member pages by `extruct`, as a search engine extracts it;
- the sitemap against the pages the build published.

The fast tests generate the files straight from a checked and projected site (no MkDocs); the slow ones
read the built demo site.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
import shutil
from collections import deque
from pathlib import Path
from xml.etree import ElementTree

import icalendar
import pytest
from conftest import DEMO, MINIMAL, PROJECT
from oparl_schema import list_schema, object_schema

from papers.model.audience import MEMBERS, PUBLIC
from papers.pipeline import check
from papers.render import urls
from papers.render.opendata import calendars, published, write_open_data
from papers.render.opendata import oparl as oparl_module
from papers.render.opendata.structured import script
from papers.render.opendata.tables import DECISION_COLUMNS, MEETING_COLUMNS, table
from papers.render.output import Outputs
from papers.render.project import project

BASE = "https://democracy.example.gov.uk/"
UTC = dt.UTC
DOCS = (PROJECT / "docs" / "open-data.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def resolved_demo():
    """The demo, checked once for the module (each test projects it as it needs)."""
    checked = check(DEMO)
    assert checked.site is not None
    return checked.site


@pytest.fixture(scope="module")
def demo_open_data(resolved_demo, tmp_path_factory) -> Path:
    """The demo's open data, written once for the module's fast tests."""
    out = tmp_path_factory.mktemp("open-data")
    write_open_data(project(resolved_demo, PUBLIC), Outputs(out))
    return out


def events_by_uid(path: Path) -> dict[str, icalendar.Event]:
    return events_in(path.read_bytes())


def events_in(data: bytes) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in icalendar.Calendar.from_ical(data).walk("VEVENT")}


def committee_calendar(content: Path, slug: str) -> dict[str, icalendar.Event]:
    """A committee's calendar file as the build makes it from `content` (read back from its bytes)."""
    checked = check(content)
    assert checked.site is not None
    site = project(checked.site, PUBLIC)
    where = published(site)
    assert where is not None
    committee = next(found for found in site.committees if found.slug == slug)
    url = urls.committee_calendar(committee)
    return events_in(calendars.calendar(site, where, url, committee.name, site.meetings_of(committee)).to_ical())


def demo_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    return content


def set_front_matter(meeting_file: Path, key: str, value: str) -> None:
    text = meeting_file.read_text(encoding="utf-8")
    if re.search(rf"^{key}:", text, re.M):
        text = re.sub(rf"^{key}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
    else:
        text = text.replace("---\n", f"---\n{key}: {value}\n", 1)
    meeting_file.write_text(text, encoding="utf-8")


# --- calendars --------------------------------------------------------------------------------------


def test_a_rebuilt_calendar_updates_its_events_instead_of_adding_new_ones(tmp_path):
    """Same UIDs after the content changes; SEQUENCE grows; a cancelled meeting is marked, a postponed one shown."""
    content = demo_copy(tmp_path)
    before = committee_calendar(content, "kct-board")
    meeting = content / "committees/kct-board/2011-07-15/meeting.md"
    set_front_matter(meeting, "status", "postponed")
    set_front_matter(meeting, "status_note", "Postponed to October at the Chairman's request.")
    postponed = committee_calendar(content, "kct-board")
    set_front_matter(meeting, "status", "cancelled")
    cancelled = committee_calendar(content, "kct-board")

    uid = "kct-board/2011-07-15@democracy.example.gov.uk"
    assert set(before) == set(postponed) == set(cancelled) == {uid, "kct-board/2011-03-04@democracy.example.gov.uk"}
    assert before[uid]["STATUS"] == "CONFIRMED"
    assert postponed[uid]["STATUS"] == "TENTATIVE" and str(postponed[uid]["SUMMARY"]).startswith("POSTPONED: ")
    assert "Postponed to October" in str(postponed[uid]["DESCRIPTION"])
    assert cancelled[uid]["STATUS"] == "CANCELLED" and str(cancelled[uid]["SUMMARY"]).startswith("CANCELLED: ")
    assert int(before[uid]["SEQUENCE"]) < int(postponed[uid]["SEQUENCE"]) == int(cancelled[uid]["SEQUENCE"])

    # A calendar app keeps one copy per UID and replaces it by a higher SEQUENCE: still two events.
    kept: dict[str, icalendar.Event] = {}
    for refresh in (before, postponed, cancelled):
        for found_uid, event in refresh.items():
            if found_uid not in kept or int(event["SEQUENCE"]) >= int(kept[found_uid]["SEQUENCE"]):
                kept[found_uid] = event
    assert len(kept) == 2 and kept[uid]["STATUS"] == "CANCELLED"


def test_a_member_calendar_holds_the_meetings_of_their_committees(demo_open_data):
    uids = set(events_by_uid(demo_open_data / "data/calendars/members/emma-lowe.ics"))
    # Emma Lowe chairs the Corporate Parenting Panel and is vice-chairman of the KCT Board.
    assert {uid.split("@")[0] for uid in uids} == {
        "corporate-parenting-panel/2010-09-08",
        "corporate-parenting-panel/2010-11-10",
        "kct-board/2011-03-04",
        "kct-board/2011-07-15",
    }


def test_no_public_address_means_no_open_data_and_the_members_edition_has_none(tmp_path, resolved_demo):
    content = tmp_path / "content"
    shutil.copytree(MINIMAL, content)
    settings = content / "site.yml"
    settings.write_text(re.sub(r"^url:.*\n", "", settings.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    checked = check(content)
    assert checked.site is not None and "W310" in {d.code for d in checked.diagnostics.warnings}
    assert write_open_data(project(checked.site, PUBLIC), Outputs(tmp_path / "none")) == 0
    assert not (tmp_path / "none").exists()
    members = project(resolved_demo, MEMBERS)
    assert members.settings.url is None and published(members) is None
    assert write_open_data(members, Outputs(tmp_path / "members")) == 0


# --- OParl ------------------------------------------------------------------------------------------


def validate_document(document: dict, name: str) -> list[str]:
    """Problems of one OParl file: an object of its `type`, or a page of a list of objects."""
    from jsonschema import Draft202012Validator

    if "data" in document:
        kinds = {item["type"].rsplit("/", 1)[-1] for item in document["data"]}
        assert len(kinds) <= 1, f"{name}: a list of several types {kinds}"
        schema = list_schema(kinds.pop() if kinds else "Body", last_page="next" not in document["links"])
    else:
        schema = object_schema(document["type"].rsplit("/", 1)[-1])
    validator = Draft202012Validator(schema)
    return [
        f"{name}: {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def crawl(root: Path, base: str, system: str) -> tuple[dict[str, dict], list[str]]:
    """Follow every OParl link from the System object: {file name: document}, and links to missing files."""
    found: dict[str, dict] = {}
    missing: list[str] = []
    queue = deque([system])
    while queue:
        address = queue.popleft()
        name = address.removeprefix(base)
        if name in found:
            continue
        path = root / name
        if not path.is_file():
            missing.append(address)
            continue
        found[name] = document = json.loads(path.read_text(encoding="utf-8"))
        for value in strings(document):
            if value.startswith(base + "oparl/") and value.removeprefix(base) not in found:
                queue.append(value)
            elif value.startswith(base) and not (root / value.removeprefix(base).split("#")[0]).exists():
                target = root / value.removeprefix(base).split("#")[0]
                if not (target / "index.html").is_file() and not (target.parent / "index.html").is_file():
                    missing.append(f"{value} (in {name})")
    return found, missing


def strings(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from strings(inner)
    elif isinstance(value, str):
        yield value


def test_oparl_objects_validate_paginate_and_link_up_from_the_system(tmp_path, resolved_demo):
    """Small pages (3 objects) so that every list is paginated: every page and object is reached and valid."""
    site = project(resolved_demo, PUBLIC)
    where = published(site)
    assert where is not None
    oparl_module.write_oparl(site, where, Outputs(tmp_path), per_page=3)
    found, missing = crawl(tmp_path, BASE, BASE + "oparl/v1.1/system.json")
    pdfs_and_pages = [address for address in missing if address.endswith((".pdf", "/")) or " (in " in address]
    assert [address for address in missing if address not in pdfs_and_pages] == []  # (the pages are not built here)
    files = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.json")}
    assert set(found) == files
    problems = [problem for name, document in found.items() for problem in validate_document(document, name)]
    assert problems == []
    meetings = sorted(
        (found[name] for name in found if name.startswith("oparl/v1.1/list/meetings")),
        key=lambda page: page["pagination"]["currentPage"],
    )
    assert len(meetings) == 2 and meetings[0]["pagination"]["totalElements"] == 6
    assert "next" in meetings[0]["links"] and "next" not in meetings[-1]["links"] and "prev" in meetings[-1]["links"]
    items = [name for name in found if name.startswith("oparl/v1.1/list/agenda-items")]
    assert len(items) == 10  # 28 agenda items, 3 a page


def test_oparl_exempt_item_is_not_public_and_keeps_only_number_and_title(demo_open_data):
    out = demo_open_data
    item = json.loads((out / "oparl/v1.1/agenda-item/kct-board/2011-03-04/c2.json").read_text())
    assert item["public"] is False
    assert item["name"] == "Emotional health and tier 2/3 CAMHs: shared commissioning arrangements"
    assert set(item) == {"id", "type", "created", "modified", "meeting", "number", "order", "name", "public", "web"}
    decided = json.loads((out / "oparl/v1.1/agenda-item/kct-board/2011-03-04/b1.json").read_text())
    assert decided["resolutionText"].startswith("RESOLVED that")
    assert "the overview of resources be noted" in decided["resolutionText"]
    assert decided["result"] == "Resolved (draft minutes)"
    assert not list(out.rglob("*camhs*"))


# --- tables, JSON-LD ---------------------------------------------------------------------------------


def documented_columns(heading: str) -> list[str]:
    section = DOCS[DOCS.index(heading) :]
    section = section[: section.index("\n#", 1)] if "\n#" in section[1:] else section
    return re.findall(r"^\| `([a-z_]+)` \|", section, re.M)


def test_csv_columns_are_the_documented_ones():
    assert documented_columns("### `meetings.csv`") == list(MEETING_COLUMNS)
    assert documented_columns("### `decisions.csv`") == list(DECISION_COLUMNS)


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted():
    data = table(("title",), [("=HYPERLINK(1)",), ("+1",), ("@SUM",), ("-2",), ("Budget",)])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["title"], ["'=HYPERLINK(1)"], ["'+1"], ["'@SUM"], ["'-2"], ["Budget"]]
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data


def test_json_ld_cannot_close_its_script_element():
    text = str(script({"name": "</script><script>alert(1)</script><!-- & \u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script><!-- & \u2028"


# --- the built demo ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_calendar_parses_with_two_readers_and_gives_local_times(built_demo):
    import recurring_ical_events
    import vobject

    calendars = sorted((built_demo / "data" / "calendars").rglob("*.ics"))
    assert len(calendars) == 1 + 3 + 10  # all meetings, each committee, each member
    for path in calendars:
        text = path.read_text(encoding="utf-8")
        events = events_by_uid(path)
        parsed = vobject.readOne(text)
        second = {str(event.uid.value): event for event in getattr(parsed, "vevent_list", [])}
        assert set(second) == set(events), path
        for found_uid, event in second.items():  # both readers place each event at the same moment
            start, other = events[found_uid]["DTSTART"].dt, event.dtstart.value
            assert start.astimezone(UTC) == other.astimezone(UTC), (path, found_uid)
            assert str(event.status.value) == str(events[found_uid]["STATUS"])
        for event in events.values():
            assert re.fullmatch(r"[a-z0-9-]+/\d{4}-\d{2}-\d{2}@democracy\.example\.gov\.uk", str(event["UID"]))
            assert str(event["URL"]).startswith(BASE)
        assert "BEGIN:VTIMEZONE" in text or not events
    everything = icalendar.Calendar.from_ical((built_demo / "data/calendars/meetings.ics").read_bytes())
    assert len(list(everything.walk("VEVENT"))) == 6
    # What a calendar app subscribed to the KCT Board shows: local times across the change to summer time.
    board = icalendar.Calendar.from_ical((built_demo / "data/calendars/committees/kct-board.ics").read_bytes())
    shown = recurring_ical_events.of(board).between(dt.date(2011, 1, 1), dt.date(2012, 1, 1))
    starts = sorted(event["DTSTART"].dt for event in shown)
    assert [start.astimezone(UTC) for start in starts] == [
        dt.datetime(2011, 3, 4, 10, 0, tzinfo=UTC),  # 10.00 am GMT
        dt.datetime(2011, 7, 15, 9, 0, tzinfo=UTC),  # 10.00 am BST
    ]
    assert [start.strftime("%H:%M %Z") for start in starts] == ["10:00 GMT", "10:00 BST"]
    vboard = vobject.readOne((built_demo / "data/calendars/committees/kct-board.ics").read_text(encoding="utf-8"))
    assert sorted(event.dtstart.value.astimezone(UTC).hour for event in vboard.vevent_list) == [9, 10]
    panel = events_by_uid(built_demo / "data/calendars/committees/corporate-parenting-panel.ics")
    cancelled = panel["corporate-parenting-panel/2010-11-10@democracy.example.gov.uk"]
    assert cancelled["STATUS"] == "CANCELLED" and str(cancelled["SUMMARY"]) == "CANCELLED: Corporate Parenting Panel"
    assert cancelled["DTSTART"].dt == dt.datetime(2010, 11, 10, 14, 0, tzinfo=cancelled["DTSTART"].dt.tzinfo)
    vpanel = vobject.readOne(
        (built_demo / "data/calendars/committees/corporate-parenting-panel.ics").read_text(encoding="utf-8")
    )
    assert sorted(str(event.status.value) for event in vpanel.vevent_list) == ["CANCELLED", "CONFIRMED"]


@pytest.mark.slow
def test_every_feed_parses_without_errors_and_is_dated_by_the_content(built_demo):
    import feedparser

    feeds = sorted((built_demo / "data" / "feeds").rglob("*.atom"))
    assert len(feeds) == 1 + 3
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)) and all(entry.id.startswith(BASE) for entry in parsed.entries)
    whats_new = feedparser.parse((built_demo / "data/feeds/whats-new.atom").read_bytes())
    assert whats_new.feed.updated == "2011-07-12T00:00:00+01:00"  # the supplementary agenda's day, not today
    first = whats_new.entries[0]
    assert first.title == "Supplementary agenda published: Kent Children's Trust Board, 15 July 2011"
    assert first.link == BASE + "committees/kct-board/2011-07-15/"
    titles = [entry.title for entry in whats_new.entries]
    assert "Agenda published: Kent Children's Trust Board, 4 March 2011" in titles
    assert "Decisions: Kent Children's Trust Board, 4 March 2011" in titles
    assert (
        "Minutes (approved): Children, Families and Education Policy Overview and Scrutiny Committee, 16 July 2010"
        in titles
    )


@pytest.mark.slow
def test_oparl_files_of_the_built_site_validate_and_link_up(built_demo):
    found, missing = crawl(built_demo, BASE, BASE + "oparl/v1.1/system.json")
    assert missing == []  # every object, list page, PDF and page they name exists in the site
    files = {path.relative_to(built_demo).as_posix() for path in (built_demo / "oparl").rglob("*") if path.is_file()}
    assert set(found) == files
    assert [problem for name, document in found.items() for problem in validate_document(document, name)] == []
    for name, document in found.items():
        if "id" in document:
            assert document["id"] == BASE + name  # each object is served at its own id
    system = found["oparl/v1.1/system.json"]
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    meeting = found["oparl/v1.1/meeting/corporate-parenting-panel/2010-11-10.json"]
    assert meeting["cancelled"] is True and meeting["start"] == "2010-11-10T14:00:00+00:00"


@pytest.mark.slow
def test_csv_tables_open_with_the_documented_columns(built_demo):
    with (built_demo / "data/meetings.csv").open(encoding="utf-8-sig", newline="") as handle:
        meetings = list(csv.DictReader(handle))
    assert list(meetings[0]) == list(MEETING_COLUMNS) and len(meetings) == 6
    cancelled = next(row for row in meetings if row["meeting_id"] == "corporate-parenting-panel/2010-11-10")
    assert cancelled["status"] == "cancelled" and cancelled["start_time"] == "14:00"
    assert cancelled["agenda_pack_url"] == ""
    with (built_demo / "data/decisions.csv").open(encoding="utf-8-sig", newline="") as handle:
        decisions = list(csv.DictReader(handle))
    assert list(decisions[0]) == list(DECISION_COLUMNS)
    assert all(row["resolution"].startswith("RESOLVED") for row in decisions)
    assert not any(row["minute_number"] == "28" and row["meeting_id"] == "kct-board/2011-03-04" for row in decisions)


@pytest.mark.slow
def test_meeting_and_member_pages_carry_schema_org_data(built_demo):
    import extruct

    def json_ld(url: str) -> list[dict]:
        html = (built_demo / url / "index.html").read_text(encoding="utf-8")
        return extruct.extract(html, base_url=BASE + url, syntaxes=["json-ld"], uniform=True)["json-ld"]

    meetings = sorted(
        path.parent.relative_to(built_demo).as_posix() for path in built_demo.glob("committees/*/*/index.html")
    )
    assert len(meetings) == 6
    for url in meetings:
        events = [found for found in json_ld(url + "/") if found["@type"] == "Event"]
        assert len(events) == 1, url
        event = events[0]
        assert event["url"] == BASE + url + "/" and event["organizer"]["@type"] == "GovernmentOrganization"
        assert {"name", "startDate", "location", "eventStatus", "organizer"} <= set(event)
    board = json_ld("committees/kct-board/2011-07-15/")[0]
    assert board["startDate"] == "2011-07-15T10:00:00+01:00"
    assert board["location"]["name"] == "Medway Room, Sessions House, County Hall, Maidstone"
    cancelled = json_ld("committees/corporate-parenting-panel/2010-11-10/")[0]
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled"
    members = sorted(path.parent.name for path in built_demo.glob("members/*/index.html"))
    for slug in members:
        people = [found for found in json_ld(f"members/{slug}/") if found["@type"] == "Person"]
        assert len(people) == 1 and people[0]["url"] == f"{BASE}members/{slug}/"
    assert json_ld("members/alison-carter/")[0]["name"] == "Alison Carter"


@pytest.mark.slow
def test_sitemap_lists_exactly_the_published_pages_dated_by_their_content(built_demo):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    xml = (built_demo / "sitemap.xml").read_bytes()
    assert gzip.decompress((built_demo / "sitemap.xml.gz").read_bytes()) == xml
    entries = {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace)
        for url in ElementTree.fromstring(xml).findall("s:url", namespace)
    }
    pages = {
        BASE + ("" if path.parent == built_demo else path.parent.relative_to(built_demo).as_posix() + "/")
        for path in built_demo.rglob("index.html")
    }
    assert set(entries) == pages
    assert entries[BASE + "committees/kct-board/2011-07-15/"] == "2011-07-12"  # the supplementary agenda
    assert entries[BASE + "committees/kct-board/2011-07-15/strategic-review-survey/"] == "2011-07-07"
    assert entries[BASE + "committees/cfe-posc/2010-07-16/minutes/"] == "2010-09-23"  # approved then
    assert entries[BASE + "committees/corporate-parenting-panel/2010-11-10/"] is None  # no agenda: no date
    assert not any("camhs" in url for url in entries)


@pytest.mark.slow
def test_pages_people_use_link_to_the_calendars_feeds_and_data_page(built_demo):
    from sitecheck import page

    for url, calendar in [
        ("", "data/calendars/meetings.ics"),
        ("meetings/", "data/calendars/meetings.ics"),
        ("committees/kct-board/", "data/calendars/committees/kct-board.ics"),
        ("members/emma-lowe/", "data/calendars/members/emma-lowe.ics"),
    ]:
        soup = page(built_demo, url)
        hrefs = [link["href"] for link in soup.find_all("a", href=True)]
        assert "webcal://democracy.example.gov.uk/" + calendar in hrefs, url
        assert any(href.endswith("data/") for href in hrefs), url
        feeds = soup.find_all("link", rel="alternate", type="application/atom+xml")
        assert BASE + "data/feeds/whats-new.atom" in [feed["href"] for feed in feeds], url
    committee_feeds = page(built_demo, "committees/kct-board/2011-03-04/").find_all("link", rel="alternate")
    assert BASE + "data/feeds/committees/kct-board.atom" in [feed["href"] for feed in committee_feeds]
    data = page(built_demo, "data/")
    assert data.find("h1").get_text(strip=True) == "Data and feeds"
    webcals = [link["href"] for link in data.find_all("a", href=True) if link["href"].startswith("webcal://")]
    assert len(webcals) == 1 + 3
    for address in webcals:  # each subscription address is a calendar the site holds
        assert (built_demo / address.removeprefix("webcal://democracy.example.gov.uk/")).is_file()


@pytest.mark.parametrize("content", [DEMO, MINIMAL], ids=["demo", "minimal"])
def test_calendars_written_event_by_event_are_the_bytes_icalendar_writes_whole(content):
    """The build writes each meeting's event once and joins the bytes (calendars.Events); icalendar
    writing each calendar whole gives the same bytes, for every calendar of the site."""
    site = project(check(content).site, PUBLIC)
    where = published(site)
    assert where is not None
    events = calendars.Events(where)
    every = [(urls.meetings_calendar(), "all", site.meetings)]
    every += [(urls.committee_calendar(found), found.name, site.meetings_of(found)) for found in site.committees]
    every += [
        (urls.member_calendar(found), found.display_name, calendars.meetings_of_member(site, found))
        for found in site.members
    ]
    assert len(every) > 3 and any(meetings for _, _, meetings in every)
    for url, title, meetings in every:
        whole = calendars.calendar(site, where, url, title, tuple(meetings)).to_ical()
        assert events.calendar_bytes(site, url, title, tuple(meetings)) == whole, url
