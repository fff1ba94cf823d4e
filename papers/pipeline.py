"""The pipeline: one readable function per command, running the stages in order.

Each stage collects every problem it finds; we stop between stages when
there are errors, so later stages only ever see valid input.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from papers.content.load import load_content
from papers.content.validate import validate_tree
from papers.diagnostics import Diagnostics
from papers.model.audience import PUBLIC, Audience
from papers.model.resolve import resolve_site
from papers.model.site import Site


@dataclass(frozen=True)
class CheckResult:
    site: Site | None  # only when there are no errors: the input of every later stage
    diagnostics: Diagnostics
    partial_site: Site | None = None  # what resolved despite errors: for reports (`check --today`), never built


def check(content: Path) -> CheckResult:
    """load -> validate -> resolve; the Site is None when there are errors."""
    diagnostics = Diagnostics()
    tree = load_content(content, diagnostics)
    validated = validate_tree(tree, diagnostics)
    site = resolve_site(tree, validated, diagnostics)
    if diagnostics.errors:
        return CheckResult(None, diagnostics, site)
    return CheckResult(site, diagnostics, site)


@dataclass(frozen=True)
class BuildResult:
    diagnostics: Diagnostics
    pages: int = 0


def build(content: Path, out: Path, audience: Audience = PUBLIC) -> BuildResult:
    """check, then render pages and packs and run MkDocs into `out` (swapped in only when complete)."""
    from papers.site.mkdocs import build_site

    checked = check(content)
    if checked.site is None:
        return BuildResult(checked.diagnostics)
    built = build_site(checked.site, out, build_date(checked.site), audience)
    return BuildResult(checked.diagnostics, built.pages)


def build_date(site: Site) -> int:
    """SOURCE_DATE_EPOCH if set, else the latest date in the content: never the clock."""
    import calendar
    import os

    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    days = [
        day
        for meeting in site.meetings
        for day in (meeting.date, meeting.agenda_published, meeting.supplementary_published)
        if day
    ]
    latest = max(days) if days else None
    return calendar.timegm(latest.timetuple()) if latest else 0
