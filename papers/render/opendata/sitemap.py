"""The sitemap (sitemaps.org 0.9): exactly the pages the build published, dated by their content.

MkDocs writes a sitemap of its own, dated by the build; ours replaces it after the site build
(papers/pipeline.py), written into the built site through its own output registry. It lists the
pages `plan_pages` made from the projected site (so never a withheld paper's), each at its full
address with `lastmod` from the dates of what it shows (`Page.updated`, from lifecycle.py).
Without the site's `url` (and in the members' edition) MkDocs' own is left as it is.
"""

from __future__ import annotations

import datetime as dt
import gzip
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from papers.model.site import Site
from papers.render import urls
from papers.render.opendata import published
from papers.render.output import Outputs


def sitemap_xml(base: str, pages: Iterable[tuple[str, dt.date | None]]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, updated in pages:
        lastmod = f"<lastmod>{updated.isoformat()}</lastmod>" if updated is not None else ""
        lines.append(f"<url><loc>{escape(urls.absolute(base, url))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_sitemap(site: Site, pages: Iterable[tuple[str, dt.date | None]], outputs: Outputs, stamp: int) -> bool:
    """Write sitemap.xml and sitemap.xml.gz over MkDocs' own; False (nothing written) without the site's address."""
    where = published(site)
    if where is None:
        return False
    source: Path = site.root / "site.yml"
    xml = sitemap_xml(where.base, pages)
    outputs.write_bytes(urls.SITEMAP, xml, source)
    outputs.write_bytes(urls.SITEMAP_GZ, gzip.compress(xml, compresslevel=9, mtime=stamp), source)
    return True
