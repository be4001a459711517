"""One organisation's rules hold for every way its data leaves or changes (issue 21: 1-4,
8, 14): what it may see decides the page, the API, FHIR and credentials alike; only the
organisation that verified an entry, and employs the member, may change it."""

import io
from datetime import date, timedelta

import pytest
from sqlmodel import select

from webapp.models import (
    Competence,
    Delegation,
    EmploymentContract,
    Framework,
    PassportEntry,
    StaffMember,
)
from webapp.services import agreements

from .conftest import DEMO_EMAILS, OTHER_EMAILS, csrf_token, user_by_email


@pytest.fixture
def keys(app, tmp_path):
    app.config["CREDENTIAL_KEYS_PATH"] = str(tmp_path / "keys")


def only_staff_of(db, organisation_id: int) -> StaffMember:
    """A member employed by this organisation and no other."""
    mine = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == organisation_id)
    elsewhere = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id != organisation_id)
    return db.exec(select(StaffMember).where(
        StaffMember.id.in_(mine), StaffMember.id.not_in(elsewhere)).order_by(StaffMember.id)
    ).first()


def verified_entry(db, member: StaffMember, organisation_id: int, framework: str):
    """A current entry of this framework, verified by the organisation (made so if needed)."""
    rows = db.exec(select(PassportEntry, Competence).join(
        Competence, Competence.id == PassportEntry.competence_id).where(
        PassportEntry.staff_member_id == member.id, Competence.framework == framework)).all()
    entry = next(e for e, _ in rows)
    entry.verified_by, entry.verifying_organisation_id = "A Verifier", organisation_id
    entry.revoked, entry.valid_until = False, date.today() + timedelta(days=365)
    db.add(entry)
    db.commit()
    return entry


def orgs(db) -> tuple[int, int]:
    """(trust id, council id) of the demo's manager and issuer."""
    council = user_by_email(db, DEMO_EMAILS["manager"]).organisation_id
    trust = user_by_email(db, DEMO_EMAILS["issuer"]).organisation_id
    return trust, council


def test_exports_show_only_what_the_organisation_may_see(client, auth, db, keys):
    """Finding 1: does FHIR and a credential show the council only the clinical skills a
    trust nurse shared with it, as the page and the API already do?"""
    trust, council = orgs(db)
    nurse = only_staff_of(db, trust)
    statutory = verified_entry(db, nurse, trust, Framework.STATUTORY_MANDATORY)
    clinical = verified_entry(db, nurse, trust, Framework.CLINICAL_SKILL)
    agreements.share(db, member=nurse, organisation_id=council,
                     frameworks=[Framework.CLINICAL_SKILL], actor=None)
    db.commit()
    auth.login(DEMO_EMAILS["manager"])
    fhir = client.get(f"/staff/{nurse.id}/passport/fhir").get_json()
    shown = {q["identifier"][0]["value"] for q in fhir["qualification"]}
    assert str(clinical.id) in shown and str(statutory.id) not in shown
    token = csrf_token(client, "/")
    base = f"/staff/{nurse.id}/passport/entries"
    refused = client.post(f"{base}/{statutory.id}/credential", data={"csrf_token": token})
    assert refused.status_code == 404
    allowed = client.post(f"{base}/{clinical.id}/credential", data={"csrf_token": token})
    assert allowed.status_code == 200 and allowed.mimetype == "application/vc+jwt"


def revoke(client, member_id: int, entry_id: int):
    url = f"/staff/{member_id}/passport/entries/{entry_id}/revoke"
    return client.post(url, data={"csrf_token": csrf_token(client, "/"), "reason": "test"})


def test_issuer_cannot_revoke_another_organisations_entry(client, auth, db):
    """Finding 2: is the trust issuer's revoke of a council worker's council-verified entry
    refused (404, as for a missing entry), and the council issuer's accepted?"""
    trust, council = orgs(db)
    worker = only_staff_of(db, council)
    entry = verified_entry(db, worker, council, Framework.STATUTORY_MANDATORY)
    auth.login(DEMO_EMAILS["issuer"])
    assert revoke(client, worker.id, entry.id).status_code == 404
    db.expire_all()
    assert not db.get(PassportEntry, entry.id).revoked
    auth.logout()
    auth.login(OTHER_EMAILS["council_issuer"])
    assert revoke(client, worker.id, entry.id).status_code == 302
    db.expire_all()
    assert db.get(PassportEntry, entry.id).revoked


