"""Stage 6, site build: MkDocs (with mkdocs-material) behind one module.

We write plain pages into a staging docs folder, a config that INHERITs the
project's mkdocs.yml, run MkDocs into a new folder next to the output, and
only then swap it into place, so a failed build leaves the last good site
exactly as it was (MkDocs itself would wipe the output first).
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from papers.content import supplied
from papers.model.audience import PUBLIC, Audience
from papers.model.site import Site
from papers.render import urls
from papers.render.pages import public_files, write_pages
from papers.resources import PROJECT

BASE_CONFIG = PROJECT / "mkdocs.yml"
ASSETS = PROJECT / "templates" / "assets"
THEME_OVERRIDES = PROJECT / "templates" / "theme"
PUBLIC_OUTPUT = PROJECT / "site"
BUILD_MARKER = ".committee-papers"  # at the root of every built site: which audience it was built for


class SiteBuildError(Exception):
    """MkDocs refused the generated pages; the message names the content file."""


@dataclass(frozen=True)
class BuiltSite:
    out: Path
    pages: int


def build_site(site: Site, out: Path, build_date: int, audience: Audience = PUBLIC) -> BuiltSite:
    out = out.resolve()
    refuse_unsafe_output(out, audience)
    staging = out.parent / f".{out.name}.staging"
    shutil.rmtree(staging, ignore_errors=True)
    config, pages = stage(site, staging, audience=audience)
    run_mkdocs(config, build_date)
    built = staging / "site"
    (built / BUILD_MARKER).write_text(f"audience: {audience.name}\n", encoding="utf-8")
    swap_into_place(built, out)
    shutil.rmtree(staging, ignore_errors=True)
    return BuiltSite(out, pages)


def refuse_unsafe_output(out: Path, audience: Audience) -> None:
    """The output folder is replaced whole, so it must be a site we built (or new, or empty); and a members'
    build, which holds exempt papers, never goes into, over or inside the public site."""
    if out.is_dir() and any(out.iterdir()) and not _built_here(out):
        raise SiteBuildError(
            f"{out} is not empty and is not a site built by committee-papers: building there "
            "would delete what it holds. Give a new or empty folder with --out."
        )
    if audience.is_public:
        return
    public = Path(str(PUBLIC_OUTPUT.resolve()).casefold())
    folded = Path(str(out).casefold())  # case-insensitive file systems (macOS, Windows) too
    if folded == public or public in folded.parents or folded in public.parents:
        raise SiteBuildError(
            f"the members' build cannot be written to {out}: that is, holds or is inside the "
            f"public site's folder {PUBLIC_OUTPUT}. Give another folder with --out, outside it."
        )
    for folder in (out, *out.parents):
        if _audience_of(folder) == "public":
            raise SiteBuildError(
                f"{folder} holds a public build: the members' build, which contains exempt papers, "
                f"cannot be written to {out}. Give a folder outside every public site with --out."
            )


def _audience_of(folder: Path) -> str | None:
    marker = folder / BUILD_MARKER
    if not marker.is_file():
        return None
    text = marker.read_text(encoding="utf-8", errors="replace")
    return text.partition("audience:")[2].strip() or None


def _built_here(folder: Path) -> bool:
    """Built by us: our marker, or (sites built before the marker existed) MkDocs' sitemap and search index."""
    return _audience_of(folder) is not None or (
        (folder / "sitemap.xml").is_file() and (folder / "search" / "search_index.json").is_file()
    )


def stage(site: Site, staging: Path, *, packs: bool = True, audience: Audience = PUBLIC) -> tuple[Path, int]:
    """Pages, assets, public files and PDF packs in `staging/docs`, and the MkDocs config that builds them.

    Packs are cached beside the staging folder (`.papers-cache/`), keyed by everything they are made from.
    """
    from papers.render.packs import build_packs

    docs, built = staging / "docs", staging / "site"
    pages = write_pages(site, docs, audience)
    copy_assets(site, docs, audience)
    if packs:
        # Each audience has its own cache: members' packs hold exempt papers and never sit among the public ones.
        cache = staging.parent / ".papers-cache" / ("packs" if audience.is_public else f"packs-{audience.name}")
        build_packs(site, docs, cache, audience=audience)
    return write_config(site, staging, docs, built, audience), len(pages)


def copy_assets(site: Site, docs: Path, audience: Audience = PUBLIC) -> None:
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
    colours = site.settings.colours
    (docs / "assets" / "site-colours.css").write_text(
        f":root {{ --papers-primary: {colours.primary}; --papers-accent: {colours.accent}; }}\n", encoding="utf-8"
    )
    titles = _pdf_titles(site, audience)
    for relative in public_files(site, audience):
        target = docs / urls.attachment(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        if relative.lower().endswith(".pdf"):  # only what its pages show (papers/content/supplied.py)
            target.write_bytes(supplied.cleaned(site.root / relative, titles.get(relative)))
        else:
            shutil.copyfile(site.root / relative, target)


def _pdf_titles(site: Site, audience: Audience) -> dict[str, str]:
    """The title of each published PDF appendix; in the members' build a private one's starts with its marking."""
    titles = {}
    for meeting in site.meetings:
        for item in meeting.agenda_items:
            for report in item.reports:
                for appendix in report.appendices:
                    marking = audience.marking(item, appendix)
                    title = f"{appendix.label}: {appendix.title}"
                    titles[appendix.file] = f"{marking} - {title}" if marking else title
    return titles


def write_config(site: Site, staging: Path, docs: Path, built: Path, audience: Audience = PUBLIC) -> Path:
    settings = site.settings
    config = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": settings.name,
        "docs_dir": str(docs),
        "site_dir": str(built),
        "extra_css": ["assets/site-colours.css", "assets/papers.css"],
        "nav": [
            {"Home": "index.md"},
            {"Committees": "committees/index.md"},
            {"Meetings": "meetings/index.md"},
            {"Decisions": "decisions/index.md"},
            {"Members": "members/index.md"},
        ],
        # Meetings, reports and members are reached through the index pages above: listing them
        # in the nav would copy the whole nav into every page (output grows with pages squared).
        "not_in_nav": "/committees/*/\n/members/*/\n",
        # Our overrides of mkdocs-material partials (accessibility fixes), on top of the theme.
        "theme": {"name": "material", "language": "en", "custom_dir": str(THEME_OVERRIDES)},
        "extra": {"generator": False, "papers_audience": audience.name},
    }
    if settings.url and audience.is_public:  # the members' site is not at the public address
        config["site_url"] = settings.url
    if settings.logo:
        config["theme"]["logo"] = urls.attachment(settings.logo)
        config["theme"]["favicon"] = urls.attachment(settings.logo)
    path = staging / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=True), encoding="utf-8")
    return path


def run_mkdocs(config: Path, build_date: int) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(build_date)
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        build(load_config(str(config)))
    except MkDocsException as exc:
        raise SiteBuildError(str(exc)) from None
    finally:
        logger.removeHandler(capture)
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    if capture.warnings:
        raise SiteBuildError("MkDocs warned: " + "; ".join(capture.warnings))


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.warnings.append(record.getMessage())


def swap_into_place(built: Path, out: Path) -> None:
    """Replace `out` with `built` in two renames; the old site survives until the new one is whole."""
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    built.rename(out)
    shutil.rmtree(old, ignore_errors=True)
