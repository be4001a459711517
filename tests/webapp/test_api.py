"""The JSON API: passports for those allowed, problem JSON for everyone else, an OpenAPI doc."""

from sqlmodel import select

from webapp.models import AuditEvent

from .conftest import DEMO_EMAILS, user_by_email


def test_member_reads_own_passport_as_json(client, auth, db):
    """Does the carer get their passport grouped by category, and is the read audited?"""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    auth.login(DEMO_EMAILS["care_worker"])
    response = client.get(f"/api/staff/{carer.staff_member_id}/passport")
    assert response.status_code == 200
    body = response.get_json()
    assert body["staff_id"] == carer.staff_member_id
    statuses = {i["status"] for g in body["groups"] for i in g["items"]}
    assert {"expired", "expiring"} <= statuses  # the demo carer always has both
    assert db.exec(
        select(AuditEvent).where(
            AuditEvent.action == "passport.view", AuditEvent.after.contains("api")
        )
    ).first()


def test_someone_elses_passport_is_the_same_404_as_a_missing_one(client, auth, db):
    """Does a care worker asking for a colleague's passport get the problem JSON a missing
    id gets, so they cannot tell which ids exist?"""
    nurse = user_by_email(db, DEMO_EMAILS["registered_professional"])
    auth.login(DEMO_EMAILS["care_worker"])
    response = client.get(f"/api/staff/{nurse.staff_member_id}/passport")
    missing = client.get("/api/staff/999999/passport")
    assert response.status_code == missing.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert {k: v for k, v in response.get_json().items() if k != "request_id"} == {
        k: v for k, v in missing.get_json().items() if k != "request_id"}


def test_missing_member_is_a_404_problem(client, auth):
    """Is an unknown staff id a 404 problem?"""
    auth.login(DEMO_EMAILS["admin"])
    response = client.get("/api/staff/999999/passport")
    assert response.status_code == 404
    assert response.get_json()["title"] == "Page not found"


def test_openapi_document_lists_every_api_route(app, client):
    """Does /api/openapi.json describe each /api/ route the app serves?"""
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    served = {
        str(rule).replace("<int:staff_id>", "{staff_id}").replace("<token>", "{token}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert served - {"/api/openapi.json"} <= set(spec["paths"])


def test_verify_api_needs_no_csrf_but_the_page_form_does(app, client):
    """Is the read-only API POST exempt from CSRF while the HTML form is not?"""
    app.config["WTF_CSRF_ENABLED"] = True
    api = client.post("/api/verify/credential", json={"credential": "x"})
    assert api.status_code == 200
    form = client.post("/verify/credential", data={"credential": "x"})
    assert form.status_code == 400
