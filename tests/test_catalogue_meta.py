"""Every check code in papers/diagnostics.py has a case in the invalid-content catalogue.

A code counts as covered when some tests/fixtures/invalid/<case>/expected.txt holds
`error[CODE]` (E codes) or `warning[CODE]` (W codes). A code that `check` on content cannot
produce goes in ELSEWHERE with the reason and the test that covers it; the entry must name a
test that exists and mentions the code, and must be removed once a case covers the code.
"""

from __future__ import annotations

import re

from conftest import FIXTURES, PROJECT

from papers.diagnostics import CODES

CASES = FIXTURES / "invalid"
SHOWN = re.compile(r"\b(error|warning)\[([A-Z]\d{3})\]")

# code -> (why no catalogue case can produce it, "tests/<file>.py::<test>" that covers it)
ELSEWHERE: dict[str, tuple[str, str]] = {
    "E121": (
        "needs a file over 512 KB, too big to commit: the test writes one",
        "tests/test_hostile_content.py::test_a_front_matter_over_its_limit_is_refused_in_a_file_under_the_file_limit",
    ),
}


def codes_in_cases() -> dict[str, set[str]]:
    """code -> names of the cases whose expected output shows it."""
    found: dict[str, set[str]] = {}
    for expected in sorted(CASES.glob("*/expected.txt")):
        for severity, code in SHOWN.findall(expected.read_text(encoding="utf-8")):
            assert severity == ("warning" if code.startswith("W") else "error"), f"{expected}: {severity}[{code}]"
            found.setdefault(code, set()).add(expected.parent.name)
    return found


def test_every_code_has_a_case_or_a_reason():
    covered = codes_in_cases()
    missing = sorted(code for code in CODES if code not in covered and code not in ELSEWHERE)
    assert missing == [], (
        "codes with no case in tests/fixtures/invalid/ (add one, then `pytest --update-expected`): "
        + ", ".join(missing)
    )
    assert sorted(set(covered) - set(CODES)) == [], "expected.txt shows codes that papers/diagnostics.py lacks"
    for code, (reason, where) in ELSEWHERE.items():
        assert code in CODES, f"ELSEWHERE lists {code}, which is not a code"
        assert code not in covered, f"{code} now has a case ({', '.join(sorted(covered[code]))}): drop it"
        assert reason.strip(), f"ELSEWHERE[{code}] gives no reason"
        file, _, test = where.partition("::")
        source = (PROJECT / file).read_text(encoding="utf-8")
        assert f"def {test}(" in source, f"ELSEWHERE[{code}] names {where}, which does not exist"
        assert code in source, f"{file} never mentions {code}"
