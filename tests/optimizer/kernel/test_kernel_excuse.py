"""A breach fixed work alone makes is excused only while no planned piece falls in its scope."""

from __future__ import annotations

from optimizer.kernel import (
    DAY,
    Piece,
    WorkerRules,
    WorkingTime,
    closed,
    day_shape,
    minutes,
    unexcused,
)


def _travel(a: str, b: str) -> int:
    return 10 if a == b else 30


def _fixed(day: int, start_h: float, hours: float, employer="trust") -> Piece:
    start = day * DAY + minutes(start_h)
    long = hours > 6  # a rostered break inside, as the engines give long fixed work
    return Piece(start, start + minutes(hours), "east", employer, break_inside=long, fixed=True)


def _visit(day: int, start_h: float, employer="council") -> Piece:
    start = day * DAY + minutes(start_h)
    return Piece(start, start + 30, "east", employer, mobile=True)


def _days(pieces) -> list:
    by_day: dict[int, list] = {}
    for p in pieces:
        by_day.setdefault(p.start // DAY, []).append(p)
    return [day_shape(by_day[d], "east", _travel) for d in sorted(by_day)]


def _who(**extra) -> WorkerRules:
    return WorkerRules(wt=WorkingTime(), horizon_days=14, weekday=0, **extra)


def _left(fixed: list[Piece], planned: list[Piece], **who) -> set[str]:
    """Return the rules the plan breaks once fixed work's own breaches are excused."""
    shut = closed(_days(fixed), _who(**who))
    return {b.rule for b in unexcused(_days(fixed + planned), _who(**who), shut)}


def test_fixed_work_alone_is_excused():
    """A 14-hour day of fixed work with nothing planned: nothing to report."""
    long_day = [_fixed(0, 6, 3), _fixed(0, 17, 3)]
    assert closed(_days(long_day), _who())[0].breach.rule == "day_span"
    assert _left(long_day, []) == set()


def test_work_inside_the_over_long_day_is_reported_though_the_span_is_unchanged():
    long_day = [_fixed(0, 6, 3), _fixed(0, 17, 3)]
    assert _left(long_day, [_visit(0, 12)]) == {"day_span"}
    assert _left(long_day, [_visit(1, 12)]) == set()


def test_short_daily_rest_closes_both_its_days():
    """Fixed work to 23:00 Monday and from 06:00 Tuesday: work either day is reported."""
    short_rest = [_fixed(0, 15, 8), _fixed(1, 6, 4)]
    assert _left(short_rest, []) == set()
    assert _left(short_rest, [_visit(0, 12)]) == {"daily_rest"}
    assert _left(short_rest, [_visit(1, 12)]) == {"daily_rest"}
    assert _left(short_rest, [_visit(3, 12)]) == set()


def test_contract_hours_close_that_employer_only():
    """Fixed trust work over the trust cap: council work is fine, more trust work is not."""
    over = [_fixed(0, 8, 6), _fixed(1, 8, 6)]
    caps = {"trust": minutes(10), "council": minutes(10)}
    assert _left(over, [_visit(3, 12)], caps=caps) == set()
    assert _left(over, [_visit(3, 12, employer="trust")], caps=caps) == {"contract_hours"}
