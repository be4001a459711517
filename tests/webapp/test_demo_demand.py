"""The demo place's demand: teams, cover, care packages and leave, sized and deterministic."""

import math
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from webapp import create_app
from webapp.cli import upgrade_database
from webapp.models import Delegation, DelegationStatus, Locality, PersonReceivingCare, Place
from webapp.models.demand import (
    CarePackage,
    CareVisitPlan,
    CoverRequirement,
    PreferredCarer,
    ShiftTemplate,
    Team,
    TeamKind,
    TeamManager,
    TeamMember,
)
from webapp.models.leave import Leave, LeaveStatus
from webapp.services import demo
from webapp.services.demo_rotas.packages import KM_PER_DEGREE, locality_centres

from .conftest import user_by_email


def _build(tmp_path, name: str, seed: int, staff: int):
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / name}"})
    upgrade_database(app)
    session = Session(app.extensions["engine"])
    demo.build_demo_place(session, seed=seed, staff=staff, today=date(2026, 11, 23))
    return app, session


def _close(app, session) -> None:
    session.close()
    app.extensions["engine"].dispose()


def _fingerprint(s) -> tuple:
    return (
        list(s.exec(select(Team.code, Team.name, Team.kind).order_by(Team.id))),
        list(s.exec(select(TeamMember.team_id, TeamMember.staff_member_id)
                    .order_by(TeamMember.id))),
        list(s.exec(select(CoverRequirement.shift_template_id, CoverRequirement.weekday,
                           CoverRequirement.minimum).order_by(CoverRequirement.id))),
        list(s.exec(select(CareVisitPlan.weekdays, CareVisitPlan.earliest_start,
                           CareVisitPlan.duration_minutes, CareVisitPlan.carers,
                           CareVisitPlan.activity_id).order_by(CareVisitPlan.id))),
        list(s.exec(select(PersonReceivingCare.latitude, PersonReceivingCare.longitude)
                    .order_by(PersonReceivingCare.id))),
        list(s.exec(select(Leave.staff_member_id, Leave.starts_on, Leave.status)
                    .order_by(Leave.id))),
    )


def test_same_seed_same_demand(tmp_path):
    """Do two builds with one seed give the same demand, and another seed another?"""
    builds = [_build(tmp_path, f"{n}.db", seed, 200) for n, seed in enumerate((11, 11, 12))]
    a, b, c = (_fingerprint(session) for _, session in builds)
    assert a == b
    assert a != c
    for app, session in builds:
        _close(app, session)


def _weekly_visits(s, team_id: int) -> int:
    plans = s.exec(select(CareVisitPlan).join(CarePackage).where(CarePackage.team_id == team_id))
    return sum(plan.weekdays.bit_count() for plan in plans)


def _members(s, team_id: int) -> int:
    return s.exec(select(func.count()).select_from(TeamMember)
                  .where(TeamMember.team_id == team_id)).one()


def _managed(s, email: str) -> Team:
    user = user_by_email(s, email)
    return s.exec(select(Team).join(TeamManager).where(TeamManager.user_id == user.id)).one()


@pytest.mark.slow
def test_demo_sizes_at_2500_staff(tmp_path):
    """At make run's 2,500 staff: about 150 carers and 2,500 visits a week; a ward of 40?"""
    app, s = _build(tmp_path, "big.db", seed=1, staff=2500)
    branch = _managed(s, "manager@demo.place")
    assert 140 <= _members(s, branch.id) <= 160
    assert 2300 <= _weekly_visits(s, branch.id) <= 2700
    ward = _managed(s, "wardmanager@demo.place")
    assert ward.kind == TeamKind.WARD and 36 <= _members(s, ward.id) <= 44
    _close(app, s)


