"""The documentation keeps up with the code: every field and every check code is documented."""

from __future__ import annotations

import re

import pytest
from conftest import PROJECT

from papers.content import schema, settings
from papers.diagnostics import CODES

FORMAT = (PROJECT / "docs" / "content-format.md").read_text()
ERRORS = (PROJECT / "docs" / "errors.md").read_text()

# Each record, and the heading of the part of the reference that documents its fields.
SECTIONS = {
    settings.SiteSettings: "## `site.yml`",
    settings.Contact: "## `site.yml`",
    settings.Person: "## `site.yml`",
    settings.Notice: "## `site.yml`",
    settings.Party: "## `site.yml`",
    settings.Colours: "## `site.yml`",
    settings.WorkingDays: "## `site.yml`",
    settings.Accessibility: "### `accessibility`",
    settings.RoleLabels: "### `role_labels`",
    settings.RoleLabelsGiven: "### `role_labels`",
    settings.ReportStyle: "### `report_style`",
    settings.HeaderRow: "### `report_style`",
    schema.MemberRecord: "## `members/",
    schema.CommitteeRecord: "## `committees/<committee>/committee.md`",
    schema.Membership: "## `committees/<committee>/committee.md`",
    schema.MeetingRecord: "## `committees/<committee>/<meeting>/meeting.md`",
    schema.AgendaSectionRecord: "## `committees/<committee>/<meeting>/meeting.md`",
    schema.AgendaItemRecord: "## `committees/<committee>/<meeting>/meeting.md`",
    schema.ReportRecord: "## `committees/<committee>/<meeting>/reports/",
    settings.ContactOfficer: "## `committees/<committee>/<meeting>/reports/",
    schema.Appendix: "## `committees/<committee>/<meeting>/reports/",
    schema.MinutesRecord: "## `committees/<committee>/<meeting>/minutes.md`",
    schema.Attendance: "## `committees/<committee>/<meeting>/minutes.md`",
    schema.Officer: "## `committees/<committee>/<meeting>/minutes.md`",
    schema.Apology: "## `committees/<committee>/<meeting>/minutes.md`",
    schema.Declaration: "## `committees/<committee>/<meeting>/minutes.md`",
    schema.MinuteRecord: "## `committees/<committee>/<meeting>/minutes.md`",
    schema.ResolutionRecord: "## `committees/<committee>/<meeting>/minutes.md`",
}


def section(heading: str) -> str:
    start = FORMAT.index(heading)
    level = heading.split(" ")[0]
    following = re.compile(rf"^#{{1,{len(level)}}} ", re.M)
    match = following.search(FORMAT, start + len(heading))
    return FORMAT[start : match.start() if match else len(FORMAT)]


def all_records():
    found = {
        cls
        for module in (schema, settings)
        for cls in vars(module).values()
        if isinstance(cls, type) and issubclass(cls, schema.Record) and cls is not schema.Record
    }
    return sorted(found, key=lambda cls: cls.__name__)


def test_every_record_has_a_documented_home():
    assert set(all_records()) == set(SECTIONS)


@pytest.mark.parametrize("record", all_records(), ids=lambda cls: cls.__name__)
def test_every_field_is_documented(record):
    text = section(SECTIONS[record])
    missing = [
        field.alias or name for name, field in record.model_fields.items() if f"`{field.alias or name}`" not in text
    ]
    assert missing == [], f"{record.__name__} fields not in {SECTIONS[record]}"


def test_every_choice_is_documented():
    for choice in [
        "scheduled",
        "held",
        "cancelled",
        "postponed",
        "draft",
        "approved",
        "chair",
        "vice-chair",
        "substitute",
        "co-opted",
        "continuous",
        "municipal-year",
        "per-meeting",
        "sub-committee",
        "working-group",
        "general-exception",
        "special-urgency",
        "fully",
        "partially",
        "not",
    ]:
        assert f"`{choice}`" in FORMAT


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_check_code_is_documented(code):
    assert re.search(rf"^\| {code} \|", ERRORS, re.M), code


def test_no_documented_code_is_unknown():
    assert set(re.findall(r"^\| ([EW]\d{3}) \|", ERRORS, re.M)) == set(CODES)
