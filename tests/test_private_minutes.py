"""Minutes of private business are safe by construction (docs/content-format.md, "Minutes of private business").

Once the meeting has gone into private session (the minute of the exclusion motion, or else the first
private minute), every later minute is private unless it says `public: yes`; such a minute takes the
paragraph of the private items the motion covers (E238 when they differ). A forgotten `item:` (E234), a
mistyped one (E237, and E236 after the exclusion) and a logo that is a withheld paper's file (E239) are
refused. Each test writes the minimal council's November meeting with its exempt items, then its minutes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from papers.model.audience import MEMBERS, PUBLIC
from papers.model.site import Minute, Site
from papers.pipeline import CheckResult, check
from papers.render.project import project

FOLDER = "committees/scs-posc/2011-11-17"
AGENDA = """---
date: 2011-11-17
time: 10:00
status: held
agenda_published: 2011-11-09
sections:
  - label: A
    title: Committee business
    items:
      - {number: A1, title: Minutes of the meeting held on 22 September 2011, minutes_of: 2011-09-22}
  - label: B
    title: Items for consideration
    items:
      - {number: B1, title: Early Intervention Strategy, reports: early-intervention-strategy}
      - {number: B2, title: KSCB update, reports: kscb-update}
  - label: C
    title: Exempt items
    items:
      - {number: C1, title: Exclusion of the press and public, exclusion_motion: yes}
      - number: C2
        title: Contract award
        exempt_paragraph: 3
        public_interest: The bidders' prices are commercially sensitive until the contract is signed.
%s---
"""
C3_EXEMPT = """      - number: C3
        title: Day centre lease
        exempt_paragraph: 3
        public_interest: The tenant's offer is commercially sensitive.
"""
C3_CONFIDENTIAL = "      - {number: C3, title: Grant conditions, confidential: yes}\n"

OPENING = [
    "{number: 17, item: A1, title: Minutes of the meeting held on 22 September 2011, resolved: that they be approved.}",
    "{number: 18, item: B1, title: Early Intervention Strategy, resolved: that the strategy be endorsed.}",
    "{number: 19, item: B2, title: KSCB update, resolved: that the update be noted.}",
]
MOTION = "{number: 20, item: C1, title: Exclusion of the press and public, resolved: that they be excluded.}"
SECRET = "SECRET-bidder-prices"


def minute(number: int, title: str, *fields: str, text: str = SECRET) -> str:
    extra = "".join(f", {field}" for field in fields)
    return f"{{number: {number}, title: {title}{extra}, text: {text}, resolved: {text} be agreed.}}"


def write(content: Path, minutes: list[str], extra_items: str = "", agenda: str | None = None) -> CheckResult:
    """The November meeting's agenda (with `extra_items` in section C) and these minutes, checked."""
    (content / FOLDER / "meeting.md").write_text(agenda or AGENDA % extra_items, encoding="utf-8")
    body = "".join(f"  - {entry}\n" for entry in minutes)
    (content / FOLDER / "minutes.md").write_text(
        f"---\nstatus: draft\npresent: [{{member: ann-ward, role: chair}}]\nminutes:\n{body}---\n", encoding="utf-8"
    )
    return check(content)


def codes(result: CheckResult) -> list[str]:
    return sorted(diagnostic.code for diagnostic in result.diagnostics.items)


def minutes_of(site: Site | None) -> dict[int, Minute]:
    assert site is not None
    meeting = next(found for found in site.meetings if found.slug == "2011-11-17")
    assert meeting.minutes is not None
    return {found.number: found for found in meeting.minutes.minutes}


def published_text(site: Site) -> str:
    """Every minute's text and resolutions in the public projection: what any template could print."""
    return "\n".join(
        part
        for found in minutes_of(project(site, PUBLIC)).values()
        for part in (found.text or "", *(r.summary for r in found.resolutions))
    )


# --- the private session ------------------------------------------------------------------------------


