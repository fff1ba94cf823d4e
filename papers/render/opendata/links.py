"""Links to the calendars, feeds and open data, for the pages (views.py) and page heads (pages.py).

None when the site has no public address (no `url`, or the members' edition): then the files
are not made, and the pages do not link to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from papers.model.site import Committee, Member, Site
from papers.render import urls
from papers.render.opendata import published

ATOM = "application/atom+xml"


@dataclass(frozen=True)
class Subscription:
    """A calendar (and feed) to follow: site URLs for links, and the `webcal://` address to subscribe to."""

    calendar: str
    webcal: str
    feed: str | None = None


@dataclass(frozen=True)
class Alternate:
    """A `<link rel="alternate">` in a page's head: a feed of the page's news, at its full address."""

    title: str
    href: str
    type: str = ATOM


def _subscription(site: Site, calendar: str, feed: str | None) -> Subscription | None:
    where = published(site)
    if where is None:
        return None
    return Subscription(calendar, urls.webcal(where.of(calendar)), feed)


def site_subscription(site: Site) -> Subscription | None:
    return _subscription(site, urls.meetings_calendar(), urls.whats_new_feed())


def committee_subscription(site: Site, committee: Committee) -> Subscription | None:
    return _subscription(site, urls.committee_calendar(committee), urls.committee_feed(committee))


def member_subscription(site: Site, member: Member) -> Subscription | None:
    return _subscription(site, urls.member_calendar(member), None)


def alternates(site: Site, committee: Committee | None = None) -> tuple[Alternate, ...]:
    """The site's feed on every page; a committee's own on its pages and its meetings'."""
    where = published(site)
    if where is None:
        return ()
    found = [Alternate(f"{site.settings.name}: what's new", where.of(urls.whats_new_feed()))]
    if committee is not None:
        found.append(Alternate(f"{committee.name}: what's new", where.of(urls.committee_feed(committee))))
    return tuple(found)


def oparl_entry(site: Site) -> str | None:
    """The full address of the OParl System object, where OParl clients start."""
    where = published(site)
    return where.of(urls.oparl_system()) if where is not None else None
