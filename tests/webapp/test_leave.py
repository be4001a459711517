"""Leave: a member requests it, their manager sees what it would uncover, then decides."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from webapp import create_app
from webapp.cli import rebuild_database
from webapp.models import AuditEvent, EmploymentContract, Place
from webapp.models.demand import CarePackage, CareVisitPlan, Team, TeamManager, TeamMember
from webapp.models.leave import Leave, LeaveStatus
from webapp.models.rota import Rota, RotaAssignment, RotaStatus
from webapp.services import demo
from webapp.services import leave as leave_service
from webapp.services.problems import Problems

from .conftest import csrf_token, user_by_email

TODAY = date.today()


def _waiting(db, email: str = "carer@demo.place") -> Leave:
    user = user_by_email(db, email)
    return db.exec(select(Leave).where(Leave.staff_member_id == user.staff_member_id,
                                       Leave.status == LeaveStatus.REQUESTED)).one()


def _branch_visit(db) -> tuple[Team, CareVisitPlan]:
    manager = user_by_email(db, "manager@demo.place")
    team = db.exec(select(Team).join(TeamManager).where(TeamManager.user_id == manager.id)).one()
    plan = db.exec(select(CareVisitPlan).join(CarePackage)
                   .where(CarePackage.team_id == team.id)).first()
    return team, plan


def _rota(db, team: Team, status: str, member_id: int, day: date, plan) -> Rota:
    """A rota holding one visit for the member on the day."""
    manager = user_by_email(db, "manager@demo.place")
    rota = Rota(place_id=db.exec(select(Place)).one().id, team_id=team.id, starts_on=day,
                weeks=1, engine="place", status=status, created_by_user_id=manager.id,
                created_at=datetime.now(UTC))
    db.add(rota)
    db.flush()
    starts = datetime.combine(day, time(7, 30), tzinfo=UTC)
    db.add(RotaAssignment(rota_id=rota.id, staff_member_id=member_id,
                          organisation_id=team.organisation_id, day=day, starts_at=starts,
                          ends_at=starts + timedelta(minutes=plan.duration_minutes),
                          visit_plan_id=plan.id))
    db.commit()
    return rota


def _post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/")})


def _audited(db, action: str) -> int:
    return db.exec(select(func.count()).select_from(AuditEvent)
                   .where(AuditEvent.action == action)).one()


def _form(first: date, last: date, **extra) -> dict:
    return {"kind": "annual_leave", "starts_on": first.isoformat(),
            "ends_on": last.isoformat(), **extra}


def test_care_worker_requests_leave_and_sees_it_waiting(client, auth, db):
    """Does a request made on /me/leave appear in their list as waiting, and get audited?"""
    auth.login("carer@demo.place")
    first = TODAY + timedelta(days=60)
    response = _post(client, "/me/leave", _form(first, first + timedelta(days=4),
                                                note="Wedding"))
    assert response.status_code == 302
    page = client.get("/me/leave").get_data(as_text=True)
    assert f"{first.day} {first:%B %Y}" in page and "Wedding" in page
    assert page.count("Waiting<span") == 2  # this one and the demo's own
    assert _audited(db, "leave.request") == 1


@pytest.mark.parametrize("first, last, message", [
    (10, 8, "The last day must be the same as or after the first day"),
    (-1, 2, "The first day must be today or later"),
    (5, 70, "Leave can be at most 60 days"),
])
def test_bad_dates_are_explained_and_nothing_is_lost(client, auth, db, first, last, message):
    """Are impossible dates refused with a clear message, the form filled in again?"""
    auth.login("carer@demo.place")
    before = db.exec(select(func.count()).select_from(Leave)).one()
    response = _post(client, "/me/leave", _form(TODAY + timedelta(days=first),
                                                TODAY + timedelta(days=last), note="Keep me"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in page and message in page
    assert "Keep me" in page and (TODAY + timedelta(days=first)).isoformat() in page
    assert db.exec(select(func.count()).select_from(Leave)).one() == before


def test_overlapping_request_and_missing_fields_are_all_listed(client, auth, db):
    """Does an overlap with their waiting request show, and every missing field too?"""
    auth.login("carer@demo.place")
    waiting = _waiting(db)
    page = _post(client, "/me/leave", _form(waiting.ends_on, waiting.ends_on + timedelta(2))
                 ).get_data(as_text=True)
    assert "These dates overlap your requested annual leave" in page
    page = _post(client, "/me/leave", {}).get_data(as_text=True)
    for message in ("Choose what kind of leave", "Enter the first day", "Enter the last day"):
        assert message in page


def test_problems_with_dates_is_one_rule():
    """Does the rule list every problem at once, and none for good dates?"""
    other = Leave(staff_member_id=1, kind="study", starts_on=TODAY + timedelta(3),
                  ends_on=TODAY + timedelta(4), requested_at=datetime.now(UTC))
    bad = leave_service.problems_with(starts_on=TODAY - timedelta(1), ends_on=TODAY + timedelta(
        70), today=TODAY, holding=[other])
    assert [p.field for p in bad] == ["starts_on", "ends_on", "starts_on"]
    assert leave_service.problems_with(starts_on=TODAY, ends_on=TODAY, today=TODAY,
                                       holding=[other]) == []


def test_member_cancels_a_waiting_request_but_not_anothers(client, auth, db):
    """Can the carer cancel their waiting request, and is another's answered 404?"""
    waiting = _waiting(db)
    other = db.exec(select(Leave).where(Leave.staff_member_id != waiting.staff_member_id)).first()
    auth.login("carer@demo.place")
    assert _post(client, "/me/leave/cancel", {"leave": other.id}).status_code == 404
    assert _post(client, "/me/leave/cancel", {"leave": waiting.id}).status_code == 302
    db.refresh(waiting)
    assert waiting.status == LeaveStatus.CANCELLED
    assert _audited(db, "leave.cancel") == 1
    assert _post(client, "/me/leave/cancel", {"leave": waiting.id}).status_code == 302
    assert "already been cancelled" in client.get("/me/leave").get_data(as_text=True)
    assert _audited(db, "leave.cancel") == 1


