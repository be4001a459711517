"""Across organisations a passport is seen only under a data-sharing agreement, and
recognised entries count where they were accepted."""

from datetime import date, timedelta

from sqlmodel import select

from webapp.models import EmploymentContract, Organisation, Sector, StaffMember
from webapp.services import agreements

from .conftest import user_by_email


def _trust_only_member(db, council_id: int) -> StaffMember:
    council_staff = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == council_id
    )
    trust = db.exec(select(Organisation).where(Organisation.sector == Sector.NHS_TRUST)).one()
    trust_staff = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == trust.id
    )
    return db.exec(
        select(StaffMember).where(
            StaffMember.id.in_(trust_staff), StaffMember.id.not_in(council_staff)
        )
    ).first()


def test_agreement_opens_only_agreed_frameworks(auth, client, db):
    """Is another organisation's member refused until an agreement, then shown in part?"""
    manager = user_by_email(db, "manager@demo.place")
    member = _trust_only_member(db, manager.organisation_id)
    auth.login("manager@demo.place")
    assert client.get(f"/staff/{member.id}/passport").status_code == 404  # the same as a missing id
    trust_id = db.exec(
        select(EmploymentContract.organisation_id).where(
            EmploymentContract.staff_member_id == member.id
        )
    ).first()
    agreements.record_agreement(
        db,
        place_id=manager.place_id,
        title="Home care and community",
        purpose="Joint rotas",
        party_ids=[manager.organisation_id, trust_id],
        frameworks=["statutory_mandatory"],
        starts_on=date.today() - timedelta(days=1),
        ends_on=None,
        actor=manager,
    )
    db.commit()
    html = client.get(f"/staff/{member.id}/passport").get_data(as_text=True)
    assert "Statutory and mandatory training" in html
    assert "Care Certificate standards" not in html and "Clinical skills" not in html
    assert "data-sharing agreement" in html
    api = client.get(f"/api/staff/{member.id}/passport").get_json()
    assert [g["category"] for g in api["groups"]] == ["Statutory and mandatory training"]


def test_own_staff_see_everything(auth, client, db):
    """Does a manager see every framework of their own organisation's staff?"""
    carer = user_by_email(db, "carer@demo.place")
    auth.login("manager@demo.place")
    html = client.get(f"/staff/{carer.staff_member_id}/passport").get_data(as_text=True)
    assert "Care Certificate standards" in html and "data-sharing agreement" not in html
