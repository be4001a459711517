"""A person's pieces of work on one time line, in minutes from 00:00 of day 0.

The working-time rules are pure checks over these pieces (used by the greedy
and the validator) and CP-SAT constraints built from the same checks; both
place shifts and fixed work on this line with the functions here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from optimizer.roster.problem import MINUTES_PER_DAY, Problem, ShiftType, StaffMember


@dataclass(frozen=True, order=True)
class Piece:
    """A piece of work: a shift of this roster, or fixed work (``shift`` None).

    ``paid`` is a shift's paid minutes (its working time, unpaid break left
    out); fixed work counts in full.
    """

    start: int
    end: int
    shift: str | None = None
    day: int | None = None
    paid: int | None = None

    @property
    def minutes(self) -> int:
        return self.end - self.start if self.paid is None else self.paid


def shift_piece(shift: ShiftType, day: int) -> Piece:
    """Where the shift of type ``shift`` worked on ``day`` lies on the time line."""
    offset = day * MINUTES_PER_DAY
    start, end = offset + shift.start_minute, offset + shift.end_minute
    return Piece(start, end, shift.id, day, shift.paid_minutes)


def fixed_pieces(person: StaffMember) -> list[Piece]:
    """The person's fixed work (busy elsewhere, pinned) as pieces."""
    return [Piece(start, end) for start, end in person.fixed_work if end > start]


def pieces(problem: Problem, person: StaffMember, worked: Iterable[tuple[int, str]]) -> list[Piece]:
    """The person's shifts (``(day, shift id)`` pairs) and fixed work, in time order."""
    types = {shift.id: shift for shift in problem.shifts}
    shifts = [shift_piece(types[shift], day) for day, shift in worked]
    return sorted(shifts + fixed_pieces(person))


def gap(first: Piece, then: Piece) -> int:
    """Minutes between two pieces whichever comes first (negative: they overlap)."""
    return max(then.start - first.end, first.start - then.end)


def overlap(piece: Piece, start: int, end: int) -> int:
    """Minutes of ``piece`` inside [start, end)."""
    return max(0, min(piece.end, end) - max(piece.start, start))


def days_near(problem: Problem, piece: Piece, reach: int) -> range:
    """The days whose shifts could start or end within ``reach`` minutes of ``piece``."""
    longest = max((shift.end_minute for shift in problem.shifts), default=0)
    first = (piece.start - reach - longest) // MINUTES_PER_DAY
    last = (piece.end + reach) // MINUTES_PER_DAY
    return range(max(0, first), min(problem.days, last + 1))
