"""Signed credentials: issue, verify, revoke, rotate keys, and refuse anything not ours."""

import base64
import json
from datetime import date, timedelta

import jwt
import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import select

from webapp.models import AuditEvent, PassportEntry
from webapp.models.credentials import IssuedCredential
from webapp.services.credentials import signing_keys, status_list

from .conftest import DEMO_EMAILS, OTHER_EMAILS, csrf_token, user_by_email


@pytest.fixture
def keys(app, tmp_path):
    """Keep this test's signing keys in its own folder."""
    app.config["CREDENTIAL_KEYS_PATH"] = str(tmp_path / "keys")
    return tmp_path / "keys"


def carer_entry(db, *, verified: bool = True) -> PassportEntry:
    """Return one of the demo carer's current entries, verified or self-declared."""
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    entries = db.exec(
        select(PassportEntry).where(PassportEntry.staff_member_id == carer.staff_member_id)
    ).all()
    today = date.today()
    current = [
        e
        for e in entries
        if not e.revoked and (e.valid_until is None or e.valid_until > today + timedelta(days=60))
    ]
    match = [e for e in current if (e.verified_by is not None) == verified]
    if not match:  # the demo draws verification at random: make one of the kind we need
        entry = current[0]
        entry.verified_by = "A Verifier" if verified else None
        entry.verifying_organisation_id = (
            None if not verified else user_by_email(db, DEMO_EMAILS["manager"]).organisation_id
        )
        db.add(entry)
        db.commit()
        return entry
    return match[0]


def download(client, entry: PassportEntry):
    token = csrf_token(client, "/me/passport")
    return client.post(
        f"/staff/{entry.staff_member_id}/passport/entries/{entry.id}/credential",
        data={"csrf_token": token},
    )


def issue_as_carer(client, auth, entry) -> str:
    auth.login(DEMO_EMAILS["care_worker"])
    response = download(client, entry)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/vc+jwt"
    return response.get_data(as_text=True)


def check(client, credential: str) -> dict:
    response = client.post("/api/verify/credential", json={"credential": credential})
    assert response.status_code == 200
    return response.get_json()


def test_issued_credential_is_an_open_badge_signed_with_our_key(client, auth, db, keys):
    """Is the download an OB3 OpenBadgeCredential VC-JWT, EdDSA-signed with a published kid?"""
    entry = carer_entry(db)
    token = issue_as_carer(client, auth, entry)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    jwks = client.get("/.well-known/jwks.json").get_json()
    assert header["kid"] in [k["kid"] for k in jwks["keys"]]
    assert all(k["kty"] == "OKP" and k["crv"] == "Ed25519" and "d" not in k for k in jwks["keys"])
    key = jwt.PyJWK(next(k for k in jwks["keys"] if k["kid"] == header["kid"]))
    vc = jwt.decode(token, key, algorithms=["EdDSA"])
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["issuer"]["type"] == ["Profile"] and "Place Workforce" in vc["issuer"]["name"]
    alignment = vc["credentialSubject"]["achievement"]["alignment"][0]
    assert alignment["targetCode"].startswith(("CSTF", "CC", "OMMT", "CS", "DA"))
    assert vc["validFrom"] == f"{entry.achieved_on.isoformat()}T00:00:00Z"
    status = vc["credentialStatus"]
    assert status["type"] == "BitstringStatusListEntry"
    assert status["statusListCredential"] == "http://localhost/credentials/status/1"
    row = db.exec(select(IssuedCredential).where(IssuedCredential.credential_id == vc["id"])).one()
    assert row.status_index == int(status["statusListIndex"])
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "credential.issue")).first()


