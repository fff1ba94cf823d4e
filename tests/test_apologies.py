"""Attendance as minuted: an apologies line is printed only when the minutes state one."""

from __future__ import annotations

import pytest

from papers.model.audience import PUBLIC
from papers.pipeline import check
from papers.render import views
from papers.render.pages import Page, render_page
from papers.render.project import project
from papers.render.templating import environment


def minutes_with(minimal_copy, written: str | None):
    path = minimal_copy / "committees/scs-posc/2011-09-22/minutes.md"
    text = path.read_text()
    lines = [line for line in text.split("\n") if not line.startswith("apologies:")]
    if written is not None:
        lines.insert(1, f"apologies: {written}")
    path.write_text("\n".join(lines))
    site = check(minimal_copy).site
    assert site is not None
    meeting = next(m for m in project(site, PUBLIC).meetings if m.slug == "2011-09-22")
    page = Page(
        "committees/scs-posc/2011-09-22/minutes/",
        "Minutes",
        "minutes.html.j2",
        meeting.source,
        views.minutes(meeting, meeting.minutes),
    )
    return meeting.minutes, render_page(environment(site, "pages"), site, page)


@pytest.mark.parametrize(
    "written, members, note, printed",
    [
        (None, (), None, None),  # the minutes say nothing: nothing is printed
        ("none", (), "none", "<strong>Apologies:</strong> none"),
        ("Nil", (), "Nil", "<strong>Apologies:</strong> Nil"),
        ("[ann-ward]", ("ann-ward",), None, "<strong>Apologies:</strong> <a"),
    ],
)
def test_apologies_are_printed_only_as_minuted(minimal_copy, written, members, note, printed):
    minutes, html = minutes_with(minimal_copy, written)
    assert tuple(apology.member.slug for apology in minutes.apologies if apology.member) == members
    assert minutes.apologies_note == note
    if printed is None:
        assert "Apologies:" not in html
    else:
        assert printed in html
