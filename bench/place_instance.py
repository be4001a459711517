"""Generate a realistic place problem: a trust, a council, three care providers, public health.

    python bench/place_instance.py --seed 1 --staff 1500 --days 7 --out PROBLEM.json

Six localities; wards, care homes and clinics with early, late and night shifts; people
receiving home care with packages of 1-4 visits a day (15-60 minutes, about one in ten
double-handed), some needing a delegated healthcare activity (insulin, catheter care, PEG
feeding, stoma care, eye drops, wound care) delegated to 3-5 named carers, of which some
delegations have expired or been suspended; 5-10% joint-role staff with two employers;
leave, WTR opt-outs and expired competences. The same seed gives the same file.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optimizer.place.problem import (  # noqa: E402
    Competence,
    Contract,
    CoverSlot,
    Delegation,
    Locality,
    Organisation,
    PlaceProblem,
    Site,
    StaffMember,
    Travel,
    Unavailability,
    Visit,
)
from optimizer.place.problem_json import dump_problem  # noqa: E402

START = date(2026, 11, 2)  # a Monday
LOCALITIES = ["north", "south", "east", "west", "central", "riverside"]
ORGS = [
    Organisation("trust", "Place Community and Acute NHS Trust", "nhs_trust"),
    Organisation("council", "Place City Council Adult Social Care", "council"),
    Organisation("provider-1", "Homecare Partners Ltd", "care_provider"),
    Organisation("provider-2", "Riverside Care Services", "care_provider"),
    Organisation("provider-3", "Compassion at Home CIC", "care_provider"),
    Organisation("public-health", "Place Public Health Team", "public_health"),
]
SHIFTS = {
    "early": (7 * 60, 15 * 60),
    "late": (14 * 60, 22 * 60),
    "night": (21 * 60 + 30, 31 * 60 + 30),
}
ACTIVITIES = ["insulin", "catheter-care", "peg-feeding", "stoma-care", "eye-drops", "wound-care"]
ROUNDS = [(7 * 60, 90), (12 * 60, 60), (16 * 60 + 30, 60), (19 * 60 + 30, 90)]  # opens, window


def _at(day: int, minute: int) -> datetime:
    """Return the datetime `minute` minutes after midnight on horizon day `day`."""
    return datetime.combine(START, time()) + timedelta(days=day, minutes=minute)


def _travel(rng: random.Random) -> list[Travel]:
    """Return a travel matrix from locality positions on a map."""
    where = {loc: (rng.uniform(0, 6), rng.uniform(0, 6)) for loc in LOCALITIES}
    result = []
    for a in LOCALITIES:
        for b in LOCALITIES:
            dist = ((where[a][0] - where[b][0]) ** 2 + (where[a][1] - where[b][1]) ** 2) ** 0.5
            minutes = rng.randint(8, 12) if a == b else int(10 + 4 * dist)
            result.append(Travel(f"loc-{a}", f"loc-{b}", minutes))
    return result


def _sites(rng: random.Random, scale: float) -> list[tuple[Site, list[tuple[str, str]]]]:
    """Return wards, care homes and clinics, each with the (competence, shift) pairs they need."""
    sites = []
    wards = max(1, round(34 * scale))
    for i in range(wards):
        loc = "central" if i < 0.6 * wards else ("north" if i < 0.82 * wards else "riverside")
        sites.append(
            (
                Site(f"ward-{i + 1}", f"Ward {i + 1}", f"loc-{loc}", "trust"),
                [(c, s) for c in ("RN", "HCA") for s in SHIFTS],
            )
        )
    for i in range(max(1, round(10 * scale))):
        sites.append(
            (
                Site(
                    f"care-home-{i + 1}",
                    f"Care home {i + 1}",
                    f"loc-{LOCALITIES[i % 6]}",
                    "council",
                ),
                [(c, s) for c in ("senior-carer", "carer") for s in SHIFTS],
            )
        )
    for i in range(max(1, round(6 * scale))):
        sites.append(
            (
                Site(f"clinic-{i + 1}", f"Clinic {i + 1}", f"loc-{LOCALITIES[i]}", "public-health"),
                [
                    (c, s)
                    for c in ("sexual-health-nurse", "immunisation-nurse")
                    for s in ("early", "late")
                ],
            )
        )
    return sites


def _cover(rng: random.Random, days: int, sites) -> list[CoverSlot]:
    """Return cover slots for every site, competence and shift of every day."""
    slots = []
    for day in range(days):
        for site, needs in sites:
            for competence, shift in needs:
                start, end = SHIFTS[shift]
                required = rng.choices([1, 2, 3], [0.7, 0.25, 0.05])[0]
                employers = (
                    ("trust",)
                    if site.organisation == "trust"
                    else (
                        ("council",)
                        if site.organisation == "council"
                        else ("public-health", "trust")
                    )
                )
                slots.append(
                    CoverSlot(
                        f"cover-{site.id}-{competence}-{shift}-d{day}",
                        site.id,
                        shift,
                        _at(day, start),
                        _at(day, end),
                        competence,
                        required,
                        employers,
                        "council" if site.organisation == "council" else "NHS",
                        rng.choices([1, 2, 3], [0.3, 0.6, 0.1])[0],
                    )
                )
    return slots


PROVIDER_AREAS = {
    "provider-1": ("north", "east"),
    "provider-2": ("south", "riverside"),
    "provider-3": ("west", "central"),
}
ROLES = [  # (role, share of staff, employer, competences, hours choices, pounds per hour)
    ("RN", 0.16, "trust", ("RN",), (37.5, 30.0, 22.5), 30.0),
    (
        "HCA",
        0.20,
        "trust",
        ("HCA", "care-certificate", "moving-handling-l2"),
        (37.5, 30.0, 22.5),
        16.0,
    ),
    (
        "senior-carer",
        0.04,
        "council",
        ("senior-carer", "carer", "care-certificate"),
        (37.5, 30.0),
        18.0,
    ),
    (
        "carer",
        0.06,
        "council",
        ("carer", "care-certificate", "moving-handling-l2"),
        (37.5, 30.0, 22.5),
        16.5,
    ),
    (
        "reablement",
        0.06,
        "council",
        ("care-certificate", "moving-handling-l2", "medication-l2"),
        (37.5, 30.0),
        17.0,
    ),
    (
        "homecare",
        0.42,
        "provider",
        ("care-certificate", "moving-handling-l2", "medication-l2"),
        (37.5, 30.0, 22.5, 16.0),
        14.0,
    ),
    (
        "ph-nurse",
        0.03,
        "public-health",
        ("sexual-health-nurse", "immunisation-nurse", "RN"),
        (37.5, 30.0),
        32.0,
    ),
    ("agency", 0.03, "agency", (), (40.0,), 0.0),
]


def _contract(
    employer: str, kind: str, hours: float, rate: float, premium: float = 1.5
) -> Contract:
    """Return a contract; overtime above contracted hours up to 7.5 extra hours."""
    return Contract(employer, kind, hours, hours + 7.5, rate, round(rate * premium, 2))


def _competences(rng: random.Random, codes) -> tuple[Competence, ...]:
    """Return competences, a few of them expiring before or during the week."""
    result = []
    for code in codes:
        if code in ("moving-handling-l2", "medication-l2") and rng.random() < 0.15:
            continue
        expired = rng.random() < 0.04
        until = START + timedelta(days=rng.randint(-60, 5) if expired else rng.randint(30, 700))
        result.append(Competence(code, START - timedelta(days=rng.randint(100, 1500)), until))
    return tuple(result)


def _employment(
    rng: random.Random, role: str, employer: str, home: str, rate: float, hours_options
):
    """Return (contracts, competence codes) for one worker, joint roles and bank included."""
    hours = rng.choice(hours_options)
    if role == "agency":
        choice = rng.choice(
            [
                ("trust", ("RN",), 60.0),
                ("trust", ("HCA", "care-certificate"), 28.0),
                ("council", ("carer", "care-certificate", "moving-handling-l2"), 27.0),
            ]
        )
        return [Contract(choice[0], "agency", 0.0, 40.0, choice[2], choice[2])], choice[1]
    if employer == "provider":
        employer = next(p for p, areas in PROVIDER_AREAS.items() if home in areas)
    contracts = [
        _contract(
            employer, "substantive", hours, rate, 1.0 if employer.startswith("provider") else 1.5
        )
    ]
    roll = rng.random()
    if roll < 0.075 and employer in ("trust", "council") or roll < 0.06:
        other = {"trust": "council", "council": "trust", "public-health": "trust"}.get(
            employer, "council"
        )
        first = round(hours * 0.6 * 2) / 2
        contracts = [
            _contract(employer, "joint", first, rate),
            _contract(other, "joint", hours - first, rate + 1.0),
        ]
    elif roll < 0.14 and employer in ("trust", "council"):
        other = "council" if employer == "trust" else "trust"
        contracts.append(
            Contract(other, "bank", 0.0, 12.0, round(rate * 1.1, 2), round(rate * 1.1, 2))
        )
    return contracts, None


def _staff(rng: random.Random, count: int, days: int) -> list[StaffMember]:
    """Return the place's workforce."""
    staff = []
    roles = rng.choices(ROLES, [r[1] for r in ROLES], k=count)
    for n, (role, _, employer, codes, hours, rate) in enumerate(roles):
        areas = (
            PROVIDER_AREAS[rng.choice(list(PROVIDER_AREAS))]
            if employer == "provider"
            else LOCALITIES
        )
        home = rng.choice(areas)
        contracts, agency_codes = _employment(rng, role, employer, home, rate, hours)
        leave = ()
        if rng.random() < 0.12:
            first = rng.randrange(days)
            leave = (
                Unavailability(
                    _at(first, 0), _at(min(days, first + rng.randint(2, 5)), 0), "annual leave"
                ),
            )
        elif rng.random() < 0.03:
            first = rng.randrange(days)
            leave = (Unavailability(_at(first, 0), _at(first + 1, 0), "sickness"),)
        asked = (START + timedelta(days=rng.randrange(days)),) if rng.random() < 0.2 else ()
        staff.append(
            StaffMember(
                f"staff-{n + 1:04d}",
                f"Worker {n + 1}",
                f"loc-{home}",
                tuple(contracts),
                _competences(rng, agency_codes or codes),
                (),
                rng.random() < 0.1,
                leave,
                asked,
            )
        )
    return staff


