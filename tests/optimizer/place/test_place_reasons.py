"""Nothing insertable is left, and every unfilled item's reason is true (exhaustive search).

For each unfilled item, every worker is tried at every minute of its window (every pair for
a double-handed visit) by adding the assignment to the final plan and asking the independent
validator. No insertion may be legal (the insertion pass leaves none); a static reason must
leave fewer workers than are missing; a plan reason's named candidates must really break the
stated rule at some start; "no second carer" only when one carer alone could go.
"""

from __future__ import annotations

import random
from datetime import timedelta

from place_factories import START, at, contract, hand, place, slot, solved, visit, worker

from optimizer.place import FixedWork, Unavailability, problem_to_dict, solution_to_dict, validate

PREFIX = {
    "busy": ("travel/overlap",),
    "day_span": ("daily rest: ", "span"),
    "break": ("break:",),
    "daily_rest": ("daily rest: ",),
    "weekly_rest": ("weekly rest:",),
    "weekly_limit": ("48-hour limit:",),
    "night_limit": ("night work:",),
    "contract_hours": ("contract hours:",),
    "no_competence": ("competence:",),
    "no_delegation": ("delegation:",),
    "no_contract": ("contract:",),
    "unavailable": ("availability:",),
}


def _breaks(problem, document, extra: list[dict]) -> list[str]:
    """Return what the validator says about the final plan plus `extra` assignments."""
    trial = dict(document, assignments=document["assignments"] + extra)
    trial["summary"] = {}  # the figures change with the plan; the rules are what is asked
    return validate(problem_to_dict(problem), trial)


