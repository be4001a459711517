"""The manager's fairness setting and the fairness figures as roster-engine input for a ward."""

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from webapp.models import EmploymentContract, User
from webapp.models.demand import TeamMember
from webapp.models.rota import Rota as RotaRow
from webapp.models.rota import RotaAssignment
from webapp.services.rotas import generate
from webapp.services.rotas.problem import build_input
from webapp.services.rotas.problem.fairness import ROSTER_WEIGHT

from .conftest import csrf_token
from .rota_factories import make_ward


def _monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def _admin(db) -> User:
    return db.exec(select(User).where(User.email == "admin@demo.place")).one()


def test_does_the_fairness_setting_reach_a_ward_rotas_roster_engine(client, auth, db):
    """Does a team rota's built input carry the roster engine's fairness weight scaled by the
    manager's choice, with nights, weekend shifts and bank holidays marked by the same rule
    as the figures beside the grid? Is a made-up setting refused?"""
    ward = make_ward(db, code="WF", size=4, manager_email="manager@demo.place")
    db.commit()
    auth.login("manager@demo.place")
    for setting, weight in (("less", 1), ("normal", ROSTER_WEIGHT), ("more", 4 * ROSTER_WEIGHT)):
        response = client.post("/rotas/new", data={
            "csrf_token": csrf_token(client, "/rotas/new"), "team_id": ward.id,
            "starts_on": _monday().isoformat(), "weeks": 1, "fairness": setting})
        assert response.status_code == 302, response.get_data(as_text=True)
        rota = db.exec(select(RotaRow).order_by(RotaRow.id.desc())).first()
        assert rota.engine == "roster" and rota.fairness == setting
        fairness = build_input(db, rota).problem.fairness
        assert fairness.weight == weight
    categories = dict(fairness.categories)
    assert categories["nights"] == frozenset((day, "N") for day in range(7))
    assert categories["weekends"] == frozenset((day, s) for day in (5, 6) for s in "ELN")
    bad = client.post("/rotas/new", data={
        "csrf_token": csrf_token(client, "/rotas/new"), "team_id": ward.id,
        "starts_on": _monday().isoformat(), "weeks": 1, "fairness": "all"})
    assert bad.status_code == 400 and "There is a problem" in bad.get_data(as_text=True)


def test_do_nights_of_the_last_12_weeks_and_contracted_hours_reach_the_roster_engine(db):
    """Are a person's published nights of the 12 weeks before day 0 carried in (older ones
    not), and is their share of unsocial shifts their contracted hours?"""
    ward = make_ward(db, code="WG", size=3)
    admin = _admin(db)
    member = db.exec(select(TeamMember.staff_member_id).where(
        TeamMember.team_id == ward.id)).first()
    earlier = RotaRow(place_id=admin.place_id, team_id=ward.id,
                      starts_on=_monday() - timedelta(weeks=14), weeks=6, engine="roster",
                      status="published", version=1, created_by_user_id=admin.id,
                      created_at=datetime.now(UTC))
    db.add(earlier)
    db.flush()
    # Nights on Tuesdays 2 and 3 weeks back count; one 13 weeks back is outside the history.
    for weeks_before in (2, 3, 13):
        day = _monday() - timedelta(weeks=weeks_before) + timedelta(days=1)
        at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=22)
        db.add(RotaAssignment(rota_id=earlier.id, staff_member_id=member,
                              organisation_id=ward.organisation_id, day=day, starts_at=at,
                              ends_at=at + timedelta(hours=9)))
    rota = generate.create(db, admin, generate.RotaRequest(ward.id, None, False, _monday(), 1))
    db.commit()
    person = next(s for s in build_input(db, rota).problem.staff if s.id == f"s{member}")
    assert dict(person.fairness_carried_in) == {"nights": 2, "weekends": 0, "bank_holidays": 0}
    contract = db.exec(select(EmploymentContract).where(
        EmploymentContract.staff_member_id == member,
        EmploymentContract.organisation_id == ward.organisation_id)).first()
    assert person.fair_share == round(contract.hours_per_week * 60) > 0
