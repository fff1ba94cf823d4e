"""The site's public address (`url`) and time zone (`timezone`) in site.yml, checked once.

Calendars, feeds, OParl open data, schema.org data in pages and the sitemap give every page
and object as an absolute address: they are made only when site.yml says where the public
site lives (papers/render/opendata/). We never guess one: without `url:` they are left out,
and `check` says so (W310). Meeting times in calendars and open data are in `timezone`.
"""

from __future__ import annotations

import zoneinfo
from urllib.parse import urlsplit

from papers.content.settings import SiteSettings
from papers.content.validate import Validated
from papers.model.references import References


def site_address(settings: SiteSettings) -> str | None:
    """The public site's address ending with `/` (`https://democracy.example.gov.uk/`), or None if not given."""
    if not settings.url or address_problem(settings.url) is not None:
        return None
    return settings.url if settings.url.endswith("/") else settings.url + "/"


def address_problem(url: str) -> str | None:
    """Why `url` cannot be the site's address, or None: an absolute http(s) address with a host name, no more."""
    if any(character.isspace() for character in url):
        return "holds a space"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (reading it checks that the port is a number)
    except ValueError:
        return "is not a web address"
    if parts.scheme not in ("https", "http"):
        return "does not start with https:// (or http://)"
    if not parts.hostname or "@" in parts.netloc:
        return "does not name a host (such as democracy.example.gov.uk)"
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "has a query (?) or fragment (#), which a site's address cannot have"
    return None


def time_zone(settings: SiteSettings) -> zoneinfo.ZoneInfo:
    """The site's time zone (checked by `check_address`; Europe/London if it is not a known one)."""
    try:
        return zoneinfo.ZoneInfo(settings.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("Europe/London")


def check_address(refs: References, entry: Validated, settings: SiteSettings) -> None:
    """W310: no `url:`; E243: a `url:` that is not a site's address; E244: an unknown `timezone:`."""
    if not settings.url:
        refs.problem(
            entry,
            (),
            "W310",
            "site.yml gives no `url:`, so calendars, feeds, open data (OParl, CSV, schema.org) and the "
            "sitemap are left out of the site: they give every page by its full address",
            "add the address the public site is published at, for example `url: https://democracy.example.gov.uk/`",
        )
    else:
        problem = address_problem(settings.url)
        if problem is not None:
            refs.problem(
                entry,
                ("url",),
                "E243",
                f"`url: {settings.url}` {problem}: it must be the public site's full address",
                "write it as it is typed into a browser, for example `url: https://democracy.example.gov.uk/`",
            )
    try:
        zoneinfo.ZoneInfo(settings.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        refs.problem(
            entry,
            ("timezone",),
            "E244",
            f"`timezone: {settings.timezone}` is not a known time zone",
            "use a name from the IANA time zone database: `Europe/London` in the United Kingdom",
        )