def test_a_reworded_minute_after_the_exclusion_is_withheld(minimal_copy):
    """The issue's first slip: item C2's minute under a reworded title, with no `item:`."""
    result = write(minimal_copy, [*OPENING, MOTION, minute(21, "Contract award - care homes")])
    assert codes(result) == []
    assert result.site is not None
    resolved = minutes_of(result.site)[21]
    assert (resolved.exempt_paragraph, resolved.confidential, resolved.item) == (3, False, None)
    public = minutes_of(project(result.site, PUBLIC))
    assert public[21].withheld and public[21].text is None and public[21].resolutions == ()
    assert public[21].title == "Contract award - care homes"  # the title stays public
    assert SECRET not in published_text(result.site)
    members = minutes_of(project(result.site, MEMBERS))[21]
    assert members.text == SECRET and members.marking == "NOT FOR PUBLICATION - paragraph 3 of Part 1 of Schedule 12A"


def test_the_session_starts_at_the_first_private_minute_when_the_motion_is_not_minuted(minimal_copy):
    result = write(
        minimal_copy,
        [*OPENING, minute(20, "Contract award", "item: C2"), minute(21, "Care home fees")],
    )
    assert codes(result) == []
    assert result.site is not None
    assert minutes_of(result.site)[21].exempt_paragraph == 3
    assert SECRET not in published_text(result.site)


def test_other_business_in_private_starts_the_session_and_gives_its_paragraph(minimal_copy):
    """With no private item on the agenda, the first minute with its own paragraph gives the session's."""
    public_agenda = AGENDA.split("  - label: C")[0] + "---\n"
    staffing = minute(20, "Staffing matter", "exempt_paragraph: 1")
    result = write(minimal_copy, [*OPENING, staffing, minute(21, "AOB")], agenda=public_agenda)
    assert codes(result) == []
    assert result.site is not None
    assert [(found.exempt_paragraph, found.confidential) for found in minutes_of(result.site).values()][-2:] == [
        (1, False),
        (1, False),
    ]
    assert SECRET not in published_text(result.site)


def test_public_yes_after_readmission_publishes_that_minute_only(minimal_copy):
    result = write(
        minimal_copy,
        [
            *OPENING,
            MOTION,
            minute(21, "Contract award", "item: C2"),
            minute(22, "Date of next meeting", "public: yes", text="PUBLIC-next-meeting"),
            minute(23, "Any other business"),
        ],
    )
    assert codes(result) == []
    assert result.site is not None
    public = minutes_of(project(result.site, PUBLIC))
    assert not public[22].withheld and public[22].text == "PUBLIC-next-meeting"
    assert public[23].withheld  # each public minute after the exclusion says so itself
    text = published_text(result.site)
    assert "PUBLIC-next-meeting" in text and SECRET not in text


def test_minutes_before_the_exclusion_stay_public(minimal_copy):
    result = write(minimal_copy, [*OPENING, MOTION])
    assert codes(result) == []
    assert result.site is not None
    assert not any(found.withheld for found in minutes_of(project(result.site, PUBLIC)).values())


def test_the_paragraph_is_taken_from_the_motions_items_when_they_share_one(minimal_copy):
    result = write(minimal_copy, [*OPENING, MOTION, minute(21, "Care home fees")], C3_EXEMPT)
    assert codes(result) == []
    assert minutes_of(result.site)[21].exempt_paragraph == 3


def test_the_paragraph_is_asked_for_when_the_motions_items_differ(minimal_copy):
    result = write(minimal_copy, [*OPENING, MOTION, minute(21, "Care home fees")], C3_CONFIDENTIAL)
    assert codes(result) == ["E238"]
    assert "C2 (paragraph 3), C3 (confidential)" in result.diagnostics.errors[0].message
    # Still private in what resolved, whatever the mistake.
    assert minutes_of(result.partial_site)[21].is_private
    for fix in ("exempt_paragraph: 3", "confidential: yes", "item: C2", "public: yes"):
        assert codes(write(minimal_copy, [*OPENING, MOTION, minute(21, "Care home fees", fix)], C3_CONFIDENTIAL)) == []


