"""Value types for content fields, each parsed from the text the clerk wrote.

Every parser raises PydanticCustomError with a message that names what was
found and what is expected, so validation can report it verbatim.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME_24 = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_TIME_12 = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?$", re.IGNORECASE)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COLOUR = re.compile(r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
# Dates this tool can publish: MkDocs stamps the site's files with the latest date as a 32-bit Unix time
# (so no later than 2106-02-07), and the calendar arithmetic (working days, notices) needs room on each side.
EARLIEST_DATE, LATEST_DATE = dt.date(1970, 1, 1), dt.date(2105, 12, 31)
_TRUE = {"yes", "true", "on", "y"}
_FALSE = {"no", "false", "off", "n"}


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    match = _DATE.match(text)
    if not match:
        raise PydanticCustomError(
            "bad_date", "expected a date written YYYY-MM-DD, such as 2011-11-17; found '{found}'", {"found": text}
        )
    try:
        day = dt.date(*(int(group) for group in match.groups()))
    except ValueError as exc:
        raise PydanticCustomError(
            "bad_date", "'{found}' is not a real date ({reason})", {"found": text, "reason": str(exc)}
        ) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise PydanticCustomError(
            "date_range",
            "'{found}' is outside the dates that can be published ({earliest} to {latest}): is the year a typo?",
            {"found": text, "earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        )
    return day


def parse_time(value: object) -> dt.time:
    """24-hour `10:30` or `14.00`, or 12-hour `10.30 am`, `2pm`."""
    if isinstance(value, dt.time):
        return value
    text = str(value).strip()
    hour, minute = _clock(text)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise PydanticCustomError(
            "bad_time", "'{found}' is not a time of day (hours 0-23, minutes 0-59)", {"found": text}
        )
    return dt.time(hour, minute)


def _clock(text: str) -> tuple[int, int]:
    match = _TIME_24.match(text)
    if match:
        return int(match[1]), int(match[2])
    match = _TIME_12.match(text)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if not 1 <= hour <= 12:
            return 99, minute
        return (hour % 12) + (12 if match[3].lower() == "p" else 0), minute
    raise PydanticCustomError(
        "bad_time", "expected a time such as 10:30, 14:00 or 2.30 pm; found '{found}'", {"found": text}
    )


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise PydanticCustomError("bad_bool", "expected yes or no; found '{found}'", {"found": str(value)})


def parse_slug(value: object) -> str:
    text = str(value).strip()
    if not _SLUG.match(text):
        raise PydanticCustomError(
            "bad_slug",
            "'{found}' is not a valid identifier: use lower-case letters, digits and single hyphens, "
            "such as 'roger-gough'",
            {"found": text},
        )
    return text


# Characters that no text may hold: C0 and C1 control characters (tab and newline aside), DEL, lone
# surrogates (which cannot be written as UTF-8: the build would fail) and the non-characters U+FFFE/U+FFFF.
UNSAFE_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# In a name (a YAML key): the same, and tab and line breaks too.
UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def describe_character(character: str) -> str:
    """`U+0007 (a control character)`, for messages: the character itself may not be printable."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        what = "half of a surrogate pair, which is not a character on its own"
    elif code in (0xFFFE, 0xFFFF):
        what = "not a character"
    else:
        what = "a control character"
    return f"U+{code:04X} ({what})"


def line_and_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of `text[index]`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def strip_comments(text: str) -> str:
    """Text without its HTML comments: clerks' drafting notes, never published. An unclosed one runs to
    the end, as in a browser. Every text field goes through here, and every body goes through
    strip_comments_keeping_lines when it is loaded, so no template can print one."""
    return _COMMENT.sub("", text)


def strip_comments_keeping_lines(text: str) -> str:
    """A body without its HTML comments, each replaced by its line breaks so later line numbers stay right."""
    return _COMMENT.sub(lambda match: "\n" * match.group(0).count("\n"), text)


def parse_text(value: object) -> str:
    if isinstance(value, (dict, list)):
        raise PydanticCustomError(
            "bad_text", "expected text, found a {kind}", {"kind": "list" if isinstance(value, list) else "mapping"}
        )
    text = strip_comments(str(value)).strip()
    if not text:
        raise PydanticCustomError("empty", "is empty; give a value or remove the field")
    return text


def parse_colour(value: object) -> str:
    """`#00466e` or `#04e`, returned as lower-case `#rrggbb`."""
    text = str(value).strip()
    match = _COLOUR.match(text)
    if not match:
        raise PydanticCustomError(
            "bad_colour",
            "expected a colour written as # and six hex digits, such as #00466e; found '{found}'",
            {"found": text},
        )
    digits = match[1].lower()
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return "#" + digits


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.2 contrast ratio of two `#rrggbb` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def as_list(value: object) -> object:
    """Let a single value stand for a one-item list (`reports: budget`)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


Date = Annotated[dt.date, BeforeValidator(parse_date)]
Time = Annotated[dt.time, BeforeValidator(parse_time)]
Bool = Annotated[bool, BeforeValidator(parse_bool)]
Slug = Annotated[str, BeforeValidator(parse_slug)]
Text = Annotated[str, BeforeValidator(parse_text)]
Colour = Annotated[str, BeforeValidator(parse_colour)]
