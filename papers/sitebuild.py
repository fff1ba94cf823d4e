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

from . import urls
from .model import Site
from .pages import public_files, write_pages

PROJECT = Path(__file__).resolve().parent.parent
BASE_CONFIG = PROJECT / "mkdocs.yml"
ASSETS = PROJECT / "templates" / "assets"
THEME_OVERRIDES = PROJECT / "templates" / "theme"


class SiteBuildError(Exception):
    """MkDocs refused the generated pages; the message names the content file."""


@dataclass(frozen=True)
class BuiltSite:
    out: Path
    pages: int


def build_site(site: Site, out: Path, build_date: int) -> BuiltSite:
    out = out.resolve()
    staging = out.parent / f".{out.name}.staging"
    shutil.rmtree(staging, ignore_errors=True)
    config, pages = stage(site, staging)
    run_mkdocs(config, build_date)
    built = staging / "site"
    swap_into_place(built, out)
    shutil.rmtree(staging, ignore_errors=True)
    return BuiltSite(out, pages)


def stage(site: Site, staging: Path, *, packs: bool = True) -> tuple[Path, int]:
    """Pages, assets, public files and PDF packs in `staging/docs`, and the MkDocs config that builds them.

    Packs are cached beside the staging folder (`.papers-cache/`), keyed by everything they are made from.
    """
    from .packs import build_packs

    docs, built = staging / "docs", staging / "site"
    pages = write_pages(site, docs)
    copy_assets(site, docs)
    if packs:
        build_packs(site, docs, staging.parent / ".papers-cache" / "packs")
    return write_config(site, staging, docs, built), len(pages)


def copy_assets(site: Site, docs: Path) -> None:
    shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
    colours = site.settings.colours
    (docs / "assets" / "site-colours.css").write_text(
        f":root {{ --papers-primary: {colours.primary}; --papers-accent: {colours.accent}; }}\n", encoding="utf-8")
    for relative in public_files(site):
        target = docs / urls.attachment(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site.root / relative, target)


def write_config(site: Site, staging: Path, docs: Path, built: Path) -> Path:
    settings = site.settings
    config = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": settings.name,
        "docs_dir": str(docs),
        "site_dir": str(built),
        "extra_css": ["assets/site-colours.css", "assets/papers.css"],
        "nav": [{"Home": "index.md"}, {"Committees": "committees/index.md"},
                {"Meetings": "meetings/index.md"}, {"Decisions": "decisions/index.md"},
                {"Members": "members/index.md"}],
        # Meetings, reports and members are reached through the index pages above: listing them
        # in the nav would copy the whole nav into every page (output grows with pages squared).
        "not_in_nav": "/committees/*/\n/members/*/\n",
        # Our overrides of mkdocs-material partials (accessibility fixes), on top of the theme.
        "theme": {"name": "material", "language": "en", "custom_dir": str(THEME_OVERRIDES)},
    }
    if settings.url:
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