# --- mistyped and forgotten item numbers --------------------------------------------------------------


def test_a_mistyped_public_item_after_the_exclusion_is_an_error(minimal_copy):
    """The issue's second slip: C2's minute written `item: B1`."""
    result = write(minimal_copy, [*OPENING, MOTION, minute(21, "Care homes", "item: B1")])
    assert codes(result) == ["E236"]
    assert "minute 21 names public item B1" in result.diagnostics.errors[0].message
    assert minutes_of(result.partial_site)[21].is_private  # withheld even so
    readmitted = write(minimal_copy, [*OPENING, MOTION, minute(21, "Care homes", "item: B1", "public: yes")])
    assert codes(readmitted) == []
    discussed_in_private = write(
        minimal_copy, [*OPENING, MOTION, minute(21, "Care homes", "item: B1", "exempt_paragraph: 3")]
    )
    assert codes(discussed_in_private) == []
    assert minutes_of(discussed_in_private.site)[21].exempt_paragraph == 3


@pytest.mark.parametrize("title", ["Contract award", "contract  award.", "Contract Awards", "Contract-award (C2)"])
def test_a_public_item_with_a_private_items_title_is_an_error(minimal_copy, title):
    """Before the exclusion a mistyped number would publish the minute: the title gives it away."""
    result = write(minimal_copy, [*OPENING[:2], minute(19, f'"{title}"', "item: B2")])
    assert codes(result) == ["E237"]
    assert "names public item B2" in result.diagnostics.errors[0].message


def test_a_public_item_may_share_its_title_with_a_private_one(minimal_copy):
    """The public and exempt parts of one report often have one title: naming the public item is accepted."""
    meeting_minutes = [*OPENING[:2], minute(19, "Contract award", "item: B2")]
    result = write(minimal_copy, meeting_minutes)
    assert codes(result) == ["E237"]
    (minimal_copy / FOLDER / "meeting.md").write_text(
        (AGENDA % "").replace("title: KSCB update", "title: Contract award"), encoding="utf-8"
    )
    assert codes(check(minimal_copy)) == []


@pytest.mark.parametrize("title", ["Contract award", "CONTRACT AWARD:", "Contract awards"])
def test_a_private_items_title_without_item_is_an_error_before_the_exclusion(minimal_copy, title):
    result = write(minimal_copy, [*OPENING, minute(20, f'"{title}"')])
    assert codes(result) == ["E234"]
    assert result.diagnostics.errors[0].message.endswith("so its text and resolutions would be published")


def test_a_private_items_title_without_item_after_the_exclusion_is_still_an_error(minimal_copy):
    result = write(minimal_copy, [*OPENING, MOTION, minute(21, "Contract award")])
    assert codes(result) == ["E234"]
    assert "withheld only because minute 20 excluded the press and public" in result.diagnostics.errors[0].message


def test_public_yes_cannot_publish_a_private_items_minute(minimal_copy):
    result = write(minimal_copy, [*OPENING, MOTION, minute(21, "Contract award", "item: C2", "public: yes")])
    assert codes(result) == ["W309"]
    assert result.site is not None
    assert SECRET not in published_text(result.site)


def test_an_unnamed_published_minute_while_a_private_item_has_no_minute_is_warned_about(minimal_copy):
    result = write(minimal_copy, [*OPENING, minute(20, "Care homes")])
    assert codes(result) == ["W308"]
    assert codes(write(minimal_copy, [*OPENING, minute(20, "Care homes", "public: yes")])) == []
    assert codes(write(minimal_copy, [*OPENING, minute(20, "Care homes", "item: C2")])) == []


# --- the logo -----------------------------------------------------------------------------------------

PNG = bytes.fromhex(  # one white pixel
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c49444154789c63f8ffff3f0005fe02fe"
    "0def46b80000000049454e44ae426082"
)


