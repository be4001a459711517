"""The passport: content, order, and who may see whose."""

from datetime import date, timedelta

from sqlmodel import select

from webapp.models import AuditEvent, EmploymentContract, StaffMember
from webapp.services.passports import status_of, valid_until_for

from .conftest import user_by_email


def test_status_boundaries():
    """Are entries current, expiring within 60 days, or expired on the right days?"""
    today = date(2026, 11, 23)
    assert status_of(None, today) == "current"
    assert status_of(today - timedelta(days=1), today) == "expired"
    assert status_of(today, today) == "expiring"
    assert status_of(today + timedelta(days=60), today) == "expiring"
    assert status_of(today + timedelta(days=61), today) == "current"


def test_valid_until_follows_refresher_period():
    """Is an annual refresher valid until the day before the anniversary?"""
    assert valid_until_for(12, date(2026, 2, 28)) == date(2027, 2, 27)
    assert valid_until_for(None, date(2026, 2, 28)) is None


def test_own_passport_lists_attention_first(auth, client):
    """Does the carer's passport show employers, expired before expiring, and delegations?"""
    auth.login("carer@demo.place")
    html = client.get("/me/passport").get_data(as_text=True)
    assert "Employers" in html and "bank contract" in html
    attention = html[html.index('id="needs-attention"') :]
    assert attention.index("Expired") < attention.index("Expires soon")
    assert "Insulin administration" in html and "Review overdue" in html
    assert "Statutory and mandatory training" in html and "Care Certificate standards" in html


def test_care_worker_cannot_see_another_passport(auth, client, db):
    """Is a care worker refused another member's passport, and the attempt audited?"""
    carer = user_by_email(db, "carer@demo.place")
    other = db.exec(select(StaffMember).where(StaffMember.id != carer.staff_member_id)).first()
    auth.login("carer@demo.place")
    response = client.get(f"/staff/{other.id}/passport")
    assert response.status_code == 403
    denied = db.exec(select(AuditEvent).where(AuditEvent.action == "passport.view_denied")).all()
    assert [e.staff_member_id for e in denied] == [other.id]


def test_manager_sees_own_staff_not_others(auth, client, db):
    """May a manager open their organisation's staff but not another organisation's?"""
    manager = user_by_email(db, "manager@demo.place")
    in_org = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == manager.organisation_id
    )
    mine = db.exec(in_org).first()
    outsider = db.exec(select(StaffMember.id).where(StaffMember.id.not_in(in_org))).first()
    auth.login("manager@demo.place")
    assert client.get(f"/staff/{mine}/passport").status_code == 200
    assert client.get(f"/staff/{outsider}/passport").status_code == 404  # the same as a missing id
    viewed = db.exec(select(AuditEvent.action).where(AuditEvent.staff_member_id == mine)).all()
    assert viewed == ["passport.view"]


def test_unknown_member_is_404(auth, client):
    """Does an id that does not exist give 404?"""
    auth.login("lead@demo.place")
    assert client.get("/staff/999999/passport").status_code == 404
