"""Rotas end to end through the views: ask, solve (the job body for real, solver in a child
process), review, change, pin, publish; bad input; two managers at once."""

import json
from datetime import date, timedelta

import pytest
from sqlmodel import select

import optimizer
from webapp.models import AuditEvent, JobRun, StaffMember
from webapp.models.rota import Rota, RotaAssignment, RotaGap, RotaVersion
from webapp.services.rotas import runner
from webapp.services.rotas.problem import build_input

from .conftest import csrf_token
from .rota_factories import make_ward

MANAGER = "manager@demo.place"
SECONDS = 8  # enough for a 12-person ward week; the figures come from the validator anyway


def _monday(weeks_ahead: int = 1) -> date:
    today = date.today()
    return today + timedelta(days=7 * weeks_ahead - today.weekday())


def _ask(client, team_id, *, starts_on=None, weeks=1):
    return client.post("/rotas/new", data={
        "csrf_token": csrf_token(client, "/rotas/new"), "team_id": team_id,
        "starts_on": (starts_on or _monday()).isoformat(), "weeks": weeks})


def _solved(client, db, team_id, weeks=1) -> Rota:
    response = _ask(client, team_id, weeks=weeks)
    assert response.status_code == 302, response.get_data(as_text=True)
    rota = db.exec(select(Rota).order_by(Rota.id.desc())).first()
    runner.run(db, rota.job_id, rota.id, time_limit=SECONDS)
    db.refresh(rota)
    return rota


@pytest.fixture
def ward(db):
    team = make_ward(db, code="W7", size=12, minimum=2, manager_email=MANAGER)
    db.commit()
    return team


def test_manager_generates_a_ward_week(client, auth, db, ward):
    """Does a generated week come back validated, shown as a grid of every team member?"""
    auth.login(MANAGER)
    rota = _solved(client, db, ward.id)
    assert rota.status == "draft", db.get(JobRun, rota.job_id).error
    summary = json.loads(rota.summary)
    assert summary["validator"] == "valid"
    page = client.get(f"/rotas/{rota.id}").get_data(as_text=True)
    data = build_input(db, rota)
    for staff_id in data.staff_ids.values():
        member = db.get(StaffMember, staff_id)
        assert f"{member.family_name}, {member.given_name}" in page
        assert f'href="/staff/{staff_id}/shifts/pdf"' in page  # their shifts, all employers
    assert f"{summary['fill_rate'] * 100:.1f}%" in page


def test_stored_rota_passes_the_validator_and_its_figures_are_true(client, auth, db, ward):
    """Do the stored assignments pass the independent validator, with the stored fill rate?"""
    auth.login(MANAGER)
    rota = _solved(client, db, ward.id)
    data = build_input(db, rota)
    codes = {tid: code for code, tid in data.template_ids.items()}
    rows = db.exec(select(RotaAssignment).where(RotaAssignment.rota_id == rota.id)).all()
    roster = [optimizer.Assignment(f"s{r.staff_member_id}", (r.day - rota.starts_on).days,
                                   codes[r.shift_template_id]) for r in rows]
    assert optimizer.validate(data.problem, roster).valid
    needed = sum(n.required for n in data.problem.cover if n.under_weight == 1000)
    short = sum(g.missing for g in db.exec(select(RotaGap).where(RotaGap.rota_id == rota.id)))
    assert json.loads(rota.summary)["fill_rate"] == pytest.approx(1 - short / needed, abs=1e-4)


def test_every_gap_reason_is_true(client, auth, db):
    """Can nobody in the team legally take any shift left short (checked by the validator on
    the whole roster, not by the explainer's own per-person check)?"""
    team = make_ward(db, code="W8", size=6, minimum=2, manager_email=MANAGER)
    db.commit()
    auth.login(MANAGER)
    rota = _solved(client, db, team.id)
    data = build_input(db, rota)
    codes = {tid: code for code, tid in data.template_ids.items()}
    rows = db.exec(select(RotaAssignment).where(RotaAssignment.rota_id == rota.id)).all()
    roster = [optimizer.Assignment(f"s{r.staff_member_id}", (r.day - rota.starts_on).days,
                                   codes[r.shift_template_id]) for r in rows]
    gaps = db.exec(select(RotaGap).where(RotaGap.rota_id == rota.id)).all()
    assert gaps, "six people cannot staff 2 on every shift of a week: some gaps are expected"
    for gap in gaps:
        day, shift = (gap.day - rota.starts_on).days, codes[gap.shift_template_id]
        for person in data.problem.staff:
            trial = roster + [optimizer.Assignment(person.id, day, shift)]
            assert not optimizer.validate(data.problem, trial).valid, (gap.reason, person.id)
        assert gap.reason and json.loads(gap.candidates)


