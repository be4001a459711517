"""Sending each worker who is free today to one locality, under one of their contracts.

This is how cross-locality and joint-role staff are coordinated before the locality
subproblems are solved: a carer goes where the people whose delegations they hold are,
else where people they already know are, else home; then carers move from localities with
spare capacity to short ones, nearest first. A joint-role worker's day is charged to the
contract whose hours are least used, among employers who need them there.
"""

from __future__ import annotations

from collections import defaultdict

from optimizer.place.daily.state import DayLimits
from optimizer.place.eligibility import Eligibility
from optimizer.place.problem import PlaceProblem, Visit
from optimizer.place.travel import home_of, places_of, typical_leg

TARGET = 1.15  # capacity wanted per minute of demand before a locality gives carers away


def _within(problem: PlaceProblem, visits_by_locality) -> dict[str, int]:
    """Return the travel the day model leaves between two visits, by locality."""
    trip = problem.travel_minutes
    return {
        locality: typical_leg(trip, places_of(visits), places_of(visits), distinct=True)
        for locality, visits in visits_by_locality.items()
    }


def _demand(visits_by_locality: dict[str, list[Visit]], within) -> dict[str, dict[str, float]]:
    """Return minutes of visits (travel included) each employer could staff, by locality."""
    demand: dict[str, dict[str, float]] = {}
    for locality, visits in visits_by_locality.items():
        by_employer: dict[str, float] = defaultdict(float)
        for visit in visits:
            for employer in visit.employers:
                by_employer[employer] += (visit.duration_minutes + within[locality]) * visit.carers
        demand[locality] = dict(by_employer)
    return demand


def _needs(visits_by_locality, seen) -> dict[str, tuple[dict, dict]]:
    """Return, per locality, visits needing each (person, activity) and visits per known carer."""
    needs = {}
    for locality, visits in visits_by_locality.items():
        delegated: dict[tuple[str, str], int] = defaultdict(int)
        known: dict[str, int] = defaultdict(int)
        for v in visits:
            if v.activity:
                delegated[v.person, v.activity] += 1
            for carer in seen.get(v.person, ()):
                known[carer] += 1
        needs[locality] = (dict(delegated), dict(known))
    return needs


def _pull(eligibility: Eligibility, staff_id: str, day: int, needs) -> dict:
    """Return, per locality, how much the worker is needed there (delegations, people known)."""
    delegations = eligibility.delegations_on(staff_id, day)
    return {
        locality: (sum(delegated.get(pair, 0) for pair in delegations), known.get(staff_id, 0))
        for locality, (delegated, known) in needs.items()
    }


def choose_contract(eligibility, staff_id, limits: DayLimits, demand: dict[str, float]):
    """Return the contract index to charge today, or None if no employer there needs them."""
    contracts = eligibility.staff[staff_id].contracts
    usable = [
        k for k, c in enumerate(contracts) if c.employer in demand and limits.contract_room[k] >= 60
    ]
    if not usable:
        return None
    return max(
        usable,
        key=lambda k: (limits.contract_room[k] / max(1.0, contracts[k].hours_per_week_max), -k),
    )


def _first_choice(problem, eligibility, staff_id, day, limits, needs, demand):
    """Return (locality, contract) where the worker is pulled, else their home, else nearest."""
    home = home_of(eligibility.staff[staff_id])
    pull = _pull(eligibility, staff_id, day, needs)

    def key(locality: str) -> tuple:
        needed, known = pull[locality]
        return (-needed, -known, locality != home, problem.travel_minutes(home, locality), locality)

    for locality in sorted(needs, key=key):
        contract = choose_contract(eligibility, staff_id, limits, demand[locality])
        if contract is not None:
            return locality, contract, pull[locality][0] > 0
    return None


def allocate_localities(
    problem: PlaceProblem, eligibility: Eligibility, day: int, limits, visits_by_locality, seen
):
    """Send each free worker to one locality for the day.

    Args:
        problem: the place problem.
        eligibility: cached static facts.
        day: horizon day.
        limits: what each free worker may do today, by staff id.
        visits_by_locality: today's visits.
        seen: carers each person has had so far this week.

    Returns:
        {locality: {staff id: contract index}}.
    """
    within = _within(problem, visits_by_locality)
    demand = _demand(visits_by_locality, within)
    placed: dict[str, tuple[str, int, bool]] = {}
    needs = _needs(visits_by_locality, seen)
    for staff_id, limit in sorted(limits.items()):
        choice = _first_choice(problem, eligibility, staff_id, day, limit, needs, demand)
        if choice is not None:
            placed[staff_id] = choice
    need = {
        locality: sum((v.duration_minutes + within[locality]) * v.carers for v in visits)
        for locality, visits in visits_by_locality.items()
    }
    _rebalance(problem, eligibility, limits, placed, demand, need)
    result: dict[str, dict[str, int]] = {locality: {} for locality in visits_by_locality}
    for staff_id, (locality, contract, _) in placed.items():
        result[locality][staff_id] = contract
    return result


def _rebalance(problem, eligibility, limits, placed, demand, need) -> None:
    """Move unpulled carers from localities with spare capacity to short ones, nearest first."""
    supply: dict[str, float] = defaultdict(float)
    for staff_id, (locality, _, _) in placed.items():
        supply[locality] += limits[staff_id].cap
    for _ in range(len(placed)):
        ratio = {loc: supply[loc] / max(1.0, need[loc]) for loc in need}
        short = min(ratio, key=lambda loc: (ratio[loc], loc))
        rich = max(ratio, key=lambda loc: (ratio[loc], loc))
        if ratio[short] >= TARGET or ratio[rich] <= TARGET or short == rich:
            return
        mover = _nearest_mover(problem, eligibility, limits, placed, rich, short, demand[short])
        if mover is None:
            return
        staff_id, contract = mover
        supply[rich] -= limits[staff_id].cap
        supply[short] += limits[staff_id].cap
        placed[staff_id] = (short, contract, False)


def _nearest_mover(problem, eligibility, limits, placed, rich, short, demand_short):
    """Return (staff id, contract) of the unpulled carer in `rich` nearest to `short`."""
    best = None
    for staff_id, (locality, _, pulled) in placed.items():
        if locality != rich or pulled:
            continue
        contract = choose_contract(eligibility, staff_id, limits[staff_id], demand_short)
        if contract is None:
            continue
        home = home_of(eligibility.staff[staff_id])
        key = (problem.travel_minutes(home, short), staff_id)
        if best is None or key < best[0]:
            best = (key, staff_id, contract)
    return None if best is None else (best[1], best[2])
