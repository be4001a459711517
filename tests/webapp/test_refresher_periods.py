"""Refresher periods: a source system's expiry date stands when a period changes, and an
employer's own period applies to the entries it verified."""

from datetime import date, timedelta

from sqlmodel import select

from webapp.models import AuditEvent, Competence, Organisation, PassportEntry, StaffMember
from webapp.services.passports import valid_until_for

from .conftest import DEMO_EMAILS, csrf_token, user_by_email

ACHIEVED = date.today() - timedelta(days=30)


def _fire(db) -> Competence:
    return db.exec(select(Competence).where(Competence.code == "CSTF-FIRE")).one()


def _entry(db, org_id, source=None, until=None) -> PassportEntry:
    member = db.exec(select(StaffMember).order_by(StaffMember.id)).first()
    entry = PassportEntry(staff_member_id=member.id, competence_id=_fire(db).id,
                          achieved_on=ACHIEVED, valid_until=until or valid_until_for(
                              24, ACHIEVED), verified_by="x", verifying_organisation_id=org_id,
                          expiry_source=source)
    db.add(entry)
    db.commit()
    return entry


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, url), **data})


def test_source_expiry_stands_when_the_catalogue_period_changes(auth, client, db):
    """Does changing the catalogue's period leave ESR's and ASC-WDS's expiry dates alone,
    while derived ones follow?"""
    issuer = user_by_email(db, DEMO_EMAILS["issuer"])
    esr = _entry(db, issuer.organisation_id, "esr", ACHIEVED + timedelta(days=500))
    ascwds = _entry(db, issuer.organisation_id, "ascwds", ACHIEVED + timedelta(days=200))
    derived = _entry(db, issuer.organisation_id)
    auth.login(DEMO_EMAILS["admin"])
    assert _post(client, f"/catalogue/{_fire(db).id}/edit",
                 refresher_months="12").status_code == 302
    db.expire_all()
    assert db.get(PassportEntry, esr.id).valid_until == ACHIEVED + timedelta(days=500)
    assert db.get(PassportEntry, ascwds.id).valid_until == ACHIEVED + timedelta(days=200)
    assert db.get(PassportEntry, derived.id).valid_until == valid_until_for(12, ACHIEVED)


def test_employer_period_applies_to_what_it_verified(auth, client, db):
    """Does an issuer's organisation's own period re-derive only the entries it verified
    (not another's, not a source system's), survive a catalogue change, and get audited?"""
    issuer = user_by_email(db, DEMO_EMAILS["issuer"])
    other = db.exec(select(Organisation).where(
        Organisation.id != issuer.organisation_id)).first()
    own, theirs = _entry(db, issuer.organisation_id), _entry(db, other.id)
    esr = _entry(db, issuer.organisation_id, "esr", ACHIEVED + timedelta(days=500))
    auth.login(DEMO_EMAILS["issuer"])
    url, fire = "/catalogue/employer-periods", str(_fire(db).id)
    assert _post(client, url, organisation=str(other.id), competence=fire,
                 refresher_months="6").status_code == 422  # not the issuer's to set
    assert _post(client, url, organisation=str(issuer.organisation_id), competence=fire,
                 refresher_months="999").status_code == 422
    assert _post(client, url, organisation=str(issuer.organisation_id), competence=fire,
                 refresher_months="12").status_code == 302
    assert "Fire safety" in client.get(url).get_data(as_text=True).split("<caption")[1]
    db.expire_all()
    assert db.get(PassportEntry, own.id).valid_until == valid_until_for(12, ACHIEVED)
    assert db.get(PassportEntry, theirs.id).valid_until == valid_until_for(24, ACHIEVED)
    assert db.get(PassportEntry, esr.id).valid_until == ACHIEVED + timedelta(days=500)
    assert db.exec(select(AuditEvent).where(
        AuditEvent.action == "competence.employer_refresher_changed")).one()
    auth.logout()
    auth.login(DEMO_EMAILS["admin"])
    _post(client, f"/catalogue/{_fire(db).id}/edit", refresher_months="36")
    db.expire_all()
    assert db.get(PassportEntry, own.id).valid_until == valid_until_for(12, ACHIEVED)
    assert db.get(PassportEntry, theirs.id).valid_until == valid_until_for(36, ACHIEVED)


def test_care_certificate_editions_and_the_level_2_certificate_are_apart(db):
    """Are the 2025 standards, the 2015 Care Certificate and the Level 2 Adult Social Care
    Certificate separate catalogue entries, so a 2015 completion has its own title?"""
    codes = {c.code: c for c in db.exec(select(Competence).where(
        Competence.framework == "care_certificate"))}
    assert "2025 edition" in codes["CC-01"].level
    assert "2015 edition" in codes["CC-2015"].level
    assert codes["ASC-CERT-L2"].title == "Level 2 Adult Social Care Certificate"
    assert all(len(c.level or "") <= 40 for c in codes.values())