@pytest.mark.parametrize("weeks, starts_on, message", [
    (0, None, "from 1 to 6"), (7, None, "from 1 to 6"),
    (1, date.today() - timedelta(days=1), "today or later")])
def test_bad_requests_are_refused_and_nothing_is_written(client, auth, db, ward, weeks,
                                                         starts_on, message):
    """Does a bad request re-render with the error summary and create no rota or job?"""
    auth.login(MANAGER)
    response = _ask(client, ward.id, weeks=weeks, starts_on=starts_on)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert db.exec(select(Rota)).first() is None and db.exec(select(JobRun)).first() is None


def test_empty_team_and_other_managers_team_are_refused(client, auth, db):
    """Is an empty team refused with a reason, and another manager's team not offered?"""
    from .rota_factories import make_team

    empty = make_team(db, code="E1", members=(), manager_email=MANAGER)
    theirs = make_ward(db, code="W9", size=3)
    db.commit()
    auth.login(MANAGER)
    assert "has nobody in it" in _ask(client, empty.id).get_data(as_text=True)
    assert "Choose one of your teams" in _ask(client, theirs.id).get_data(as_text=True)
    assert db.exec(select(Rota)).first() is None


def test_cell_change_breaking_a_rule_is_refused_inline(client, auth, db, ward):
    """Is a change that breaks daily rest refused with the rule in words, the rota unchanged?"""
    auth.login(MANAGER)
    rota = _solved(client, db, ward.id)
    night = db.exec(select(RotaAssignment).where(RotaAssignment.rota_id == rota.id)).all()
    data = build_input(db, rota)
    night = next(r for r in night if r.shift_template_id == data.template_ids["N"]
                 and r.day < rota.starts_on + timedelta(days=6))
    before = rota.lock_version
    response = client.post(f"/rotas/{rota.id}/cell", headers={"HX-Request": "true"}, data={
        "csrf_token": csrf_token(client, "/rotas"), "lock_version": before,
        "staff_member_id": night.staff_member_id,
        "day": (night.day + timedelta(days=1)).isoformat(), "shift": "E"})
    assert response.status_code == 422
    assert "daily rest" in response.get_data(as_text=True)
    db.refresh(rota)
    assert rota.lock_version == before


def test_two_managers_editing_one_rota(client, auth, db, ward, app):
    """Does the second of two managers get the conflict message, both edits in the audit?"""
    auth.login(MANAGER)
    rota = _solved(client, db, ward.id)
    other = app.test_client()
    other.post("/login", data={"email": "admin@demo.place", "password": "demo-password-2026",
                               "csrf_token": csrf_token(other)})
    seen = rota.lock_version
    row = db.exec(select(RotaAssignment).where(RotaAssignment.rota_id == rota.id)).first()
    change = {"staff_member_id": row.staff_member_id, "day": row.day.isoformat(), "shift": ""}
    first = client.post(f"/rotas/{rota.id}/cell", data=dict(
        change, csrf_token=csrf_token(client, "/rotas"), lock_version=seen))
    assert first.status_code == 302
    second = other.post(f"/rotas/{rota.id}/cell", data=dict(
        change, csrf_token=csrf_token(other, "/rotas"), lock_version=seen, shift="L"))
    assert second.status_code == 409
    assert "Someone else changed this rota" in second.get_data(as_text=True)
    actions = [e.action for e in db.exec(select(AuditEvent).where(
        AuditEvent.entity == "rota", AuditEvent.entity_id == str(rota.id)))]
    assert "rota.edit" in actions and "rota.edit_conflict" in actions
    conflict = db.exec(select(AuditEvent).where(AuditEvent.action == "rota.edit_conflict")).one()
    assert json.loads(conflict.after)["attempted"]["shift"] == "L"


