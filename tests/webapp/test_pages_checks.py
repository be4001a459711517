"""Issue 20's page items checked by request: a registrant's way back from a delegated
worker's passport, length errors that name their field, no design notes shown to users."""

from sqlmodel import select

from webapp.models import Delegation

from .conftest import DEMO_EMAILS, csrf_token, user_by_email


def test_registrants_back_link_from_a_delegated_workers_passport_works(client, auth, db):
    """Does the nurse's back link from a worker they delegated to lead somewhere they may
    go (their delegations), not to the staff list they are refused?"""
    nurse = user_by_email(db, DEMO_EMAILS["registered_professional"])
    delegation = db.exec(select(Delegation).where(
        Delegation.delegating_professional_id == nurse.staff_member_id)).first()
    auth.login(nurse.email)
    html = client.get(f"/staff/{delegation.care_worker_id}/passport").get_data(as_text=True)
    assert "Back to your delegations" in html and "Back to staff" not in html
    assert client.get("/me/delegations").status_code == 200
    assert client.get("/staff").status_code == 403


def test_sign_in_length_errors_name_the_field(client):
    """Are an over-long email address and password each refused by name?"""
    response = client.post("/login", data={"csrf_token": csrf_token(client),
                                           "email": "a" * 250 + "@x.org", "password": "p" * 201})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Email address must be 254 characters or fewer" in html
    assert "Password must be 200 characters or fewer" in html


def test_recognition_page_shows_no_design_notes(client, auth):
    """Does the recognition page speak to admins without citing our design documents?"""
    auth.login(DEMO_EMAILS["admin"])
    html = client.get("/recognition").get_data(as_text=True)
    assert "Cross-sector recognition" in html
    assert "DOMAIN.md" not in html and "draft from" not in html
