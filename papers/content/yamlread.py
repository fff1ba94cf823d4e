"""YAML read as strings with line marks, so nothing is silently coerced.

PyYAML's usual loaders type values by YAML 1.1 rules (`10:30` becomes 630,
`3.10` becomes 3.1, `NO` becomes False). We compose the node graph instead,
keep every scalar as the text the clerk wrote, and remember where each key
and value stands so later stages can point at the exact line.

Content comes from anyone who can save a file, so reading is bounded: anchors and
aliases (`&a`, `*a`: a kilobyte of them can expand to gigabytes) are refused, as is
nesting deeper than MAX_DEPTH, and control characters are reported at their line.
The size of the text is limited before it gets here (papers/content/load.py).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field, replace
from typing import Any, cast

import yaml

from papers.content.fieldtypes import UNSAFE_CHARACTER, UNSAFE_IN_NAME, describe_character, line_and_column

Path_ = tuple[str | int, ...]

# Plain (unquoted) scalars that mean "no value".
_NULLS = {"", "~", "null", "Null", "NULL"}
# Lists and mappings inside each other: the content format needs five levels; a hostile file has thousands.
MAX_DEPTH = 50
# At most this many unsafe characters are reported in one file (each at its place).
MAX_REPORTED_CHARACTERS = 10


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Located:
    """Plain data (dict / list / str / None) plus where each part was written."""

    data: Any
    value_marks: dict[Path_, Mark] = field(default_factory=dict)
    key_marks: dict[Path_, Mark] = field(default_factory=dict)
    block_texts: frozenset[Path_] = (
        frozenset()
    )  # values written as a block (`|` or `>`): their text starts a line later

    def mark_for(self, path: Path_, *, key: bool = False) -> Mark:
        """The mark of `path`, or of its nearest written ancestor."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.key_marks and end < len(path):
                # A missing child: point at the parent's key, which names what is incomplete.
                return self.key_marks[prefix]
            if prefix in self.value_marks:
                return self.value_marks[prefix]
        return Mark(1, 1)


@dataclass(frozen=True)
class YamlProblem:
    mark: Mark
    code: str
    message: str
    hint: str | None = None


def read_yaml(text: str, line_offset: int = 0) -> tuple[Located | None, list[YamlProblem]]:
    """Compose `text` into Located data; line numbers are shifted by `line_offset`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, problems = _unsafe_characters(text, line_offset)
    try:
        node = _compose(text)
    except _Refused as exc:
        refused = exc.problem
        return None, [*problems, replace(refused, mark=Mark(refused.mark.line + line_offset, refused.mark.column))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1 + line_offset, mark.column + 1) if mark else Mark(1 + line_offset, 1)
        problem = (exc.problem or str(exc)).strip()
        return None, [
            *problems,
            YamlProblem(
                where,
                "E102",
                f"invalid YAML: {_explain(problem)} (YAML says: {problem})",
                "check indentation, and quote values that contain ': ' or start with a special character",
            ),
        ]
    except yaml.YAMLError as exc:  # errors without a mark (e.g. reader errors)
        return None, [*problems, YamlProblem(Mark(1 + line_offset, 1), "E102", f"invalid YAML: {exc}")]
    except RecursionError:  # not expected below MAX_DEPTH; never a traceback all the same
        return None, [*problems, _too_deep(Mark(1 + line_offset, 1))]
    builder = _Builder(line_offset)
    if node is None:
        return Located({}), problems
    try:
        data = builder.build(node, ())
    except RecursionError:
        return None, [*problems, _too_deep(Mark(1 + line_offset, 1))]
    located = Located(data, builder.value_marks, builder.key_marks, frozenset(builder.block_texts))
    return located, problems + builder.problems


def _unsafe_characters(text: str, line_offset: int) -> tuple[str, list[YamlProblem]]:
    """Control characters written into the file itself, each reported at its place and replaced by U+FFFD
    (so the rest of the file is still read and checked). Those written as escapes (`"\\x07"`) are found
    in the values (see _Builder)."""
    found = list(UNSAFE_CHARACTER.finditer(text))
    problems = []
    for index, match in enumerate(found[:MAX_REPORTED_CHARACTERS]):
        line, column = line_and_column(text, match.start())
        more = len(found) - MAX_REPORTED_CHARACTERS
        problems.append(
            YamlProblem(
                Mark(line + line_offset, column),
                "E124",
                "the file holds "
                + unsafe_character_message(match.group(), more if index == MAX_REPORTED_CHARACTERS - 1 else 0),
                UNSAFE_CHARACTER_HINT,
            )
        )
    return (UNSAFE_CHARACTER.sub("\ufffd", text) if found else text), problems


UNSAFE_CHARACTER_HINT = "delete it: it was probably pasted in from another program along with the text"


def unsafe_character_message(character: str, more: int = 0) -> str:
    """E124's message (shared with the check of bodies in papers/content/load.py)."""
    text = f"{describe_character(character)}, which no text may hold"
    return text + (f" ({more} more after this one in the file)" if more > 0 else "")


