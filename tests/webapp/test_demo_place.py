"""The demo place: realistic, deterministic, and the sign-ins the README promises."""

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from webapp import create_app
from webapp.cli import upgrade_database
from webapp.models import (
    Delegation,
    EmploymentContract,
    Locality,
    Organisation,
    PassportEntry,
    Place,
    Sector,
    StaffMember,
    User,
)
from webapp.services import demo
from webapp.services.passports import status_of


def _build(tmp_path, name: str, seed: int, staff: int):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / name}"})
    upgrade_database(app)
    session = Session(app.extensions["engine"])
    demo.build_demo_place(session, seed=seed, staff=staff, today=date(2026, 11, 23))
    return app, session


def _fingerprint(session) -> list:
    return list(
        session.exec(
            select(
                StaffMember.given_name, StaffMember.family_name, StaffMember.home_locality_id
            ).order_by(StaffMember.id)
        )
    )


def test_same_seed_same_place(tmp_path):
    """Do two builds with the same seed and day give the same place, another seed another?"""
    app_a, a = _build(tmp_path, "a.db", seed=11, staff=200)
    app_b, b = _build(tmp_path, "b.db", seed=11, staff=200)
    app_c, c = _build(tmp_path, "c.db", seed=12, staff=200)
    assert _fingerprint(a) == _fingerprint(b) != _fingerprint(c)
    for app, session in ((app_a, a), (app_b, b), (app_c, c)):
        session.close()
        app.extensions["engine"].dispose()


def test_demo_place_is_realistic(tmp_path):
    """Does the place have 4–6 localities, every sector, 5%+ joint roles and some expiry?"""
    app, s = _build(tmp_path, "r.db", seed=5, staff=1000)
    place = s.exec(select(Place)).one()
    assert 250_000 <= place.population <= 500_000
    assert 4 <= s.exec(select(func.count()).select_from(Locality)).one() <= 6
    sectors = [Sector(o.sector) for o in s.exec(select(Organisation))]
    assert sectors.count(Sector.NHS_TRUST) == 1 and sectors.count(Sector.COUNCIL_ASC) == 1
    assert 2 <= sectors.count(Sector.INDEPENDENT_PROVIDER) <= 3
    assert sectors.count(Sector.PUBLIC_HEALTH) == 1
    per_member = s.exec(
        select(EmploymentContract.staff_member_id, func.count()).group_by(
            EmploymentContract.staff_member_id
        )
    ).all()
    joint = sum(1 for _, n in per_member if n > 1)
    assert joint / 1000 >= 0.05
    statuses = [status_of(u, date(2026, 11, 23)) for u in s.exec(select(PassportEntry.valid_until))]
    expired = statuses.count("expired") / len(statuses)
    expiring = statuses.count("expiring") / len(statuses)
    assert 0.02 < expired < 0.12 and 0.04 < expiring < 0.15
    assert s.exec(select(func.count()).select_from(Delegation)).one() > 50
    emails = set(s.exec(select(User.email)))
    assert emails == {
        f"{n}@demo.place"
        for n in ("carer", "manager", "nurse", "lead", "issuer", "admin", "wardmanager")
    }
    s.close()
    app.extensions["engine"].dispose()