def _person_terms(rng: random.Random, locality: str):
    """Return (funder, employers) for one person's package of care."""
    provider = next(p for p, areas in PROVIDER_AREAS.items() if locality in areas)
    roll = rng.random()
    if roll < 0.65:
        return "council", (provider, "council") if rng.random() < 0.2 else (provider,)
    if roll < 0.85:
        return "NHS", ("trust", provider)
    return "pooled", ("council", "trust")


def _carers_near(pool, employers, locality) -> list[StaffMember]:
    """Return home-care-capable workers of these employers living in the locality."""
    return [s for s in pool.get(locality, []) if any(c.employer in employers for c in s.contracts)]


def _delegations(rng: random.Random, person: str, activity: str, carers) -> dict[str, Delegation]:
    """Delegate an activity for a person to 3-5 named carers; some lapse or are suspended."""
    chosen = rng.sample(carers, min(len(carers), rng.randint(3, 5)))
    result = {}
    for staff in chosen:
        roll = rng.random()
        if roll < 0.15:
            review = START + timedelta(days=rng.randint(-30, 5))
        else:
            review = START + timedelta(days=rng.randint(20, 120))
        status = "suspended" if rng.random() < 0.05 else "active"
        result[staff.id] = Delegation(person, activity, review, status)
    return result


