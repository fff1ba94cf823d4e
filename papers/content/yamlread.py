"""YAML read as strings with line marks, so nothing is silently coerced.

PyYAML's usual loaders type values by YAML 1.1 rules (`10:30` becomes 630,
`3.10` becomes 3.1, `NO` becomes False). We compose the node graph instead,
keep every scalar as the text the clerk wrote, and remember where each key
and value stands so later stages can point at the exact line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import yaml

Path_ = tuple[str | int, ...]

# Plain (unquoted) scalars that mean "no value".
_NULLS = {"", "~", "null", "Null", "NULL"}


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
    try:
        node = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1 + line_offset, mark.column + 1) if mark else Mark(1 + line_offset, 1)
        problem = (exc.problem or str(exc)).strip()
        return None, [
            YamlProblem(
                where,
                "E102",
                f"invalid YAML: {_explain(problem)} (YAML says: {problem})",
                "check indentation, and quote values that contain ': ' or start with a special character",
            )
        ]
    except yaml.YAMLError as exc:  # errors without a mark (e.g. reader errors)
        return None, [YamlProblem(Mark(1 + line_offset, 1), "E102", f"invalid YAML: {exc}")]
    builder = _Builder(line_offset)
    if node is None:
        return Located({}), []
    data = builder.build(node, ())
    located = Located(data, builder.value_marks, builder.key_marks)
    return located, builder.problems


_EXPLANATIONS = (
    ("expected <block end>", "this line is not indented in step with the lines around it"),
    ("mapping values are not allowed", "a value contains ': '; put the whole value in quotes"),
    ("could not find expected ':'", "a line has no ':' after its field name, or a quoted value is not closed"),
    ("found character '\\t'", "a tab character; indent with spaces only"),
    ("found unexpected end of stream", "a quoted value is not closed"),
    ("found undefined alias", "`*` starts an alias; put a value starting with `*` in quotes"),
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
            return None if node.style is None and node.value in _NULLS else node.value
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, path + (index,)) for index, child in enumerate(node.value)]
            return self.build_mapping(cast(yaml.MappingNode, node), path)  # the only other kind of node
        finally:
            self._active.discard(id(node))

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
            key = key_node.value
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