def _too_deep(mark: Mark) -> YamlProblem:
    return YamlProblem(
        mark,
        "E122",
        f"lists and fields are nested more than {MAX_DEPTH} levels deep",
        "the content format needs no more than five levels; check the brackets and indentation",
    )


@dataclass
class _Refused(Exception):
    """Raised while composing: something that is read no further."""

    problem: YamlProblem


class _Refusing:
    """Refuses anchors, aliases and deep nesting as the document is composed, before anything is expanded."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        mark = Mark(event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            alias = isinstance(event, yaml.AliasEvent)
            written = f"*{event.anchor}" if alias else f"&{getattr(event, 'anchor', '')}"
            raise _Refused(
                YamlProblem(
                    mark,
                    "E120",
                    f"`{written}` is a YAML {'alias' if alias else 'anchor'}: anchors (`&name`) and aliases "
                    "(`*name`) are not allowed in content files",
                    "write each value out in full; if the value itself starts with `*` or `&`, put it in quotes",
                )
            )
        nests = isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent))
        if nests and self.depth >= MAX_DEPTH:
            raise _Refused(_too_deep(mark))
        self.depth += int(nests)
        try:
            return cast(yaml.Node | None, super().compose_node(parent, index))  # type: ignore[misc]
        finally:
            self.depth -= int(nests)


class _Loader(_Refusing, yaml.BaseLoader):
    """The base loader (every scalar a string), in Python: its messages are the ones we explain."""


# libyaml, in PyYAML's wheels; absent from a PyYAML built without it.
_FAST: type | None = getattr(importlib.import_module("yaml._yaml") if yaml.__with_libyaml__ else None, "CParser", None)

if _FAST is not None:

    class _FastLoader(_Refusing, yaml.composer.Composer, _FAST, yaml.resolver.BaseResolver):  # type: ignore[misc,valid-type]
        """The same composing, on libyaml's scanner and parser (ten times faster than PyYAML's own). Only for
        text it reads without error: a file it refuses is read again by `_Loader`, whose messages (and
        explanations, below) are the ones clerks see."""

        def __init__(self, stream: str) -> None:
            _FAST.__init__(self, stream)  # type: ignore[misc]
            yaml.composer.Composer.__init__(self)
            yaml.resolver.BaseResolver.__init__(self)

        def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
            node = super().compose_scalar_node(anchor)
            node.style = node.style or None  # libyaml calls plain style "", PyYAML None (see _Builder)
            return node


# Where libyaml and PyYAML part ways (tests/test_yaml_reading.py compares the two on every fixture and on
# mutations of them): libyaml takes tabs, `? ` in flow collections and some `!` that PyYAML refuses, and
# counts columns differently after a byte-order mark and for an empty value in a flow collection. Such text
# goes to PyYAML.
_LIBYAML_DIFFERS = re.compile(r"[\t\ufeff?!]|:[ ]*[,\]}]")


def _compose(text: str) -> yaml.Node | None:
    """The node graph of `text`: by libyaml when it reads the text without complaint, else by PyYAML, which
    raises the error to report."""
    if _FAST is not None and not _LIBYAML_DIFFERS.search(text):
        try:
            return _single_node(_FastLoader(text))
        except (yaml.YAMLError, _Refused, RecursionError):
            pass
    return _single_node(_Loader(text))


def _single_node(loader: Any) -> yaml.Node | None:
    try:
        return cast(yaml.Node | None, loader.get_single_node())
    finally:
        loader.dispose()


_EXPLANATIONS = (
    ("expected <block end>", "this line is not indented in step with the lines around it"),
    ("mapping values are not allowed", "a value contains ': '; put the whole value in quotes"),
    ("could not find expected ':'", "a line has no ':' after its field name, or a quoted value is not closed"),
    ("found character '\\t'", "a tab character; indent with spaces only"),
    ("found unexpected end of stream", "a quoted value is not closed"),
    ("found character '@'", "a value starts with `@`; put it in quotes"),
    ("found character '`'", "a value starts with a backtick; put it in quotes"),
    (
        "expected a single document",
        "the front matter holds a `---` line; only the opening and closing lines may be `---`",
    ),
)


def _explain(problem: str) -> str:
    for start, explanation in _EXPLANATIONS:
        if problem.startswith(start):
            return explanation
    return "the YAML cannot be read here"


class _Builder:
    def __init__(self, line_offset: int) -> None:
        self.offset = line_offset
        self.value_marks: dict[Path_, Mark] = {}
        self.key_marks: dict[Path_, Mark] = {}
        self.problems: list[YamlProblem] = []
        self.block_texts: set[Path_] = set()
        self._active: set[int] = set()

    def mark(self, node: yaml.Node) -> Mark:
        return Mark(node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self.value_marks[path] = self.mark(node)
        if id(node) in self._active:  # an alias that contains itself
            self.problems.append(
                YamlProblem(
                    self.mark(node),
                    "E102",
                    "invalid YAML: an alias refers to itself",
                    "remove the `*alias` that points back into its own anchor",
                )
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.style is None and node.value in _NULLS:
                return None
            if node.style in ("|", ">"):
                self.block_texts.add(path)
            return self.checked_text(node, UNSAFE_CHARACTER, "value")
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, path + (index,)) for index, child in enumerate(node.value)]
            return self.build_mapping(cast(yaml.MappingNode, node), path)  # the only other kind of node
        finally:
            self._active.discard(id(node))

    def checked_text(self, node: yaml.ScalarNode, unsafe: re.Pattern[str], what: str) -> str:
        """The scalar's text; a control character written as an escape (`"\\x07"`, `"\\ud800"`) is
        reported at the scalar and replaced by U+FFFD. Tab and line breaks may be in values, not in names."""
        value: str = node.value
        found = unsafe.search(value)
        if found is None:
            return value
        self.problems.append(
            YamlProblem(
                self.mark(node),
                "E124",
                f"this {what} holds {unsafe_character_message(found.group())}",
                "remove the escape (`\\` and what follows it) from the quoted text"
                if node.style == '"'
                else UNSAFE_CHARACTER_HINT,
            )
        )
        return unsafe.sub("\ufffd", value)

    def build_mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Mark] = {}
        for key_node, value_node in node.value:
            key_mark = self.mark(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    YamlProblem(key_mark, "E102", "invalid YAML: a key must be a plain name, not a list or mapping")
                )
                continue
            key = self.checked_text(key_node, UNSAFE_IN_NAME, "field name")
            if key in first_seen:
                self.problems.append(
                    YamlProblem(
                        key_mark,
                        "E103",
                        f"duplicate key `{key}` (first given on line {first_seen[key].line})",
                        "remove one of the two; YAML would silently keep only the last",
                    )
                )
                continue
            first_seen[key] = key_mark
            self.key_marks[path + (key,)] = key_mark
            result[key] = self.build(value_node, path + (key,))
        return result