def _visits(rng: random.Random, target: int, days: int, staff: list[StaffMember]):
    """Return visits for enough people to reach about `target` visits, and the delegations."""
    pool: dict[str, list[StaffMember]] = {}
    for s in staff:
        if any(c.code == "care-certificate" for c in s.competences):
            pool.setdefault(s.home_locality, []).append(s)
    visits, delegations, n = [], {}, 0
    while len(visits) < target:
        n += 1
        person, locality = f"person-{n:05d}", rng.choice(LOCALITIES)
        funder, employers = _person_terms(rng, locality)
        near = _carers_near(pool, employers, f"loc-{locality}")
        double = rng.random() < 0.10
        activity = rng.choice(ACTIVITIES) if rng.random() < 0.12 and near else None
        if activity:
            for staff_id, d in _delegations(rng, person, activity, near).items():
                delegations.setdefault(staff_id, []).append(d)
        preferred = (
            tuple(s.id for s in rng.sample(near, min(2, len(near)))) if rng.random() < 0.3 else ()
        )
        rounds = sorted(rng.sample(range(4), rng.choices([1, 2, 3, 4], [0.2, 0.3, 0.25, 0.25])[0]))
        durations = {r: rng.choices([15, 30, 45, 60], [0.14, 0.5, 0.26, 0.1])[0] for r in rounds}
        for day in range(days):
            if rng.random() < 0.04:
                continue
            for r in rounds:
                opens, window = ROUNDS[r]
                opens += rng.choice([0, 15, 30, 45])
                task = (
                    activity
                    if activity and (r in (0, 2) if activity == "insulin" else r == rounds[0])
                    else None
                )
                competences = (
                    ("care-certificate",)
                    + (("moving-handling-l2",) if double else ())
                    + (("medication-l2",) if task in ("insulin", "eye-drops") else ())
                )
                visits.append(
                    Visit(
                        f"visit-{person}-d{day}-r{r}",
                        person,
                        f"loc-{locality}",
                        _at(day, opens),
                        _at(day, opens + window),
                        durations[r],
                        employers,
                        competences,
                        task,
                        2 if double else 1,
                        1 if task else (3 if r == 1 and not double else 2),
                        funder,
                        preferred,
                    )
                )
    return visits, delegations


