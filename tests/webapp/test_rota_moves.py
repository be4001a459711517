"""Moving a home visit to another carer by click: checked against every rule at once."""

from datetime import date, timedelta

from sqlmodel import select

from webapp.models import AuditEvent, StaffMember, User
from webapp.models.demand import CarePackage, CareVisitPlan, Team, TeamManager
from webapp.models.rota import Rota, RotaAssignment
from webapp.services.rotas import runner
from webapp.services.rotas.problem import build_input

from .conftest import csrf_token

MANAGER = "manager@demo.place"


def _monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def _home_care_rota(client, db) -> Rota:
    manager = db.exec(select(User).where(User.email == MANAGER)).one()
    team = db.exec(select(Team).join(TeamManager, TeamManager.team_id == Team.id).where(
        TeamManager.user_id == manager.id, Team.kind == "home_care")).first()
    response = client.post("/rotas/new", data={
        "csrf_token": csrf_token(client, "/rotas/new"), "team_id": team.id,
        "starts_on": _monday().isoformat(), "weeks": 1})
    assert response.status_code == 302, response.get_data(as_text=True)
    rota = db.exec(select(Rota).order_by(Rota.id.desc())).first()
    runner.run(db, rota.job_id, rota.id, time_limit=8)
    db.refresh(rota)
    assert rota.status == "draft"
    return rota


def _rows(db, rota) -> list[RotaAssignment]:
    return list(db.exec(select(RotaAssignment).where(RotaAssignment.rota_id == rota.id)))


def _move(client, rota, row, to: int, lock_version: int | None = None):
    return client.post(f"/rotas/{rota.id}/assignments/{row.id}/move",
                       headers={"HX-Request": "true"}, data={
                           "csrf_token": csrf_token(client, "/rotas"),
                           "lock_version": rota.lock_version if lock_version is None
                           else lock_version, "to_staff_member_id": to})


def _overlapping(rows: list[RotaAssignment]) -> tuple[RotaAssignment, int]:
    """A single-handed visit and another carer busy on a visit at the same moment."""
    for row in rows:
        for other in rows:
            if (other.staff_member_id != row.staff_member_id and other.day == row.day
                    and other.starts_at < row.ends_at and row.starts_at < other.ends_at
                    and sum(r.visit_plan_id == row.visit_plan_id and r.day == row.day
                            for r in rows) == 1):
                return row, other.staff_member_id
    raise AssertionError("a solved home-care week has overlapping visits of different carers")


def _free_regular(db, rows: list[RotaAssignment], away: set) -> tuple[RotaAssignment, int]:
    """A visit and a carer who did the same person's visit on another day (so competences and
    delegations fit) and is not on leave that day; that carer's work on the day and the days
    either side is taken off the rota first, so nothing but the moved visit can break a rule."""
    for row in rows:
        for other in rows:
            carer = other.staff_member_id
            if other.visit_plan_id == row.visit_plan_id and other.day != row.day and \
                    carer != row.staff_member_id and (carer, row.day) not in away:
                for r in rows:
                    if r.staff_member_id == carer and abs((r.day - row.day).days) <= 1:
                        db.delete(r)
                db.commit()
                return row, carer
    raise AssertionError("some carer is not on leave on a day their regular person has a visit")


def _away(db, rota) -> set[tuple[int, date]]:
    """(carer, day) for every day a carer of the rota is unavailable (leave), per the input."""
    away = set()
    for person in build_input(db, rota).problem.staff:
        for off in person.unavailable:
            day = off.start.date()
            while day <= off.end.date():
                away.add((int(person.id[1:]), day))
                day += timedelta(days=1)
    return away


def test_manager_moves_a_visit_and_a_breach_is_refused_inline(client, auth, db):
    """Is a move onto a carer already busy refused with the rule and their name, the rota
    unchanged; a legal move saved and audited; and a stale page refused as a conflict?"""
    auth.login(MANAGER)
    rota = _home_care_rota(client, db)
    row, busy = _overlapping(_rows(db, rota))
    before = rota.lock_version
    refused = _move(client, rota, row, busy)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422, text
    assert "travel/overlap" in text and db.get(StaffMember, busy).full_name in text
    db.refresh(rota)
    db.refresh(row)
    assert rota.lock_version == before and row.staff_member_id != busy

    row, free = _free_regular(db, _rows(db, rota), _away(db, rota))
    moved = _move(client, rota, row, free)
    assert moved.status_code == 200 and moved.headers["HX-Redirect"], moved.get_data(as_text=True)
    db.refresh(row)
    db.refresh(rota)
    assert row.staff_member_id == free and rota.lock_version == before + 1
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "rota.move_visit")).one()
    assert event.entity_id == str(rota.id)

    stale = _move(client, rota, row, busy, lock_version=before)
    assert stale.status_code == 409
    _assert_journeys(db, _rows(db, rota))


def _assert_journeys(db, rows: list[RotaAssignment]) -> int:
    """Each visit after one at another person's door carries a journey to it; returns how
    many visits carry one."""
    person = {plan.id: package.person_id for plan, package in db.exec(
        select(CareVisitPlan, CarePackage).join(CarePackage)).all()}
    days: dict[tuple, list[RotaAssignment]] = {}
    for r in rows:
        if r.visit_plan_id is not None:
            days.setdefault((r.staff_member_id, r.day), []).append(r)
    for visits in days.values():
        visits.sort(key=lambda r: r.starts_at)
        for before, after in zip(visits, visits[1:], strict=False):
            if person[before.visit_plan_id] != person[after.visit_plan_id]:
                assert after.travel_minutes > 0, (before.id, after.id)
    return sum(r.travel_minutes > 0 for visits in days.values() for r in visits)


def test_each_visit_carries_the_journey_the_plan_was_judged_on(client, auth, db):
    """Does a solved home-care week store the journey before each visit (the visit lists print
    it), so that no visit after another person's door shows no travel?"""
    auth.login(MANAGER)
    rota = _home_care_rota(client, db)
    rows = _rows(db, rota)
    assert _assert_journeys(db, rows) > len(rows) // 2


def test_move_form_lists_the_rotas_carers_without_the_current_one(client, auth, db):
    """Does the move form (page and fragment) offer the rota's other carers only?"""
    auth.login(MANAGER)
    rota = _home_care_rota(client, db)
    row = _rows(db, rota)[0]
    url = f"/rotas/{rota.id}/assignments/{row.id}/move"
    page = client.get(url)
    fragment = client.get(url, headers={"HX-Request": "true"})
    current = db.get(StaffMember, row.staff_member_id)
    assert "<html" in page.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and "Move this visit to" in body
    assert f'value="{current.id}"' not in body and body.count("<option") > 10
    assert "HX-Request" in fragment.headers["Vary"]
    empty = client.post(url, data={"csrf_token": csrf_token(client, "/rotas"),
                                   "lock_version": rota.lock_version})
    assert empty.status_code == 422 and "There is a problem" in empty.get_data(as_text=True)
