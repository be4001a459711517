"""A member's audit trail: the member reads their own, an admin reads anyone's in the place."""

from datetime import UTC, datetime

from webapp.models import AuditEvent

from .conftest import DEMO_EMAILS, user_by_email


def test_member_reads_who_viewed_their_passport(client, auth, db):
    """After a manager views the carer's passport, does the carer see it on their trail?"""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    auth.login(DEMO_EMAILS["manager"])
    client.get(f"/staff/{carer.staff_member_id}/passport")
    auth.logout()
    auth.login(DEMO_EMAILS["care_worker"])
    html = client.get("/me/audit").get_data(as_text=True)
    assert "Viewed the passport" in html and "manager@demo.place" in html


def test_admin_reads_a_members_trail_others_cannot(client, auth, db):
    """Does the admin see the trail, with htmx getting just the events, and a manager not?"""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    db.add(
        AuditEvent(
            at=datetime.now(UTC),
            action="passport_entry.verify",
            entity="passport_entry",
            entity_id="1",
            staff_member_id=carer.staff_member_id,
        )
    )
    db.commit()
    auth.login(DEMO_EMAILS["admin"])
    url = f"/staff/{carer.staff_member_id}/audit"
    assert "Verified evidence" in client.get(url).get_data(as_text=True)
    part = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in part.get_data(as_text=True)
    assert 'id="audit-events"' in part.get_data(as_text=True)
    assert client.get("/staff/999999/audit").status_code == 404
    auth.logout()
    auth.login(DEMO_EMAILS["manager"])
    assert client.get(url).status_code == 403


def test_trail_is_only_the_members_own(client, auth, db):
    """Does the carer's trail leave out events about other members?"""
    nurse = user_by_email(db, DEMO_EMAILS["registered_professional"])
    auth.login(DEMO_EMAILS["admin"])
    client.get(f"/staff/{nurse.staff_member_id}/passport")
    auth.logout()
    auth.login(DEMO_EMAILS["care_worker"])
    assert "admin@demo.place" not in client.get("/me/audit").get_data(as_text=True)