def test_manager_sees_impact_then_approves(client, auth, db):
    """Does the manager see the published visit the leave would uncover (and not a draft's)
    before approving it, and is the approval recorded and audited?"""
    waiting = _waiting(db)
    team, plan = _branch_visit(db)
    _rota(db, team, RotaStatus.PUBLISHED, waiting.staff_member_id, waiting.starts_on, plan)
    _rota(db, team, RotaStatus.DRAFT, waiting.staff_member_id, waiting.ends_on, plan)
    auth.login("manager@demo.place")
    listing = client.get("/leave").get_data(as_text=True)
    assert "1 published shift or visit" in listing
    page = client.get(f"/leave/{waiting.id}").get_data(as_text=True)
    assert "1 published shift or visit" in page and team.name in page
    assert "07:30" in page and plan.tasks in page
    response = _post(client, f"/leave/{waiting.id}/decide", {"decision": "approve"})
    assert response.status_code == 302
    db.refresh(waiting)
    manager = user_by_email(db, "manager@demo.place")
    assert waiting.status == LeaveStatus.APPROVED and waiting.decided_by_user_id == manager.id
    assert _audited(db, "leave.approve") == 1


def test_decline_then_a_second_decision_is_refused(client, auth, db):
    """Is a declined request final, a second decision answered with a clear conflict?"""
    waiting = _waiting(db)
    auth.login("manager@demo.place")
    assert _post(client, f"/leave/{waiting.id}/decide", {"decision": "decline"}
                 ).status_code == 302
    again = _post(client, f"/leave/{waiting.id}/decide", {"decision": "approve"})
    assert again.status_code == 409
    assert "already been declined" in again.get_data(as_text=True)
    db.refresh(waiting)
    assert waiting.status == LeaveStatus.DECLINED
    assert _audited(db, "leave.decline") == 1 and _audited(db, "leave.approve") == 0
    assert _post(client, f"/leave/{waiting.id}/decide", {}).status_code == 422