def test_demo_manager_plans_the_demo_carers_branch(db):
    """Does the demo manager manage a home-care branch holding the demo carer, with visits?"""
    carer = user_by_email(db, "carer@demo.place")
    branch = _managed(db, "manager@demo.place")
    assert branch.kind == TeamKind.HOME_CARE
    assert db.exec(select(TeamMember).where(TeamMember.team_id == branch.id,
                                            TeamMember.staff_member_id == carer.staff_member_id)
                   ).first() is not None
    members = _members(db, branch.id)
    assert 10 <= members <= 25  # the test place has 150 staff
    assert _weekly_visits(db, branch.id) >= 14 * members


def test_ward_and_community_have_templates_and_feasible_cover(db):
    """Has the ward its four shifts and the community team its two, with cover it can staff?"""
    ward = _managed(db, "wardmanager@demo.place")
    nurse = user_by_email(db, "nurse@demo.place")
    community = db.exec(select(Team).join(TeamMember).where(
        TeamMember.staff_member_id == nurse.staff_member_id,
        Team.kind == TeamKind.COMMUNITY)).one()
    for team, codes in ((ward, {"E", "L", "N", "LD"}), (community, {"CD", "TW"})):
        templates = db.exec(select(ShiftTemplate).where(ShiftTemplate.team_id == team.id)).all()
        assert {t.code for t in templates} == codes
        cover = db.exec(select(CoverRequirement).where(CoverRequirement.team_id == team.id)).all()
        assert cover and all(0 < c.minimum <= c.preferred for c in cover)
        people_a_week = sum(c.minimum for c in cover)
        assert people_a_week <= 5 * _members(db, team.id), "cover no team could staff"


def test_people_live_inside_their_locality(db):
    """Is every person receiving care placed within 3 km of their locality's centre?"""
    place = db.exec(select(Place)).one()
    centres = locality_centres(place.name, db.exec(select(Locality).order_by(Locality.id)).all())
    people = db.exec(select(PersonReceivingCare)).all()
    assert people
    for person in people:
        lat, lon = centres[person.locality_id]
        north = (person.latitude - lat) * KM_PER_DEGREE
        east = (person.longitude - lon) * KM_PER_DEGREE * math.cos(math.radians(lat))
        assert math.hypot(north, east) <= 3.01, person.reference


def test_delegated_visits_have_a_delegated_carer_in_the_team(db):
    """Can each delegated visit be filled by someone in the team holding the delegation?"""
    rows = db.exec(select(CareVisitPlan, CarePackage).join(CarePackage).where(
        CareVisitPlan.activity_id.is_not(None))).all()
    assert rows, "the demo should have delegated visits"
    for plan, package in rows:
        holders = set(db.exec(select(Delegation.care_worker_id).where(
            Delegation.person_id == package.person_id,
            Delegation.activity_id == plan.activity_id,
            Delegation.status == DelegationStatus.ACTIVE)))
        members = set(db.exec(select(TeamMember.staff_member_id).where(
            TeamMember.team_id == package.team_id)))
        assert holders & members, plan.id


def test_packages_have_double_handed_visits_and_preferred_carers_from_the_team(db):
    """Are some visits double-handed, and every preferred carer a member of the team?"""
    assert db.exec(select(func.count()).select_from(CareVisitPlan)
                   .where(CareVisitPlan.carers == 2)).one() > 0
    rows = db.exec(select(PreferredCarer, CarePackage).join(CarePackage)).all()
    assert rows
    for preferred, package in rows:
        assert db.exec(select(TeamMember).where(
            TeamMember.team_id == package.team_id,
            TeamMember.staff_member_id == preferred.staff_member_id)).first() is not None


def test_leave_approved_for_some_and_the_demo_carer_waiting(db):
    """Is about a tenth of staff on approved leave soon, with the demo carer's request waiting?"""
    carer = user_by_email(db, "carer@demo.place")
    waiting = db.exec(select(Leave).where(Leave.staff_member_id == carer.staff_member_id,
                                          Leave.status == LeaveStatus.REQUESTED)).all()
    assert len(waiting) == 1 and waiting[0].starts_on > date.today()
    approved = db.exec(select(func.count()).select_from(Leave)
                       .where(Leave.status == LeaveStatus.APPROVED)).one()
    assert 10 <= approved <= 20  # 10% of 150 staff
