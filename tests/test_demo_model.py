"""The model built from the demo content: every feature the demo is meant to exercise."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import DEMO

from papers.pipeline import check


@pytest.fixture(scope="module")
def site():
    result = check(DEMO)
    assert result.diagnostics.items == []
    return result.site


def meeting(site, committee, slug):
    return next(m for m in site.meetings if m.committee.slug == committee and m.slug == slug)


def test_committees_and_their_kinds(site):
    assert [(c.slug, c.kind) for c in site.committees] == [
        ("cfe-posc", "committee"),
        ("corporate-parenting-panel", "panel"),
        ("kct-board", "board"),
    ]
    panel = next(c for c in site.committees if c.slug == "corporate-parenting-panel")
    assert panel.parent is next(c for c in site.committees if c.slug == "cfe-posc")


def test_membership_has_chair_vice_chair_and_several_parties(site):
    posc = site.committees[0]
    roles = {seat.name: seat.role for seat in posc.seats}
    assert roles["Ms Helen Moss"] == "chair"
    assert roles["Mrs Priya Shah"] == "vice-chair"
    assert roles["Mr A Tear"] == "co-opted"
    parties = {seat.member.party.name for seat in posc.seats if seat.member}
    assert {"Conservative", "Labour", "Liberal Democrat", "Independent"} <= parties
    # A member who left is not seated after leaving.
    assert "Mr Graham Ellis" not in {s.name for s in posc.seats_on(dt.date(2011, 6, 1))}


def test_held_meeting_with_approved_minutes_and_an_upcoming_meeting(site):
    held = meeting(site, "cfe-posc", "2010-07-16")
    assert held.status == "held"
    assert held.minutes.status == "approved"
    approving = meeting(site, "cfe-posc", "2010-09-23")
    approved_at = held.minutes.approved_at
    assert (approved_at.committee, approved_at.slug, approved_at.date) == (
        approving.committee,
        approving.slug,
        approving.date,
    )
    upcoming = meeting(site, "kct-board", "2011-07-15")
    assert upcoming.status == "scheduled" and upcoming.minutes is None


def test_exempt_withdrawn_supplementary_items(site):
    board = meeting(site, "kct-board", "2011-03-04")
    items = {item.number: item for item in board.agenda_items}
    assert items["C2"].is_exempt and items["C2"].exempt_paragraph == 3 and items["C2"].public_interest
    assert items["C1"].exclusion_motion
    assert items["B2"].withdrawn and items["B2"].withdrawn_reason
    later = {item.number: item for item in meeting(site, "kct-board", "2011-07-15").agenda_items}
    assert later["B2"].supplementary
    assert [r.slug for r in later["B2"].reports] == ["shadow-health-wellbeing-board"]


def test_reports_from_the_seed_papers(site):
    reports = {r.slug: r for r in site.reports}
    finance = reports["financial-resources"]
    assert finance.by == ("Marisa White, Head of Strategic Planning and Review",)
    assert finance.to == "Kent Children's Trust Board"
    assert len(finance.recommendations) == 3
    assert "1.1 The purpose of the Kent's children's trust arrangements" in finance.body
    assert "£11.5m" in finance.body
    survey = reports["strategic-review-survey"]
    assert survey.appendices[0].file.endswith("appendix-1-responses.md")
    cypp = reports["childrens-trust-cypp"]
    assert [(a.label, a.is_pdf) for a in cypp.appendices] == [("Appendix 1", False), ("Appendix 2", True)]


def test_items_link_reports_and_earlier_minutes(site):
    later = meeting(site, "cfe-posc", "2010-09-23")
    items = {item.number: item for item in later.agenda_items}
    assert items["A4"].minutes_of == (meeting(site, "cfe-posc", "2010-07-16"),)
    assert items["A5"].minutes_of[0].committee.slug == "corporate-parenting-panel"


def test_minutes_resolve_items_members_and_run_on(site):
    first = meeting(site, "cfe-posc", "2010-07-16").minutes
    second = meeting(site, "cfe-posc", "2010-09-23").minutes
    assert [m.number for m in first.minutes] == list(range(12, 18))
    assert second.minutes[0].number == first.minutes[-1].number + 1
    decision = next(m for m in first.minutes if m.item and m.item.number == "B1")
    assert decision.item.reports[0].slug == "childrens-trust-cypp"
    # A leading "that" is not printed twice after the usual "RESOLVED that".
    (resolution,) = decision.resolutions
    assert (resolution.opening, resolution.text, resolution.position) == ("RESOLVED that:", "", "after")
    assert (resolution.parts[0].label, resolution.parts[0].text) == ("a)", "the report be noted;")
    substitute = next(a for a in first.present if a.substitute_for)
    assert (substitute.member.slug, substitute.substitute_for.slug) == ("colin-price", "tom-baker")
    assert first.declarations[0].item.number == "B1"
    assert [a.member.slug for a in first.apologies if a.member] == ["tom-baker"]


def test_meetings_are_in_date_order_and_inherit_committee_defaults(site):
    dates = [m.date for m in site.meetings]
    assert dates == sorted(dates)
    posc = meeting(site, "cfe-posc", "2010-09-23")
    assert posc.time == dt.time(10, 0)
    assert posc.venue == "Darent Room, Sessions House, County Hall, Maidstone"


def test_only_referenced_files_are_published(site):
    assert site.attachments == (
        "assets/logo.svg",
        "committees/cfe-posc/2010-07-16/reports/childrens-trust-cypp/appendix-1-guidance.md",
        "committees/cfe-posc/2010-07-16/reports/childrens-trust-cypp/appendix-2-cypp-stages.pdf",
        "committees/kct-board/2011-07-15/reports/strategic-review-survey/appendix-1-responses.md",
    )


def test_the_model_has_no_cycles_and_meetings_point_only_at_earlier_meetings(site):
    """Frozen objects built in order: an item takes minutes only of meetings built before its own."""
    order = {id(m): index for index, m in enumerate(site.meetings)}
    for index, held in enumerate(site.meetings):
        for item in held.agenda_items:
            assert all(order[id(earlier)] < index for earlier in item.minutes_of)
    assert [m.date for m in site.meetings_of(site.committees[0])] == sorted(
        m.date for m in site.meetings if m.committee is site.committees[0]
    )