def test_pin_resolve_publish_and_compare(client, auth, db, ward):
    """Does a pinned shift survive a re-solve, and does publishing number the versions and
    name whose shifts changed?"""
    auth.login(MANAGER)
    rota = _solved(client, db, ward.id)
    token = csrf_token(client, "/rotas")
    row = db.exec(select(RotaAssignment).where(RotaAssignment.rota_id == rota.id)).first()
    kept = (row.staff_member_id, row.day, row.shift_template_id)
    client.post(f"/rotas/{rota.id}/assignments/{row.id}/pin",
                data={"csrf_token": token, "lock_version": rota.lock_version})
    db.refresh(rota)
    client.post(f"/rotas/{rota.id}/publish", data={"csrf_token": token,
                                                   "lock_version": rota.lock_version})
    db.refresh(rota)
    assert (rota.status, rota.version) == ("published", 1)
    client.post(f"/rotas/{rota.id}/solve", data={"csrf_token": token,
                                                 "lock_version": rota.lock_version})
    db.refresh(rota)
    runner.run(db, rota.job_id, rota.id, time_limit=SECONDS)
    db.refresh(rota)
    rows = db.exec(select(RotaAssignment).where(RotaAssignment.rota_id == rota.id)).all()
    assert any((r.staff_member_id, r.day, r.shift_template_id) == kept and r.pinned for r in rows)
    client.post(f"/rotas/{rota.id}/publish", data={"csrf_token": token,
                                                   "lock_version": rota.lock_version})
    versions = db.exec(select(RotaVersion).where(RotaVersion.rota_id == rota.id)).all()
    assert [v.number for v in versions] == [1, 2]
    one, two = ({tuple(r) for r in json.loads(v.assignments)} for v in versions)
    assert set(json.loads(versions[1].affected_staff)) == {r[0] for r in one ^ two}
    assert "affected" in client.get(f"/rotas/{rota.id}").get_data(as_text=True)
    page = client.get(f"/rotas/{rota.id}/compare?a=1&b=2")
    assert page.status_code == 200


def test_cancel_a_queued_rota(client, auth, db, ward):
    """Is a queued solve cancelled at once and never run?"""
    auth.login(MANAGER)
    _ask(client, ward.id)
    rota = db.exec(select(Rota)).one()
    client.post(f"/rotas/{rota.id}/cancel", data={"csrf_token": csrf_token(client, "/rotas"),
                                                  "lock_version": rota.lock_version})
    db.refresh(rota)
    assert rota.status == "cancelled"
    runner.run(db, rota.job_id, rota.id, time_limit=SECONDS)
    db.refresh(rota)
    assert rota.status == "cancelled" and db.get(JobRun, rota.job_id).status == "cancelled"


def test_progress_fragment_while_queued_and_other_teams_rota_is_404(client, auth, db, ward,
                                                                    app):
    """Does the progress fragment poll while queued, and is another team's rota a 404?"""
    auth.login(MANAGER)
    _ask(client, ward.id)
    rota = db.exec(select(Rota)).one()
    fragment = client.get(f"/rotas/{rota.id}/progress", headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in fragment.get_data(as_text=True)
    stranger = app.test_client()
    stranger.post("/login", data={"email": "nurse@demo.place", "password": "demo-password-2026",
                                  "csrf_token": csrf_token(stranger)})
    assert stranger.get(f"/rotas/{rota.id}").status_code == 403  # not a planner at all


def test_another_places_lead_can_neither_see_nor_plan_this_places_team_or_locality(
        client, auth, db, ward):
    """Does a workforce lead of another place get this place's ward neither as a choice nor
    as a posted team, nor this place's locality (a rota of them would show its staff)?"""
    from webapp.models import Locality, Place, Role
    from webapp.services import accounts

    elsewhere = Place(name="Another place")
    db.add(elsewhere)
    db.flush()
    accounts.create_user(db, email="lead@elsewhere.test", password="demo-password-2026",
                         role=Role.WORKFORCE_LEAD, place_id=elsewhere.id)
    locality = db.exec(select(Locality).where(Locality.place_id != elsewhere.id)).first()
    db.commit()
    before = db.exec(select(Rota)).all()
    auth.login("lead@elsewhere.test")
    assert ward.name not in client.get("/rotas/new").get_data(as_text=True)
    assert _ask(client, ward.id).status_code != 302
    refused = client.post("/rotas/new", data={
        "csrf_token": csrf_token(client, "/rotas/new"), "locality_id": locality.id,
        "starts_on": _monday().isoformat(), "weeks": 1})
    assert refused.status_code != 302
    assert db.exec(select(Rota)).all() == before