def test_import_never_rewrites_another_organisations_entry(client, auth, db):
    """Finding 3: does a trust ESR row for a joint worker's council-verified entry leave that
    entry as it was (the row adds the trust's own record instead)?"""
    trust, council = orgs(db)
    carer = db.get(StaffMember, user_by_email(db, DEMO_EMAILS["care_worker"]).staff_member_id)
    fire = db.exec(select(Competence).where(Competence.code == "CSTF-FIRE")).one()
    achieved = date.today() - timedelta(days=100)
    entry = PassportEntry(staff_member_id=carer.id, competence_id=fire.id, achieved_on=achieved,
                          valid_until=achieved + timedelta(days=700), verified_by="Council lead",
                          verified_on=achieved, verifying_organisation_id=council)
    db.add(entry)
    db.commit()
    assert trust in {c.organisation_id for c in db.exec(select(EmploymentContract).where(
        EmploymentContract.staff_member_id == carer.id))}, "the carer is a joint worker"
    auth.login(DEMO_EMAILS["issuer"])
    body = ("Employee Number,Competency Name,Date Last Awarded,Expiry Date\n"
            f'{carer.staff_number},"NHS|CSTF|Fire Safety - 2 Years|",'
            f"{achieved:%d/%m/%Y},{achieved + timedelta(days=1500):%d/%m/%Y}\n").encode()
    location = client.post("/imports", data={
        "csrf_token": csrf_token(client, "/imports"), "layout": "esr",
        "upload": (io.BytesIO(body), "esr.csv")}, content_type="multipart/form-data",
    ).headers["Location"]
    done = client.post(location + "/commit", data={"csrf_token": csrf_token(client, location)},
                       follow_redirects=True).get_data(as_text=True)
    assert "Imported: 1 new, 0 updated" in done
    db.expire_all()
    kept = db.get(PassportEntry, entry.id)
    assert kept.valid_until == achieved + timedelta(days=700)
    assert kept.verifying_organisation_id == council


def delegation_to_carer(db) -> Delegation:
    nurse = user_by_email(db, DEMO_EMAILS["registered_professional"])
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    return db.exec(select(Delegation).where(
        Delegation.delegating_professional_id == nurse.staff_member_id,
        Delegation.care_worker_id == carer.staff_member_id)).first()


@pytest.mark.parametrize("change", ["suspended", "withdrawn", "overdue"])
def test_only_a_live_delegation_opens_the_passport(client, auth, db, change):
    """Finding 4: does a suspended, withdrawn or overdue delegation stop the professional
    seeing the care worker's passport, the API and FHIR, which an active one opens?"""
    delegation = delegation_to_carer(db)
    others = db.exec(select(Delegation).where(
        Delegation.delegating_professional_id == delegation.delegating_professional_id,
        Delegation.care_worker_id == delegation.care_worker_id)).all()
    for d in others:
        d.status, d.review_by = "active", date.today() + timedelta(days=30)
        d.assessed_on = date.today() - timedelta(days=30)
        db.add(d)
    db.commit()
    carer = delegation.care_worker_id
    urls = [f"/staff/{carer}/passport", f"/api/staff/{carer}/passport",
            f"/staff/{carer}/passport/fhir"]
    auth.login(DEMO_EMAILS["registered_professional"])
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]
    for d in others:
        if change == "overdue":
            d.review_by = date.today() - timedelta(days=1)
        else:
            d.status = change
        db.add(d)
    db.commit()
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]


def record(client, staff_number: str, competence_id: int):
    return client.post("/issuing/record", data={
        "csrf_token": csrf_token(client, "/issuing/record"), "staff_number": staff_number,
        "competence": competence_id, "achieved_on": date.today().isoformat(),
        "evidence_note": "x"})


def test_issuer_records_only_for_staff_their_organisation_employs(client, auth, db):
    """Finding 8: is the trust issuer refused a verified record for a council-only worker,
    with the message an unknown staff number gets, while the council issuer may?"""
    _trust, council = orgs(db)
    worker = only_staff_of(db, council)
    fire = db.exec(select(Competence).where(Competence.code == "CSTF-FIRE")).one()
    auth.login(DEMO_EMAILS["issuer"])
    refused = record(client, worker.staff_number, fire.id)
    unknown = record(client, "NOBODY-1", fire.id)
    assert refused.status_code == unknown.status_code == 422
    message = "No one your organisation employs has that staff number"
    assert message in refused.get_data(as_text=True) and message in unknown.get_data(
        as_text=True)
    auth.logout()
    auth.login(OTHER_EMAILS["council_issuer"])
    assert record(client, worker.staff_number, fire.id).status_code == 302


def test_issuer_verifies_only_their_organisations_staff(client, auth, db):
    """Finding 8 (verify): is a council-only worker's self-declared entry hidden from the
    trust issuer's list and its verify refused?"""
    _trust, council = orgs(db)
    worker = only_staff_of(db, council)
    entry = db.exec(select(PassportEntry).where(PassportEntry.staff_member_id == worker.id)
                    ).first()
    entry.verified_by = entry.verified_on = entry.verifying_organisation_id = None
    entry.revoked = False
    db.add(entry)
    db.commit()
    auth.login(DEMO_EMAILS["issuer"])
    listed = client.get(f"/issuing/verify?q={worker.staff_number}").get_data(as_text=True)
    assert f"/issuing/entries/{entry.id}/verify" not in listed
    response = client.post(f"/issuing/entries/{entry.id}/verify",
                           data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 404
    db.expire_all()
    assert db.get(PassportEntry, entry.id).verified_by is None


def test_another_organisations_id_answers_like_a_missing_one(client, auth, db):
    """Finding 14: is a council-only worker's passport the same 404 page to the trust's
    manager as an id that does not exist?"""
    _trust, council = orgs(db)
    worker = only_staff_of(db, council)
    auth.login(OTHER_EMAILS["trust_manager"])
    for path in ("/staff/{}/passport", "/api/staff/{}/passport", "/staff/{}/passport/fhir",
                 "/staff/{}/transfer"):
        theirs, missing = client.get(path.format(worker.id)), client.get(path.format(99999))
        assert theirs.status_code == missing.status_code == 404, path

