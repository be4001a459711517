"""Refresher periods are data an admin edits; a professional sees the delegations they made."""

from sqlmodel import select

from webapp.models import AuditEvent, Competence, PassportEntry
from webapp.services.passports import valid_until_for

from .conftest import csrf_token


def test_admin_changes_refresher_and_entries_follow(auth, client, db):
    """Does a new refresher period re-derive every entry's valid-until, audited?"""
    fire = db.exec(select(Competence).where(Competence.code == "CSTF-FIRE")).one()
    auth.login("admin@demo.place")
    url = f"/catalogue/{fire.id}/edit"
    token = csrf_token(client, url)
    response = client.post(url, data={"refresher_months": "12", "csrf_token": token})
    assert response.status_code == 302
    db.expire_all()
    entries = db.exec(select(PassportEntry).where(PassportEntry.competence_id == fire.id)).all()
    assert entries and all(e.valid_until == valid_until_for(12, e.achieved_on) for e in entries)
    changed = AuditEvent.action == "competence.refresher_changed"
    event = db.exec(select(AuditEvent).where(changed)).one()
    assert '"refresher_months": 24' in event.before and '"refresher_months": 12' in event.after


def test_bad_refresher_period_rerenders_with_error(auth, client, db):
    """Does a nonsense period re-render the form with the NHS.UK error summary, saving nothing?"""
    fire = db.exec(select(Competence).where(Competence.code == "CSTF-FIRE")).one()
    auth.login("admin@demo.place")
    url = f"/catalogue/{fire.id}/edit"
    token = csrf_token(client, url)
    response = client.post(url, data={"refresher_months": "-3", "csrf_token": token})
    assert response.status_code == 422
    assert b"nhsuk-error-summary" in response.data and b"from 1 to 120" in response.data
    db.expire_all()
    assert db.get(Competence, fire.id).refresher_months == 24


def test_nurse_sees_delegations_made(auth, client):
    """Does the demo nurse see the insulin delegation to the demo carer, and an overdue review?"""
    auth.login("nurse@demo.place")
    html = client.get("/me/delegations").get_data(as_text=True)
    assert "Insulin administration" in html and "Review overdue" in html