def test_credential_verifies_then_shows_revoked_after_issuer_revokes(client, auth, db, keys):
    """Valid when issued; after the issuer revokes the entry, revoked in the list and check?"""
    entry = carer_entry(db)
    token = issue_as_carer(client, auth, entry)
    result = check(client, token)
    assert result["valid"] is True, result
    assert result["status"] == "not revoked" and result["signature"] == "valid"
    auth.logout()
    auth.login(OTHER_EMAILS["council_issuer"])  # the carer's records are the council's
    url = f"/staff/{entry.staff_member_id}/passport/entries/{entry.id}/revoke"
    refused = client.post(url, data={"csrf_token": csrf_token(client, url), "reason": " "})
    assert refused.status_code == 422
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "reason": "Certificate withdrawn by the provider",
        },
    )
    assert response.status_code == 302
    db.expire_all()
    assert db.get(PassportEntry, entry.id).revoked
    result = check(client, token)
    assert result["valid"] is False and result["status"] == "revoked"
    assert "it has been revoked by the issuer" in result["reasons"]
    index = int(
        jwt.decode(token, options={"verify_signature": False})["credentialStatus"][
            "statusListIndex"
        ]
    )
    listed = client.get("/credentials/status/1",
                        headers={"Accept": "application/json"}).get_json()
    assert status_list.is_set(status_list.decode(listed["credentialSubject"]["encodedList"]), index)
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "passport_entry.revoke")).one()
    assert "withdrawn" in event.after


def test_revoking_is_for_issuers_and_admins_only(client, auth, db, keys):
    """Can a manager revoke an entry? (No: 403.)"""
    entry = carer_entry(db)
    auth.login(DEMO_EMAILS["manager"])
    url = f"/staff/{entry.staff_member_id}/passport/entries/{entry.id}/revoke"
    response = client.post(url, data={"csrf_token": csrf_token(client, "/"), "reason": "x"})
    assert response.status_code == 403
    db.expire_all()
    assert not db.get(PassportEntry, entry.id).revoked


def test_credential_signed_with_rotated_out_key_still_verifies(app, client, auth, db, keys):
    """After rotation, do new credentials use the new key while old ones still verify?"""
    entry = carer_entry(db)
    old = issue_as_carer(client, auth, entry)
    result = app.test_cli_runner().invoke(args=["credentials", "rotate-signing-key"])
    assert result.exit_code == 0 and "New signing key" in result.output
    new = download(client, entry).get_data(as_text=True)
    old_kid, new_kid = (jwt.get_unverified_header(t)["kid"] for t in (old, new))
    assert old_kid != new_kid
    assert [k["kid"] for k in client.get("/.well-known/jwks.json").get_json()["keys"]] == [
        old_kid,
        new_kid,
    ]
    assert check(client, old)["valid"] is True
    assert check(client, new)["valid"] is True
    assert not list(keys.glob("*.pem"))[0].stat().st_mode & 0o077  # private to the owner


def test_self_declared_entry_cannot_be_issued(client, auth, db, keys):
    """Is a self-declared record refused as a credential, with a reason?"""
    entry = carer_entry(db, verified=False)
    auth.login(DEMO_EMAILS["care_worker"])
    response = download(client, entry)
    assert response.status_code == 409
    assert "self-declared" in response.get_data(as_text=True)


def _tamper(token: str) -> str:
    head, body, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["validUntil"] = "2099-12-31T23:59:59Z"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{head}.{forged}.{signature}"


def test_tampered_foreign_expired_and_garbage_credentials_are_not_valid(client, auth, db, keys):
    """Does each bad credential get 'not valid' with the right reason, never a 500?"""
    entry = carer_entry(db)
    token = issue_as_carer(client, auth, entry)
    claims = jwt.decode(token, options={"verify_signature": False})
    kid = jwt.get_unverified_header(token)["kid"]
    foreign = jwt.encode(
        claims, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": kid}
    )
    stranger = jwt.encode(
        claims,
        Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": "key-20200101T000000000000"},
    )
    hmac = jwt.encode(claims, "s" * 32, algorithm="HS256", headers={"kid": kid})
    mine = signing_keys.current_key(keys)
    expired = jwt.encode(
        {**claims, "validUntil": "2020-01-01T00:00:00Z"},
        mine.private,
        algorithm="EdDSA",
        headers={"kid": mine.kid},
    )
    cases = {
        _tamper(token): "signature does not match",
        foreign: "signature does not match",
        stranger: "not one of this service's published keys",
        hmac: "not EdDSA",
        expired: "expired on 1 January 2020",
        "not a credential": "not a signed credential",
        "": "nothing was given",
        "a.b.c": "not a signed credential",
        "x" * 30_000: "far too long",
    }
    for bad, reason in cases.items():
        result = check(client, bad)
        assert result["valid"] is False, bad[:40]
        assert any(reason in r for r in result["reasons"]), (reason, result["reasons"])
    page = client.post(
        "/verify/credential",
        data={"csrf_token": csrf_token(client, "/verify/credential"), "credential": _tamper(token)},
    )
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "This credential is not valid" in html and "signature does not match" in html


