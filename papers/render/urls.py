"""The one place that knows every page's URL and every output path.

URLs are directory-style and relative to the site root, without a leading
slash: `committees/kct-board/2011-03-04/` is written to
`committees/kct-board/2011-03-04/index.md` in the staging docs folder and
served as `committees/kct-board/2011-03-04/index.html`.
"""

from __future__ import annotations

import posixpath

from papers.model.site import Appendix, Committee, Meeting, MeetingRef, Member, Minute, Report


def home() -> str:
    return ""


def committees() -> str:
    return "committees/"


def committee(item: Committee) -> str:
    return f"committees/{item.slug}/"


def meeting(item: Meeting | MeetingRef) -> str:
    return f"committees/{item.committee.slug}/{item.slug}/"


def report(item: Report, in_meeting: Meeting) -> str:
    return f"{meeting(in_meeting)}{item.slug}/"


def appendix(item: Appendix, of_report: Report, in_meeting: Meeting, index: int) -> str:
    """A Markdown appendix gets its own page; a PDF appendix is published as the file itself."""
    if item.is_pdf:
        return attachment(item.file)
    return f"{report(of_report, in_meeting)}appendix-{index + 1}/"


def minutes(item: Meeting) -> str:
    return f"{meeting(item)}minutes/"


def agenda_item(item: Meeting, number: str) -> str:
    """An agenda item on its meeting's page (the anchor templates/pages/meeting.html.j2 gives it)."""
    return f"{meeting(item)}#item-{number.lower().replace('.', '-')}"


def minute(item: Meeting, found: Minute) -> str:
    """A minute on its meeting's minutes page (the anchor templates/pages/minutes.html.j2 gives it)."""
    return f"{minutes(item)}#{found.anchor}"


def members() -> str:
    return "members/"


def member(item: Member) -> str:
    return f"members/{item.slug}/"


def calendar() -> str:
    return "meetings/"


def decisions() -> str:
    return "decisions/"


# The meetings calendar and the decisions register list the archive one municipal year to a page (a busy year
# on several: papers/render/views.py), so that no page grows with the archive. A year's address never changes:
# `meetings/2010-11/`; its further pages are `meetings/2010-11/page-2/` and on.


def calendar_year(year: str, page: int = 1) -> str:
    """A page of the meetings calendar for the municipal year `year` ("2010/11")."""
    return _year_page(calendar(), year, page)


def decisions_year(year: str, page: int = 1) -> str:
    """A page of the decisions register for the municipal year `year` ("2010/11")."""
    return _year_page(decisions(), year, page)


def _year_page(index: str, year: str, page: int) -> str:
    first = f"{index}{year.replace('/', '-')}/"
    return first if page == 1 else f"{first}page-{page}/"


def search() -> str:
    """The search page (papers/render/search.py, templates/assets/search.js)."""
    return "search/"


def search_bundle() -> str:
    """Pagefind's script, which the search page loads when someone searches (papers/site/search.py)."""
    return "pagefind/pagefind.js"


def data() -> str:
    """The "Data and feeds" page: what the calendars, feeds and open data are and how to use them."""
    return "data/"


def accessibility() -> str:
    """The accessibility statement (papers/render/statement.py), linked from every page's footer."""
    return "accessibility/"


# Calendars, feeds, tables and OParl are files beside the pages (papers/render/opendata/). Their names
# come from content paths only (committee and member slugs), so a subscriber's address never changes.


def meetings_calendar() -> str:
    return "data/calendars/meetings.ics"


def committee_calendar(item: Committee) -> str:
    return f"data/calendars/committees/{item.slug}.ics"


def member_calendar(item: Member) -> str:
    return f"data/calendars/members/{item.slug}.ics"


def whats_new_feed() -> str:
    return "data/feeds/whats-new.atom"


def committee_feed(item: Committee) -> str:
    return f"data/feeds/committees/{item.slug}.atom"


