"""The adapter and the commands around rotas: an area rota for a lead, busy time from another
employer's published rota, the demo's first draft, and the CLI's summary."""

import json
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from webapp.models import User
from webapp.models.demand import Team, TeamMember
from webapp.models.rota import Rota as RotaRow
from webapp.models.rota import RotaAssignment
from webapp.services.rotas import generate, runner
from webapp.services.rotas.problem import build_input

from .rota_factories import make_ward


def _monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def _user(db, email: str) -> User:
    return db.exec(select(User).where(User.email == email)).one()


def test_lead_plans_a_locality_with_the_place_engine(db):
    """Does a workforce lead's locality rota go to the place engine and come back valid?"""
    lead = _user(db, "lead@demo.place")
    team = db.exec(select(Team).where(Team.kind == "home_care")).first()
    wanted = generate.RotaRequest(None, team.locality_id, False, _monday(), 1)
    assert generate.problems(db, lead, wanted, date.today(), set()) == {}
    manager = _user(db, "manager@demo.place")
    assert "workforce leads" in generate.problems(db, manager, wanted, date.today(),
                                                  set())["team_id"]
    rota = generate.create(db, lead, wanted)
    db.commit()
    assert rota.engine == "place"
    runner.run(db, rota.job_id, rota.id, time_limit=10)
    db.refresh(rota)
    assert rota.status == "draft" and json.loads(rota.summary)["validator"] == "valid"


def test_published_work_elsewhere_is_busy_time(db):
    """Is a joint-role worker's published shift on another rota fixed work in the input?"""
    ward = make_ward(db, code="WB", size=4)
    admin = _user(db, "admin@demo.place")
    ward_member = db.exec(select(TeamMember.staff_member_id).where(
        TeamMember.team_id == ward.id)).first()
    other = RotaRow(place_id=admin.place_id, starts_on=_monday(), weeks=1, engine="place",
                    status="published", version=1, created_by_user_id=admin.id,
                    created_at=datetime.now(UTC))
    db.add(other)
    db.flush()
    at = datetime.combine(_monday(), datetime.min.time(), UTC) + timedelta(hours=18)
    db.add(RotaAssignment(rota_id=other.id, staff_member_id=ward_member,
                          organisation_id=ward.organisation_id, day=_monday(), starts_at=at,
                          ends_at=at + timedelta(hours=3)))
    rota = generate.create(db, admin, generate.RotaRequest(ward.id, None, False, _monday(), 1))
    db.commit()
    data = build_input(db, rota)
    person = next(s for s in data.problem.staff if s.id == f"s{ward_member}")
    assert len(person.fixed_work) == 1
    start, end = person.fixed_work[0]
    assert end - start == 180


def test_demo_rota_command_queues_one_draft(app, db):
    """Does `flask demo-rota` queue the demo manager's first draft once, and only once?"""
    runner_cli = app.test_cli_runner()
    first = runner_cli.invoke(args=["demo-rota"])
    assert "Queued a draft rota" in first.output, first.output
    second = runner_cli.invoke(args=["demo-rota"])
    assert "none queued" in second.output
    rota = db.exec(select(RotaRow)).one()
    assert rota.status == "queued" and rota.starts_on == _monday()


def test_rota_generate_command_prints_the_verdict(app, db):
    """Does `flask rota-generate` solve a team now and print the validator's verdict?"""
    make_ward(db, code="WCLI", size=6)
    db.commit()
    result = app.test_cli_runner().invoke(args=[
        "rota-generate", "--team", "WCLI", "--start", _monday().isoformat(), "--weeks", "1",
        "--time-limit", "8"])
    assert "validator: valid" in result.output, result.output
    bad = app.test_cli_runner().invoke(args=[
        "rota-generate", "--team", "WCLI", "--start", _monday().isoformat(), "--weeks", "9"])
    assert bad.exit_code != 0 and "from 1 to 6" in bad.output
    assert "Traceback" not in bad.output



def _managers_home_care(db) -> Team:
    from webapp.models.demand import TeamManager

    manager = _user(db, "manager@demo.place")
    return db.exec(select(Team).join(TeamManager, TeamManager.team_id == Team.id).where(
        TeamManager.user_id == manager.id, Team.kind == "home_care")).first()


def _broken_visit_plan(db) -> Team:
    """The demo manager's home-care team with one visit whose window runs backwards and which
    asks for three carers: demand the place engine's own checks refuse."""
    from webapp.models.demand import CarePackage, CareVisitPlan

    team = _managers_home_care(db)
    plan = db.exec(select(CareVisitPlan).join(
        CarePackage, CarePackage.id == CareVisitPlan.package_id).where(
        CarePackage.team_id == team.id)).first()
    plan.weekdays, plan.carers = 0b1111111, 3
    plan.earliest_start, plan.latest_start = plan.latest_start, plan.earliest_start
    if plan.earliest_start == plan.latest_start:
        plan.latest_start = plan.earliest_start.replace(hour=plan.earliest_start.hour - 1)
    db.add(plan)
    db.commit()
    return team


