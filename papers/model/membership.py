"""A committee's places as the council prints them: "Membership (12)", "Conservative (11):".

The size and each party's places are given in committee.md (`size:`, `party_seats:`), never counted
from the names: a place may be vacant, and the printed figure is the council's, not a count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from papers.content.schema import CommitteeRecord
from papers.content.validate import Validated
from papers.model.references import References, known
from papers.model.site import Party, Seat


def party_places(
    refs: References, entry: Validated, record: CommitteeRecord, parties: dict[str, Party]
) -> tuple[tuple[Party, int], ...]:
    """Each party's places, in the order written; an unknown party is reported and left out."""
    places = []
    for slug, count in record.party_seats.items():
        party = parties.get(slug)
        if party is None:
            refs.problem(
                entry,
                ("party_seats", slug),
                "E204",
                f"party `{slug}` is not defined in site.yml",
                known("parties in site.yml", parties),
                key=True,
            )
            continue
        places.append((party, count))
    return tuple(places)


def check_places(
    refs: References,
    entry: Validated,
    record: CommitteeRecord,
    seats: tuple[Seat, ...],
    places: tuple[tuple[Party, int], ...],
) -> None:
    """More members named on a day (current membership: today's seats) than the places the committee gives."""
    if record.size is not None and sum(count for _, count in places) > record.size:
        refs.problem(
            entry,
            ("party_seats",),
            "E246",
            f"`party_seats` add up to {sum(count for _, count in places)}, more than the committee's "
            f"`size` of {record.size}",
            "correct `size:` or the places of each party",
        )
    for day in sorted({seat.start for seat in seats if seat.start} | {dt.date.max}):
        held = [seat for seat in seats if seat.role != "substitute" and _held(seat, day)]
        if record.size is not None and len(held) > record.size:
            refs.problem(
                entry,
                ("size",),
                "E246",
                f"{len(held)} members hold places{_on(day)}, more than the committee's `size` of {record.size}",
                "correct `size:`, or end a membership with `until:`",
            )
            return
        by_party = Counter(seat.member.party.slug for seat in held if seat.member and seat.member.party)
        for party, count in places:
            if by_party[party.slug] > count:
                refs.problem(
                    entry,
                    ("party_seats", party.slug),
                    "E246",
                    f"{by_party[party.slug]} {party.name} members hold places{_on(day)}, more than the "
                    f"{count} given in `party_seats`",
                    "correct `party_seats:`, or end a membership with `until:`",
                    key=True,
                )
                return


def _held(seat: Seat, day: dt.date) -> bool:
    if day == dt.date.max:
        return seat.until is None
    return seat.held_on(day)


def _on(day: dt.date) -> str:
    return "" if day == dt.date.max else f" on {day:%d %B %Y}"