def generate(seed: int, staff_count: int = 1500, days: int = 7) -> PlaceProblem:
    """Return a generated place problem.

    Args:
        seed: random seed; the same seed gives the same problem.
        staff_count: workers at the place (visits scale with it, about 13 per worker a week).
        days: days in the horizon.
    """
    rng = random.Random(seed)
    travel = _travel(rng)
    sites = _sites(rng, staff_count / 1500)
    cover = _cover(rng, days, sites)
    staff = _staff(rng, staff_count, days)
    visits, delegations = _visits(rng, round(20000 * staff_count / 1500 * days / 7), days, staff)
    staff = [
        StaffMember(
            s.id,
            s.name,
            s.home_locality,
            s.contracts,
            s.competences,
            tuple(delegations.get(s.id, ())),
            s.wtr_opt_out,
            s.unavailable,
            s.preferred_days_off,
        )
        for s in staff
    ]
    return PlaceProblem(
        name=f"generated place seed {seed}",
        start=START,
        days=days,
        organisations=tuple(ORGS),
        localities=tuple(Locality(f"loc-{x}", x.title()) for x in LOCALITIES),
        travel=tuple(travel),
        sites=tuple(s for s, _ in sites),
        staff=tuple(staff),
        cover=tuple(cover),
        visits=tuple(visits),
    )


def main(argv: list[str] | None = None) -> int:
    """Write a generated place problem to a JSON file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--staff", type=int, default=1500)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--out", required=True)
    parser.add_argument("--addresses", action="store_true",
                        help="people, workers and sites at points (bench/place_addresses.py)")
    args = parser.parse_args(argv)
    problem = generate(args.seed, args.staff, args.days)
    if args.addresses:
        from place_addresses import at_addresses

        problem = at_addresses(problem, args.seed)
    dump_problem(problem, args.out)
    print(
        f"{args.out}: {len(problem.staff)} staff, {len(problem.cover)} cover slots, "
        f"{len(problem.visits)} visits, {problem.days} days"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
