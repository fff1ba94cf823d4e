"""Stage 2, validate: turn each source document into its typed record.

Pydantic collects every field error at once; each is mapped back to the
line where the clerk wrote the field, with a message in plain words.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from papers.content.load import ContentTree, Kind, SourceDocument
from papers.content.schema import RECORD_FOR_KIND, MeetingRecord, Record
from papers.content.yamlread import Located
from papers.diagnostics import Diagnostics


@dataclass(frozen=True)
class Validated:
    """A source document with its record (None if it had errors)."""

    source: SourceDocument
    record: Record


def validate_tree(tree: ContentTree, diagnostics: Diagnostics) -> list[Validated]:
    validated: list[Validated] = []
    for source in tree.documents:
        record = validate_document(source, diagnostics)
        if record is not None:
            validated.append(Validated(source, record))
    check_plausible_dates(validated, diagnostics)
    return validated


# Dates that are real but probably mistyped (W306). Councils in their present form date from 1974 (the
# Local Government Act 1972), so papers before then are not expected; and a meeting is not planned more
# than five years after the last one that was held or had its agenda published.
PLAUSIBLE_FROM = dt.date(1974, 1, 1)
PLAUSIBLE_AHEAD = dt.timedelta(days=5 * 365 + 1)
_PAPER_DATES = {
    Kind.MEETING: ("date", "agenda_published", "supplementary_published"),
    Kind.REPORT: ("date", "notice_published"),
}


def check_plausible_dates(validated: list[Validated], diagnostics: Diagnostics) -> None:
    """Warn (W306) of a paper's date before 1974, and of a meeting more than five years after every other
    meeting that was held or whose agenda was published (the meeting itself does not count, so a mistyped
    year cannot vouch for itself)."""
    known: list[tuple[dt.date, Validated]] = []
    for entry in validated:
        if entry.source.kind is Kind.MEETING:
            meeting: MeetingRecord = entry.record  # type: ignore[assignment]
            if meeting.status == "held":
                known.append((meeting.date, entry))
            if meeting.agenda_published is not None:
                known.append((meeting.agenda_published, entry))
    # The latest known date, and the latest of another meeting than that one's: all any meeting needs.
    known.sort(key=lambda pair: pair[0], reverse=True)
    newest = known[:1]
    runner_up = next((pair for pair in known if pair[1] is not known[0][1]), None) if known else None
    if runner_up is not None:
        newest.append(runner_up)
    for entry in validated:
        for field in _PAPER_DATES.get(entry.source.kind, ()):
            day = getattr(entry.record, field)
            if day is not None and day < PLAUSIBLE_FROM:
                _implausible(
                    entry,
                    (field,),
                    f"`{field}` {day.isoformat()} is before 1974, when the councils of today were created: "
                    "is the year a typo?",
                    diagnostics,
                )
        if entry.source.kind is not Kind.MEETING:
            continue
        day = entry.record.date  # type: ignore[attr-defined]
        latest, by = next(((when, other) for when, other in newest if other is not entry), (None, None))
        if latest is not None and by is not None and day > latest + PLAUSIBLE_AHEAD:
            _implausible(
                entry,
                ("date",),
                f"`date` {day.isoformat()} is more than five years after the latest meeting held or agenda "
                f"published ({latest.isoformat()}, {by.source.relative}): is the year a typo?",
                diagnostics,
            )


def _implausible(entry: Validated, path: tuple[str, ...], message: str, diagnostics: Diagnostics) -> None:
    mark = entry.source.front_matter.mark_for(path)
    diagnostics.add(
        entry.source.path,
        mark.line,
        mark.column,
        "W306",
        message,
        "correct the date; if it is right, this warning can be ignored (it stops only `check --strict`)",
    )


def validate_document(source: SourceDocument, diagnostics: Diagnostics) -> Record | None:
    model = RECORD_FOR_KIND[source.kind.value]
    try:
        return model.model_validate(source.front_matter.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            report_error(source, model, error, diagnostics)
        return None


def report_error(source: SourceDocument, model: type[BaseModel], error: ErrorDetails, diagnostics: Diagnostics) -> None:
    loc = tuple(part for part in error["loc"] if not _is_schema_tag(part))
    located: Located = source.front_matter
    kind = error["type"]
    name = _dotted(loc)
    if kind == "extra_forbidden":
        mark = located.mark_for(loc, key=True)
        allowed = sorted(_fields_at(model, loc[:-1]))
        hint = _did_you_mean(str(loc[-1]), allowed)
        diagnostics.add(
            source.path,
            mark.line,
            mark.column,
            "E110",
            f"unknown field `{loc[-1]}`" + (f" in `{_dotted(loc[:-1])}`" if loc[:-1] else ""),
            hint,
        )
        return
    mark = located.mark_for(loc)
    code, message, hint = describe(kind, error, name, model, loc)
    diagnostics.add(source.path, mark.line, mark.column, code, message, hint)


def describe(
    kind: str, error: ErrorDetails, name: str, model: type[BaseModel], loc: tuple
) -> tuple[str, str, str | None]:
    """(code, message, hint) for one pydantic error, in a clerk's words."""
    found = error.get("input")
    if kind == "missing":
        return (
            "E111",
            f"missing required field `{loc[-1]}`" + _within(loc[:-1]),
            f"add `{loc[-1]}:` here (see docs/content-format.md)",
        )
    if kind == "empty" or (found is None and kind in {"string_type", "int_type", "int_parsing"}):
        return "E111", f"`{name}` is empty", "give a value or remove the field"
    if kind == "bad_date":
        return "E113", f"`{name}`: {error['msg']}", None
    if kind == "date_range":
        return "E123", f"`{name}`: {error['msg']}", None
    if kind == "bad_time":
        return "E114", f"`{name}`: {error['msg']}", None
    if kind == "literal_error":
        choices = [str(choice).strip("'") for choice in error["ctx"]["expected"].replace(" or ", ", ").split(", ")]
        return (
            "E115",
            f"`{name}` must be one of: {', '.join(choices)}; found '{found}'",
            _did_you_mean(str(found), choices),
        )
    if kind in {"greater_than_equal", "less_than_equal"}:
        bound = "at least" if kind == "greater_than_equal" else "at most"
        limit = error["ctx"]["ge" if kind == "greater_than_equal" else "le"]
        return (
            "E116",
            f"`{name}` must be {bound} {limit}; found {found}",
            "Part 1 of Schedule 12A has paragraphs 1 to 7" if str(loc[-1]).endswith("exempt_paragraph") else None,
        )
    if kind in {"int_parsing", "int_from_float"}:
        return "E112", f"`{name}` must be a whole number; found '{found}'", None
    if kind in {"list_type", "dict_type", "model_type", "model_attributes_type"}:
        wanted = "a list (lines starting with `- `)" if kind == "list_type" else "fields written as `name: value`"
        return "E112", f"`{name}` must be {wanted}; found {_describe_value(found)}", None
    if kind == "value_error":
        return "E117", f"`{name or 'this file'}`: {error['msg'].removeprefix('Value error, ')}", None
    if kind == "bad_pattern":
        return "E112", f"`{name}` {error['msg']}", None
    if kind in {"bad_colour", "low_contrast"}:
        return "E119", f"`{name}`: {error['msg']}", None
    if kind == "bad_slug":
        return "E118", f"`{name}`: {error['msg']}", None
    return "E112", f"`{name}`: {error['msg']}", None


