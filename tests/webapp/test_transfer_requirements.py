"""Role requirements (what a new role needs) and the expiring-training download."""

import csv
import io
from datetime import date, timedelta

from sqlmodel import select

from webapp.models import (
    AuditEvent,
    Competence,
    EmploymentContract,
    PassportEntry,
    RoleRequirement,
    StaffMember,
)

from .conftest import DEMO_EMAILS, csrf_token, user_by_email


def competence(db, code) -> Competence:
    return db.exec(select(Competence).where(Competence.code == code)).one()


def test_manager_adds_and_removes_a_requirement(client, auth, db):
    """Can the council manager require a competence for a role, then remove it, audited?"""
    auth.login(DEMO_EMAILS["manager"])
    manager = user_by_email(db, DEMO_EMAILS["manager"])
    sga3 = competence(db, "CSTF-SGA-3")
    response = client.post(
        "/requirements",
        data={
            "csrf_token": csrf_token(client, "/requirements"),
            "job_role": "Home care worker",
            "competence": sga3.id,
        },
    )
    assert response.status_code == 302
    requirement = db.exec(
        select(RoleRequirement).where(
            RoleRequirement.organisation_id == manager.organisation_id,
            RoleRequirement.job_role == "Home care worker",
            RoleRequirement.competence_id == sga3.id,
        )
    ).one()
    client.post(
        f"/requirements/{requirement.id}/remove",
        data={"csrf_token": csrf_token(client, "/requirements")},
    )
    db.expunge_all()
    assert db.get(RoleRequirement, requirement.id) is None
    actions = db.exec(
        select(AuditEvent.action).where(AuditEvent.entity == "role_requirement")
    ).all()
    assert actions == ["requirement.add", "requirement.remove"]


def test_requirement_errors_use_the_error_summary(client, auth, db):
    """Are a blank role, a missing competence and a duplicate refused with an error summary?"""
    auth.login(DEMO_EMAILS["manager"])
    token = csrf_token(client, "/requirements")
    response = client.post("/requirements", data={"csrf_token": token, "job_role": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "There is a problem" in html
    assert "Enter the job role" in html
    fire = competence(db, "CSTF-FIRE")
    response = client.post(
        "/requirements",
        data={"csrf_token": token, "job_role": "Home care worker", "competence": fire.id},
    )
    assert "already requires" in response.get_data(as_text=True)


def test_manager_cannot_touch_another_organisations_requirements(client, auth, db):
    """Is a trust requirement out of the council manager's reach?"""
    manager = user_by_email(db, DEMO_EMAILS["manager"])
    other = db.exec(
        select(RoleRequirement).where(RoleRequirement.organisation_id != manager.organisation_id)
    ).first()
    auth.login(DEMO_EMAILS["manager"])
    response = client.post(
        f"/requirements/{other.id}/remove", data={"csrf_token": csrf_token(client, "/requirements")}
    )
    assert response.status_code == 404
    html = client.get(f"/requirements?organisation={other.organisation_id}").get_data(as_text=True)
    assert "Home care worker" in html  # still their own organisation's page


def test_requirements_page_htmx_fragment(client, auth):
    """Does htmx get only the requirements block?"""
    auth.login(DEMO_EMAILS["admin"])
    response = client.get("/requirements", headers={"HX-Request": "true"})
    text = response.get_data(as_text=True)
    assert "<html" not in text and 'id="role-requirements"' in text
    assert "HX-Request" in response.headers["Vary"]


def test_expiring_csv_lists_best_entries_within_the_window(client, auth, db):
    """Does the 30-day download list the carer's expired fire safety and nothing later?"""
    auth.login(DEMO_EMAILS["manager"])
    response = client.get("/compliance/expiring.csv?within=30")
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    carer = db.get(StaffMember, user_by_email(db, DEMO_EMAILS["care_worker"]).staff_member_id)
    mine = [r for r in rows if r["Staff number"] == carer.staff_number]
    assert {"CSTF-FIRE", "CSTF-MH-2"} <= {r["Competence code"] for r in mine}
    limit = date.today() + timedelta(days=30)
    assert all(date.fromisoformat(r["Valid until"]) <= limit for r in rows)
    council = user_by_email(db, DEMO_EMAILS["manager"]).organisation_id
    in_post = set(
        db.exec(
            select(StaffMember.staff_number)
            .join(EmploymentContract, EmploymentContract.staff_member_id == StaffMember.id)
            .where(EmploymentContract.organisation_id == council)
        )
    )
    assert {r["Staff number"] for r in rows} <= in_post


def test_expiring_csv_skips_superseded_entries(client, auth, db):
    """Is an expired entry left out once a newer one is held?"""
    carer = db.get(StaffMember, user_by_email(db, DEMO_EMAILS["care_worker"]).staff_member_id)
    fire = competence(db, "CSTF-FIRE")
    db.add(
        PassportEntry(
            staff_member_id=carer.id,
            competence_id=fire.id,
            achieved_on=date.today(),
            valid_until=date.today() + timedelta(730),
        )
    )
    db.commit()
    auth.login(DEMO_EMAILS["manager"])
    text = client.get("/compliance/expiring.csv?within=0").get_data(as_text=True)
    assert not any(carer.staff_number in line and "CSTF-FIRE" in line for line in text.splitlines())
    assert client.get("/compliance/expiring.csv?within=7").status_code == 404
