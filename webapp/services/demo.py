"""Build a realistic demo place: same seed and same day, same place.

Dates are drawn relative to `today` so a fresh demo always shows a realistic share of
expiring and expired training, whatever day it is built on.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import func, text
from sqlmodel import Session, select

from webapp.models import (
    Delegation,
    DelegationStatus,
    EmploymentContract,
    Locality,
    Organisation,
    PassportEntry,
    PersonReceivingCare,
    Place,
    Role,
    RoleRequirement,
    Sector,
    StaffMember,
    User,
)
from webapp.services import catalogue, demo_data, demo_rotas
from webapp.services.accounts import hash_password
from webapp.services.demo_staff import DEMO_INDEX, StaffPlan, plan_staff
from webapp.services.passports import valid_until_for

DEMO_PASSWORD = "demo-password-2026"
CHUNK = 5000


@dataclass(frozen=True)
class DemoSummary:
    place: str
    localities: int
    organisations: int
    staff: int
    joint_role_staff: int
    passport_entries: int
    delegations: int


def build_demo_place(session: Session, *, seed: int, staff: int, today: date) -> DemoSummary:
    """Create the place, its organisations, staff, passports, delegations and sign-ins."""
    rng = random.Random(seed)
    catalogue.load_reference_catalogue(session)
    codes = catalogue.competences_by_code(session)
    place, localities = _place(session, rng)
    orgs = _organisations(session, rng, place)
    _requirements(session, orgs, codes)
    plan = plan_staff(rng, staff, orgs, localities)
    member_ids = _insert_staff(session, place, plan)
    _insert_contracts(session, plan, member_ids, today, rng)
    entries = _insert_passports(session, rng, plan, member_ids, codes, today)
    delegations = _insert_delegations(session, rng, plan, member_ids, localities, codes, today)
    _demo_users(session, place, plan, member_ids, orgs)
    demo_rotas.build_demand(session, rng, place=place, plan=plan, member_ids=member_ids,
                            orgs=orgs, localities=localities, codes=codes, today=today)
    session.commit()
    return DemoSummary(place.name, len(localities), len(orgs), staff,
                       sum(1 for p in plan if len(p.contracts) > 1), entries, delegations)


def _place(session: Session, rng: random.Random):
    population = rng.randint(260_000, 480_000)
    place = Place(name=f"{rng.choice(demo_data.PLACE_NAMES)} Place", population=population)
    session.add(place)
    session.flush()
    names = rng.sample(demo_data.LOCALITY_NAMES, rng.randint(4, 6))
    weights = [rng.uniform(0.7, 1.3) for _ in names]
    localities = [
        Locality(place_id=place.id, name=n, population=int(population * w / sum(weights)))
        for n, w in zip(names, weights, strict=True)
    ]
    session.add_all(localities)
    session.flush()
    return place, localities


def _organisations(session: Session, rng: random.Random, place: Place) -> list[Organisation]:
    stem = place.name.removesuffix(" Place")
    orgs = [
        Organisation(place_id=place.id, name=f"{stem} Health and Care NHS Foundation Trust",
                     sector=Sector.NHS_TRUST, code=f"R{rng.choice('ABCDEFGH')}{rng.randint(1, 9)}",
                     code_scheme="ODS"),
        Organisation(place_id=place.id, name=f"{stem} Council Adult Social Care",
                     sector=Sector.COUNCIL_ASC, code=f"E0600{rng.randint(1000, 9999)}",
                     code_scheme="ODS"),
    ]
    for name in rng.sample(demo_data.PROVIDER_NAMES, rng.randint(2, 3)):
        orgs.append(Organisation(place_id=place.id, name=name,
                                 sector=Sector.INDEPENDENT_PROVIDER,
                                 code=f"1-{rng.randint(10**9, 10**10 - 1)}", code_scheme="CQC"))
    orgs.append(Organisation(place_id=place.id, name=f"{stem} Council Public Health",
                             sector=Sector.PUBLIC_HEALTH, code=f"{orgs[1].code}-PH",
                             code_scheme="ODS"))
    session.add_all(orgs)
    session.flush()
    return orgs


def _requirements(session: Session, orgs: list[Organisation], codes: dict) -> None:
    rows = []
    for org in orgs:
        for job_role, _share, kind, _cost in demo_data.ROLE_MIX[Sector(org.sector)]:
            rows += [{"organisation_id": org.id, "job_role": job_role,
                      "competence_id": codes[code].id}
                     for code in demo_data.REQUIREMENTS[kind]]
    _bulk_insert(session, RoleRequirement, rows)


def _bulk_insert(session: Session, model, rows: list[dict]) -> None:
    """Insert rows with the driver's own executemany: a demo place is half a million rows."""
    if not rows:
        return
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    columns = list(rows[0])
    marks = ", ".join(["?" if sqlite else "%s"] * len(columns))
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f'INSERT INTO "{model.__table__.name}" ({names}) VALUES ({marks})'
    convert = _sqlite_value if sqlite else (lambda v: v)
    for start in range(0, len(rows), CHUNK * 4):
        chunk = [tuple(convert(r[c]) for c in columns) for r in rows[start:start + CHUNK * 4]]
        connection.exec_driver_sql(sql, chunk)


