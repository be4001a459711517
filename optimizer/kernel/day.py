"""One working day of one worker: its pieces of work, the travel between them, and its shape.

Travel between any two pieces of work counts as working time (DOMAIN.md section 5: mobile
workers' travel between appointments), visit to shift too; so does a mobile worker's travel
from home to the first visit and from the last visit home. Travel to and from a fixed
workplace (a ward shift) is commuting and does not count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Travel = Callable[[str, str], int]  # minutes from one locality to another


@dataclass(frozen=True)
class Piece:
    """One piece of work in minutes from the horizon's origin."""

    start: int
    end: int
    locality: str | None  # None when not known (then no travel is counted to or from it)
    employer: str
    mobile: bool = False  # a home visit: travel from home and back home counts as work
    break_inside: bool = False  # a shift with its own rostered break (reg 12 met inside it)
    fixed: bool = False  # work already decided (another employer's shift, a pinned visit)


@dataclass(frozen=True)
class DayShape:
    """What the rules need from a day: its bounds, minutes by employer, breaks and night time."""

    first: int  # first minute of work, travel included
    last: int  # last minute of work, travel included
    minutes: Counter = field(default_factory=Counter)  # working minutes by employer
    longest_stretch: int = 0  # longest run of work with no 20-minute break (0 if a break inside)
    pieces: tuple[Piece, ...] = ()

    @property
    def worked(self) -> int:
        """Return the working minutes of the day, every employer together."""
        return sum(self.minutes.values())


def _leg(travel: Travel, home: str, before: Piece | None, piece: Piece) -> int:
    """Return travel minutes leading to `piece` (0 when a locality is unknown)."""
    origin = before.locality if before is not None else (home if piece.mobile else None)
    if before is not None and origin is None:
        origin = home if piece.mobile else None
    if origin is None or piece.locality is None:
        return 0
    return travel(origin, piece.locality)


def day_shape(pieces: Iterable[Piece], home: str, travel: Travel, break_length: int = 20):
    """Return the `DayShape` of a day's pieces, or None if two overlap once travel is counted.

    Args:
        pieces: the day's work, in any order.
        home: the worker's home locality.
        travel: minutes between localities.
        break_length: the shortest idle gap that counts as a break.
    """
    ordered = sorted(pieces, key=lambda p: (p.start, p.end))
    minutes: Counter = Counter()
    before, busy_until, first = None, None, None
    stretch, longest = 0, 0
    for piece in ordered:
        leg = _leg(travel, home, before, piece)
        if busy_until is not None and piece.start < busy_until + leg:
            return None
        idle = 0 if busy_until is None else piece.start - leg - busy_until
        stretch = (0 if idle >= break_length else stretch + idle) + leg + piece.end - piece.start
        stretch = 0 if piece.break_inside else stretch
        longest = max(longest, stretch)
        first = piece.start - leg if first is None else first
        minutes[piece.employer] += piece.end - piece.start + leg
        before, busy_until = piece, max(busy_until or piece.end, piece.end)
    if before is None:
        return None
    last = busy_until
    if before.mobile and before.locality is not None:
        back = travel(before.locality, home)
        minutes[before.employer] += back
        last = busy_until + back
        longest = max(longest, stretch + back)
    return DayShape(first, last, minutes, longest, tuple(ordered))
