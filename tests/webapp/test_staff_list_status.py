"""The staff list's training status counts required training that is not held."""

from datetime import date

from sqlalchemy import func
from sqlmodel import select

from webapp.models import (
    Competence,
    EmploymentContract,
    PassportEntry,
    RoleRequirement,
    StaffMember,
)
from webapp.services.directory import search_staff

from .conftest import DEMO_EMAILS, user_by_email


def _only_contract(db, organisation_id: int) -> EmploymentContract:
    """A contract of someone this organisation employs who has no other contract."""
    single = select(EmploymentContract.staff_member_id).group_by(
        EmploymentContract.staff_member_id).having(func.count() == 1)
    return db.exec(select(EmploymentContract).where(
        EmploymentContract.organisation_id == organisation_id,
        EmploymentContract.staff_member_id.in_(single))).first()


def test_required_but_not_held_is_not_up_to_date(auth, client, db):
    """Does a worker holding nothing, whose role needs two items, show "2 required, not
    held" and not "Up to date"?"""
    manager = user_by_email(db, DEMO_EMAILS["manager"])
    contract = _only_contract(db, manager.organisation_id)
    member = db.get(StaffMember, contract.staff_member_id)
    for entry in db.exec(select(PassportEntry).where(PassportEntry.staff_member_id ==
                                                     member.id)):
        db.delete(entry)  # nothing held, so nothing expired or expiring either
    for requirement in db.exec(select(RoleRequirement).where(
            RoleRequirement.organisation_id == contract.organisation_id,
            RoleRequirement.job_role == contract.job_role)):
        db.delete(requirement)
    for code in ("CLIN-ECG", "CLIN-VENE"):
        competence = db.exec(select(Competence).where(Competence.code == code)).one()
        db.add(RoleRequirement(organisation_id=contract.organisation_id,
                               job_role=contract.job_role, competence_id=competence.id))
    db.commit()
    rows, _ = search_staff(db, user=manager, q=member.staff_number, page=1, size=10,
                           today=date.today())
    row = next(r for r in rows if r.member.id == member.id)
    assert (row.expired, row.expiring, row.not_held, row.up_to_date) == (0, 0, 2, False)
    auth.login(DEMO_EMAILS["manager"])
    html = client.get(f"/staff?q={member.staff_number}").get_data(as_text=True)
    assert "2 required, not held" in html
