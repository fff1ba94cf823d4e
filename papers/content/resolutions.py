"""Resolutions written in a minute's text, as clerks write them:

    3. RESOLVED that:-
    a) the report be noted;
    b) the Director report back in March.

A paragraph that begins with RESOLVED (or Resolved, in bold or not), after its paragraph number if it
has one, is a resolution. Its lettered parts are the lines and paragraphs after it that start with a
part label: `a)`, `(a)`, `(iv)`, `iv)`; and `(1)`, `1)` or `1.` when the resolution's own line ends
at "that:" (with no words of its own), since numbered paragraphs of discussion often follow a
resolution. The first line or paragraph that is neither ends it.

The model (papers/model/minutes.py) puts each one in the minute's structured data and so in the
decisions register; the renderer (papers/render/markup.py) prints the text as written, each part on
its own line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBER = r"(?:\d+(?:\.\d+)*\\?\.?(?:\s*\(\d+\))?|\(\d+\)|\([a-z]\)|[a-z]\))"
_STRONG = r"(?:\*\*|__)?"
OPENING = re.compile(
    rf"""^\s{{0,3}}(?:(?P<number>{_NUMBER})\s+)?
    (?P<opening>{_STRONG}(?:RESOLVED|Resolved){_STRONG}
        (?:\s*(?:that|That|THAT)\b)?\s*(?::\s*-|:|—|–|-)?{_STRONG})
    (?:\s+(?P<rest>.*?))?\s*$""",
    re.VERBOSE,
)
_LETTER_PART = re.compile(r"^\s*(?P<label>\(?(?:[a-z]|[ivxl]+)\))\s+(?P<text>\S.*?)\s*$")
_NUMBER_PART = re.compile(r"^\s*(?P<label>\(?\d+\)|\d+\.)\s+(?P<text>\S.*?)\s*$")


@dataclass(frozen=True)
class WrittenResolution:
    """A resolution found in a text: as printed, with the lines it was written on (0-based)."""

    number: str | None  # "3." as written
    opening: str  # "RESOLVED that:-" as written
    text: str  # the words after the opening, if any
    parts: tuple[tuple[str, str], ...]  # (label as written, text)
    first_line: int
    part_lines: tuple[int, ...]  # the line on which each part starts


def _paragraphs(lines: list[str]) -> list[list[int]]:
    paragraphs: list[list[int]] = []
    current: list[int] = []
    for index, line in enumerate(lines):
        if line.strip():
            current.append(index)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def resolutions_in(text: str) -> list[WrittenResolution]:
    """Every resolution written in `text`, in order."""
    lines = text.split("\n")
    paragraphs = _paragraphs(lines)
    found: list[WrittenResolution] = []
    index = 0
    while index < len(paragraphs):
        first = paragraphs[index][0]
        opening = OPENING.match(lines[first])
        index += 1
        if opening is None:
            continue
        own = opening.group("rest") or ""
        # Numbered parts only after "that:" (or "... the Committee:"): otherwise (1), (2) are more discussion.
        numbered = _NUMBER_PART if not own or own.rstrip().endswith((":", ":-", "-", "–", "—")) else None
        words = [own] if own else []
        parts: list[tuple[str, list[str]]] = []
        starts: list[int] = []
        lettered = True
        block = paragraphs[index - 1][1:]
        while True:
            for line_index in block:
                label = _part_label(lines[line_index], numbered, lettered=lettered)
                if label is not None:
                    parts.append((label[0], [label[1]]))
                    starts.append(line_index)
                    # Parts are all lettered or all numbered: once lettered, (4) is the next paragraph of discussion.
                    numbered = _NUMBER_PART if _NUMBER_PART.match(lines[line_index]) else None
                    lettered = numbered is None
                else:
                    (parts[-1][1] if parts else words).append(lines[line_index].strip())
            # The next paragraph is a part when it starts with a label, and the resolution is waiting for its
            # parts (its line ends at "that:") or already has some.
            if index >= len(paragraphs) or not (parts or numbered):
                break
            following = lines[paragraphs[index][0]]
            if OPENING.match(following) or _part_label(following, numbered, lettered=lettered) is None:
                break
            block = paragraphs[index]
            index += 1
        found.append(
            WrittenResolution(
                number=opening.group("number"),
                opening=opening.group("opening").strip(),
                text=" ".join(words),
                parts=tuple((label, " ".join(part)) for label, part in parts),
                first_line=first,
                part_lines=tuple(starts),
            )
        )
    return found


def _part_label(line: str, numbered: re.Pattern[str] | None, *, lettered: bool = True) -> tuple[str, str] | None:
    for pattern in (_LETTER_PART if lettered else None, numbered):
        match = pattern.match(line) if pattern is not None else None
        if match:
            return match.group("label"), match.group("text")
    return None


def split_label(text: str) -> tuple[str | None, str]:
    """(label, the rest) of a part written with its label ("b) the Director report back"), else (None, text)."""
    for pattern in (_LETTER_PART, _NUMBER_PART):
        match = pattern.match(text)
        if match:
            return match.group("label"), match.group("text")
    return None, text.strip()