def test_a_logo_that_an_exempt_paper_uses_is_an_error_at_the_logo_line(minimal_copy):
    reports = minimal_copy / FOLDER / "reports"
    (reports / "contract-award").mkdir()
    (reports / "contract-award" / "plan.png").write_bytes(PNG)
    (reports / "contract-award.md").write_text(
        "---\nsubject: Contract award\nbackground_documents: none\n---\n![Plan](contract-award/plan.png)\n",
        encoding="utf-8",
    )
    write(minimal_copy, [*OPENING])
    meeting = minimal_copy / FOLDER / "meeting.md"
    meeting.write_text(
        meeting.read_text().replace(
            "        exempt_paragraph: 3\n", "        exempt_paragraph: 3\n        reports: contract-award\n"
        )
    )
    site_yml = minimal_copy / "site.yml"
    settings = site_yml.read_text()
    site_yml.write_text(settings + f"logo: ./{FOLDER}/reports/contract-award/plan.png\n")
    result = check(minimal_copy)
    assert codes(result) == ["E239"]
    found = result.diagnostics.errors[0]
    assert found.path.endswith("site.yml") and found.line == settings.count("\n") + 1 and found.column == 7
    # The same image, once the item is public, may be the logo.
    meeting.write_text(meeting.read_text().replace("        exempt_paragraph: 3\n", ""))
    assert "E239" not in codes(check(minimal_copy))


def test_the_quick_bounds_find_every_twin_the_full_comparison_finds():
    """`private_twin` leaves out the titles whose likeness difflib's cheap upper bounds put below NEAR: over
    thousands of agendas and minute titles (reworded, misspelt, cut short, unrelated), it decides as comparing
    every title in full does."""
    import difflib
    import random
    from types import SimpleNamespace

    from papers.model.private_session import NEAR, Twin, comparable, private_twin

    def likeness(a: str, b: str) -> float:
        return difflib.SequenceMatcher(None, comparable(a), comparable(b), autojunk=False).ratio()

    def in_full(items, title, named):  # the rule, every title compared
        if (named is not None and named.is_private) or not comparable(title):
            return None
        private = [(item, likeness(title, item.title)) for item in items if item.is_private]
        if not private:
            return None
        best, ratio = max(private, key=lambda pair: pair[1])
        exact = comparable(title) == comparable(best.title)
        if not exact and ratio < NEAR:
            return None
        if exact and named is None:
            return Twin(best, True)
        public = [named] if named is not None else [item for item in items if not item.is_private]
        rival = max((likeness(title, item.title) for item in public), default=0.0)
        if exact and rival < 1.0:
            return Twin(best, True)
        if ratio >= NEAR and ratio > rival:
            return Twin(best, False)
        return None

    words = [
        "land",
        "sale",
        "depot",
        "tender",
        "contract",
        "review",
        "staff",
        "grievance",
        "housing",
        "lease",
        "the",
        "of",
        "at",
    ]
    chance = random.Random(20261201)

    def varied(title: str) -> str:
        letters = list(title)
        for _ in range(chance.randrange(4)):
            if not letters:
                break
            at = chance.randrange(len(letters))
            choice = chance.randrange(3)
            if choice == 0:
                del letters[at]
            elif choice == 1:
                letters.insert(at, chance.choice("aeiorst -"))
            else:
                letters[at] = letters[at].upper()
        return "".join(letters) or title

    found = {"twins": 0, "none": 0}
    for _ in range(4000):
        items = [
            SimpleNamespace(
                number=str(number),
                title=" ".join(chance.choices(words, k=chance.randint(1, 5))),
                is_private=chance.random() < 0.5,
            )
            for number in range(1, chance.randint(1, 8) + 1)
        ]
        pick = chance.choice(items).title
        title = chance.choice([pick, varied(pick), " ".join(chance.choices(words, k=3)), pick[: len(pick) // 2]])
        named = chance.choice([None, None, chance.choice(items)])
        expected = in_full(items, title, named)
        assert private_twin(items, title, named) == expected, (title, [item.title for item in items], named)
        found["twins" if expected else "none"] += 1
    assert min(found.values()) > 500, found  # both outcomes often, or the comparison proves little
