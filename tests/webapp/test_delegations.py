"""Delegations managed in the app: the one validity rule, recording, review, renew, suspend
and withdraw (each audited), and what the worker, the registrant and the solver see."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from optimizer.place.eligibility import delegation_active
from webapp.models import (
    AuditEvent,
    Competence,
    Delegation,
    DelegationStatus,
    PassportEntry,
    PersonReceivingCare,
    StaffMember,
)
from webapp.services.delegations import is_valid_on, state_on
from webapp.services.rotas.problem import place
from webapp.services.rotas.problem.facts import load_facts

from .conftest import csrf_token, user_by_email

TODAY = date.today()
NURSE, CARER = "nurse@demo.place", "carer@demo.place"


def _delegation(status="active", assessed=-10, review=30) -> Delegation:
    return Delegation(delegating_professional_id=1, registration_number="X", care_worker_id=2,
                      person_id=3, activity_id=4, status=status,
                      assessed_on=TODAY + timedelta(days=assessed),
                      review_by=TODAY + timedelta(days=review))


@pytest.mark.parametrize(("status", "assessed", "review", "valid", "state"), [
    ("active", -10, 90, True, "active"),
    ("active", -10, 0, True, "due_soon"),  # the review day itself still counts
    ("active", -10, -1, False, "overdue"),
    ("active", 1, 90, False, "not_started"),
    ("suspended", -10, 90, False, "suspended"),
    ("withdrawn", -10, 90, False, "withdrawn"),
])
def test_the_one_rule(status, assessed, review, valid, state):
    """Does a delegation count only while active, assessed and not past its review date?"""
    d = _delegation(status, assessed, review)
    assert is_valid_on(d, TODAY) is valid
    assert state_on(d, TODAY) == state


def _nurse_and_carer(db):
    nurse, carer = user_by_email(db, NURSE), user_by_email(db, CARER)
    return db.get(StaffMember, nurse.staff_member_id), db.get(StaffMember, carer.staff_member_id)


def _form(db, client, **changes) -> dict:
    _, carer = _nurse_and_carer(db)
    person = db.exec(select(PersonReceivingCare).order_by(PersonReceivingCare.id)).all()[-1]
    activity = db.exec(select(Competence).where(Competence.code == "DHA-STOMA")).one()
    return {"csrf_token": csrf_token(client, "/me/delegations"),
            "staff_number": carer.staff_number, "person_reference": person.reference,
            "activity": activity.id, "consent": "person", "protocol_reference": "CP-2026-114",
            "training_entry_id": "", "assessor": "Nurse, district nursing",
            "assessed_on": TODAY.isoformat(), "supervision": "First three visits observed",
            "escalation_contact": "District nursing hub 01234 567890",
            "review_by": (TODAY + timedelta(days=180)).isoformat()} | changes


def test_nurse_records_a_delegation(auth, client, db):
    """Does recording add the delegation, a sign-off entry it points to, and an audit event,
    and does the care worker then see it on their passport?"""
    auth.login(NURSE)
    response = client.post("/me/delegations/new", data=_form(db, client))
    assert response.status_code == 302
    d = db.exec(select(Delegation).where(Delegation.protocol_reference == "CP-2026-114")).one()
    signoff = db.get(PassportEntry, d.signoff_entry_id)
    assert (d.consent, d.escalation_contact) == ("person", "District nursing hub 01234 567890")
    assert signoff.staff_member_id == d.care_worker_id and signoff.valid_until == d.review_by
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "delegation.record",
                                            AuditEvent.entity_id == str(d.id))).one()
    auth.logout()
    auth.login(CARER)
    html = client.get("/me/passport").get_data(as_text=True)
    assert "Stoma care" in html and "CP-2026-114" in html


def test_lapsed_registration_cannot_delegate(auth, client, db):
    """Is a registrant whose registration has run out refused, with the reason shown?"""
    nurse, _ = _nurse_and_carer(db)
    nurse.registration_valid_until = TODAY - timedelta(days=1)
    db.add(nurse)
    db.commit()
    auth.login(NURSE)
    response = client.post("/me/delegations/new", data=_form(db, client))
    assert response.status_code == 422
    assert "registration is not current" in response.get_data(as_text=True)
    assert "Record a delegation</a>" not in client.get("/me/delegations").get_data(as_text=True)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("person_reference", "PRC-99999", "No person receiving care"),
    ("review_by", (TODAY + timedelta(days=400)).isoformat(), "within a year"),
    ("assessed_on", (TODAY + timedelta(days=1)).isoformat(), "today or in the past"),
    ("consent", "", "Say how consent was given"),
    ("protocol_reference", "x" * 81, "Protocol or care plan reference must be 80"),
    ("training_entry_id", "999999", "Not a valid choice"),
])
def test_bad_delegation_is_refused_by_field(auth, client, db, field, value, message):
    """Is each bad field refused with a message that names it, and nothing recorded?"""
    auth.login(NURSE)
    before = len(db.exec(select(Delegation.id)).all())
    response = client.post("/me/delegations/new", data=_form(db, client, **{field: value}))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert len(db.exec(select(Delegation.id)).all()) == before


def _insulin(db) -> Delegation:
    nurse, carer = _nurse_and_carer(db)
    insulin = db.exec(select(Competence).where(Competence.code == "DHA-INSULIN")).one()
    return db.exec(select(Delegation).where(
        Delegation.delegating_professional_id == nurse.id, Delegation.care_worker_id == carer.id,
        Delegation.activity_id == insulin.id)).one()


def _post(client, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, "/me/delegations"), **data})


def test_suspend_then_renew(auth, client, db):
    """Does suspending stop the delegation counting (worker's passport, the nurse's access)
    and renewing restore it with a new sign-off, each audited?"""
    d = _insulin(db)
    auth.login(NURSE)
    assert _post(client, f"/me/delegations/{d.id}/suspend").status_code == 422  # no reason
    assert _post(client, f"/me/delegations/{d.id}/suspend",
                 reason="Missed a dose check").status_code == 302
    db.refresh(d)
    assert d.status == DelegationStatus.SUSPENDED
    assert client.get(f"/staff/{d.care_worker_id}").status_code in (403, 404)
    review = (TODAY + timedelta(days=90)).isoformat()
    assert _post(client, f"/me/delegations/{d.id}/review", review_by=review).status_code == 422
    assert _post(client, f"/me/delegations/{d.id}/renew", review_by=review).status_code == 302
    db.refresh(d)
    assert d.status == DelegationStatus.ACTIVE and d.review_by.isoformat() == review
    actions = db.exec(select(AuditEvent.action).where(AuditEvent.entity == "delegation",
                                                      AuditEvent.entity_id == str(d.id))).all()
    assert actions == ["delegation.suspend", "delegation.renew"]


def test_review_clears_an_overdue_delegation(auth, client, db):
    """Does the worker's "Needs attention" show the overdue review, and a review clear it?"""
    auth.login(CARER)
    html = client.get("/me/passport").get_data(as_text=True)
    attention = html.split('id="needs-attention"')[1].split("</div>")[0]
    assert "Catheter care" in attention and "ask them to review it" in attention
    auth.logout()
    nurse, carer = _nurse_and_carer(db)
    overdue = next(d for d in db.exec(select(Delegation).where(
        Delegation.delegating_professional_id == nurse.id)) if d.review_by < TODAY)
    auth.login(NURSE)
    assert "Review catheter care" in client.get("/me/delegations").get_data(as_text=True)
    review = (TODAY + timedelta(days=90)).isoformat()
    assert _post(client, f"/me/delegations/{overdue.id}/review",
                 review_by=review).status_code == 302
    db.refresh(overdue)
    assert is_valid_on(overdue, TODAY) and overdue.reviewed_on == TODAY


