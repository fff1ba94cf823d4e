"""A minute's resolutions, however the clerk wrote them (docs/content-format.md, "Resolutions").

In `resolved:` (one sentence, a list of parts, or a mapping giving the paragraph number, the opening
words, the parts and whether it comes before or after the minute's text), or in the minute's text
("3. RESOLVED that:- a) ... b) ...", found by papers/content/resolutions.py). Either way each one is
in the minute's `resolutions`, so in the decisions register and the minutes' data, with its number,
opening words and lettered parts as printed.
"""

from __future__ import annotations

from papers.content.resolutions import resolutions_in, split_label
from papers.content.schema import MinuteRecord, ResolutionRecord
from papers.model.site import Resolution, ResolutionPart


def minute_resolutions(record: MinuteRecord) -> tuple[Resolution, ...]:
    """Every resolution of the minute in the order printed: those written in `resolved:` to go before the text,
    those written in the text, then those after it."""
    written = [_written(resolution) for resolution in record.resolved]
    in_text = [
        Resolution(
            number=found.number,
            opening=found.opening,
            text=found.text,
            parts=tuple(ResolutionPart(label, text) for label, text in found.parts),
            position="text",
        )
        for found in resolutions_in(record.text or "")
    ]
    before = [resolution for resolution in written if resolution.position == "before"]
    after = [resolution for resolution in written if resolution.position == "after"]
    return tuple(before + in_text + after)


def _written(record: ResolutionRecord) -> Resolution:
    """A resolution written in `resolved:`. Its parts keep the labels written with them ("b) ..."), or are
    lettered a), b), c) ...; with the usual opening ("RESOLVED that") a leading "that" is not printed twice."""
    usual = record.opening is None
    parts = []
    for index, written in enumerate(record.parts):
        label, text = split_label(written)
        parts.append(ResolutionPart(label or _letter(index) + ")", _without_that(text) if usual else text))
    return Resolution(
        number=record.number,
        opening=record.opening or ("RESOLVED that:" if parts else "RESOLVED that"),
        text=(_without_that(record.text) if usual else record.text) if record.text else "",
        parts=tuple(parts),
        position=record.position,
    )


def _letter(index: int) -> str:
    """a, b, ... z, aa, ab ..."""
    return (_letter(index // 26 - 1) if index >= 26 else "") + "abcdefghijklmnopqrstuvwxyz"[index % 26]


def _without_that(resolution: str) -> str:
    """Resolutions print after "RESOLVED that"; accept them written with or without the "that"."""
    head, _, rest = resolution.partition(" ")
    return rest if head.lower() == "that" and rest else resolution