def _sqlite_value(value):
    """Store dates as SQLAlchemy does on SQLite (ISO text); leave the rest alone."""
    return value.isoformat() if isinstance(value, date) else value


def _next_ids(session: Session, model, count: int) -> list[int]:
    """Reserve `count` ids after the highest one in use (the build runs alone)."""
    highest = session.execute(select(func.max(model.id))).scalar() or 0
    return list(range(highest + 1, highest + 1 + count))


def _sync_sequence(session: Session, model) -> None:
    """After explicit ids, move PostgreSQL's sequence past them."""
    if session.get_bind().dialect.name == "postgresql":
        table = model.__table__.name
        session.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                             f"(SELECT MAX(id) FROM \"{table}\"))"))


def _insert_staff(session: Session, place: Place, plan: list[StaffPlan]) -> list[int]:
    ids = _next_ids(session, StaffMember, len(plan))
    _bulk_insert(session, StaffMember, [dict(p.member, id=i, place_id=place.id)
                                        for p, i in zip(plan, ids, strict=True)])
    _sync_sequence(session, StaffMember)
    return ids


def _insert_contracts(session, plan, member_ids, today: date, rng: random.Random) -> None:
    rows = []
    for p, member_id in zip(plan, member_ids, strict=True):
        for c in p.contracts:
            start = today - timedelta(days=rng.randint(30, 3650))
            rows.append(dict(c, staff_member_id=member_id, starts_on=start, ends_on=None))
    _bulk_insert(session, EmploymentContract, rows)


_valid_until = lru_cache(maxsize=65536)(valid_until_for)


def _entry_dates(rng: random.Random, months: int | None, today: date, left: int | None = None):
    """Draw an achieved date so that about 6% are expired and 9% expire within 60 days."""
    if months is None:
        return today - timedelta(days=rng.randint(30, 3000))
    span = int(months * 30.44)
    if left is None:
        roll = rng.random()
        if roll < 0.06:
            left = -rng.randint(1, 240)  # days of validity left: already expired
        elif roll < 0.15:
            left = rng.randint(0, 59)
        else:
            left = rng.randint(61, max(62, span - 14))
    return today - timedelta(days=span - left)


# The demo carer always shows one expired and one expiring item (days of validity left).
DEMO_CARER_FORCED = {"CSTF-FIRE": -12, "CSTF-MH-2": 25}


def _insert_passports(session, rng, plan, member_ids, codes, today: date) -> int:
    rows = []
    for index, (p, member_id) in enumerate(zip(plan, member_ids, strict=True)):
        for code in p.competences:
            forced = DEMO_CARER_FORCED.get(code) if index == DEMO_INDEX["carer"] else None
            if forced is None and rng.random() < 0.04:
                continue  # not held: a gap the matrix must show
            competence = codes[code]
            achieved = _entry_dates(rng, competence.refresher_months, today, forced)
            verified = rng.random() < 0.88
            rows.append({
                "staff_member_id": member_id, "competence_id": competence.id,
                "achieved_on": achieved,
                "valid_until": _valid_until(competence.refresher_months, achieved),
                "evidence_note": rng.choice(demo_data.EVIDENCE),
                "verified_by": rng.choice(p.verifiers) if verified else None,
                "verified_on": achieved + timedelta(days=rng.randint(0, 14)) if verified else None,
                "verifying_organisation_id": p.organisation_id if verified else None,
                "revoked": False,
            })
    _bulk_insert(session, PassportEntry, rows)
    return len(rows)


