"""Stage 7, site build: MkDocs (with mkdocs-material) behind this one module.

We write plain pages into a staging docs folder and a config that INHERITs the
project's mkdocs.yml, and run MkDocs into the staging folder (papers/site/output.py
swaps it into place). No MkDocs plugin of ours, no metadata MkDocs reads but the
page title (and `papers_feeds`, which only our theme override prints: the page's Atom feeds):
the site generator stays swappable (Zensical reads mkdocs.yml too). Hooks save work and change no byte:
papers/site/pages_hook.py saves MkDocs converting our HTML as Markdown again (without it only whitespace
between blocks differs), papers/site/links_hook.py copying the docs folder's other files, and
papers/site/shared_pages_hook.py has the pages built by two processes.
Its sitemap, dated by the build, is replaced after the build by ours (papers/render/opendata/sitemap.py).
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import yaml

from papers.model.audience import Audience
from papers.model.site import Site
from papers.render import urls
from papers.render.pages import theme_html
from papers.resources import BASE_CONFIG, TEMPLATES

THEME_OVERRIDES = TEMPLATES / "theme"
# Hooks, loaded by MkDocs by file path: the pages as written (every build) and the preview's upkeep (serve).
PAGES_HOOK = str(Path(__file__).with_name("pages_hook.py"))
# `build` only: serve's docs files change in place, and a refresh builds a few pages.
LINKS_HOOK = str(Path(__file__).with_name("links_hook.py"))
SHARED_PAGES_HOOK = str(Path(__file__).with_name("shared_pages_hook.py"))
SEARCH_HOOK = str(Path(__file__).with_name("search_hook.py"))
# MkDocs warns of every dirty build that links and nav may be wrong: ours carries over only pages whose
# output depends on nothing that changed (papers/site/incremental.py), so the warning does not apply.
DIRTY_WARNING = "A 'dirty' build is being performed"


class SiteBuildError(Exception):
    """MkDocs refused the generated pages; the message names the content file."""


def write_config(site: Site, staging: Path, audience: Audience, docs: Path | None = None) -> Path:
    """The MkDocs config that builds `docs` (default `staging/docs`) into `staging/site`."""
    settings = site.settings
    config: dict[str, object] = {
        "INHERIT": str(BASE_CONFIG),
        # The theme prints the site name and nav labels unescaped, in text and in attributes: see theme_html.
        "site_name": theme_html(settings.name, attribute=True),
        "docs_dir": str(docs or staging / "docs"),
        "site_dir": str(staging / "site"),
        "extra_css": ["assets/site-colours.css", "assets/papers.css"],
        "nav": [{theme_html(label): urls.docs_file(url)} for label, url in urls.nav()],
        # Meetings, reports and members are reached through the index pages: listing them in the nav
        # would copy the whole nav into every page (output grows with pages squared).
        "not_in_nav": "".join(f"{pattern}\n" for pattern in urls.not_in_nav()),
        "extra": {"generator": False, "papers_audience": audience.name},
    }
    # Our overrides of mkdocs-material partials (accessibility fixes), on top of the theme.
    theme: dict[str, str] = {"name": "material", "language": "en", "custom_dir": str(THEME_OVERRIDES)}
    if settings.url and audience.is_public:  # the members' site is not at the public address
        config["site_url"] = settings.url
    if site.logo and site.logo in site.attachments:
        theme["logo"] = theme["favicon"] = urls.attachment(site.logo)
    config["theme"] = theme
    config["hooks"] = [PAGES_HOOK, LINKS_HOOK, SHARED_PAGES_HOOK]
    path = staging / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=True), encoding="utf-8")
    return path


def built_file(docs_file: str) -> str:
    """The file MkDocs makes of a docs file (a page `a/b.md` becomes `a/b/index.html`; others are copied under
    their own name, as MkDocs' File does for whatever is not a page: asked only for pages, a build with tens of
    thousands of files does not make a File of each)."""
    from mkdocs.structure.files import File
    from mkdocs.utils import is_markdown_file

    if not is_markdown_file(docs_file):  # File.is_documentation_page's own test
        return docs_file
    return File(docs_file, "/docs", "/site", use_directory_urls=True).dest_uri


def run_mkdocs(config: Path, build_date: int) -> None:
    """Build the site: the pages and files whose output is missing or older (a dirty build). Into an empty folder
    that is every page and file, as a clean build; the incremental build carries the others over beforehand
    (papers/site/incremental.py), and the shared pages hook builds pages before MkDocs' own loop would."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(build_date)
    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        build(load_config(str(config)), dirty=True)
    except MkDocsException as exc:
        raise SiteBuildError(str(exc)) from None
    finally:
        logger.removeHandler(capture)
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    warnings = [warning for warning in capture.warnings if not warning.startswith(DIRTY_WARNING)]
    if warnings:
        raise SiteBuildError("MkDocs warned: " + "; ".join(warnings))


# Held by a preview's MkDocs build from its start to its end (papers/site/search_hook.py), and by `serve` while it
# writes into the docs folder the preview builds (papers/commands/serve.py): a build never sees a refresh half
# written, nor a file removed under it.
PREVIEW_DOCS = threading.Lock()


def serve_mkdocs(config: Path, host: str, port: int) -> None:
    """MkDocs' development server on the staging folder, reloading the browser when a page changes. Each
    rebuild builds only the files that changed (dirty), then has what is no longer in the docs folder removed
    and is indexed for search as a build is (papers/site/search_hook.py)."""
    from mkdocs.commands.serve import serve

    serve(
        str(config),
        livereload=True,
        build_type="dirty",  # only what the refresh copied over (papers/commands/serve.py)
        dev_addr=f"{host}:{port}",
        hooks=[PAGES_HOOK, SEARCH_HOOK],
    )


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.warnings.append(record.getMessage())
