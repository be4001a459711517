"""One test per working-time rule of the kernel: a plan that keeps it, one that breaks it."""

from __future__ import annotations

from optimizer.kernel import DAY, Piece, WorkerRules, WorkingTime, breaches, day_shape, minutes

H = minutes(1)
ROADS = {("east", "central"): 18, ("central", "east"): 18}


def _travel(a: str, b: str) -> int:
    return 10 if a == b else ROADS.get((a, b), 60)


def _shift(day: int, start_h: float, hours: float, where="central", employer="trust"):
    start = day * DAY + minutes(start_h)
    return Piece(start, start + minutes(hours), where, employer, break_inside=hours > 6)


def _visit(day: int, start_h: float, mins: int, where="east", employer="council"):
    start = day * DAY + minutes(start_h)
    return Piece(start, start + mins, where, employer, mobile=True)


def _days(pieces, home="east"):
    by_day: dict[int, list] = {}
    for p in pieces:
        by_day.setdefault(p.start // DAY, []).append(p)
    return [day_shape(by_day[d], home, _travel) for d in sorted(by_day)]


def _who(days=7, wt=None, **extra):
    values = dict(wt=wt or WorkingTime(), horizon_days=days, weekday=0)
    values.update(extra)
    return WorkerRules(**values)


def _rules(pieces, **who) -> set[str]:
    return {b.rule for b in breaches(_days(pieces), _who(**who))}


def test_travel_from_a_visit_to_a_night_shift_is_needed_and_counted():
    """A visit ending 21:15 in East, a night shift at 21:30 in Central 18 minutes away: a clash."""
    clash = [_visit(0, 20.75, 30), _shift(0, 21.5, 10)]
    assert day_shape(clash, "east", _travel) is None
    fits = [_visit(0, 20.5, 30), _shift(0, 21.5, 10)]
    shape = day_shape(fits, "east", _travel)
    assert shape.minutes["council"] == 10 + 30 and shape.minutes["trust"] == 18 + 600


def test_daily_rest_of_11_hours():
    """A night ending 07:30 then a 15:00 shift: 7.5 hours' rest breaks it; 18:30 keeps it."""
    night = _shift(0, 20.5, 11)
    assert "daily_rest" in _rules([night, _shift(1, 15, 4)])
    assert "daily_rest" not in _rules([night, _shift(1, 18.5, 4)])


def test_day_span_of_13_hours():
    """Visits at 07:00 and 20:00 (plus travel) make a day over 13 hours."""
    assert "day_span" in _rules([_visit(0, 7, 30), _visit(0, 19.5, 30)])
    assert "day_span" not in _rules([_visit(0, 7, 30), _visit(0, 18, 30)])


def test_break_of_20_minutes_after_6_hours():
    """Visits back to back for 7 hours break reg 12; a 20-minute gap in the middle keeps it."""
    solid = [_visit(0, 8 + i * 0.5, 20) for i in range(14)]  # 20 min + 10 min travel each
    assert "break" in _rules(solid)
    gapped = [p for p in solid if p.start < DAY * 0 + minutes(11)] + [
        _visit(0, 11.5 + i * 0.5, 20) for i in range(7)
    ]
    assert "break" not in _rules(gapped)


def test_weekly_rest_per_7_day_period_not_anywhere_in_the_horizon():
    """13 days on in a 14-day rota: week 2 has no 24 hours off even though week 1 does."""
    days = [d for d in range(14) if d != 2]
    pieces = [_shift(d, 8, 8) for d in days]
    found = breaches(_days(pieces), _who(days=14, opted_out=True))
    assert [b.rule for b in found] == ["weekly_rest"]
    assert found[0].detail["period"] == 7 * DAY


def test_weekly_rest_over_14_days_allows_two_rests_or_one_of_48_hours():
    """Under reg 11(2), two days off together in a fortnight are enough."""
    wt = WorkingTime(weekly_rest_days=14)
    pieces = [_shift(d, 8, 8) for d in range(14) if d not in (12, 13)]
    assert "weekly_rest" not in _rules(pieces, days=14, wt=wt, opted_out=True)
    pieces = [_shift(d, 8, 8) for d in range(14) if d != 13]
    assert "weekly_rest" in _rules(pieces, days=14, wt=wt, opted_out=True)


def test_weekly_rest_excluding_daily_rest_under_reg_11_7():
    """With reg 11(7), one day off between two early shifts (40 hours off) is not 24 + 11."""
    pieces = [_shift(d, 8, 8) for d in range(7) if d != 3]
    assert "weekly_rest" not in _rules(pieces, opted_out=True)
    strict = WorkingTime(weekly_rest_excludes_daily=True)
    late_early = [_shift(d, 14, 8) for d in range(3)] + [_shift(d, 7, 8) for d in range(4, 7)]
    assert "weekly_rest" in _rules(late_early, wt=strict, opted_out=True)


def test_48_hours_averaged_week_by_week_with_nothing_carried_in():
    """64 hours inside one week of a 10-day rota breaks the average when nothing is known before."""
    pieces = [_shift(d, 7, 12.8) for d in range(5)]  # 64 hours, Monday to Friday
    assert "weekly_limit" in _rules(pieces, days=10)


def test_48_hours_average_uses_hours_carried_in():
    """The same 64 hours keep the average after 16 light weeks, not after 16 weeks at 48."""
    pieces = [_shift(d, 7, 12.8) for d in range(5)]
    light = 16 * minutes(30)
    assert "weekly_limit" not in _rules(pieces, days=7, carried=light)
    assert "weekly_limit" in _rules(pieces, days=7, carried=16 * minutes(48))


def test_opted_out_worker_has_no_48_hour_limit():
    pieces = [_shift(d, 7, 12.8) for d in range(5)]
    assert "weekly_limit" not in _rules(pieces, opted_out=True)


def test_night_workers_average_8_hours():
    """Six 10-hour nights (60 h) break a night worker's 8-hour average (48 h a week), opted out."""
    nights = [_shift(d, 21, 10) for d in range(6)]
    assert "night_limit" in _rules(nights, opted_out=True)
    assert "night_limit" not in _rules(nights[:4], opted_out=True)
    days_only = [_shift(d, 7, 10) for d in range(6)]
    assert "night_limit" not in _rules(days_only, opted_out=True)


def test_contract_cap_counts_its_own_employer_only():
    """A 10-hour council cap is not used by 40 hours for the trust."""
    trust = [_shift(d, 8, 8) for d in range(5)]
    council = [_visit(5, 9, 30)]
    caps = {"council": minutes(10), "trust": minutes(45)}
    assert "contract_hours" not in _rules(trust + council, caps=caps)
    assert "contract_hours" in _rules(trust + council, caps={"trust": minutes(30)})


def test_competence_and_delegation_validity_on_a_date():
    """A competence holds through its last day; a delegation through its review day, if active."""
    from datetime import date

    from optimizer.kernel.validity import competence_valid, delegation_usable

    first, last = date(2026, 11, 2), date(2026, 11, 9)
    assert competence_valid(first, last, last) and not competence_valid(
        first, last, date(2026, 11, 10)
    )
    assert not competence_valid(first, None, date(2026, 11, 1)) and competence_valid(
        first, None, date(2030, 1, 1)
    )
    assert delegation_usable("active", last, last) and not delegation_usable(
        "active", last, date(2026, 11, 10)
    )
    assert not delegation_usable("suspended", last, first)