def _insert_delegations(session, rng, plan, member_ids, localities, codes, today) -> int:
    """Registered professionals delegate activities for named people to care workers."""
    delegators = [(member_ids[i], p) for i, p in enumerate(plan) if p.delegates]
    carers: dict[int, list[int]] = {}
    for i, p in enumerate(plan):
        if p.kind == "carer":
            carers.setdefault(p.member["home_locality_id"], []).append(member_ids[i])
    count = max(5, len(plan) // 12)
    people = [{"id": i, "reference": f"PRC-{n:05d}", "locality_id": rng.choice(localities).id}
              for n, i in enumerate(_next_ids(session, PersonReceivingCare, count))]
    _bulk_insert(session, PersonReceivingCare, people)
    _sync_sequence(session, PersonReceivingCare)
    rows = []
    for person_id, locality_id in ((p["id"], p["locality_id"]) for p in people):
        pool = carers.get(locality_id) or [m for ms in carers.values() for m in ms]
        rows += _delegations_for(rng, person_id, delegators, pool, codes, today)
    rows += _demo_delegations(rows, plan, member_ids, codes, today)
    _bulk_insert(session, Delegation, rows)
    return len(rows)


def _delegations_for(rng, person_id, delegators, pool, codes, today) -> list[dict]:
    rows = []
    for activity in rng.sample(demo_data.DELEGATED, rng.randint(1, 2)):
        delegator_id, delegator = rng.choice(delegators)
        for carer_id in rng.sample(pool, min(len(pool), rng.randint(2, 3))):
            assessed = today - timedelta(days=rng.randint(20, 400))
            review = assessed + timedelta(days=rng.choice([182, 365]))
            status = DelegationStatus.ACTIVE if rng.random() < 0.94 else rng.choice(
                [DelegationStatus.SUSPENDED, DelegationStatus.WITHDRAWN])
            rows.append({"delegating_professional_id": delegator_id,
                         "registration_number": delegator.member["registration_number"],
                         "care_worker_id": carer_id, "person_id": person_id,
                         "activity_id": codes[activity].id, "assessed_on": assessed,
                         "review_by": review, "status": status})
    return rows


def _demo_delegations(rows, plan, member_ids, codes, today) -> list[dict]:
    """The demo nurse has delegated insulin (active) and catheter care (review overdue)
    for one person to the demo carer."""
    nurse = plan[DEMO_INDEX["nurse"]]
    person_id = rows[0]["person_id"]
    base = {"delegating_professional_id": member_ids[DEMO_INDEX["nurse"]],
            "registration_number": nurse.member["registration_number"],
            "care_worker_id": member_ids[DEMO_INDEX["carer"]], "person_id": person_id,
            "status": DelegationStatus.ACTIVE}
    return [
        dict(base, activity_id=codes["DHA-INSULIN"].id, assessed_on=today - timedelta(days=40),
             review_by=today + timedelta(days=142)),
        dict(base, activity_id=codes["DHA-CATH"].id, assessed_on=today - timedelta(days=190),
             review_by=today - timedelta(days=8)),
    ]


def _demo_users(session, place, plan, member_ids, orgs) -> None:
    """Create the six demo sign-ins listed in the README."""
    picks = DEMO_INDEX
    council = next(o for o in orgs if o.sector == Sector.COUNCIL_ASC)
    trust = next(o for o in orgs if o.sector == Sector.NHS_TRUST)
    accounts = [
        ("carer@demo.place", Role.CARE_WORKER, picks["carer"], council.id),
        ("manager@demo.place", Role.MANAGER, picks["manager"], council.id),
        ("nurse@demo.place", Role.REGISTERED_PROFESSIONAL, picks["nurse"], trust.id),
        ("lead@demo.place", Role.WORKFORCE_LEAD, None, None),
        ("issuer@demo.place", Role.ISSUER, None, trust.id),
        ("admin@demo.place", Role.ADMIN, None, None),
    ]
    password_hash = hash_password(DEMO_PASSWORD)  # one known password: hash it once
    for email, role, index, org_id in accounts:
        session.add(User(email=email, password_hash=password_hash, role=role,
                         place_id=place.id, organisation_id=org_id,
                         staff_member_id=member_ids[index] if index is not None else None))


def existing_place(session: Session) -> Place | None:
    return session.exec(select(Place)).first()