def _tries(problem, item, kind, name):
    """Yield hand-made assignments of one worker to the item at every minute and employer."""
    staff = next(s for s in problem.staff if s.id == name)
    if kind == "cover":
        moments = [item.start]
        length = item.end - item.start
    else:
        span = int((item.latest_start - item.earliest_start).total_seconds() // 60)
        moments = [item.earliest_start + timedelta(minutes=m) for m in range(span + 1)]
        length = timedelta(minutes=item.duration_minutes)
    for moment in moments:
        for c in staff.contracts:
            yield moment, hand(name, item.id, moment, moment + length, c.employer, kind)


def _legal(problem, document, item, kind, missing):
    """Return whether `missing` workers could legally be added to the item (exhaustively)."""
    already = {a["staff"] for a in document["assignments"] if a["item"] == item.id}
    free: dict = {}
    for s in problem.staff:
        if s.id in already:
            continue
        for moment, made in _tries(problem, item, kind, s.id):
            said = _breaks(problem, document, [made])
            if not [b for b in said if not b.startswith("double-handed:")]:
                free.setdefault(moment, []).append(made)
    if kind == "cover" or missing == 1:
        return bool(free), bool(free)
    for made in free.values():
        for i, a in enumerate(made):
            for b in made[i + 1 :]:
                if a["staff"] != b["staff"] and not _breaks(problem, document, [a, b]):
                    return True, True
    return False, bool(free)


STATIC = ("no_competence", "no_delegation", "no_contract", "unavailable")


def _static_holds(problem, document, item, kind, gap) -> bool:
    """Return whether fewer workers than missing pass the stated static rule and those before it."""
    rules = STATIC[: STATIC.index(gap.reason) + 1]
    already = {a["staff"] for a in document["assignments"] if a["item"] == item.id}
    passing = 0
    for s in problem.staff:
        if s.id in already:
            continue
        ok = False
        for _, made in _tries(problem, item, kind, s.id):
            said = _breaks(problem, document, [made])
            if not any(b.startswith(PREFIX[r]) for r in rules for b in said):
                ok = True
                break
        passing += ok
    return passing < gap.missing


def _breaks_rule(problem, document, item, kind, name, rule) -> bool:
    """Return whether adding this worker breaks `rule` at some start."""
    prefix = PREFIX[rule]
    for _, made in _tries(problem, item, kind, name):
        said = _breaks(problem, document, [made])
        if any(all(p in b for p in prefix) for b in said):
            return True
    return False


def _check_reasons(problem, seconds=30.0) -> int:
    """Solve, then check every reason against the exhaustive search; return reasons checked.

    The limit is generous so that no deadline cuts the insertion (these places solve in
    well under a second when the machine is quiet).
    """
    solution = solved(problem, seconds=seconds)
    document = solution_to_dict(solution)
    items = {c.id: (c, "cover") for c in problem.cover} | {
        v.id: (v, "visit") for v in problem.visits
    }
    for gap in solution.unfilled:
        item, kind = items[gap.item]
        together, alone = _legal(problem, document, item, kind, gap.missing)
        assert not together, (gap, "the insertion pass left an insertable item")
        assert gap.reason != "could_fill", gap
        if gap.reason in STATIC:
            assert _static_holds(problem, document, item, kind, gap), gap
            continue
        assert (gap.reason == "no_second_carer") == alone, gap
        for candidate in gap.candidates:
            if candidate.blocked_by in PREFIX:
                assert _breaks_rule(problem, document, item, kind, candidate.staff, gap.reason), (
                    gap,
                    candidate,
                )
    return len(solution.unfilled)


def _random_place(seed: int):
    """Return a small random place: a few carers, busy days, visits, a shift or two."""
    rng = random.Random(seed)
    days = rng.choice([1, 2, 3])
    staff = []
    for i in range(rng.randint(2, 4)):
        kinds = [contract("council", 10, rng.choice([3, 8, 20]))]
        if rng.random() < 0.4:
            kinds.append(contract("trust", 10, 20))
        fixed = ()
        if rng.random() < 0.5:
            d, h = rng.randrange(days), rng.randint(6, 18)
            fixed = (FixedWork(at(d, h), at(d, h + rng.randint(2, 5)), "loc-b", "elsewhere"),)
        away = ()
        if rng.random() < 0.2:
            away = (Unavailability(at(0, 0), at(0, 12)),)
        home = rng.choice(["loc-a", "loc-b"])
        staff.append(worker(f"w{i}", home, kinds, fixed_work=fixed, unavailable=away))
    visits = [
        visit(
            f"v{j}",
            day=rng.randrange(days),
            hour=rng.randint(7, 21),
            window=rng.choice([0, 15, 45]),
            duration=rng.choice([30, 45, 60]),
            person=f"p{j % 3}",
            locality=rng.choice(["loc-a", "loc-b"]),
            carers=2 if rng.random() < 0.2 else 1,
        )
        for j in range(rng.randint(4, 9))
    ]
    cover = [
        slot(
            f"s{k}",
            day=rng.randrange(days),
            start=(rng.choice([7, 14, 21]), 0),
            hours=8,
            employers=("trust",),
            required=rng.choice([1, 2]),
        )
        for k in range(rng.randint(0, 2))
    ]
    return place(staff, visits, cover, days=days)


def test_nothing_insertable_and_every_reason_true_on_small_places():
    """On forty small random places, is nothing insertable left, and every reason true?"""
    checked = sum(_check_reasons(_random_place(seed)) for seed in range(40))
    assert checked > 10  # the places do leave items unfilled, so reasons were really checked


def test_a_shift_short_by_one_with_a_holder_free_is_not_blamed_on_competence():
    """A shift needing 2 with 1 on it: reason from the missing one, not from the 2 needed."""
    trust = [contract("trust", 37.5, 45)]
    busy = (FixedWork(at(0, 6), at(0, 16), "loc-a", "elsewhere"),)
    away = (Unavailability(at(0, 0), at(1, 0)),)
    staff = [
        worker("w1", contracts=trust),
        worker("w2", contracts=trust, fixed_work=busy),
        worker("w3", contracts=trust, unavailable=away),
    ]
    problem = place(staff, cover=[slot("s1", required=2)])
    (gap,) = solved(problem).unfilled
    assert gap.missing == 1
    assert gap.reason == "busy"
    assert [c.staff for c in gap.candidates] == ["w2"]


def test_double_handed_visit_with_one_free_carer_does_not_say_could_fill():
    """One carer free and the other busy: the reason says no second carer is free."""
    busy = (FixedWork(at(0, 8), at(0, 12), "loc-a", "elsewhere"),)
    problem = place([worker("w1"), worker("w2", fixed_work=busy)], [visit("v1", carers=2)])
    (gap,) = solved(problem).unfilled
    assert gap.reason == "no_second_carer"
    assert "no second carer" in gap.explanation
    assert START.isoformat() in problem_to_dict(problem)["start"]


def test_a_blocking_visit_moves_to_make_room():
    """Only w1 may do the insulin visit, but w1 has another 09:00 visit that w2 can do."""
    from place_factories import delegation

    from optimizer.place import Assignment
    from optimizer.place.eligibility import Eligibility
    from optimizer.place.whole.eject import eject

    insulin = visit("v1", window=0, activity="insulin")
    other = visit("v2", window=0, person="p2")
    problem = place([worker("w1", delegations=(delegation(),)), worker("w2")], [insulin, other])
    plan = [Assignment("w1", "v2", "visit", at(0, 9), at(0, 9, 30), "council")]
    moved = eject(problem, plan, Eligibility(problem), 5.0)
    assert sorted((a.staff, a.item) for a in moved) == [("w1", "v1"), ("w2", "v2")]
    document = solution_to_dict(solved(problem))
    assert len(document["assignments"]) == 2


def test_an_item_the_deadline_left_unchecked_says_so():
    """With no time to check workers against the plan, the reason says so (not a rule)."""
    from optimizer.place.whole.explain import explain_unfilled

    problem = place([worker("w1"), worker("w2")], [visit("v1"), visit("v2", hour=12)])
    gaps = explain_unfilled(problem, [], seconds=0.0)
    assert {g.reason for g in gaps} == {"not_checked"}
    assert all("time for explanations ran out" in g.explanation for g in gaps)
    checked = explain_unfilled(problem, [], seconds=10.0)
    assert {g.reason for g in checked} == {"could_fill"}
