"""Front matter is read as the clerk wrote it: no YAML 1.1 coercion, duplicates caught, lines kept."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from pydantic_core import PydanticCustomError

from papers.content import yamlread
from papers.content.fieldtypes import parse_date, parse_time
from papers.content.load import split_front_matter
from papers.content.yamlread import Mark, read_yaml


@pytest.mark.parametrize("written", ["10:30", "3.10", "NO", "012", "1.10", "yes", "2011-11-17", "1e3", "0x1F"])
def test_scalars_stay_as_written(written):
    located, problems = read_yaml(f"value: {written}\n")
    assert problems == []
    assert located.data == {"value": written}


def test_empty_values_mean_not_given_but_quoted_empty_is_text():
    located, _ = read_yaml('a:\nb: ~\nc: ""\n')
    assert located.data == {"a": None, "b": None, "c": ""}


def test_duplicate_key_is_reported_with_both_lines():
    _, problems = read_yaml("title: One\nnumber: A1\ntitle: Two\n", line_offset=1)
    assert [(p.code, p.mark, p.message) for p in problems] == [
        ("E103", Mark(4, 1), "duplicate key `title` (first given on line 2)")
    ]


def test_duplicate_keys_in_nested_mappings_are_found():
    _, problems = read_yaml("items:\n  - number: A1\n    number: A2\n")
    assert [(p.code, p.mark.line) for p in problems] == [("E103", 3)]


def test_recursive_alias_is_a_problem_not_a_crash():
    _, problems = read_yaml("a: &x [1, *x]\n")
    assert [p.code for p in problems] == ["E120"]  # anchors and aliases are refused (tests/test_hostile_content.py)


def test_marks_point_at_keys_and_values():
    located, _ = read_yaml("date: 2011-11-17\nclerk:\n  name: Jo\n", line_offset=1)
    assert located.mark_for(("date",)) == Mark(2, 7)
    assert located.mark_for(("clerk", "name"), key=True) == Mark(4, 3)
    assert located.mark_for(("clerk", "phone")) == Mark(3, 1)  # a missing child points at its parent key


def test_invalid_yaml_reports_line_in_the_file():
    _, problems = read_yaml("title: a: b\n", line_offset=1)
    assert problems[0].code == "E102"
    assert problems[0].mark.line == 2
    assert "put the whole value in quotes" in problems[0].message


def test_front_matter_split_keeps_body_line():
    yaml_text, offset, body, body_line = split_front_matter("---\na: 1\n---\nBody\n")
    assert (yaml_text, offset, body, body_line) == ("a: 1\n", 1, "Body\n", 4)
    assert split_front_matter("No front matter") is None
    assert split_front_matter("---\na: 1\n") is None


@pytest.mark.parametrize(
    "written, expected",
    [
        ("10:30", dt.time(10, 30)),
        ("14.00", dt.time(14, 0)),
        ("10.30 am", dt.time(10, 30)),
        ("2 pm", dt.time(14, 0)),
        ("12.00 pm", dt.time(12, 0)),
        ("12 am", dt.time(0, 0)),
        ("2.30PM", dt.time(14, 30)),
    ],
)
def test_times_in_council_styles(written, expected):
    assert parse_time(written) == expected


@pytest.mark.parametrize("written", ["25:00", "10:60", "13 pm", "noonish", "1030"])
def test_impossible_times_are_rejected(written):
    with pytest.raises(PydanticCustomError):
        parse_time(written)


@pytest.mark.parametrize("written", ["2011-02-29", "2011-13-01", "17/11/2011", "2011-11-7"])
def test_impossible_or_ambiguous_dates_are_rejected(written):
    with pytest.raises(PydanticCustomError):
        parse_date(written)


def _front_matters() -> list[tuple[str, str]]:
    """The front matter (or whole YAML file) of every content file the project ships and tests with."""
    root = Path(__file__).resolve().parent.parent
    found = []
    for folder in (root / "content", root / "tests" / "fixtures"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".yml", ".yaml"):
                found.append((str(path), path.read_text(encoding="utf-8", errors="replace")))
            elif path.suffix == ".md":
                text = path.read_text(encoding="utf-8", errors="replace")
                if text.startswith("---\n") and (end := text.find("\n---", 3)) > 0:
                    found.append((str(path), text[4:end]))
    return found


# Characters where YAML readers part ways, put into the shipped files at seeded places.
_MUTATIONS = ["\t", "\ufeff", "? ", ": ", ":]", ": ,", "!", "!!str ", "&a ", "*a", "[", "{", "}", "]", "#", "|", ">"]
_MUTATIONS += ["-", "- ", "\n- ", "\n  ", '"', "'", "\\", "%", "@", "`", "\u2028", "\x85", "\u200b", "é", "\U0001f600"]


def _readings(text: str) -> tuple[str, str]:
    fast = yamlread._FAST
    with_libyaml = repr(read_yaml(text, 3))
    yamlread._FAST = None
    try:
        return with_libyaml, repr(read_yaml(text, 3))
    finally:
        yamlread._FAST = fast


def test_libyaml_reads_every_shipped_file_as_pyyaml_does():
    """Data, marks, block texts and problems alike (libyaml only speeds reading up: papers/content/yamlread.py).
    PyYAML's wheels hold libyaml; without it everything is read in Python, and this test fails to say so."""
    assert yamlread._FAST is not None
    differing = [name for name, text in _front_matters() if len(set(_readings(text))) != 1]
    assert differing == []


@pytest.mark.slow
def test_libyaml_and_pyyaml_agree_on_damaged_files():
    rng = random.Random(2026)
    differing = []
    for name, text in _front_matters():
        for _ in range(4):
            mutation, at = rng.choice(_MUTATIONS), rng.randrange(len(text) + 1)
            damaged = text[:at] + mutation + text[at + rng.randrange(2) :]
            if len(set(_readings(damaged))) != 1:
                differing.append(f"{name} at {at}: {mutation!r}")
    assert differing == []
