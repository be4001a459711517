"""One test per hard rule: the solver keeps it and the validator catches a breach."""

from __future__ import annotations

from datetime import timedelta

from place_factories import (
    START,
    at,
    broken_rules,
    contract,
    delegation,
    hand,
    place,
    slot,
    solved,
    visit,
    worker,
)

from optimizer.place import Competence, Travel


def _staffed(solution) -> dict[str, list[str]]:
    """Return staff per item."""
    result: dict[str, list[str]] = {}
    for a in solution.assignments:
        result.setdefault(a.item, []).append(a.staff)
    return result


def test_delegation_whose_review_date_passed_the_day_before_is_not_used():
    """Is an insulin visit on 3 Nov refused to a carer whose delegation review was due 2 Nov?"""
    lapsed = worker("w1", delegations=(delegation(review_by=START),))
    insulin = visit("v1", day=1, activity="insulin")
    problem = place([lapsed], [insulin], days=2)
    solution = solved(problem)
    assert solution.assignments == ()
    (gap,) = solution.unfilled
    assert gap.reason == "no_delegation"
    assert "no carer holds an active insulin delegation for this person" in gap.explanation
    assert "expired on 2 Nov" in gap.explanation
    assert "w1" in gap.fixes[0]
    made = [hand("w1", "v1", at(1, 9), at(1, 9, 30))]
    assert any(b.startswith("delegation:") for b in broken_rules(problem, solution, made))


def test_delegation_reviewed_on_the_visit_day_is_still_active():
    """Is a delegation whose review date is the visit day itself still usable?"""
    current = worker("w1", delegations=(delegation(review_by=START + timedelta(days=1)),))
    solution = solved(place([current], [visit("v1", day=1, activity="insulin")], days=2))
    assert _staffed(solution) == {"v1": ["w1"]}


def test_suspended_delegation_is_not_used():
    """Is a suspended delegation refused even before its review date?"""
    suspended = worker("w1", delegations=(delegation(status="suspended"),))
    solution = solved(place([suspended], [visit("v1", activity="insulin")]))
    assert solution.unfilled[0].reason == "no_delegation"


def test_double_handed_visit_gets_two_carers_arriving_together():
    """Does a double-handed visit get two carers with the same start?"""
    problem = place([worker("w1"), worker("w2")], [visit("v1", carers=2)])
    solution = solved(problem)
    assert sorted(_staffed(solution)["v1"]) == ["w1", "w2"]
    assert len({a.start for a in solution.assignments}) == 1
    apart = [hand("w1", "v1", at(0, 9), at(0, 9, 30)), hand("w2", "v1", at(0, 9, 10), at(0, 9, 40))]
    assert any("arrive together" in b for b in broken_rules(problem, solution, apart))


def test_double_handed_visit_is_not_sent_one_carer():
    """With one carer available, is a double-handed visit left unfilled rather than half-staffed?"""
    problem = place([worker("w1")], [visit("v1", carers=2)])
    solution = solved(problem)
    assert solution.assignments == ()
    assert solution.unfilled[0].missing == 2
    alone = [hand("w1", "v1", at(0, 9), at(0, 9, 30))]
    assert any("has 1 of 2 carers" in b for b in broken_rules(problem, solution, alone))


def test_travel_makes_two_visits_overlap():
    """Can one carer not do two visits when the 30-minute drive between them does not fit?"""
    first = visit("v1", hour=9, window=0, person="p1")
    second = visit("v2", hour=9, minute=40, window=5, person="p2", locality="loc-b")
    problem = place([worker("w1")], [first, second])
    solution = solved(problem)
    assert len(solution.assignments) == 1
    both = [hand("w1", "v1", at(0, 9), at(0, 9, 30)), hand("w1", "v2", at(0, 9, 40), at(0, 10, 10))]
    assert any(b.startswith("travel/overlap") for b in broken_rules(problem, solution, both))


def test_short_travel_lets_one_carer_do_both_visits():
    """With a 5-minute drive, does the same carer do both visits?"""
    first = visit("v1", hour=9, window=0, person="p1")
    second = visit("v2", hour=9, minute=40, window=5, person="p2", locality="loc-b")
    problem = place([worker("w1")], [first, second], travel=[Travel("loc-a", "loc-b", 5)])
    assert len(solved(problem).assignments) == 2


def _joint_worker(opt_out=False):
    """Return a joint-role worker: trust 0.6 and council 0.4, each contract allowing 40 hours."""
    contracts = [
        contract("trust", 22.5, 40.0, kind="joint"),
        contract("council", 15.0, 40.0, kind="joint"),
    ]
    return worker("w1", contracts=contracts, wtr_opt_out=opt_out)


def _long_days():
    """Return five 12-hour days: three for the trust, two for the council."""
    return [
        slot(
            f"s{d}",
            day=d,
            hours=12,
            shift="long_day",
            employers=("trust",) if d < 3 else ("council",),
            site="ward-1" if d < 3 else "home-1",
        )
        for d in range(5)
    ]


def test_48_hour_limit_counts_both_employers_together():
    """Is a joint-role worker stopped at 48 hours even though each contract alone allows more?"""
    problem = place([_joint_worker()], cover=_long_days(), days=7)
    solution = solved(problem)
    assert len(solution.assignments) == 4
    assert {a.employer for a in solution.assignments} == {"trust", "council"}
    assert "48-hour limit" in solution.unfilled[0].explanation
    five = [
        hand("w1", f"s{d}", at(d, 7), at(d, 19), "trust" if d < 3 else "council", "cover")
        for d in range(5)
    ]
    assert any(b.startswith("48-hour limit") for b in broken_rules(problem, solution, five))


