"""Issuing: record a completion with derived validity; verify self-declared evidence."""

from datetime import date, timedelta

from sqlmodel import select

from webapp.models import AuditEvent, Competence, PassportEntry, StaffMember
from webapp.services.passports import valid_until_for

from .conftest import DEMO_EMAILS, csrf_token, user_by_email


def record(client, **fields):
    data = {"csrf_token": csrf_token(client, "/issuing/record"), **fields}
    return client.post("/issuing/record", data=data)


def carer(db) -> StaffMember:
    return db.get(StaffMember, user_by_email(db, DEMO_EMAILS["care_worker"]).staff_member_id)


def test_issuer_records_a_completion(client, auth, db):
    """Is the entry verified by the issuer's organisation, valid for the refresher, audited?"""
    auth.login(DEMO_EMAILS["issuer"])
    member = carer(db)
    fire = db.exec(select(Competence).where(Competence.code == "CSTF-FIRE")).one()
    achieved = date.today() - timedelta(days=2)
    response = record(
        client,
        staff_number=member.staff_number,
        competence=fire.id,
        achieved_on=achieved.isoformat(),
        evidence_note="Attended session",
    )
    assert response.status_code == 302
    entry = db.exec(select(PassportEntry).order_by(PassportEntry.id.desc())).first()
    issuer = user_by_email(db, DEMO_EMAILS["issuer"])
    assert (entry.staff_member_id, entry.competence_id) == (member.id, fire.id)
    assert entry.valid_until == valid_until_for(fire.refresher_months, achieved)
    assert entry.verified_by == issuer.email
    assert entry.verifying_organisation_id == issuer.organisation_id
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "passport_entry.create")).one()
    assert (event.staff_member_id, event.entity_id) == (member.id, str(entry.id))


def test_record_form_errors(client, auth, db):
    """Are an unknown staff number, a future date and blanks shown in the error summary?"""
    auth.login(DEMO_EMAILS["issuer"])
    fire = db.exec(select(Competence).where(Competence.code == "CSTF-FIRE")).one()
    response = record(
        client,
        staff_number="nobody",
        competence=fire.id,
        achieved_on=date.today().isoformat(),
        evidence_note="x",
    )
    assert response.status_code == 422
    assert "No one your organisation employs has that staff number" in response.get_data(
        as_text=True
    )
    response = record(
        client,
        staff_number=carer(db).staff_number,
        competence=fire.id,
        achieved_on=(date.today() + timedelta(days=1)).isoformat(),
        evidence_note="x",
    )
    assert "must be today or in the past" in response.get_data(as_text=True)
    html = record(client).get_data(as_text=True)
    assert "There is a problem" in html and "Enter the member&#39;s staff number" in html


def test_issuer_verifies_self_declared_evidence(client, auth, db):
    """Does verifying set who, when and which organisation, audited, and only once?"""
    auth.login(DEMO_EMAILS["issuer"])
    entry = db.exec(select(PassportEntry).where(PassportEntry.verified_by.is_(None))).first()
    member = db.get(StaffMember, entry.staff_member_id)
    html = client.get(f"/issuing/verify?q={member.staff_number}").get_data(as_text=True)
    assert f"/issuing/entries/{entry.id}/verify" in html
    token = csrf_token(client, "/issuing/verify")
    client.post(f"/issuing/entries/{entry.id}/verify", data={"csrf_token": token})
    db.refresh(entry)
    issuer = user_by_email(db, DEMO_EMAILS["issuer"])
    assert entry.verified_by == issuer.email and entry.verified_on == date.today()
    assert entry.verifying_organisation_id == issuer.organisation_id
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "passport_entry.verify")).one()
    assert event.staff_member_id == member.id and '"verified_by": null' in event.before
    again = client.post(
        f"/issuing/entries/{entry.id}/verify", data={"csrf_token": token}, follow_redirects=True
    )
    assert "verified already" in again.get_data(as_text=True)


def test_unverified_list_answers_htmx_with_a_fragment(client, auth):
    """Does the search send just the results to htmx?"""
    auth.login(DEMO_EMAILS["issuer"])
    response = client.get("/issuing/verify?q=1", headers={"HX-Request": "true"})
    text = response.get_data(as_text=True)
    assert "<html" not in text and 'id="unverified-entries"' in text
    assert "HX-Request" in response.headers["Vary"]
