"""Bad numbers and dates get a clear 4xx or a row error, never a 500; exported cells never
run as formulas (issue 21: 9, 12, 15)."""

import io
from datetime import date, timedelta

import pytest
from sqlmodel import select

from webapp.models import Competence, EmploymentContract, StaffMember
from webapp.services.requirements import to_csv

from .conftest import DEMO_EMAILS, csrf_token, user_by_email

HUGE = str(2**64)


@pytest.mark.parametrize("path", [
    f"/staff/{HUGE}/passport", f"/api/staff/{HUGE}/passport", f"/staff/{HUGE}/passport/fhir",
    f"/staff/{HUGE}/transfer", f"/staff/{HUGE}/audit", f"/imports/{HUGE}",
    f"/catalogue/{HUGE}/edit", "/staff/²/passport", f"/staff/{2**31}/passport"])
def test_ids_beyond_the_database_are_404(client, auth, path):
    """Finding 9: is an id too large for the database (or not an ASCII number) a 404?"""
    auth.login(DEMO_EMAILS["admin"])
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", [{"page": HUGE}, {"page": "-" + HUGE}, {"organisation": HUGE}])
def test_query_numbers_beyond_the_database_are_not_500(client, auth, query):
    """Finding 9: does ?page= or ?organisation= beyond 64 bits answer without a 500?"""
    auth.login(DEMO_EMAILS["admin"])
    for path in ("/staff", "/compliance", "/transfers", "/requirements"):
        assert client.get(path, query_string=query).status_code in (200, 400, 404), path


@pytest.mark.parametrize("field", ["entry", "days", "share_id"])
def test_share_forms_refuse_non_ascii_digits(client, auth, field):
    """Finding 9: does a superscript two in a share form give a 4xx, not a ValueError 500?"""
    auth.login(DEMO_EMAILS["care_worker"])
    token = csrf_token(client, "/me/passport/share")
    data = {"csrf_token": token, "framework": "statutory_mandatory", "days": "7", field: "²"}
    path = "/me/passport/share/revoke" if field == "share_id" else "/me/passport/share"
    assert client.post(path, data=data).status_code in (400, 404, 422)
    data["share_id"] = HUGE
    assert client.post("/me/passport/share/revoke", data=data).status_code in (400, 404)


def esr_upload(client, rows: list[str]):
    body = ("Employee Number,Competency Name,Date Last Awarded,Expiry Date\n"
            + "\n".join(rows) + "\n").encode()
    return client.post("/imports", data={
        "csrf_token": csrf_token(client, "/imports"), "layout": "esr",
        "upload": (io.BytesIO(body), "esr.csv")}, content_type="multipart/form-data")


def trust_member(db) -> StaffMember:
    issuer = user_by_email(db, DEMO_EMAILS["issuer"])
    return db.exec(select(StaffMember).where(StaffMember.id.in_(select(
        EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == issuer.organisation_id)))).first()


FIRE = '"NHS|CSTF|Fire Safety - 2 Years|"'


def test_esr_end_of_time_expiry_imports(client, auth, db):
    """Finding 9: does ESR's 31/12/9999 ("no end") preview and commit without a 500?"""
    member = trust_member(db)
    auth.login(DEMO_EMAILS["issuer"])
    achieved = date.today() - timedelta(days=10)
    response = esr_upload(client, [f"{member.staff_number},{FIRE},{achieved:%d/%m/%Y},31/12/9999"])
    assert response.status_code == 302
    location = response.headers["Location"]
    assert client.get(location).status_code == 200
    done = client.post(location + "/commit", data={"csrf_token": csrf_token(client, location)},
                       follow_redirects=True)
    assert done.status_code == 200 and "Imported: 1 new" in done.get_data(as_text=True)
    assert client.get(f"/staff/{member.id}/passport").status_code == 200


@pytest.mark.parametrize("achieved", ["01/01/0001", "01/01/1900", "31/12/9999", "future"])
def test_implausible_achievement_dates_are_row_errors(client, auth, db, achieved):
    """Finding 12: is an ESR row achieved in year 1, 1900 or in the future an error?"""
    member = trust_member(db)
    if achieved == "future":
        achieved = f"{date.today() + timedelta(days=5 * 365):%d/%m/%Y}"
    auth.login(DEMO_EMAILS["issuer"])
    location = esr_upload(client, [f"{member.staff_number},{FIRE},{achieved},"]).headers[
        "Location"]
    html = client.get(location).get_data(as_text=True)
    assert ">Error</strong>" in html and ">New</strong>" not in html
    assert "The date achieved must be" in html


@pytest.mark.parametrize("achieved", ["0001-01-01", "1900-01-01"])
def test_record_form_refuses_implausibly_old_dates(client, auth, db, achieved):
    """Finding 12: does the issuing form refuse an achievement in year 1 or 1900?"""
    member = trust_member(db)
    fire = db.exec(select(Competence).where(Competence.code == "CSTF-FIRE")).one()
    auth.login(DEMO_EMAILS["issuer"])
    response = client.post("/issuing/record", data={
        "csrf_token": csrf_token(client, "/issuing/record"), "staff_number": member.staff_number,
        "competence": fire.id, "achieved_on": achieved, "evidence_note": "x"})
    assert response.status_code == 422
    assert "The date achieved must be on or after" in response.get_data(as_text=True)


@pytest.mark.parametrize("cell", [" =1+1", "\u00a0=1+1", "\uff1d1+1", "\uff0b1", "\uff0d1",
                                  "\uff201", "\t=1", "\r=1", "  @SUM(A1)", "=1", "-1"])
def test_csv_cells_never_start_a_formula(cell):
    """Finding 15: is a cell a spreadsheet would run as a formula (after leading spaces, or
    in full-width forms) written with a leading apostrophe?"""
    body = to_csv(["a"], [[cell]])
    assert body.split("\r\n")[1].lstrip('"').startswith("'")


def test_csv_leaves_ordinary_cells_alone():
    assert to_csv(["a", "b"], [["Smith", 3]]).split("\r\n")[1] == "Smith,3"
