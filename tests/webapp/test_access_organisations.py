"""Across organisations: every route with an id, asked by the other organisation's manager
and issuer for this organisation's member, entry, upload or requirement, answers as for a
missing id (404) or refuses the role (403); the exports never list the other's staff.
The same ids from their own organisation's people get in, so the 404s are not an accident."""

import json
from datetime import UTC, datetime

import pytest
from flask import url_for
from sqlmodel import select

from webapp.models import RoleRequirement
from webapp.models.imports import ImportBatch

from .conftest import DEMO_EMAILS, OTHER_EMAILS, csrf_token, user_by_email
from .rota_factories import owned_by
from .routes_expected import expected_rules, sample_args
from .test_access import _assert_outcome
from .test_organisation_rules import only_staff_of, orgs, verified_entry

EXPECTED = expected_rules()
PEOPLE = {  # organisation → its manager and issuer
    "council": [("manager", DEMO_EMAILS["manager"]), ("issuer", OTHER_EMAILS["council_issuer"])],
    "trust": [("manager", OTHER_EMAILS["trust_manager"]), ("issuer", DEMO_EMAILS["issuer"])],
}
NOT_OWNED = {"static", "verify.share", "api.verify_share",
             "me_shifts.feed",
             "invites.accept"}  # no organisation's id in the URL
EXPORTS = ["/staff?q={number}", "/compliance?organisation={org}",
           "/compliance/expiring.csv?organisation={org}&within=60",
           "/transfers?organisation={org}", "/requirements?organisation={org}"]


def resources(db, organisation_id: int, manager_email: str) -> dict:
    """URL values owned by one organisation: a member only it employs, one of their entries
    it verified, one of its uploads and one of its requirements, and a team of its own staff
    (managed by its manager) with a rota, an assignment and a leave request."""
    member = only_staff_of(db, organisation_id)
    entry = verified_entry(db, member, organisation_id, "statutory_mandatory")
    uploader = user_by_email(db, DEMO_EMAILS["admin"])
    batch = ImportBatch(place_id=member.place_id, organisation_id=organisation_id, layout="esr",
                        filename="walk.csv", uploaded_by_user_id=uploader.id,
                        uploaded_at=datetime.now(UTC), rows=json.dumps([]))
    db.add(batch)
    db.commit()
    requirement = db.exec(select(RoleRequirement).where(
        RoleRequirement.organisation_id == organisation_id)).first()
    return {"staff_id": member.id, "entry_id": entry.id, "batch_id": batch.id,
            "requirement_id": requirement.id if requirement else 0,
            "number": member.staff_number, "org": organisation_id,
            **owned_by(db, organisation_id, manager_email)}


def _client(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": "demo-password-2026",
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 302, email
    return client


def _walk(app, client, role: str, args: dict, *, own: bool) -> None:
    for rule in app.url_map.iter_rules():
        if rule.endpoint in NOT_OWNED or not rule.arguments:
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{k: args[k] for k in rule.arguments})
        for method in sorted(rule.methods & {"GET", "POST"}):
            data = {"csrf_token": csrf_token(client, "/")} if method == "POST" else None
            response = client.open(url, method=method, data=data)
            where = f"{method} {url} as {role} ({'own' if own else 'other'} organisation)"
            if own or role not in EXPECTED[rule.endpoint]:
                _assert_outcome(rule.endpoint, role, method, url, response)
            else:
                assert response.status_code == 404, f"{where}: {response.status_code}"
            response.close()


@pytest.mark.parametrize("home", sorted(PEOPLE))
def test_other_organisations_ids_are_404_for_manager_and_issuer(app, db, home):
    """Does each of this organisation's manager and issuer get 404 on every route holding
    the other organisation's ids, and in on their own?"""
    trust, council = orgs(db)
    ids = {"trust": trust, "council": council}
    place = sample_args(db, user_by_email(db, DEMO_EMAILS["care_worker"]).staff_member_id)
    other = "council" if home == "trust" else "trust"
    mine = place | resources(db, ids[home], PEOPLE[home][0][1])
    theirs = place | resources(db, ids[other], PEOPLE[other][0][1])
    for role, email in PEOPLE[home]:
        _walk(app, _client(app, email), role, theirs, own=False)
    for role, email in PEOPLE[home]:
        _walk(app, _client(app, email), role, mine, own=True)


@pytest.mark.parametrize("home", sorted(PEOPLE))
def test_exports_and_lists_never_show_the_other_organisations_staff(app, db, home):
    """Do the staff search, compliance matrix, expiring CSV, transfers and requirements,
    asked for the other organisation, leave out a member only it employs?"""
    trust, council = orgs(db)
    name = "council" if home == "trust" else "trust"
    other = resources(db, council if home == "trust" else trust, PEOPLE[name][0][1])
    for role, email in PEOPLE[home]:
        client = _client(app, email)
        for path in EXPORTS:
            # htmx asks for the results alone (the full page echoes the search term)
            response = client.get(path.format(**other), headers={"HX-Request": "true"})
            assert response.status_code in (200, 403, 404), (role, path)
            body = response.get_data(as_text=True)
            assert f"/staff/{other['staff_id']}/" not in body, (role, path)
            if "q=" not in path:  # a search repeats its own term
                assert other["number"] not in body, (role, path)
