"""A page's key: what its Markdown file is made from, so that a rebuild renders only the pages whose inputs
changed (papers/render/pages.py `write_pages`) and keeps the others' files as the last build left them.

A page is rendered from its `Page` (address, title, template, dates, search facets, and the context its view
computed in Python: papers/render/views.py), the templates, and the site as the templates' globals see it.
The key digests all three (papers/render/digest.py). Of the site, only what the project's templates read
of it is digested (`READ_BY_TEMPLATES`): its settings and published files, not its members, committees and
meetings, which reach a page through the page's context (the views compute it in Python). A council that
overrides the page templates may print anything of the site from them: then the whole site is digested, and
any change to a meeting renders every page again (as a change to the site's name or settings does).

The code, the project's templates and the libraries are in the build state's fingerprint
(papers/site/state.py): when they change there is no last build to keep pages from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields

from papers.model.site import Site
from papers.render.digest import Digests
from papers.render.templating import template_folders


@dataclass
class PageKeys:
    """Each page's key by its docs file: the last build's (`previous`) and this build's (`current`, for the next)."""

    previous: Mapping[str, str] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)


def page_keys(site: Site, pages: Sequence[object], digests: Digests) -> list[str]:
    """The key of each page (a `Page` of papers/render/pages.py), in order."""
    shared = _site_digest(site, digests)
    return [hashlib.sha256(shared + digests.of(page)).hexdigest() for page in pages]


def _site_digest(site: Site, digests: Digests) -> bytes:
    """The site as page templates may read it, and the templates themselves (the council's and the project's)."""
    folders = template_folders(site.root, "pages")
    overridden = any(folder.is_relative_to(site.root) for folder in folders)
    digest = hashlib.sha256(digests.of(site, frozenset() if overridden else _NOT_READ_BY_TEMPLATES))
    for folder in folders:
        for path in sorted(path for path in folder.rglob("*") if path.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


# What the project's page templates and render_page read of the site is its settings (name, labels, report
# style, address) and its published files (the links of papers): its members, committees and meetings reach a
# page only through the page's context (tests/test_page_keys.py holds the templates to this).
READ_BY_TEMPLATES = frozenset({"settings", "root", "attachments", "logo"})
_NOT_READ_BY_TEMPLATES = frozenset(each.name for each in fields(Site)) - READ_BY_TEMPLATES
