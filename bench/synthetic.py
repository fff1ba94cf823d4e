"""A synthetic content tree for a large council, for benchmarks.

Deterministic (seeded): committees meeting through several municipal years,
each meeting with an agenda in sections, reports of realistic length (numbered
paragraphs, a budget table, recommendations), approved minutes numbered on
across meetings, and one exempt item per meeting behind an exclusion motion.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

WORDS = [
    "council",
    "budget",
    "service",
    "children",
    "families",
    "education",
    "transport",
    "highways",
    "adult",
    "social",
    "care",
    "review",
    "strategy",
    "partnership",
    "performance",
    "outcomes",
    "funding",
    "grant",
    "consultation",
    "policy",
    "scrutiny",
    "assessment",
    "delivery",
    "contract",
    "commissioning",
    "schools",
    "early",
    "intervention",
    "safeguarding",
    "housing",
    "planning",
    "development",
    "community",
    "health",
    "wellbeing",
    "provision",
    "savings",
    "pressures",
    "forecast",
    "outturn",
    "capital",
    "revenue",
    "reserves",
    "risk",
    "members",
    "officers",
    "cabinet",
    "committee",
    "report",
    "recommendation",
    "evidence",
]
PARTIES = ("conservative", "labour", "liberal-democrat", "green", "independent")


@dataclass(frozen=True)
class Text:
    """The words report text is drawn from, and how often each (None: each as often as the others)."""

    words: tuple[str, ...]
    cumulative: tuple[int, ...] | None = None

    def draw(self, rng: random.Random, count: int) -> list[str]:
        if self.cumulative is None:
            return [rng.choice(self.words) for _ in range(count)]
        return rng.choices(self.words, cum_weights=self.cumulative, k=count)


def papers_text() -> Text:
    """Words as often as in four published council reports (bench/papers_words.txt, from ../shared/seeds/):
    a few words on most pages, most words on few, as in a real archive."""
    lines = (Path(__file__).parent / "papers_words.txt").read_text(encoding="utf-8").splitlines()
    counted = [line.split() for line in lines if not line.startswith("#")]
    return Text(tuple(word for _, word in counted), tuple(itertools.accumulate(int(count) for count, _ in counted)))


# Each of 51 words on every page, about 30 times: the worst case for a common word's search index chunk.
UNIFORM = Text(tuple(WORDS))
TEXTS: dict[str, Callable[[], Text]] = {"uniform": lambda: UNIFORM, "papers": papers_text}  # by --text name


def sentence(rng: random.Random, length: int = 18, text: Text = UNIFORM) -> str:
    return " ".join(text.draw(rng, length)).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 4, text: Text = UNIFORM) -> str:
    return " ".join(sentence(rng, rng.randint(12, 24), text) for _ in range(sentences))


def report_body(rng: random.Random, sections: int, text: Text = UNIFORM) -> str:
    lines: list[str] = []
    for section in range(1, sections + 1):
        lines.append(f"## {section}. {sentence(rng, 4, text)[:-1]}\n")
        for number in range(1, 5):
            lines.append(f"{section}.{number} {paragraph(rng, text=text)}\n")
        if section == 2:
            lines.append("| Service | 2023-24 £000 | 2024-25 £000 | Change £000 | Change % |")
            lines.append("|---|---:|---:|---:|---:|")
            for row in range(8):
                before, after = rng.randint(500, 90_000), rng.randint(500, 90_000)
                lines.append(
                    f"| {text.draw(rng, 1)[0].capitalize()} {row + 1} | {before:,} | {after:,} | "
                    f"{after - before:,} | {100 * (after - before) / before:.1f} |"
                )
            lines.append("")
    return "\n".join(lines)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def generate(
    root: Path,
    committees: int = 10,
    years: int = 5,
    meetings_per_year: int = 10,
    reports_per_meeting: int = 6,
    report_sections: int = 6,
    seed: int = 2011,
    text: Text = UNIFORM,
) -> dict[str, int]:
    """Write a content tree under `root`; returns what it holds."""
    rng = random.Random(seed)
    write(
        root / "site.yml",
        # With its address, so that the build makes (and the benchmark times) the calendars, feeds and open data.
        "name: Synthetic County Council\nurl: https://papers.synthetic.example/\nparties:\n"
        + "".join(f"  {party}: {{name: {party.replace('-', ' ').title()}}}\n" for party in PARTIES),
    )
    members = [f"member-{index:03d}" for index in range(committees * 8)]
    for index, member in enumerate(members):
        write(
            root / "members" / f"{member}.md",
            f"---\nname: Member {index:03d}\nparty: {PARTIES[index % len(PARTIES)]}\narea: Ward {index % 40}\n---\n",
        )
    counts = {"meetings": 0, "reports": 0}
    for committee_index in range(committees):
        seats = members[committee_index * 8 : (committee_index + 1) * 8]
        generate_committee(
            root / "committees" / f"committee-{committee_index:02d}",
            committee_index,
            seats,
            rng,
            years,
            meetings_per_year,
            reports_per_meeting,
            report_sections,
            counts,
            text,
        )
    return counts


def generate_committee(
    folder: Path,
    index: int,
    seats: list[str],
    rng: random.Random,
    years: int,
    meetings_per_year: int,
    reports_per_meeting: int,
    report_sections: int,
    counts: dict[str, int],
    text: Text,
) -> None:
    membership = "".join(
        f"  - {{member: {seat}, role: chair}}\n" if n == 0 else f"  - {seat}\n" for n, seat in enumerate(seats)
    )
    write(
        folder / "committee.md",
        f"---\nname: Synthetic Committee {index:02d}\nvenue: Council Chamber\n"
        f"start_time: 10:00\nmembership:\n{membership}---\nScrutinises {sentence(rng, 8, text).lower()}\n",
    )
    # Meetings spread through each municipal year (May to April), in date order, never on a weekend.
    spacing = max(1, 330 // meetings_per_year)
    dates = [
        _weekday(dt.date(2015 + year, 5, 20) + dt.timedelta(days=index % spacing + spacing * n))
        for year in range(years)
        for n in range(meetings_per_year)
    ]
    minute_number = 1
    for position, date in enumerate(dates):
        previous = dates[position - 1] if position else None
        following = dates[position + 1] if position + 1 < len(dates) else None
        minute_number = generate_meeting(
            folder / date.isoformat(),
            date,
            previous,
            following,
            seats,
            rng,
            reports_per_meeting,
            report_sections,
            minute_number,
            text,
        )
        counts["meetings"] += 1
        counts["reports"] += reports_per_meeting


def _weekday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def generate_meeting(
    folder: Path,
    date: dt.date,
    previous: dt.date | None,
    following: dt.date | None,
    seats: list[str],
    rng: random.Random,
    reports_per_meeting: int,
    report_sections: int,
    minute_number: int,
    text: Text,
) -> int:
    items = [("A1", "Apologies and substitutes", "")]
    if previous:
        items.append(("A2", f"Minutes of the meeting held on {previous.isoformat()}", f", minutes_of: {previous}"))
    report_items = []
    for number in range(1, reports_per_meeting + 1):
        slug = f"report-{number}"
        title = sentence(rng, 6, text)[:-1]
        report_items.append((f"B{number}", title, f", reports: {slug}"))
        recommendations = "".join(f"  - {sentence(rng, 12, text)}\n" for _ in range(3))
        write(
            folder / "reports" / f"{slug}.md",
            f'---\nsubject: "{title}"\nby: Corporate Director\nto: Committee\ndate: {date}\n'
            f"summary: {sentence(rng, 30, text)}\nrecommendations:\n{recommendations}"
            f"background_documents: None\n---\n{report_body(rng, report_sections, text)}",
        )
    exempt = [
        ("C1", "Exclusion of the press and public", ", exclusion_motion: yes"),
        (
            "C2",
            "Contract award",
            ", exempt: yes, exempt_paragraph: 3, "
            'public_interest: "The public interest in maintaining the exemption outweighs disclosure."',
        ),
    ]
    sections = [
        ("A", "Committee business", items),
        ("B", "Items for decision", report_items),
        ("C", "Exempt items", exempt),
    ]
    agenda = "".join(
        f"  - label: {label}\n    title: {title}\n    items:\n"
        + "".join(
            f'      - {{number: {number}, title: "{item_title}"{extra}}}\n'
            for number, item_title, extra in section_items
        )
        for label, title, section_items in sections
    )
    held = following is not None
    published = date - dt.timedelta(days=21)  # in time even across Christmas and Easter
    write(
        folder / "meeting.md",
        f"---\ndate: {date}\ntime: 10:00\nstatus: {'held' if held else 'scheduled'}\n"
        f"agenda_published: {published}\nsections:\n{agenda}---\n",
    )
    if not held:
        return minute_number
    present = "".join(
        f"  - {{member: {seat}, role: chair}}\n" if n == 0 else f"  - {seat}\n" for n, seat in enumerate(seats[:-1])
    )
    minutes = []
    for number, title, _ in items + report_items:
        minutes.append(
            f'  - number: {minute_number}\n    item: {number}\n    title: "{title}"\n'
            f"    text: {sentence(rng, 40, text)}\n    resolved: that {sentence(rng, 14, text).lower()}\n"
        )
        minute_number += 1
    write(
        folder / "minutes.md",
        f"---\nstatus: approved\napproved_at: {following}\npresent:\n{present}"
        f"apologies: [{seats[-1]}]\nminutes:\n{''.join(minutes)}---\n",
    )
    return minute_number