def test_opted_out_worker_may_pass_48_hours():
    """Does a worker who opted out of the 48-hour limit work all five long days?"""
    solution = solved(place([_joint_worker(opt_out=True)], cover=_long_days(), days=7))
    assert len(solution.assignments) == 5


def test_contract_hours_cap_bounds_one_employer():
    """Does a council contract capped at 2 hours stop the carer after 2 hours, travel included?"""
    capped = worker("w1", contracts=[contract("council", 2.0, 2.0), contract("trust", 10, 10)])
    visits = [
        visit(f"v{i}", hour=8 + 2 * i, window=0, duration=45, person=f"p{i}") for i in range(3)
    ]
    problem = place([capped], visits)
    solution = solved(problem)
    assert len(solution.assignments) == 2  # 2 x 45 min + 3 legs of 10 min = 120 min
    reasons = {u.reason for u in solution.unfilled}
    assert reasons == {"contract_hours"}
    assert "their trust contract has 10.0 h free" in solution.unfilled[0].explanation
    three = [hand("w1", f"v{i}", at(0, 8 + 2 * i), at(0, 8 + 2 * i, 45)) for i in range(3)]
    assert any(b.startswith("contract hours") for b in broken_rules(problem, solution, three))


def test_competence_must_be_valid_on_the_day():
    """Is a shift refused to a worker whose HCA competence expired the day before?"""
    lapsed = worker("w1", contracts=[contract("trust")], competences=())
    lapsed = lapsed.__class__(
        **{**lapsed.__dict__, "competences": (Competence("HCA", START, START),)}
    )
    problem = place([lapsed], cover=[slot("s1", day=1)], days=2)
    solution = solved(problem)
    assert solution.unfilled[0].reason == "no_competence"
    made = [hand("w1", "s1", at(1, 7), at(1, 15), "trust", "cover")]
    assert any(b.startswith("competence") for b in broken_rules(problem, solution, made))


def test_daily_rest_of_11_hours_between_working_days():
    """After a night shift ending 07:30, is the early shift the same morning refused?"""
    problem = place(
        [worker("w1", contracts=[contract("trust")])],
        cover=[slot("n", day=0, start=(21, 30), hours=10, shift="night"), slot("e", day=1)],
        days=2,
    )
    solution = solved(problem)
    assert len(solution.assignments) == 1
    both = [
        hand("w1", "n", at(0, 21, 30), at(1, 7, 30), "trust", "cover"),
        hand("w1", "e", at(1, 7), at(1, 15), "trust", "cover"),
    ]
    assert any(b.startswith("daily rest") for b in broken_rules(problem, solution, both))


def test_weekly_rest_of_24_hours():
    """Does a worker offered an early shift every day of the week get at least one off?"""
    problem = place(
        [worker("w1", contracts=[contract("trust", 37.5, 60.0)], wtr_opt_out=True)],
        cover=[slot(f"s{d}", day=d) for d in range(7)],
        days=7,
    )
    solution = solved(problem)
    assert len(solution.assignments) == 6
    seven = [hand("w1", f"s{d}", at(d, 7), at(d, 15), "trust", "cover") for d in range(7)]
    assert any(b.startswith("weekly rest") for b in broken_rules(problem, solution, seven))


def test_approved_leave_is_respected():
    """Is a worker on leave not rostered, and the gap explained as leave?"""
    from optimizer.place import Unavailability

    away = worker("w1", unavailable=(Unavailability(at(0, 0), at(1, 0), "annual leave"),))
    problem = place([away], [visit("v1")])
    solution = solved(problem)
    assert solution.unfilled[0].reason == "unavailable"
    made = [hand("w1", "v1", at(0, 9), at(0, 9, 30))]
    assert any(b.startswith("availability") for b in broken_rules(problem, solution, made))


def test_employer_must_be_allowed_to_staff_the_item():
    """Is a trust-only worker not sent on a council-only visit?"""
    solution = solved(place([worker("w1", contracts=[contract("trust")])], [visit("v1")]))
    assert solution.unfilled[0].reason == "no_contract"


def test_one_worker_covers_the_more_urgent_of_two_shifts():
    """With one worker for two shifts at the same time, is the priority-1 shift filled?"""
    cover = [slot("routine", priority=3), slot("urgent", priority=1, site="ward-2")]
    solution = solved(place([worker("w1", contracts=[contract("trust")])], cover=cover))
    assert _staffed(solution) == {"urgent": ["w1"]}
    assert solution.unfilled[0].item == "routine"
    assert solution.unfilled[0].reason == "busy"


def test_cheaper_worker_is_sent_to_the_shift():
    """With two workers able to cover, is the one with the cheaper contract chosen?"""
    dear = worker("w1", contracts=[contract("trust", rate=30.0)])
    cheap = worker("w2", contracts=[contract("trust", rate=15.0)])
    solution = solved(place([dear, cheap], cover=[slot("s1")]))
    assert _staffed(solution) == {"s1": ["w2"]}


def test_repair_adds_a_visit_after_a_shift_the_same_day():
    """Is a joint-role worker's early shift followed by a council visit that afternoon?"""
    joint = worker("w1", contracts=[contract("trust", 22.5, 30, kind="joint"), contract("council")])
    problem = place([joint], [visit("v1", hour=16)], cover=[slot("s1")])
    solution = solved(problem)
    assert sorted((a.item, a.employer) for a in solution.assignments) == [
        ("s1", "trust"),
        ("v1", "council"),
    ]
    assert solution.summary.hours_by_employer == {"council": 0.83, "trust": 8.0}  # 50 min