def meetings_table() -> str:
    return "data/meetings.csv"


def decisions_table() -> str:
    return "data/decisions.csv"


OPARL = "oparl/v1.1/"


def oparl_system() -> str:
    """The entry point of the OParl data: every other object is reached from it by following links."""
    return f"{OPARL}system.json"


def oparl_object(kind: str, key: str) -> str:
    """An OParl object's file: `kind` names its type (`meeting`), `key` its content path (`kct-board/2011-03-04`)."""
    return f"{OPARL}{kind}/{key}.json"


def oparl_list(name: str, page: int = 1) -> str:
    """One page of an OParl object list (`meetings`, `committee-kct-board-meetings`)."""
    return f"{OPARL}list/{name}.json" if page == 1 else f"{OPARL}list/{name}-page-{page}.json"


SITEMAP, SITEMAP_GZ = "sitemap.xml", "sitemap.xml.gz"


def sitemap() -> str:
    return SITEMAP


def absolute(base: str, url: str) -> str:
    """`url` (relative to the site root) at the site's public address `base` (ending with a slash)."""
    return base + url


def webcal(address: str) -> str:
    """An absolute http(s) address of a calendar as a `webcal://` link: calendar apps subscribe to it."""
    return "webcal://" + address.split("://", 1)[1]


def attachment(relative: str) -> str:
    """A file attached to content (an image in a report, the logo), published at its content path."""
    return f"files/{relative}"


AGENDA_PACK, SUPPLEMENTARY_PACK = "agenda-pack.pdf", "supplementary-pack.pdf"
FRONT_SHEET, PRINTED_MINUTES = "agenda-frontsheet.pdf", "printed-minutes.pdf"


def pack(item: Meeting, file_name: str) -> str:
    """The site URL of one of the meeting's PDFs (a file name from `packs_of`)."""
    return f"{meeting(item)}{file_name}"


def packs_of(item: Meeting) -> tuple[tuple[str, str], ...]:
    """(file name, label) of each PDF made for a (projected) meeting, in the meeting's folder of the site."""
    items = item.agenda_items
    if not items:  # no agenda yet, or none here (a meeting known only by its minutes: no pack is made up)
        return ((PRINTED_MINUTES, "Printed minutes"),) if item.minutes_only and item.minutes is not None else ()
    made = [(AGENDA_PACK, "Agenda pack"), (FRONT_SHEET, "Agenda front sheet")]
    if any(agenda_item.supplementary for agenda_item in items):
        made.append((SUPPLEMENTARY_PACK, "Supplementary agenda pack"))
    if item.minutes is not None:
        made.append((PRINTED_MINUTES, "Printed minutes"))
    return tuple(made)


def pack_folder(item: Meeting) -> str:
    """The meeting's folder in the site, where its PDFs are written."""
    return meeting(item).rstrip("/")


def nav() -> tuple[tuple[str, str], ...]:
    """(label, URL) of the site's top navigation: the index pages only (see papers/site/mkdocs.py)."""
    return (
        ("Home", home()),
        ("Committees", committees()),
        ("Meetings", calendar()),
        ("Decisions", decisions()),
        ("Members", members()),
        ("Search", search()),
    )


def not_in_nav() -> tuple[str, ...]:
    """URL patterns of the pages reached through the index pages rather than the navigation."""
    return ("/committees/*/", "/members/*/", "/data/", "/accessibility/", f"/{calendar()}*/", f"/{decisions()}*/")


def docs_file(url: str) -> str:
    """The staging docs file that MkDocs turns into the page at `url`."""
    return f"{url}index.md" if url.endswith("/") or url == "" else url


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, as MkDocs serves them (directory URLs)."""
    start = from_url.rstrip("/") or "."
    target = to_url or "./"
    link = posixpath.relpath(target.rstrip("/") or ".", start)
    if to_url.endswith("/") or to_url == "":
        link = link.rstrip("/") + "/"
        if link == "./":
            return "./"
    return link
