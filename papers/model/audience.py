"""Who a build is for, and so which papers it may contain.

Two audiences are built from one source:
- the public (the default): the published agenda and every paper of it except
  those of items taken in private (exempt under Schedule 12A, or confidential
  under s.100A(3)) and exempt appendices, which appear as a notice only;
- members (`build --audience members`): the same, plus the private papers,
  each marked "NOT FOR PUBLICATION", for secure distribution to councillors.

Neither includes a draft: an agenda not yet published (a scheduled meeting
with no `agenda_published:` date) shows only when and where the meeting is,
and a supplementary item counts only once `supplementary_published:` is set.
A held meeting's agenda was published even if the date was not recorded
(archives imported from older systems rarely have it).

These rules are asked in one place: the projection stage (papers/render/project.py)
builds the site as the audience may see it, before anything is rendered. Pages,
packs and templates never ask them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from papers.model.site import AgendaItem, Appendix, Meeting, Minute, Site

# Kinds of file copied out as attachments: none of them can run as a page of the site (HTML, SVG and
# Markdown could: Markdown files in the docs folder would even be rendered by MkDocs, raw HTML and all).
ATTACHMENT_SUFFIXES = frozenset(
    {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".csv", ".txt", ".rtf"}
    | {".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp"}
)


def is_attachment_kind(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in ATTACHMENT_SUFFIXES


@dataclass(frozen=True)
class Audience:
    name: str
    sees_private: bool

    @property
    def is_public(self) -> bool:
        return not self.sees_private

    def shows_papers(self, meeting: Meeting, item: AgendaItem) -> bool:
        """Whether the item's text, lead officer and papers are included."""
        if item.withdrawn or not meeting.item_is_published(item):
            return False
        return self.sees_private or not item.is_private

    def shows_item(self, item: AgendaItem) -> bool:
        """Whether what is said of an item beyond its number and title (reasons, statements) is included."""
        return self.sees_private or not item.is_private

    def shows_appendix(self, appendix: Appendix) -> bool:
        return self.sees_private or appendix.exempt_paragraph is None

    def shows_minute(self, minute: Minute) -> bool:
        """Whether a minute's text and resolutions are included (its title always is)."""
        return self.sees_private or not minute.is_private


def paper_files(site: Site, audience: Audience) -> tuple[set[str], set[str]]:
    """(files that shown papers use, files that withheld papers use), for this audience."""
    shown: set[str] = set()
    withheld: set[str] = set()
    for meeting in site.meetings:
        for item in meeting.agenda_items:
            item_shown = audience.shows_papers(meeting, item)
            for report in item.reports:
                (shown if item_shown else withheld).update(report.linked)
                for appendix in report.appendices:
                    files = shown if item_shown and audience.shows_appendix(appendix) else withheld
                    files.update(appendix.linked)
                    files.add(appendix.file)
    return shown, withheld


PUBLIC = Audience("public", sees_private=False)
MEMBERS = Audience("members", sees_private=True)
AUDIENCES = {audience.name: audience for audience in (PUBLIC, MEMBERS)}