def test_withdrawn_is_final_and_others_cannot_touch(auth, client, db):
    """Is a withdrawn delegation closed to renewal, and another registrant's hidden (404)?"""
    d = _insulin(db)
    auth.login(NURSE)
    assert _post(client, f"/me/delegations/{d.id}/withdraw", reason="Moved team").status_code \
        == 302
    review = (TODAY + timedelta(days=90)).isoformat()
    assert _post(client, f"/me/delegations/{d.id}/renew", review_by=review).status_code == 422
    other = db.exec(select(Delegation).where(
        Delegation.delegating_professional_id != d.delegating_professional_id)).first()
    assert client.get(f"/me/delegations/{other.id}").status_code == 404
    assert _post(client, f"/me/delegations/{other.id}/suspend", reason="x").status_code == 404


def test_solver_sees_only_valid_delegations(db):
    """From the database side: does the rota solver's input treat suspended, withdrawn and
    overdue delegations as not valid, agreeing with is_valid_on on every day?"""
    d = _insulin(db)
    taken = set(db.exec(select(Delegation.person_id).where(
        Delegation.care_worker_id == d.care_worker_id)).all())
    people = [p for p in db.exec(select(PersonReceivingCare.id)).all() if p not in taken][:4]
    twins = [Delegation(**d.model_dump(exclude={"id", "signoff_entry_id"}) | change
                        | {"person_id": person})
             for person, change in zip(people, (
                 {"status": "suspended"}, {"status": "withdrawn"},
                 {"review_by": TODAY - timedelta(days=1)},
                 {"review_by": TODAY + timedelta(days=3)}), strict=True)]
    db.add_all(twins)
    db.commit()
    facts = load_facts(db, [d.care_worker_id], TODAY, TODAY + timedelta(days=6))
    staff = place._staff(facts[d.care_worker_id], TODAY, None, [])
    code = db.get(Competence, d.activity_id).code
    seen = []
    for row in [d, *twins]:
        for day in (TODAY + timedelta(days=n) for n in range(7)):
            counts = delegation_active(staff, f"p{row.person_id}", code, day)
            assert counts is is_valid_on(row, day), (row.status, row.review_by, day)
            seen.append(counts)
    assert True in seen and False in seen


def test_pages_speak_to_people(auth, client, db):
    """Does a missing page avoid Werkzeug's developer sentence, and does the carer's passport
    offer sharing near the top?"""
    html = client.get("/no-such-page").get_data(as_text=True)
    assert "Page not found" in html and "URL manually" not in html
    auth.login(CARER)
    html = client.get("/me/passport").get_data(as_text=True)
    assert html.index('href="#share-and-export"') < html.index('id="passport-counts"')
