"""Teams and their demand: who sees which team, and editing shift templates and cover."""

from datetime import time

import pytest
from markupsafe import escape
from sqlalchemy import func
from sqlmodel import select

from webapp.models import AuditEvent
from webapp.models.demand import CoverRequirement, ShiftTemplate, Team, TeamManager
from webapp.services import teams
from webapp.services.team_demand import shift_minutes

from .conftest import csrf_token, user_by_email

WARD_MANAGER = "wardmanager@demo.place"


def _team_of(db, email: str) -> Team:
    user = user_by_email(db, email)
    return db.exec(select(Team).join(TeamManager).where(TeamManager.user_id == user.id)).one()


def _templates_form(db, team_id: int) -> dict:
    """The templates form as the page fills it in."""
    form = {"action": "templates"}
    for t in db.exec(select(ShiftTemplate).where(ShiftTemplate.team_id == team_id)):
        form |= {f"t{t.id}-starts": t.starts.strftime("%H:%M"),
                 f"t{t.id}-ends": t.ends.strftime("%H:%M"),
                 f"t{t.id}-break": str(t.unpaid_break_minutes)}
        if t.active:
            form[f"t{t.id}-active"] = "y"
    return form


def _cover_form(db, team_id: int) -> dict:
    form = {"action": "cover"}
    for c in db.exec(select(CoverRequirement).where(CoverRequirement.team_id == team_id)):
        key = f"{c.shift_template_id}-{c.competence_id or 'any'}-{c.weekday}"
        form |= {f"min-{key}": str(c.minimum), f"pref-{key}": str(c.preferred)}
    return form


def _post(client, path: str, data: dict, **headers):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, "/")},
                       headers=headers)


def _template(db, team_id: int, code: str) -> ShiftTemplate:
    return db.exec(select(ShiftTemplate).where(ShiftTemplate.team_id == team_id,
                                               ShiftTemplate.code == code)).one()


def test_each_user_sees_the_teams_they_plan(client, auth, db):
    """Does a manager see only their team, the lead every team, a care worker nothing?"""
    branch, ward = _team_of(db, "manager@demo.place"), _team_of(db, WARD_MANAGER)
    auth.login("manager@demo.place")
    page = client.get("/teams").get_data(as_text=True)
    assert str(escape(branch.name)) in page and str(escape(ward.name)) not in page
    auth.logout()
    auth.login("lead@demo.place")
    page = client.get("/teams").get_data(as_text=True)
    assert all(str(escape(t.name)) in page for t in db.exec(select(Team)))
    fragment = client.get("/teams", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert 'id="team-list"' in fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]
    auth.logout()
    auth.login("carer@demo.place")
    assert client.get("/teams").status_code == 403


def test_may_manage_team_follows_team_managers(db):
    """Is a manager allowed only their own team, the lead and admin any, a carer none?"""
    branch, ward = _team_of(db, "manager@demo.place"), _team_of(db, WARD_MANAGER)
    manager, lead = user_by_email(db, "manager@demo.place"), user_by_email(db, "lead@demo.place")
    carer = user_by_email(db, "carer@demo.place")
    assert teams.may_manage_team(db, manager, branch.id)
    assert not teams.may_manage_team(db, manager, ward.id)
    assert teams.may_manage_team(db, lead, ward.id)
    assert not teams.may_manage_team(db, carer, branch.id)
    assert not teams.may_manage_team(db, lead, 10_000)
    assert [t.id for t in teams.teams_for(db, manager)] == [branch.id]


def test_another_teams_demand_is_not_found(client, auth, db):
    """Does a manager get 404 for a team they do not manage, on GET and POST?"""
    ward = _team_of(db, WARD_MANAGER)
    auth.login("manager@demo.place")
    assert client.get(f"/teams/{ward.id}/demand").status_code == 404
    assert _post(client, f"/teams/{ward.id}/demand", _cover_form(db, ward.id)
                 ).status_code == 404


def test_ward_manager_changes_times_and_stops_using_a_shift(client, auth, db):
    """Are edited times saved, an unticked shift set aside, and the change audited?"""
    ward = _team_of(db, WARD_MANAGER)
    early, long_day = _template(db, ward.id, "E"), _template(db, ward.id, "LD")
    form = _templates_form(db, ward.id) | {f"t{early.id}-starts": "07:30"}
    form.pop(f"t{long_day.id}-active")
    auth.login(WARD_MANAGER)
    assert _post(client, f"/teams/{ward.id}/demand", form).status_code == 302
    db.refresh(early)
    db.refresh(long_day)
    assert early.starts == time(7, 30) and not long_day.active
    assert db.exec(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "team.templates_change")).one() == 1


