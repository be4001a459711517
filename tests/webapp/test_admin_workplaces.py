"""ASC-WDS workplaces: an admin records their organisation's LOCALESTIDs, and a real-layout
bulk training file's rows match them (or the organisation's code); an unknown workplace's
row names its LOCALESTID and the screen that fixes it."""

from sqlmodel import select

from webapp.models import AuditEvent, Organisation, Role, Sector
from webapp.models.place import AscwdsWorkplace
from webapp.services import accounts

from .conftest import DEMO_EMAILS, PASSWORD, csrf_token, user_by_email
from .test_imports import confirm, entries, upload
from .test_imports_ascwds import HEADER, carer, line


def orgs(db):
    council = db.exec(select(Organisation).where(Organisation.sector == Sector.COUNCIL_ASC)).one()
    trust = db.exec(select(Organisation).where(Organisation.sector == Sector.NHS_TRUST)).first()
    return council, trust


def add(client, organisation: Organisation, local_id: str, name="North home care"):
    return client.post("/admin/workplaces", data={
        "csrf_token": csrf_token(client, "/admin/workplaces"),
        "organisation": str(organisation.id), "local_id": local_id, "name": name})


def test_unknown_workplace_is_named_then_recorded_and_imported(client, auth, db):
    """Is a row from an unrecorded LOCALESTID refused naming it and the workplaces screen,
    and the same file imported once the admin records the workplace there?"""
    council, _ = orgs(db)
    auth.login(DEMO_EMAILS["admin"])
    body = (HEADER + line(carer(db).staff_number, 6, place="NEWBRANCH-7")).encode()
    location = upload(client, body, layout="ascwds", organisation=str(council.id),
                      name="t.csv").headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert "LOCALESTID NEWBRANCH-7 is not one of" in html and "/admin/workplaces" in html
    assert add(client, council, "NEWBRANCH-7").status_code == 302
    listed = client.get("/admin/workplaces").get_data(as_text=True)
    assert "NEWBRANCH-7" in listed and "North home care" in listed
    before = entries(db)
    again = upload(client, body, layout="ascwds", organisation=str(council.id),
                   name="t.csv").headers["Location"]
    assert "Imported: 1 new" in confirm(client, again).get_data(as_text=True)
    assert entries(db) == before + 1
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "workplace.add")).one()


def test_workplace_form_errors_name_the_field(client, auth, db):
    """Are a duplicate LOCALESTID, a blank one and an over-long one refused by name?"""
    council, _ = orgs(db)
    auth.login(DEMO_EMAILS["admin"])
    add(client, council, "DUP-1")
    for local_id, message in [("dup-1", "already has LOCALESTID dup-1"),
                              (council.code, "already has LOCALESTID"),
                              ("", "Enter the workplace&#39;s LOCALESTID"),
                              ("x" * 51, "LOCALESTID must be 50 characters or fewer")]:
        response = add(client, council, local_id)
        assert response.status_code == 422, local_id
        html = response.get_data(as_text=True)
        assert "There is a problem" in html and message in html, local_id


def test_an_organisations_admin_keeps_to_its_own_workplaces(client, auth, db):
    """Does the council's admin see and change only council workplaces: another's is 404
    to remove, absent from the list, and refused as a choice?"""
    council, trust = orgs(db)
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    accounts.create_user(db, email="admin@council.test", password=PASSWORD, role=Role.ADMIN,
                         place_id=admin.place_id, organisation_id=council.id)
    theirs = AscwdsWorkplace(organisation_id=trust.id, local_id="TRUST-WP", name="Trust site")
    db.add(theirs)
    db.commit()
    auth.login("admin@council.test")
    assert "TRUST-WP" not in client.get("/admin/workplaces").get_data(as_text=True)
    removed = client.post(f"/admin/workplaces/{theirs.id}/remove",
                          data={"csrf_token": csrf_token(client, "/admin/workplaces")})
    assert removed.status_code == 404
    assert add(client, trust, "SNEAKY-1").status_code == 422
    assert db.exec(select(AscwdsWorkplace).where(
        AscwdsWorkplace.local_id == "SNEAKY-1")).first() is None
    assert db.get(AscwdsWorkplace, theirs.id) is not None
