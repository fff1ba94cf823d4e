"""The projection stage: what each audience's site holds, before anything is rendered.

Runs on the leak fixture (tests/fixtures/leaks), where every private place holds a
`LEAK-...-7f3a` marker: one table of (audience, kind of paper) -> what survives.
No build, no MkDocs, no WeasyPrint: this is the fast tier's net under the leak tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from conftest import FIXTURES

from papers.model.audience import MEMBERS, PUBLIC, Audience
from papers.model.site import Meeting, Site
from papers.pipeline import check
from papers.render.project import project

LEAKS = FIXTURES / "leaks" / "content"


@pytest.fixture(scope="module")
def resolved() -> Site:
    site = check(LEAKS).site
    assert site is not None
    return site


def meeting(site: Site, slug: str) -> Meeting:
    return next(found for found in site.meetings if found.slug == slug)


def strings(value: object, seen: set[int] | None = None) -> Iterator[str]:
    """Every string reachable from a model object, as a template could reach it."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key, seen)
            yield from strings(item, seen)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from strings(item, seen)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from strings(getattr(value, field.name), seen)
        for name in ("reports", "agenda_items", "minutes"):  # properties templates use
            if isinstance(getattr(type(value), name, None), property):
                yield from strings(getattr(value, name), seen)
    elif hasattr(value, "model_dump"):  # pydantic settings and contacts
        yield from strings(value.model_dump(), seen)


def markers(site: Site) -> set[str]:
    text = "\n".join(strings(site))
    return {word for word in text.replace("\n", " ").split() if "LEAK-" in word.upper()}


# (audience, meeting, item number) -> (listed?, withheld?, has text?, has reports?, marking)
ITEM_RULES = [
    (PUBLIC, "2012-01-19", "A2", True, False, True, True, None),
    (PUBLIC, "2012-01-19", "B2", True, True, False, False, None),  # exempt
    (PUBLIC, "2012-01-19", "B3", True, True, False, False, None),  # confidential
    (PUBLIC, "2012-01-19", "B4", True, True, False, False, None),  # withdrawn, exempt
    (PUBLIC, "2012-02-16", "4", False, None, None, None, None),  # supplementary, not yet published
    (PUBLIC, "2012-03-15", "A1", False, None, None, None, None),  # draft agenda
    (MEMBERS, "2012-01-19", "A2", True, False, True, True, None),
    (
        MEMBERS,
        "2012-01-19",
        "B2",
        True,
        False,
        True,
        True,
        "NOT FOR PUBLICATION - paragraph 3 of Part 1 of Schedule 12A",
    ),
    (
        MEMBERS,
        "2012-01-19",
        "B3",
        True,
        False,
        True,
        True,
        "NOT FOR PUBLICATION - confidential information (section 100A(3) of the Local Government Act 1972)",
    ),
    (
        MEMBERS,
        "2012-01-19",
        "B4",
        True,
        False,
        False,
        False,
        "NOT FOR PUBLICATION - paragraph 1 of Part 1 of Schedule 12A",
    ),
    (MEMBERS, "2012-02-16", "4", False, None, None, None, None),  # drafts are for nobody
    (MEMBERS, "2012-03-15", "A1", False, None, None, None, None),
]


@pytest.mark.parametrize("audience, slug, number, listed, withheld, has_text, has_reports, marking", ITEM_RULES)
def test_audience_rules_for_agenda_items(
    resolved, audience: Audience, slug, number, listed, withheld, has_text, has_reports, marking
):
    items = {item.number: item for item in meeting(project(resolved, audience), slug).agenda_items}
    assert (number in items) is listed
    if not listed:
        return
    item = items[number]
    assert item.withheld is withheld
    assert (item.text is not None) is has_text
    assert bool(item.reports) is has_reports
    assert item.marking == marking


def test_a_withheld_item_keeps_only_its_number_title_and_notice_facts(resolved):
    item = next(i for i in meeting(project(resolved, PUBLIC), "2012-01-19").agenda_items if i.number == "B2")
    assert (item.number, item.exempt_paragraph, item.confidential, item.withheld_papers) == ("B2", 3, False, True)
    assert item.title.startswith("Depot disposal")
    assert (item.text, item.lead, item.public_interest, item.urgency_reason, item.reports, item.minutes_of) == (
        None,
        None,
        None,
        None,
        (),
        (),
    )


def test_a_draft_agenda_keeps_only_when_and_where(resolved):
    draft = meeting(project(resolved, PUBLIC), "2012-03-15")
    assert (draft.sections, draft.reports, draft.notes, draft.minutes) == ((), (), "", None)
    assert draft.date == dt.date(2012, 3, 15) and draft.venue
    assert not draft.agenda_is_published


def test_minutes_of_private_items_keep_number_and_title_only(resolved):
    for audience, withheld in ((PUBLIC, True), (MEMBERS, False)):
        minutes = meeting(project(resolved, audience), "2012-01-19").minutes
        assert minutes is not None
        private = [minute for minute in minutes.minutes if minute.is_private]
        assert private and all(minute.withheld is withheld for minute in private)
        if withheld:
            assert all(minute.text is None and minute.resolutions == () for minute in private)
        else:
            assert all(minute.marking and minute.marking.startswith("NOT FOR PUBLICATION") for minute in private)


def test_exempt_appendix_of_a_public_report_is_a_notice_in_public_and_marked_for_members(resolved):
    def appendices(audience: Audience):
        return [
            appendix
            for report in project(resolved, audience).reports
            for appendix in report.appendices
            if appendix.exempt_paragraph is not None
        ]

    public = appendices(PUBLIC)
    assert public and all(a.withheld and a.file == "" and a.text is None and a.linked == () for a in public)
    members = appendices(MEMBERS)
    assert members and all(not a.withheld and a.file and a.marking for a in members)


def test_published_files_are_only_those_of_shown_papers(resolved):
    public, members = project(resolved, PUBLIC).attachments, project(resolved, MEMBERS).attachments
    assert not [name for name in public if "leak-" in name.lower()]
    assert set(public) < set(members)


def test_nothing_private_is_reachable_from_the_public_site(resolved):
    """Every string a template could reach holds no LEAK marker.

    Except the unsafe link targets planted in a public report's body (`javascript:...LEAK-...-url-7f3a`): the
    body is public, and the Markdown renderer drops those targets (tests/test_leaks.py and test_markup_safety.py).
    """
    found = markers(project(resolved, PUBLIC))
    assert {word for word in found if "-URL-7F3A" not in word.upper()} == set()
    assert len(found) == 5  # the five unsafe link targets, so the walk does read report bodies


def test_the_members_site_holds_the_private_papers_but_no_draft(resolved):
    found = markers(project(resolved, MEMBERS))
    assert any("LEAK-EXEMPT-ITEM-TEXT" in word.upper() for word in found)
    assert not any("DRAFT" in word.upper() or "SUPPLEMENTARY" in word.upper() for word in found), found


def test_projection_leaves_the_resolved_model_unchanged(resolved):
    before = list(strings(resolved))
    project(resolved, PUBLIC)
    project(resolved, MEMBERS)
    assert list(strings(resolved)) == before