def test_input_the_engine_refuses_is_reported_before_queueing(client, auth, db):
    """Is a request whose demand the place engine's checks refuse re-rendered with each problem
    named, and nothing written?"""
    from .conftest import csrf_token

    team = _broken_visit_plan(db)
    auth.login("manager@demo.place")
    response = client.post("/rotas/new", data={
        "csrf_token": csrf_token(client, "/rotas/new"), "team_id": team.id,
        "starts_on": _monday().isoformat(), "weeks": 1})
    page = response.get_data(as_text=True)
    assert response.status_code == 400, page
    assert "There is a problem" in page and "cannot be solved yet" in page
    assert "visit v" in page and "carers" in page
    assert db.exec(select(RotaRow)).first() is None


def test_a_job_whose_input_is_refused_fails_with_the_problems(db):
    """Does a queued solve whose input went bad before it ran fail with the engine's problems
    (no solver started), never run or crash?"""
    from webapp.models import JobRun

    manager = _user(db, "manager@demo.place")
    team = _managers_home_care(db)
    rota = generate.create(db, manager, generate.RotaRequest(team.id, None, False, _monday(), 1))
    db.commit()
    _broken_visit_plan(db)
    runner.run(db, rota.job_id, rota.id, time_limit=10)
    job = db.get(JobRun, rota.job_id)
    db.refresh(rota)
    assert job.status == "failed" and rota.status == "failed"
    assert job.error.startswith("the solver's input has problems: visit v")


def test_fairness_setting_reaches_the_place_engine(client, auth, db):
    """Does the manager's choice of fairness scale the place engine's fairness weight, and is
    a made-up setting refused on the form?"""
    import optimizer.place as engine

    from .conftest import csrf_token

    team = _managers_home_care(db)
    auth.login("manager@demo.place")
    default = engine.Weights().fairness
    for setting, factor in (("more", 4.0), ("less", 0.2)):
        response = client.post("/rotas/new", data={
            "csrf_token": csrf_token(client, "/rotas/new"), "team_id": team.id,
            "starts_on": _monday().isoformat(), "weeks": 1, "fairness": setting})
        assert response.status_code == 302, response.get_data(as_text=True)
        rota = db.exec(select(RotaRow).order_by(RotaRow.id.desc())).first()
        assert rota.fairness == setting
        assert build_input(db, rota).problem.weights.fairness == default * factor
    bad = client.post("/rotas/new", data={
        "csrf_token": csrf_token(client, "/rotas/new"), "team_id": team.id,
        "starts_on": _monday().isoformat(), "weeks": 1, "fairness": "all"})
    assert bad.status_code == 400 and "There is a problem" in bad.get_data(as_text=True)


def test_hours_worked_before_the_rota_are_carried_in(db):
    """Do published hours of the 16 weeks before day 0 (any employer) reach both engines as
    carried-in minutes for the 48-hour average, and older hours not?"""
    from webapp.services.rotas.problem.place import build_place_input

    ward = make_ward(db, code="WC", size=3)
    admin = _user(db, "admin@demo.place")
    member = db.exec(select(TeamMember.staff_member_id).where(
        TeamMember.team_id == ward.id)).first()
    earlier = RotaRow(place_id=admin.place_id, starts_on=_monday() - timedelta(weeks=20),
                      weeks=6, engine="place", status="published", version=1,
                      created_by_user_id=admin.id, created_at=datetime.now(UTC))
    db.add(earlier)
    db.flush()
    for weeks_before, hours in ((3, 8), (16, 4), (17, 10)):
        day = _monday() - timedelta(weeks=weeks_before)
        at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=8)
        db.add(RotaAssignment(rota_id=earlier.id, staff_member_id=member,
                              organisation_id=ward.organisation_id, day=day, starts_at=at,
                              ends_at=at + timedelta(hours=hours)))
    rota = generate.create(db, admin, generate.RotaRequest(ward.id, None, False, _monday(), 1))
    db.commit()
    roster_person = next(s for s in build_input(db, rota).problem.staff if s.id == f"s{member}")
    place = build_place_input(db, [ward], _monday(), 1)
    place_person = next(s for s in place.problem.staff if s.id == f"s{member}")
    assert roster_person.carried_in_minutes == place_person.carried_in_minutes == 12 * 60


def test_a_home_care_rota_routes_door_to_door(db):
    """Does each visit of a home-care team's problem happen at its person's home (their point),
    inside their locality, so travel between two visits is by road between the two doors?"""
    import math

    import optimizer.place as engine
    from optimizer.place.travel import great_circle_km
    from webapp.models import PersonReceivingCare
    from webapp.services.rotas.problem.place import KM_PER_HOUR, ROAD_FACTOR, build_place_input

    team = _managers_home_care(db)
    problem = build_place_input(db, [team], _monday(), 1).problem
    homes = {h.id: h for h in problem.locations}
    assert problem.visits and all(v.location in homes for v in problem.visits)
    visit = problem.visits[0]
    person = db.get(PersonReceivingCare, int(visit.person[1:]))
    home = homes[visit.location]
    assert (home.latitude, home.longitude) == (person.latitude, person.longitude)
    assert home.locality == visit.locality
    other = homes[next(v.location for v in problem.visits if v.location != visit.location)]
    road = great_circle_km(home, other) * ROAD_FACTOR / KM_PER_HOUR * 60
    assert problem.travel_minutes(home.id, other.id) == math.ceil(road - 1e-9)
    assert engine.check_problem(engine.problem_to_dict(problem)) == []
