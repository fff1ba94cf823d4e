"""Building a Report from its validated record: appendices checked, Markdown appendices read, links found."""

from __future__ import annotations

from pathlib import PurePosixPath

from papers.content.load import read_markdown_file
from papers.content.schema import Appendix as AppendixRecord
from papers.content.schema import ReportRecord
from papers.content.validate import Validated
from papers.model.references import References, none_as_written
from papers.model.rules import check_background_documents
from papers.model.site import Appendix, Committee, Report


def build_report(refs: References, entry: Validated, committee: Committee, meeting_date: object) -> Report:
    record: ReportRecord = entry.record  # type: ignore[assignment]
    folder = PurePosixPath(entry.source.relative).parent
    check_background_documents(refs, entry)
    appendices = tuple(
        appendix
        for index, written in enumerate(record.appendices)
        if (appendix := _appendix(refs, entry, index, written, folder)) is not None
    )
    return Report(
        slug=entry.source.path.stem,
        subject=record.subject,
        by=tuple(record.by),
        to=record.to or committee.name,
        date=record.date or meeting_date,  # type: ignore[arg-type]
        reference=record.reference,
        classification=record.classification,
        purpose=record.purpose,
        summary=record.summary,
        recommendations_intro=record.recommendations_intro,
        recommendations=tuple(record.recommendations),
        key_decision=record.key_decision,
        decision_reference=record.decision_reference,
        notice_published=record.notice_published,
        key_decision_exception=record.key_decision_exception,
        exception_reason=record.exception_reason,
        wards_affected=tuple(record.wards_affected),
        contact_officers=tuple(record.contact_officers),
        background_documents=tuple(record.background_documents or ()),
        appendices=appendices,
        body=entry.source.body.strip(),
        source=entry.source.path,
        relative=entry.source.relative,
        linked=refs.linked_files(entry.source.path, entry.source.body, entry.source.body_line, folder),
        no_background_documents=_none_as_written(entry),
        recommendations_position=record.recommendations_position,
        headings=tuple(
            (name, heading) for name in HEADINGS if (heading := getattr(record, f"{name}_heading")) is not None
        ),
        footer=record.footer,
    )


HEADINGS = ("summary", "recommendations", "background", "contact")


def _none_as_written(entry: Validated) -> str | None:
    """The word a report says it has no background papers with ("Nil", "None"), printed as written; None for
    the keyword `none` in lower case (or `[]`), which prints the site's `no_background_documents`."""
    written = none_as_written(entry, "background_documents")
    return None if written == "none" else written


def _appendix(
    refs: References, entry: Validated, index: int, written: AppendixRecord, folder: PurePosixPath
) -> Appendix | None:
    path = ("appendices", index, "file")
    relative = refs.attachment(entry, path, folder, written.file)
    if relative is None:
        return None
    is_pdf = relative.lower().endswith(".pdf")
    if not is_pdf and not relative.lower().endswith(".md"):
        refs.problem(
            entry,
            path,
            "E233",
            f"appendix `{written.file}` is neither Markdown (.md) nor PDF",
            "export a document or spreadsheet to PDF (it is then printed in the agenda "
            "pack too), or write the appendix in Markdown",
        )
        return None
    text: str | None = None
    linked: tuple[str, ...] = ()
    if not is_pdf:
        appendix_file = refs.tree.root / relative
        text = read_markdown_file(appendix_file, refs.diagnostics)
        if text is None:
            return None
        linked = refs.linked_files(appendix_file, text, 1, PurePosixPath(relative).parent)
    label = written.label or f"Appendix {index + 1}"
    return Appendix(
        label="" if label.strip().lower() == "none" else label,
        title=written.title,
        file=relative,
        is_pdf=is_pdf,
        exempt_paragraph=written.exempt_paragraph,
        linked=linked,
        text=text,
    )
