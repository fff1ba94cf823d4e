"""What the search index knows about each page: which pages are indexed, and the facets to filter them by.

The index is built by Pagefind from the built HTML (papers/site/search.py). Only papers and the pages
about committees and members are indexed (lists of everything would repeat every word of the archive);
each indexed page says what kind of document it is, whose it is and the municipal year, so a search
can be narrowed by committee, kind and year and each result can name its paper, meeting and committee.
Computed here in Python; the page templates only print it (templates/pages/_search.html.j2).
"""

from __future__ import annotations

from dataclasses import dataclass

from papers import dates
from papers.model.site import Committee, Meeting

KINDS = {  # filter value -> how the search page names it
    "agenda": "Agendas",
    "report": "Reports",
    "minutes": "Minutes",
    "decision": "Decisions",
    "committee": "Committees",
    "member": "Councillors",
}


@dataclass(frozen=True)
class SearchEntry:
    kind: str  # a key of KINDS
    committee: str | None = None  # the committee's name
    meeting: str | None = None  # "Cabinet, 19 January 2012"
    year: str | None = None  # the municipal year, "2011/12"


def for_meeting(kind: str, meeting: Meeting) -> SearchEntry:
    return SearchEntry(
        kind=kind,
        committee=meeting.committee.name,
        meeting=f"{meeting.committee.name}, {dates.plain_date(meeting.date)}",
        year=dates.municipal_year(meeting.date),
    )


def for_committee(committee: Committee) -> SearchEntry:
    return SearchEntry(kind="committee", committee=committee.name)


def for_member() -> SearchEntry:
    return SearchEntry(kind="member")
