"""Stage 5b, open data: calendars, feeds, OParl JSON and CSV tables from the projected Site.

Each is generated from the site as its audience may see it (papers/render/project.py), the
same objects the pages are made from, so a withheld paper reaches them only as the pages show
it: an exempt item by its number and title. All give pages and objects by their full address,
so they are made only for the public site and only when site.yml gives its `url`
(papers/model/address.py); the members' edition has none of them. Dates come from the content
(lifecycle.py), identifiers from content paths (committee and meeting folders, member files),
and every list is in a fixed order, so the same content gives the same bytes.

- calendars.py: iCalendar files (all meetings, each committee's, each member's);
- feeds.py: Atom feeds of what is newly published (the whole site, each committee);
- oparl.py: OParl 1.1 objects and paginated lists, reached from `oparl/v1.1/system.json`;
- tables.py: meetings and decisions as CSV;
- structured.py: schema.org JSON-LD for meeting and member pages (used by views.py);
- sitemap.py: the sitemap, written over MkDocs' own after the site build.

docs/open-data.md documents every file, the OParl mapping and the CSV columns.
"""

from __future__ import annotations

import html
import re
import zoneinfo
from dataclasses import dataclass
from urllib.parse import urlsplit

from papers.model.address import site_address, time_zone
from papers.model.site import Minute, Site
from papers.render import urls
from papers.render.output import Outputs

# Characters XML 1.0 cannot hold (and iCalendar and CSV readers choke on): `check` refuses them in text
# (E124), and they are removed here too, at output, so that a feed always parses.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    return _NOT_IN_XML.sub("", text)


def plain(markdown: str) -> str:
    """A line of Markdown (a resolution, a title) as the plain text a reader sees."""
    from papers.render.markup import inline

    return clean(html.unescape(re.sub(r"<[^>]*>", "", inline(markdown))))


def decision(minute: Minute) -> str:
    """What a minute resolved, as printed ("RESOLVED that ..."), in plain text on one line; "" if nothing."""
    return " ".join(plain(resolution.summary) for resolution in minute.resolutions)


@dataclass(frozen=True)
class Published:
    """Where the public site lives and its time zone: what every open-data file needs."""

    base: str  # the site's address, ending with "/"
    zone: zoneinfo.ZoneInfo

    def of(self, url: str) -> str:
        """The full address of a site URL (relative to the site root)."""
        return urls.absolute(self.base, url)

    @property
    def host(self) -> str:
        return urlsplit(self.base).hostname or ""


def published(site: Site) -> Published | None:
    """The public address of the (projected) site, or None: the members' edition, or no `url` in site.yml."""
    base = site_address(site.settings)
    return Published(base, time_zone(site.settings)) if base is not None else None


def write_open_data(site: Site, outputs: Outputs) -> int:
    """Write every calendar, feed, OParl object and table of the projected site; the number of files."""
    from papers.render.opendata import calendars, feeds, oparl, tables

    where = published(site)
    if where is None:
        return 0
    before = len(outputs)
    calendars.write_calendars(site, where, outputs)
    feeds.write_feeds(site, where, outputs)
    tables.write_tables(site, where, outputs)
    oparl.write_oparl(site, where, outputs)
    return len(outputs) - before
