"""One rule, one definition: the roster and place validators agree on the same week of work.

Each case is one worker's week of ward shifts, given to both engines' validators; for every
working-time rule both must say the same (kept or broken). Hours carried in are at the
limit and the worker is a night worker in both, so the week alone is judged.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime, timedelta

import pytest

from optimizer.place import (
    Competence,
    Contract,
    CoverSlot,
    Locality,
    Organisation,
    PlaceProblem,
    Travel,
    problem_to_dict,
    solution_to_dict,
    solve,
)
from optimizer.place import StaffMember as PlaceWorker
from optimizer.place import validate as place_validate
from optimizer.roster.check.validator import validate as roster_validate
from optimizer.roster.problem import Assignment, Problem, ShiftType, StaffMember

MONDAY = dt.date(2026, 11, 2)
CARRIED = 16 * 48 * 60  # sixteen weeks at the 48-hour average: the week alone must keep it
# Breaks stated and paid, so both engines count the whole shift as working time.
SHIFTS = {
    "early": (dt.time(7, 0), 8 * 60),
    "late": (dt.time(14, 0), 8 * 60),
    "long": (dt.time(7, 0), 12 * 60),
    "night": (dt.time(21, 0), 10 * 60 + 30),
}
RULES = ("daily_rest", "weekly_rest", "weekly_limit", "night_limit", "break")

# Roster validator messages and place validator messages, by rule.
ROSTER_WORDS = {
    "daily_rest": " rests ",
    "weekly_rest": "lacks weekly rest",
    "weekly_limit": ": weekly_limit ",
    "night_limit": ": night_limit ",
    "break": "without a break",
}
PLACE_WORDS = {
    "daily_rest": "hours between working days",
    "weekly_rest": "weekly rest:",
    "weekly_limit": "-hour limit:",
    "night_limit": "night work:",
    "break": "break:",
}


def _roster_verdict(week: list[tuple[int, str]]) -> dict[str, bool]:
    types = tuple(
        ShiftType(name, start, _end(start, length), length, break_minutes=30)
        for name, (start, length) in SHIFTS.items()
    )
    person = StaffMember("w1", night_worker=True, carried_in_minutes=CARRIED)
    problem = Problem(MONDAY, 7, types, (person,), ())
    broken = roster_validate(problem, [Assignment("w1", d, s) for d, s in week]).broken
    return {rule: any(ROSTER_WORDS[rule] in m for m in broken) for rule in RULES}


def _end(start: dt.time, length: int) -> dt.time:
    return (datetime.combine(MONDAY, start) + timedelta(minutes=length)).time()


def _slot(day: int, name: str) -> CoverSlot:
    start, length = SHIFTS[name]
    begins = datetime.combine(MONDAY + timedelta(days=day), start)
    return CoverSlot(
        f"{name}{day}", shift=name, start=begins, end=begins + timedelta(minutes=length),
        site="ward-1", competence="HCA", required=1, employers=("trust",),
    )  # fmt: skip


def _place_verdict(week: list[tuple[int, str]]) -> dict[str, bool]:
    held = (Competence("HCA", MONDAY - timedelta(days=100)),)
    contract = Contract("trust", "substantive", 37.5, 100.0, 15.0, 22.5)
    worker = PlaceWorker(
        "w1", "w1", "loc-a", (contract,), held, night_worker=True, carried_in_minutes=CARRIED
    )
    slots = [_slot(day, name) for day, name in week]
    problem = PlaceProblem(
        name="week", start=MONDAY, days=7,
        organisations=(Organisation("trust", "Trust", "nhs_trust"),),
        localities=(Locality("loc-a", "A"),), travel=(Travel("loc-a", "loc-a", 5),),
        sites=(), staff=(worker,), cover=tuple(slots), visits=(),
    )  # fmt: skip
    document = solution_to_dict(solve(problem, time_limit=5.0, method="greedy", workers=1))
    document["assignments"] = [
        {
            "staff": "w1", "item": s.id, "kind": "cover", "employer": "trust",
            "start": s.start.isoformat(timespec="minutes"),
            "end": s.end.isoformat(timespec="minutes"),
        }
        for s in slots
    ]  # fmt: skip
    document["summary"]["objective"] = None
    broken = place_validate(problem_to_dict(problem), document)
    return {rule: any(PLACE_WORDS[rule] in m for m in broken) for rule in RULES}


EARLIES = [(d, "early") for d in range(7)]
CASES = {
    "a late then an early: 9 hours' rest": [(0, "late"), (1, "early")],
    "two earlies: 16 hours' rest": [(0, "early"), (1, "early")],
    "seven earlies: no day off, 56 hours": EARLIES,
    "six earlies: a day off, 48 hours": EARLIES[:6],
    "five long days: 60 hours": [(d, "long") for d in range(5)],
    "four long days: 48 hours": [(d, "long") for d in range(4)],
    "five nights: 52.5 hours at night": [(d, "night") for d in range(5)],
    "four nights: 42 hours at night": [(d, "night") for d in range(4)],
}


@pytest.mark.parametrize("case", CASES)
def test_both_validators_give_the_same_verdict_on_each_rule(case):
    week = CASES[case]
    roster, place = _roster_verdict(week), _place_verdict(week)
    assert roster == place


def test_the_cases_break_each_rule_somewhere_and_keep_it_somewhere():
    """The agreement above is not two validators that never complain."""
    verdicts = [_roster_verdict(week) for week in CASES.values()]
    for rule in ("daily_rest", "weekly_rest", "weekly_limit", "night_limit"):
        assert {v[rule] for v in verdicts} == {True, False}, rule