def _is_schema_tag(part: object) -> bool:
    # pydantic inserts validator names such as 'function-after[...]' into locations.
    # A clerk's own key may hold "[" too (`a[:` is a key), so match the tag's whole shape.
    return isinstance(part, str) and (_SCHEMA_TAG.fullmatch(part) is not None or part.startswith("function-"))


_SCHEMA_TAG = re.compile(r"[a-z][a-z0-9-]*\[.*\]", re.S)


def _within(loc: tuple) -> str:
    return f" in `{_dotted(loc)}`" if loc else ""


def _dotted(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe_value(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f"'{value}'"


def _fields_at(model: type[BaseModel], loc: tuple) -> set[str]:
    """Names of the fields allowed at a location inside `model`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if _is_model(current) else None
        if field is None:
            field = (
                next((f for f in current.model_fields.values() if f.alias == part), None)
                if _is_model(current)
                else None
            )
        if field is None:
            return set()
        current = _inner_model(field.annotation)
    if not _is_model(current):
        return set()
    return {field.alias or name for name, field in current.model_fields.items()}


def _is_model(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, BaseModel)


def _inner_model(annotation: Any) -> Any:
    """The record class inside list[...], X | None, Annotated[...] or dict[..., X]."""
    if _is_model(annotation):
        return annotation
    for argument in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        found = _inner_model(argument)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _inner_model(origin) if origin is not None and origin is not annotation else None


def _did_you_mean(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    if choices and len(choices) <= 30:
        return "allowed here: " + ", ".join(choices)
    return None
