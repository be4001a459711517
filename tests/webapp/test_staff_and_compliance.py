"""Staff search and the compliance matrix, as full pages and as htmx fragments."""

from sqlmodel import select

from webapp.models import EmploymentContract, StaffMember
from webapp.services.compliance import build_matrix

from .conftest import user_by_email


def test_staff_page_and_fragment(auth, client):
    """Does /staff serve the whole page, or only the results for htmx, varying on HX-Request?"""
    auth.login("manager@demo.place")
    page = client.get("/staff")
    fragment = client.get("/staff?q=a", headers={"HX-Request": "true"})
    assert "HX-Request" in page.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    assert b"<html" in page.data and b'id="staff-results"' in page.data
    assert b"<html" not in fragment.data and fragment.data.lstrip().startswith(b'<div id="staff')


def test_manager_search_is_scoped_to_organisation(auth, client, db):
    """Does a manager's search find only their organisation's staff?"""
    manager = user_by_email(db, "manager@demo.place")
    outsider = db.exec(
        select(StaffMember).where(
            StaffMember.id.not_in(
                select(EmploymentContract.staff_member_id).where(
                    EmploymentContract.organisation_id == manager.organisation_id
                )
            )
        )
    ).first()
    auth.login("manager@demo.place")
    found = client.get(f"/staff?q={outsider.staff_number}").get_data(as_text=True)
    assert "0 people matching" in found
    auth.logout()
    auth.login("lead@demo.place")
    found = client.get(f"/staff?q={outsider.staff_number}").get_data(as_text=True)
    assert "1 person matching" in found


def test_compliance_page_and_fragment(auth, client):
    """Does the matrix come as a page, or only the matrix for htmx?"""
    auth.login("manager@demo.place")
    page = client.get("/compliance")
    fragment = client.get("/compliance?attention=1", headers={"HX-Request": "true"})
    assert page.status_code == fragment.status_code == 200
    assert "HX-Request" in page.headers["Vary"]
    assert b"<html" in page.data and b"<html" not in fragment.data
    assert b'id="compliance-matrix"' in fragment.data


def test_matrix_counts_match_cells(app, db):
    """Do the matrix's counts equal the cells it shows, and required-only cells carry status?"""
    manager = user_by_email(db, "manager@demo.place")
    from datetime import date

    matrix = build_matrix(db, manager.organisation_id, date.today())
    assert matrix.rows and matrix.columns
    cells = [c for row in matrix.rows for c in row.cells if c is not None]
    assert matrix.totals["expired"] == cells.count("expired") > 0
    assert matrix.totals["expiring"] == cells.count("expiring") > 0
    assert sum(matrix.totals.values()) == len(cells)


def test_lead_chooses_organisation(auth, client, db):
    """Can a workforce lead look at any organisation's matrix, and is a bad id 404?"""
    auth.login("lead@demo.place")
    assert client.get("/compliance?organisation=999999").status_code == 404
    assert client.get("/compliance").status_code == 200