def _outsider_leave(db, team_id: int) -> Leave:
    """A new request from a staff member outside the given team."""
    inside = set(db.exec(select(TeamMember.staff_member_id).where(TeamMember.team_id == team_id)))
    member_id = next(c.staff_member_id for c in db.exec(select(EmploymentContract))
                     if c.staff_member_id not in inside)
    leave = Leave(staff_member_id=member_id, kind="annual_leave", starts_on=TODAY + timedelta(9),
                  ends_on=TODAY + timedelta(9), requested_at=datetime.now(UTC))
    db.add(leave)
    db.commit()
    return leave


def test_managers_decide_only_for_their_own_teams(client, auth, db):
    """Is another team's request hidden from a manager (404), yet visible to the lead?"""
    team, _plan = _branch_visit(db)
    outsider = _outsider_leave(db, team.id)
    auth.login("manager@demo.place")
    assert client.get(f"/leave/{outsider.id}").status_code == 404
    assert _post(client, f"/leave/{outsider.id}/decide", {"decision": "approve"}
                 ).status_code == 404
    auth.logout()
    auth.login("wardmanager@demo.place")
    ward = db.exec(select(Team).join(TeamManager).where(
        TeamManager.user_id == user_by_email(db, "wardmanager@demo.place").id)).one()
    carer_on_ward = db.exec(select(TeamMember).where(
        TeamMember.team_id == ward.id,
        TeamMember.staff_member_id == _waiting(db).staff_member_id)).first() is not None
    expected = 200 if carer_on_ward else 404  # a joint-role carer may work on the ward too
    assert client.get(f"/leave/{_waiting(db).id}").status_code == expected
    auth.logout()
    auth.login("lead@demo.place")
    assert client.get(f"/leave/{outsider.id}").status_code == 200
    db.refresh(outsider)
    assert outsider.status == LeaveStatus.REQUESTED


def test_care_worker_cannot_reach_the_approvals(client, auth):
    """Is /leave refused to a care worker?"""
    auth.login("carer@demo.place")
    assert client.get("/leave").status_code == 403


def test_leave_list_serves_a_fragment_to_htmx(client, auth, db):
    """Does /leave give htmx just the requests block, and a full page otherwise?"""
    auth.login("manager@demo.place")
    _post(client, f"/leave/{_waiting(db).id}/decide", {"decision": "decline"})
    full = client.get("/leave?show=decided")
    fragment = client.get("/leave?show=decided", headers={"HX-Request": "true"})
    assert "<html" in full.get_data(as_text=True)
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and 'id="leave-requests"' in body and "Declined" in body
    for response in (full, fragment):
        assert "HX-Request" in response.headers["Vary"]


@pytest.mark.services
def test_leave_rules_hold_on_postgresql(pg_url):
    """Do the impact count, the impact list, the deciders' scope and the overlap rule give the
    same answers on PostgreSQL?"""
    app = create_app({"TESTING": True, "DATABASE_URL": pg_url})
    rebuild_database(app)
    with Session(app.extensions["engine"], expire_on_commit=False) as pg:
        demo.build_demo_place(pg, seed=7, staff=150, today=TODAY)
        manager, waiting = user_by_email(pg, "manager@demo.place"), _waiting(pg)
        team, plan = _branch_visit(pg)
        _rota(pg, team, RotaStatus.PUBLISHED, waiting.staff_member_id, waiting.starts_on, plan)
        rows = leave_service.to_decide(pg, manager)
        assert [r.uncovered for r in rows if r.leave.id == waiting.id] == [1]
        impact = leave_service.uncovered_by(pg, staff_member_id=waiting.staff_member_id,
                                            starts_on=waiting.starts_on, ends_on=waiting.ends_on)
        assert [i.team for i in impact] == [team.name]
        assert leave_service.find_to_decide(pg, manager, waiting.id).id == waiting.id
        with pytest.raises(Problems, match="overlap"):
            leave_service.request_leave(
                pg, member_id=waiting.staff_member_id, kind="study", starts_on=waiting.ends_on,
                ends_on=waiting.ends_on, note="", actor=manager, today=TODAY,
                now=datetime.now(UTC))
        leave_service.decide(pg, leave=waiting, approve=True, actor=manager,
                             now=datetime.now(UTC))
        pg.commit()
        assert leave_service.to_decide(pg, manager, waiting=False)[0].leave.id == waiting.id
    app.extensions["engine"].dispose()
