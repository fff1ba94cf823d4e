"""Minute numbers run on across a committee's meetings (15, 16, 17 ... at the next meeting), restart each
municipal year (May to April), or restart at every meeting, as the site or committee's `minute_numbering` says.
Checked without gaps or repeats; an archive may begin part-way through a run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from papers.content.validate import Validated
from papers.model.references import References
from papers.model.site import Committee, Meeting


def check_minute_numbering(
    refs: References, committee: Committee, meetings: Sequence[Meeting], entries: Mapping[Meeting, Validated]
) -> None:
    """Numbers run on from the previous minutes (per the numbering rule), without gaps or repeats."""
    previous_last: int | None = None
    previous_period: object = None
    for meeting in meetings:
        if meeting.minutes is None:
            continue
        period = _numbering_period(committee.minute_numbering, meeting)
        entry = entries[meeting]
        if previous_last is None:  # the archive may begin part-way through a numbering run
            expected = next((minute.number for minute in meeting.minutes.minutes if minute.number is not None), 1)
        else:
            expected = 1 if period != previous_period else previous_last + 1
        numbered = [(index, minute.number) for index, minute in enumerate(meeting.minutes.minutes) if minute.number]
        for index, number in numbered:  # an unnumbered heading ("Matters Arising") takes no number
            path = ("minutes", index, "number")
            if number == expected:
                expected += 1
            elif number > expected:
                refs.problem(
                    entry,
                    path,
                    "E212",
                    f"minute {number} follows "
                    f"{_previous(expected)}: number{'s' if number - expected > 1 else ''} "
                    f"{_span(expected, number - 1)} missing",
                    _numbering_hint(committee),
                )
                expected = number + 1
            else:
                refs.problem(
                    entry,
                    path,
                    "E213",
                    f"minute {number} repeats or goes back: expected {expected}",
                    _numbering_hint(committee),
                )
                expected = max(expected, number + 1)
        if numbered:
            previous_last, previous_period = expected - 1, period


def _numbering_period(rule: str, meeting: Meeting) -> object:
    if rule == "per-meeting":
        return meeting
    if rule == "municipal-year":
        return meeting.date.year if meeting.date.month >= 5 else meeting.date.year - 1
    return None


def _previous(expected: int) -> str:
    return f"minute {expected - 1}" if expected > 1 else "the start"


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def _numbering_hint(committee: Committee) -> str:
    return (
        f"minutes of {committee.name} are numbered `{committee.minute_numbering}`: "
        "each set carries on from the previous one"
    )
