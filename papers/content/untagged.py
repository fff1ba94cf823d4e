"""W315: a supplied PDF appendix whose tags do not hold its text (or that has none).

An agenda pack carries a supplied PDF's tags into its own (papers/render/packs/laying.py),
so that a screen reader reads the appendix where it is printed. A PDF without tags, or
whose tags leave some of its text out, cannot be read that way: in the pack each of its
pages is a figure described only by the appendix's heading. Each file is read once and
reported at the `file:` line of each appendix that uses it; a file that does not exist or
cannot be read is reported when the model resolves it (E207, E231).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from papers.content import supplied
from papers.content.load import ContentTree, Kind
from papers.content.schema import ReportRecord
from papers.content.validate import Validated
from papers.diagnostics import Diagnostics

HINT = (
    "export it again as a tagged PDF (in Word: Save as PDF, Options, 'Document structure tags for "
    "accessibility'), or write the appendix in Markdown"
)


def check_supplied_tags(tree: ContentTree, validated: list[Validated], diagnostics: Diagnostics) -> None:
    measured: dict[str, tuple[int, int] | None] = {}
    for entry in validated:
        if entry.source.kind is not Kind.REPORT or not isinstance(entry.record, ReportRecord):
            continue
        folder = PurePosixPath(entry.source.relative).parent
        for index, appendix in enumerate(entry.record.appendices):
            relative = _normalised(folder / appendix.file)
            if relative is None or not relative.lower().endswith(".pdf") or relative not in tree.attachments:
                continue
            if relative not in measured:
                measured[relative] = supplied.tags_leave_out(tree.root / relative)
            found = measured[relative]
            if found is None or not found[0]:
                continue  # tagged; or unreadable, which the model reports (E231)
            outside, total = found
            mark = entry.source.front_matter.mark_for(("appendices", index, "file"))
            what = (
                "has no tags"
                if outside == total
                else f"has tags that leave out {outside} of its {total} pieces of text"
            )
            diagnostics.add(
                entry.source.path,
                mark.line,
                mark.column,
                "W315",
                f"the supplied PDF `{appendix.file}` {what}: screen readers cannot read its text, and in the "
                "agenda pack its pages are pictures described only by the appendix's heading",
                HINT,
            )


def _normalised(path: PurePosixPath) -> str | None:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
