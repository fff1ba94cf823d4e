"""Files published beside the pages: our stylesheets, the site's colours, and the papers' own files.

Only the projected site's attachments are copied (files the audience's papers use
and no withheld paper uses). A supplied PDF is published as its pages alone
(papers/content/supplied.py), titled with its appendix's label and title, and in
the members' build with its marking first.
"""

from __future__ import annotations

from papers.content import supplied
from papers.model.site import Site
from papers.render import urls
from papers.render.output import Outputs
from papers.resources import TEMPLATES

ASSETS = TEMPLATES / "assets"


def copy_files(site: Site, outputs: Outputs) -> None:
    for asset in sorted(path for path in ASSETS.rglob("*") if path.is_file()):
        outputs.copy(f"assets/{asset.relative_to(ASSETS).as_posix()}", asset, asset)
    colours = site.settings.colours
    outputs.write_text(
        "assets/site-colours.css",
        f":root {{ --papers-primary: {colours.primary}; --papers-accent: {colours.accent}; }}\n",
        site.root / "site.yml",
    )
    titles = pdf_titles(site)
    for relative in site.attachments:
        original = site.root / relative
        if relative.lower().endswith(".pdf"):  # only what its pages show
            outputs.write_bytes(urls.attachment(relative), supplied.cleaned(original, titles.get(relative)), original)
        else:
            outputs.copy(urls.attachment(relative), original, original)


def pdf_titles(site: Site) -> dict[str, str]:
    """The title of each published PDF appendix; in the members' build a private one's starts with its marking."""
    titles = {}
    for report in site.reports:
        for appendix in report.appendices:
            title = appendix.heading
            titles[appendix.file] = f"{appendix.marking} - {title}" if appendix.marking else title
    return titles
