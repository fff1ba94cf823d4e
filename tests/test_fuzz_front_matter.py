"""Arbitrary front matter never crashes the checker: only clean diagnostics come out."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papers.diagnostics import CODES, Diagnostics
from papers.pipeline import check

pytestmark = pytest.mark.slow  # 300 hypothesis examples, each a full check: about 20 s

FILES = [
    "site.yml",
    "members/ann-ward.md",
    "committees/scs-posc/committee.md",
    "committees/scs-posc/2011-11-17/meeting.md",
    "committees/scs-posc/2011-11-17/minutes.md",
    "committees/scs-posc/2011-11-17/reports/kscb-update.md",
]
FIELD_NAMES = [
    "date",
    "time",
    "status",
    "items",
    "sections",
    "number",
    "title",
    "reports",
    "member",
    "role",
    "present",
    "minutes",
    "exempt",
    "exempt_paragraph",
    "name",
    "party",
    "membership",
    "subject",
    "appendices",
    "file",
    "approved_at",
    "minutes_of",
    "parent",
    "report_style",
    "header",
    "field",
    "background_documents",
    "key_decision",
    "key_decision_exception",
    "exception_reason",
    "notice_published",
    "classification",
    "confidential",
    "public_interest",
]
scalars = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "10:30",
            "25:00",
            "2011-11-17",
            "2011-02-30",
            "yes",
            "NO",
            "3.10",
            "ann-ward",
            "../x",
            "A1",
            "7",
            "-1",
            "",
            "none",
            "special-urgency",
            "general-exception",
            "Restricted",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=6)), inner, max_size=5),
    ),
    max_leaves=20,
)
front_matter = st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=8)
raw_text = st.lists(
    st.sampled_from(
        list("ab1:-[]{}\n '\"#&*!|>%@`\t") + ["---\n", "  - ", ": ", "date", "items", "number", "\udcff"[:0] + "é"]
    ),
    max_size=40,
).map("".join)


def check_with(file: str, text: str) -> Diagnostics:
    with tempfile.TemporaryDirectory() as temp:
        content = Path(temp) / "content"
        shutil.copytree(MINIMAL, content)
        (content / file).write_text(text, encoding="utf-8")
        result = check(content)
    for diagnostic in result.diagnostics.items:
        assert diagnostic.code in CODES
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.message
    return result.diagnostics


def as_file(file: str, yaml_text: str) -> str:
    return yaml_text if file == "site.yml" else f"---\n{yaml_text}---\nBody\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), fields=front_matter)
def test_structured_front_matter_gives_only_diagnostics(file, fields):
    check_with(file, as_file(file, yaml.safe_dump(fields, allow_unicode=True)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), text=raw_text)
def test_arbitrary_text_gives_only_diagnostics(file, text):
    check_with(file, as_file(file, text))
