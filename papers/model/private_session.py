"""Private session: which minutes are private business, and which titles look like a private item's.

Once the press and public are excluded (the minute that takes the exclusion motion, or the first private
minute), every later minute is private unless it says `public: yes`; the session's paragraph is that of the
private items the motion covers (docs/content-format.md, "Minutes of private business"). A minute's title
is compared with the private items' titles, ignoring case, punctuation and spacing, and by near match.
Used by papers/model/minutes.py.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from papers.model.site import AgendaItem

Marking = tuple[int | None, bool]  # (exempt_paragraph, confidential): what a private minute's notice says

NEAR = 0.8  # difflib ratio from which a title is taken to be a reworded form of another


@dataclass(frozen=True)
class Agenda:
    """The agenda's items in order, grouped by the exclusion motions: group 0 is everything before the first
    motion, group N the N-th motion and the items after it, up to the next one (a withdrawn motion was not
    moved, so it starts no group)."""

    items: tuple[AgendaItem, ...]
    groups: tuple[int, ...]

    @classmethod
    def of(cls, items: tuple[AgendaItem, ...]) -> Agenda:
        groups, group = [], 0
        for item in items:
            group += item.exclusion_motion and not item.withdrawn
            groups.append(group)
        return cls(items, tuple(groups))

    def position(self, item: AgendaItem) -> int:
        return next(index for index, found in enumerate(self.items) if found is item)

    def group_at(self, position: int) -> int:
        return self.groups[position] if position >= 0 else 0

    def private_items(self, group: int) -> list[AgendaItem]:
        return [
            item
            for item, found in zip(self.items, self.groups, strict=True)
            if found == group and item.is_private and not item.withdrawn
        ]

    def private_group_from(self, position: int) -> int | None:
        """The first group, from the one at `position` on, that holds private items."""
        last = self.groups[-1] if self.groups else 0
        return next((group for group in range(self.group_at(position), last + 1) if self.private_items(group)), None)


@dataclass(frozen=True)
class Session:
    """The press and public are excluded: every later minute is private unless it says `public: yes`."""

    since: str  # "minute 20 excluded the press and public"
    group: int | None  # the exclusion motion's group of agenda items
    markings: dict[Marking, list[str]]  # the session's private business, by how it is marked

    @classmethod
    def start(cls, agenda: Agenda, since: str, group: int | None, own: tuple[Marking, str] | None) -> Session:
        markings: dict[Marking, list[str]] = {}
        for item in agenda.private_items(group) if group is not None else []:
            markings.setdefault((item.exempt_paragraph, item.confidential), []).append(item.number)
        if own is not None:
            markings.setdefault(own[0], []).append(own[1])
        return cls(since, group, markings)

    @property
    def marking(self) -> Marking | None:
        """The paragraph (or confidentiality) a minute of the session takes, when its business shares one."""
        return next(iter(self.markings)) if len(self.markings) == 1 else None

    @property
    def fallback(self) -> Marking:
        """Private whatever the mistake: the session's marking, else any of them, else confidential."""
        return self.marking or next(iter(self.markings), (None, True))


def comparable(title: str) -> str:
    """A title as compared with another: lower case, without punctuation or spaces."""
    return "".join(character for character in title.casefold() if character.isalnum())


def _likely(title: str, items: Sequence[AgendaItem]) -> Iterator[tuple[AgendaItem, float]]:
    """Each item with its likeness to `title` (difflib's ratio of the two, `comparable`), but for those whose
    likeness difflib's cheap upper bounds put below NEAR: such an item can be neither a twin nor a rival that
    outdoes one, so `private_twin` decides the same without them (and a long archive's minutes have tens of
    thousands of titles to compare)."""
    mine = comparable(title)
    for item in items:
        matcher = difflib.SequenceMatcher(None, mine, comparable(item.title), autojunk=False)
        if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR:
            yield item, matcher.ratio()


@dataclass(frozen=True)
class Twin:
    item: AgendaItem
    exact: bool  # the same title, ignoring case, punctuation and spaces; else only like it


def private_twin(items: Sequence[AgendaItem], title: str, named: AgendaItem | None) -> Twin | None:
    """The private item whose title the minute has (or nearly has), unless a public item's title fits it as well.

    A minute that names no item is checked against every item; one that names a public item, against that
    item. An exact match with a private item is enough when the minute names no item (E234 always did that).
    """
    if (named is not None and named.is_private) or not comparable(title):
        return None
    private = list(_likely(title, [item for item in items if item.is_private]))
    if not private:
        return None
    best, ratio = max(private, key=lambda pair: pair[1])
    exact = comparable(title) == comparable(best.title)
    if not exact and ratio < NEAR:  # like no private item: no public one can change that
        return None
    if exact and named is None:
        return Twin(best, True)
    public = [named] if named is not None else [item for item in items if not item.is_private]
    rival = max((ratio for _, ratio in _likely(title, public)), default=0.0)
    if exact and rival < 1.0:
        return Twin(best, True)
    if ratio >= NEAR and ratio > rival:
        return Twin(best, False)
    return None


def quoted(twin: Twin) -> str:
    return (
        f"private item {twin.item.number}" if twin.exact else f'private item {twin.item.number} ("{twin.item.title}")'
    )