def test_verify_page_accepts_an_uploaded_file(client, auth, db, keys):
    """Can someone without an account upload the .jwt file and see it is valid?"""
    from io import BytesIO

    token = issue_as_carer(client, auth, carer_entry(db))
    auth.logout()
    response = client.post(
        "/verify/credential",
        data={
            "csrf_token": csrf_token(client, "/verify/credential"),
            "credential": "",
            "file": (BytesIO(token.encode()), "credential.jwt"),
        },
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "This credential is valid" in html
    assert "Yes, revoked" not in html


def test_status_list_is_16kb_gzip_base64url_and_can_be_signed(client, keys):
    """Is the published list a BitstringStatusListCredential of ≥131,072 bits, JSON or VC-JWT?"""
    listed = client.get("/credentials/status/1", headers={"Accept": "application/json"})
    assert listed.status_code == 200
    credential = listed.get_json()
    assert credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    subject = credential["credentialSubject"]
    assert subject["statusPurpose"] == "revocation"
    assert len(status_list.decode(subject["encodedList"])) * 8 >= 131_072
    signed = client.get("/credentials/status/1", headers={"Accept": "application/vc+jwt"})
    assert signed.mimetype == "application/vc+jwt"
    assert jwt.get_unverified_header(signed.get_data(as_text=True))["alg"] == "EdDSA"


def test_bitstring_encoding_round_trips():
    """Is bit 0 the left-most bit, and do set bits survive encode and decode?"""
    bits = status_list.decode(status_list.encode([0, 9, 131_071]))
    assert bits[0] == 0x80 and bits[1] == 0x40 and bits[-1] == 0x01
    assert [i for i in range(16) if status_list.is_set(bits, i)] == [0, 9]
    with pytest.raises(ValueError):
        status_list.decode("not-multibase")


def test_fhir_practitioner_lists_verified_qualifications(client, auth, db, keys):
    """Does the FHIR export carry coded, dated qualifications with their issuer?"""
    entry = carer_entry(db)
    auth.login(DEMO_EMAILS["care_worker"])
    response = client.get(f"/staff/{entry.staff_member_id}/passport/fhir")
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    resource = response.get_json()
    assert resource["resourceType"] == "Practitioner"
    ids = [q["identifier"][0]["value"] for q in resource["qualification"]]
    assert str(entry.id) in ids
    qualification = resource["qualification"][ids.index(str(entry.id))]
    assert qualification["code"]["coding"][0]["system"].endswith("/catalogue/competences")
    assert qualification["period"]["start"] == entry.achieved_on.isoformat()
    assert qualification["issuer"]["display"]


def test_fhir_export_shows_registration_number(client, auth, db, keys):
    """Does a nurse's export name their NMC number in the UK Core namespace?"""
    nurse = user_by_email(db, DEMO_EMAILS["registered_professional"])
    auth.login(DEMO_EMAILS["registered_professional"])
    resource = client.get(f"/staff/{nurse.staff_member_id}/passport/fhir").get_json()
    systems = [i["system"] for i in resource["identifier"]]
    assert any(s.startswith("https://fhir.hl7.org.uk/Id/") for s in systems), systems


def test_cli_runner_has_rotate_command(app):
    """Is rotation offered as `flask credentials rotate-signing-key`?"""
    result = CliRunner().invoke(app.cli, ["credentials", "--help"])
    assert "rotate-signing-key" in result.output


def test_passport_page_offers_revoke_to_issuers_only(client, auth, db):
    """Does the issuer see Revoke links under a passport, and the carer only Download?"""
    entry = carer_entry(db)
    revoke_url = f"/staff/{entry.staff_member_id}/passport/entries/{entry.id}/revoke"
    auth.login(DEMO_EMAILS["care_worker"])
    own = client.get("/me/passport").get_data(as_text=True)
    assert f"/entries/{entry.id}/credential" in own and revoke_url not in own
    auth.logout()
    auth.login(OTHER_EMAILS["council_issuer"])
    seen = client.get(f"/staff/{entry.staff_member_id}/passport").get_data(as_text=True)
    assert revoke_url in seen
    assert client.get(revoke_url).status_code == 200


def test_vc_jwt_maps_ob3_registered_claims(client, auth, db, keys):
    """OB3 §8.2: does our VC-JWT carry iss, nbf, exp, jti (and no sub without a subject id)
    mapped from the credential, verifiable with the published key by a strict JWT library?"""
    from datetime import datetime

    entry = carer_entry(db)
    token = issue_as_carer(client, auth, entry)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["iss"] == claims["issuer"]["id"] == "http://localhost/"
    assert claims["jti"] == claims["id"] and claims["jti"].startswith("urn:uuid:")
    valid_from = datetime.fromisoformat(claims["validFrom"].replace("Z", "+00:00"))
    assert claims["nbf"] == int(valid_from.timestamp())
    if entry.valid_until:
        until = datetime.fromisoformat(claims["validUntil"].replace("Z", "+00:00"))
        assert claims["exp"] == int(until.timestamp()) and claims["exp"] > claims["nbf"]
    assert "sub" not in claims  # the subject is identified by name, not by an id
    jwks = client.get("/.well-known/jwks.json").get_json()["keys"]
    key = jwt.PyJWK(next(k for k in jwks if k["kid"] == jwt.get_unverified_header(token)["kid"]))
    strict = jwt.decode(token, key.key, algorithms=["EdDSA"], issuer="http://localhost/",
                        options={"require": ["iss", "nbf", "jti"]})
    assert strict["jti"] == claims["jti"]


def test_status_list_is_signed_by_default(client, keys):
    """Is the status list a signed VC-JWT unless JSON is asked for, with its own iss and jti?"""
    signed = client.get("/credentials/status/1")
    assert signed.mimetype == "application/vc+jwt"
    claims = jwt.decode(signed.get_data(as_text=True), options={"verify_signature": False})
    assert claims["iss"] == "http://localhost/" and claims["jti"] == claims["id"]
    assert "BitstringStatusListCredential" in claims["type"]


def test_fhir_keeps_social_work_england_without_inventing_systems(client, auth, db, keys):
    """Is a social worker's SWE registration exported (named, no made-up system), and does
    every identifier system used come from a published namespace?"""
    from sqlmodel import select

    from webapp.models import StaffMember

    worker = db.exec(select(StaffMember).where(StaffMember.registration_body == "SWE")).first()
    auth.login(DEMO_EMAILS["admin"])
    resource = client.get(f"/staff/{worker.id}/passport/fhir").get_json()
    swe = [i for i in resource["identifier"] if i.get("assigner", {}).get("display") ==
           "Social Work England"]
    assert swe and swe[0]["value"] == worker.registration_number and "system" not in swe[0]
    systems = [i["system"] for i in resource["identifier"] if "system" in i] + [
        q["issuer"]["identifier"].get("system") for q in resource["qualification"]]
    published = ("https://fhir.hl7.org.uk/Id/", "https://fhir.nhs.uk/Id/", "http://localhost/")
    assert all(s is None or s.startswith(published) for s in systems), systems
    assert not any("cqc.org.uk" in str(s) for s in systems)