@pytest.mark.parametrize("change, message", [
    ({"starts": "25:00"}, "Early: enter a start time like 07:00"),
    ({"ends": "07:00"}, "Early: the shift cannot end when it starts"),
    ({"ends": "07:45", "break": "45"}, "Early: the break must be shorter than the shift"),
    ({"break": "-5"}, "Early: enter an unpaid break from 0 to 180 minutes"),
])
def test_bad_template_times_are_explained(client, auth, db, change, message):
    """Is each impossible time refused with a message, the typed value kept, nothing saved?"""
    ward = _team_of(db, WARD_MANAGER)
    early = _template(db, ward.id, "E")
    form = _templates_form(db, ward.id) | {f"t{early.id}-{k}": v for k, v in change.items()}
    auth.login(WARD_MANAGER)
    response = _post(client, f"/teams/{ward.id}/demand", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and message in page
    assert f'value="{next(iter(change.values()))}"' in page
    db.refresh(early)
    assert early.starts == time(7) and early.ends == time(15)


def test_add_a_template_and_refuse_a_duplicate_code(client, auth, db):
    """Can a manager add a twilight shift, and is a second shift with its code refused?"""
    ward = _team_of(db, WARD_MANAGER)
    form = {"action": "add_template", "new-code": "tw", "new-name": "Twilight",
            "new-starts": "17:00", "new-ends": "23:00", "new-break": "0"}
    auth.login(WARD_MANAGER)
    assert _post(client, f"/teams/{ward.id}/demand", form).status_code == 302
    added = _template(db, ward.id, "TW")
    assert shift_minutes(added.starts, added.ends) == 360
    again = _post(client, f"/teams/{ward.id}/demand", form | {"new-code": "E", "new-name": ""})
    page = again.get_data(as_text=True)
    assert again.status_code == 422
    assert "already has a shift coded E" in page and "enter a name of up to 40" in page


def test_cover_edits_are_saved_and_bad_cells_named(client, auth, db):
    """Is a changed cell saved; is minimum above preferred named by shift, day and competence?"""
    ward = _team_of(db, WARD_MANAGER)
    cell = db.exec(select(CoverRequirement).where(CoverRequirement.team_id == ward.id,
                                                  CoverRequirement.weekday == 0)).first()
    key = f"{cell.shift_template_id}-{cell.competence_id or 'any'}-0"
    auth.login(WARD_MANAGER)
    form = _cover_form(db, ward.id) | {f"min-{key}": "2", f"pref-{key}": "5"}
    assert _post(client, f"/teams/{ward.id}/demand", form).status_code == 302
    db.refresh(cell)
    assert (cell.minimum, cell.preferred) == (2, 5)
    bad = _cover_form(db, ward.id) | {f"min-{key}": "6", f"pref-{key}": "x"}
    page = _post(client, f"/teams/{ward.id}/demand", bad).get_data(as_text=True)
    assert "Monday" in page and "enter a preferred number of people from 0 to 99" in page
    bad[f"pref-{key}"] = "3"
    response = _post(client, f"/teams/{ward.id}/demand", bad)
    assert response.status_code == 422
    assert "the minimum (6) must not be more than the preferred number (3)" in \
        response.get_data(as_text=True)
    db.refresh(cell)
    assert (cell.minimum, cell.preferred) == (2, 5)


def test_add_a_cover_line_for_every_day_with_htmx(client, auth, db):
    """Does a new line add cover for all seven days, htmx getting the demand block back?"""
    ward = _team_of(db, WARD_MANAGER)
    late = _template(db, ward.id, "L")
    before = db.exec(select(func.count()).select_from(CoverRequirement)).one()
    auth.login(WARD_MANAGER)
    form = _cover_form(db, ward.id) | {"add-template": str(late.id), "add-competence": "any",
                                       "add-min": "1", "add-pref": "2"}
    response = _post(client, f"/teams/{ward.id}/demand", form, **{"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "Cover saved." in body
    assert 'id="team-demand"' in body and "<html" not in body
    assert db.exec(select(func.count()).select_from(CoverRequirement)).one() == before + 7
    again = _post(client, f"/teams/{ward.id}/demand", form, **{"HX-Request": "true"})
    assert again.status_code == 422 and "already has a line" in again.get_data(as_text=True)


def test_demand_page_full_and_fragment(client, auth, db):
    """Does the demand page render whole, and as its block for htmx?"""
    branch = _team_of(db, "manager@demo.place")
    auth.login("manager@demo.place")
    full = client.get(f"/teams/{branch.id}/demand")
    assert full.status_code == 200 and "no shift templates" in full.get_data(as_text=True)
    fragment = client.get(f"/teams/{branch.id}/demand", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert _post(client, f"/teams/{branch.id}/demand", {}).status_code == 422
