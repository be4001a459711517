"""ASC-WDS bulk upload training files in the real layout: keyed on workplace + worker, the
published category numbers (Oliver McGowan included), every row previewed, all or nothing,
and the file's own expiry dates kept as the source system's."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from webapp.models import Competence, Organisation, PassportEntry, Sector, StaffMember
from webapp.models.place import AscwdsWorkplace

from .conftest import DEMO_EMAILS, user_by_email
from .test_imports import confirm, entries, upload

HEADER = ("LOCALESTID,UNIQUEWORKERID,CATEGORY,DESCRIPTION,DATECOMPLETED,EXPIRYDATE,"
          "ACCREDITED,NOTES\n")
DONE = date.today() - timedelta(days=10)


@pytest.fixture
def council(db, auth):
    """The council, with one ASC-WDS workplace recorded; signed in as the admin."""
    auth.login(DEMO_EMAILS["admin"])
    org = db.exec(select(Organisation).where(Organisation.sector == Sector.COUNCIL_ASC)).one()
    db.add(AscwdsWorkplace(organisation_id=org.id, local_id="HOMECARE-N", name="Home care"))
    db.commit()
    return org


def carer(db) -> StaffMember:
    return db.get(StaffMember, user_by_email(db, DEMO_EMAILS["care_worker"]).staff_member_id)


def line(worker, category, description="Course", done=DONE, expiry="", accredited="1",
         notes="", place="HOMECARE-N") -> str:
    done = done.strftime("%d/%m/%Y") if isinstance(done, date) else done
    return f'{place},{worker},{category},"{description}",{done},{expiry},{accredited},"{notes}"\n'


def test_real_file_previews_then_imports(client, council, db):
    """Does a real-layout file preview every row (new, skipped) and import the competences,
    keeping the file's own expiry date as ASC-WDS's?"""
    number = carer(db).staff_number
    expiry = (DONE + timedelta(days=400)).strftime("%d/%m/%Y")
    body = (HEADER + line(number, 6, "Fire marshal", expiry=expiry)
            + line(number, 42, "Oliver McGowan Tier 1 webinar", place=council.code)
            + line(number, 2, "Dementia awareness", notes="Level 2, with quiz")
            + line(number, 20, "Safeguarding", done="")).encode()
    before = entries(db)
    location = upload(client, body, layout="ascwds", organisation=str(council.id),
                      name="training.csv").headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert html.count("Skipped") >= 2 and "Dementia care is not a competence" in html
    assert "No DATECOMPLETED" in html and entries(db) == before
    assert "Imported: 2 new" in confirm(client, location).get_data(as_text=True)
    fire = db.exec(select(PassportEntry).join(Competence).where(
        Competence.code == "CSTF-FIRE", PassportEntry.staff_member_id == carer(db).id)
        .order_by(PassportEntry.id.desc())).first()
    assert fire.valid_until == DONE + timedelta(days=400) and fire.expiry_source == "ascwds"
    assert "accredited" in fire.evidence_note and "Fire marshal" in fire.evidence_note
    ommt = db.exec(select(PassportEntry).join(Competence).where(
        Competence.code == "OMMT-T1").order_by(PassportEntry.id.desc())).first()
    assert ommt.staff_member_id == carer(db).id and ommt.expiry_source is None


@pytest.mark.parametrize(("row", "message"), [
    (dict(place="ELSEWHERE-9"), "LOCALESTID ELSEWHERE-9 is not one of"),
    (dict(category=24), "CATEGORY 24 is not on the ASC-WDS training list"),
    (dict(category="Fire safety"), "is not a training category number"),
    (dict(accredited="2"), "ACCREDITED must be 0, 1 or 999"),
    (dict(expiry=DONE.strftime("%d/%m/%Y")), "EXPIRYDATE must be after DATECOMPLETED"),
    (dict(description=""), "DESCRIPTION is blank"),
    (dict(description="x" * 121), "DESCRIPTION is longer than 120 characters"),
    (dict(notes="n" * 1001), "NOTES is longer than 1000 characters"),
    (dict(done="31/02/2026"), "is not a date like 31/03/2026"),
    (dict(done=date.today() + timedelta(days=2)), "must be today or in the past"),
    (dict(worker="99999999"), "No staff member with number 99999999"),
])
def test_one_bad_row_refuses_the_file(client, council, db, row, message):
    """Is each edge case in ASC-WDS's own rules named on its row, and nothing imported?"""
    number = carer(db).staff_number
    args = {"worker": number, "category": 6} | row
    body = (HEADER + line(number, 9) + line(**args)).encode()
    before = entries(db)
    location = upload(client, body, layout="ascwds", organisation=str(council.id),
                      name="t.csv").headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert message in html and "cannot be imported" in html
    assert "cannot be imported" in confirm(client, location).get_data(as_text=True)
    assert entries(db) == before


def test_the_old_made_up_layout_is_refused(client, council, db):
    """Is a file with our old invented headers refused, naming the real columns?"""
    body = b"Worker ID,Training category,Date completed\n1,Fire safety,01/01/2025\n"
    response = upload(client, body, layout="ascwds", organisation=str(council.id))
    assert response.status_code == 422
    assert "LOCALESTID" in response.get_data(as_text=True)
