"""Data-sharing agreements: which frameworks one organisation may see of another's staff."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from webapp.models import AuditEvent, EmploymentContract, Organisation, Sector, StaffMember
from webapp.models.agreements import AgreementParty, DataSharingAgreement
from webapp.services import agreements

from .conftest import DEMO_EMAILS, csrf_token, user_by_email

TODAY = date.today()


def org(db, sector) -> Organisation:
    return db.exec(select(Organisation).where(Organisation.sector == sector)).first()


@pytest.fixture
def council_only(db) -> StaffMember:
    """A member employed by the council and nobody else."""
    council = org(db, Sector.COUNCIL_ASC)
    others = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id != council.id
    )
    mine = select(EmploymentContract.staff_member_id).where(
        EmploymentContract.organisation_id == council.id
    )
    return db.exec(
        select(StaffMember).where(StaffMember.id.in_(mine), StaffMember.id.not_in(others))
    ).first()


def agree(db, parties, frameworks, starts=TODAY, ends=None):
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    agreement = agreements.record_agreement(
        db,
        place_id=admin.place_id,
        title="Joint working",
        purpose="Joint roles",
        party_ids=[p.id for p in parties],
        frameworks=frameworks,
        starts_on=starts,
        ends_on=ends,
        actor=admin,
    )
    db.commit()
    return agreement


def test_employer_sees_everything_others_nothing(db, council_only):
    """Does the employer see all (None) and another organisation nothing without agreement?"""
    council, trust = org(db, Sector.COUNCIL_ASC), org(db, Sector.NHS_TRUST)
    assert agreements.visible_frameworks(db, council.id, council_only) is None
    assert agreements.visible_frameworks(db, trust.id, council_only) == set()
    assert agreements.visible_frameworks(db, None, council_only) == set()


def test_agreement_in_force_opens_its_frameworks_only(db, council_only):
    """Does an agreement between trust and council show the trust the listed frameworks?"""
    council, trust = org(db, Sector.COUNCIL_ASC), org(db, Sector.NHS_TRUST)
    provider = org(db, Sector.INDEPENDENT_PROVIDER)
    agree(db, [council, trust], ["statutory_mandatory", "care_certificate"])
    assert agreements.visible_frameworks(db, trust.id, council_only) == {
        "statutory_mandatory",
        "care_certificate",
    }
    assert agreements.visible_frameworks(db, provider.id, council_only) == set()


def test_agreements_out_of_force_open_nothing(db, council_only):
    """Do ended, future and withdrawn agreements show nothing?"""
    council, trust = org(db, Sector.COUNCIL_ASC), org(db, Sector.NHS_TRUST)
    agree(
        db,
        [council, trust],
        ["clinical_skill"],
        TODAY - timedelta(days=60),
        TODAY - timedelta(days=1),
    )
    agree(db, [council, trust], ["clinical_skill"], TODAY + timedelta(days=1))
    withdrawn = agree(db, [council, trust], ["clinical_skill"])
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    agreements.withdraw_agreement(db, withdrawn, actor=admin)
    db.commit()
    assert agreements.visible_frameworks(db, trust.id, council_only) == set()


def test_member_share_opens_what_they_chose(db, council_only):
    """Does a member's own share show the chosen frameworks until withdrawn?"""
    provider = org(db, Sector.INDEPENDENT_PROVIDER)
    share = agreements.share(
        db,
        member=council_only,
        organisation_id=provider.id,
        frameworks=["care_certificate"],
        actor=None,
    )
    db.commit()
    assert agreements.visible_frameworks(db, provider.id, council_only) == {"care_certificate"}
    agreements.stop_sharing(db, share, actor=None)
    db.commit()
    assert agreements.visible_frameworks(db, provider.id, council_only) == set()


def test_admin_records_and_withdraws_an_agreement(client, auth, db):
    """Can the admin record an agreement through the form, audited, then withdraw it?"""
    auth.login(DEMO_EMAILS["admin"])
    council, trust = org(db, Sector.COUNCIL_ASC), org(db, Sector.NHS_TRUST)
    token = csrf_token(client, "/agreements")
    response = client.post(
        "/agreements",
        data={
            "csrf_token": token,
            "title": "Home care and community",
            "purpose": "Joint roles",
            "parties": [council.id, trust.id],
            "frameworks": ["statutory_mandatory"],
            "starts_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    agreement = db.exec(select(DataSharingAgreement)).one()
    parties = db.exec(select(AgreementParty.organisation_id)).all()
    assert sorted(parties) == sorted([council.id, trust.id])
    assert "Home care and community" in client.get("/agreements").get_data(as_text=True)
    client.post(f"/agreements/{agreement.id}/withdraw", data={"csrf_token": token})
    db.refresh(agreement)
    assert agreement.withdrawn_at is not None
    actions = db.exec(
        select(AuditEvent.action).where(AuditEvent.entity == "data_sharing_agreement")
    ).all()
    assert actions == ["agreement.create", "agreement.withdraw"]


def test_agreement_form_errors(client, auth, db):
    """Are one party, no category and an end before the start refused with a summary?"""
    auth.login(DEMO_EMAILS["admin"])
    council = org(db, Sector.COUNCIL_ASC)
    response = client.post(
        "/agreements",
        data={
            "csrf_token": csrf_token(client, "/agreements"),
            "title": "T",
            "purpose": "P",
            "parties": [council.id],
            "frameworks": ["statutory_mandatory"],
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "at least two organisations" in response.get_data(as_text=True)
    response = client.post("/agreements", data={"csrf_token": csrf_token(client, "/agreements")})
    assert response.status_code == 422 and "Choose at least one category" in response.get_data(
        as_text=True
    )
    assert db.exec(select(DataSharingAgreement)).all() == []


def test_member_shares_and_stops_through_the_page(client, auth, db):
    """Can the carer share with a provider and stop again, each on their own trail?"""
    auth.login(DEMO_EMAILS["care_worker"])
    provider = org(db, Sector.INDEPENDENT_PROVIDER)
    path = "/me/passport/organisations"
    client.post(
        path,
        data={
            "csrf_token": csrf_token(client, path),
            "organisation": provider.id,
            "frameworks": ["care_certificate"],
        },
    )
    html = client.get(path).get_data(as_text=True)
    assert provider.name in html
    share_id = int(html.split('name="share_id" value="')[1].split('"')[0])
    client.post(path + "/stop", data={"csrf_token": csrf_token(client, path), "share_id": share_id})
    carer = user_by_email(db, DEMO_EMAILS["care_worker"])
    actions = db.exec(
        select(AuditEvent.action).where(
            AuditEvent.staff_member_id == carer.staff_member_id,
            AuditEvent.action.like("passport.share%"),
        )
    ).all()
    assert actions == ["passport.share", "passport.share_withdraw"]
