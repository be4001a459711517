"""Tell us once: a care-home worker joins the trust's community team."""

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from webapp.models import (
    AuditEvent,
    Competence,
    ContractType,
    EmploymentContract,
    Organisation,
    PassportEntry,
    Role,
    RoleRequirement,
    Sector,
    StaffMember,
    User,
)
from webapp.models.recognition import CompetenceMapping, RecognitionAcceptance
from webapp.services import recognition
from webapp.services.accounts import create_user
from webapp.services.passports import valid_until_for

from .conftest import DEMO_EMAILS, PASSWORD, csrf_token, user_by_email

TODAY = date.today()
COMMUNITY_ROLE = "Community support worker"
TRUST_MANAGER = "community.manager@demo.place"


def org_of(db, sector: Sector) -> Organisation:
    return db.exec(select(Organisation).where(Organisation.sector == sector)).first()


def codes(db) -> dict[str, Competence]:
    return {c.code: c for c in db.exec(select(Competence))}


def entry(db, member, code, achieved, *, months_override=None, revoked=False):
    competence = codes(db)[code]
    row = PassportEntry(
        staff_member_id=member.id,
        competence_id=competence.id,
        achieved_on=achieved,
        revoked=revoked,
        valid_until=valid_until_for(competence.refresher_months, achieved),
        evidence_note="Certificate seen",
        verified_by="Provider training lead",
    )
    db.add(row)
    return row


@pytest.fixture
def move(db):
    """A care worker at an independent care home who has just gained a trust contract."""
    provider, trust = org_of(db, Sector.INDEPENDENT_PROVIDER), org_of(db, Sector.NHS_TRUST)
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    member = StaffMember(
        place_id=admin.place_id, staff_number="T-0001", given_name="Ada", family_name="Mover"
    )
    db.add(member)
    db.flush()
    for org, role, start in (
        (provider, "Care worker", TODAY - timedelta(days=900)),
        (trust, COMMUNITY_ROLE, TODAY + timedelta(days=14)),
    ):
        db.add(
            EmploymentContract(
                staff_member_id=member.id,
                organisation_id=org.id,
                job_role=role,
                contract_type=ContractType.SUBSTANTIVE,
                hours_per_week=37.5,
                cost_per_hour=13.0,
                starts_on=start,
            )
        )
    entry(db, member, "CC-10", TODAY - timedelta(days=400))  # recognised for CSTF-SGA-1
    entry(db, member, "CC-13", TODAY - timedelta(days=400))  # only a draft mapping to HSW-1
    entry(db, member, "CSTF-FIRE", TODAY - timedelta(days=100))  # held as-is
    entry(db, member, "CSTF-IPC-2", TODAY - timedelta(days=500))  # expired (12 months)
    c = codes(db)
    for code in ("CSTF-SGA-1", "CSTF-HSW-1", "CSTF-FIRE", "CSTF-IPC-2", "CLIN-OBS"):
        db.add(
            RoleRequirement(
                organisation_id=trust.id, job_role=COMMUNITY_ROLE, competence_id=c[code].id
            )
        )
    create_user(
        db,
        email=TRUST_MANAGER,
        password=PASSWORD,
        role=Role.MANAGER,
        place_id=admin.place_id,
        organisation_id=trust.id,
    )
    recognition.seed_draft_mappings(db, place_id=admin.place_id, actor=admin)
    sga = _mapping(db, c["CC-10"], c["CSTF-SGA-1"])
    recognition.approve_mapping(db, sga, actor=admin)
    db.commit()
    return member, trust


def _mapping(db, held, satisfies) -> CompetenceMapping:
    return db.exec(
        select(CompetenceMapping).where(
            CompetenceMapping.held_competence_id == held.id,
            CompetenceMapping.satisfies_competence_id == satisfies.id,
        )
    ).one()


def _section(html: str, category: str) -> str:
    start = html.index(f'id="transfer-{category}"')
    return html[start : html.index("</section>", start)]


def count(db, model) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def test_transfer_page_sorts_requirements(client, auth, move):
    """Does the receiving manager see held, recognised, expired and missing items rightly?"""
    member, _ = move
    auth.login(TRUST_MANAGER)
    html = client.get(f"/staff/{member.id}/transfer").get_data(as_text=True)
    assert "CSTF-FIRE" in _section(html, "as-is")
    recognised = _section(html, "recognised")
    assert "CSTF-SGA-1" in recognised and "CC-10" in recognised
    assert "CSTF-IPC-2" in _section(html, "expired")
    missing = _section(html, "missing")
    assert "CLIN-OBS" in missing
    assert "CSTF-HSW-1" in missing, "an unapproved draft mapping must not count"
    assert "Accept 1 recognised entry" in html


def test_accepting_records_recognition_without_duplicates(client, auth, db, move):
    """Does accepting add one acceptance, no passport entry, an audit event, and only once?"""
    member, trust = move
    auth.login(TRUST_MANAGER)
    entries_before = count(db, PassportEntry)
    url = f"/staff/{member.id}/transfer"
    for _ in range(2):
        response = client.post(url, data={"csrf_token": csrf_token(client, url)})
        assert response.status_code == 302
    assert count(db, PassportEntry) == entries_before
    acceptances = db.exec(select(RecognitionAcceptance)).all()
    assert len(acceptances) == 1
    assert acceptances[0].organisation_id == trust.id
    events = db.exec(select(AuditEvent).where(AuditEvent.action == "recognition.accept")).all()
    assert [e.staff_member_id for e in events] == [member.id]
    html = client.get(url).get_data(as_text=True)
    assert "CSTF-SGA-1" in _section(html, "accepted")
    assert "Accept 1 recognised" not in html


def test_recognised_entries_count_for_the_receiving_organisation(client, auth, db, move):
    """Can compliance and the passport count an accepted recognition (and only while the
    mapping stands)?"""
    member, trust = move
    auth.login(TRUST_MANAGER)
    url = f"/staff/{member.id}/transfer"
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    sga = codes(db)["CSTF-SGA-1"]
    found = recognition.recognised_entries(
        db, organisation_ids=[trust.id], member_ids=[member.id], competence_ids=[sga.id]
    )
    (item,) = found[(member.id, sga.id)]
    assert item.valid_until == valid_until_for(36, TODAY - timedelta(days=400))
    many = [*range(-2000, 0), member.id]  # a large organisation's staff: filtered in Python
    assert set(
        recognition.recognised_entries(db, organisation_ids=[trust.id], member_ids=many)
    ) == {(member.id, sga.id)}
    council = org_of(db, Sector.COUNCIL_ASC)
    assert recognition.recognised_entries(db, organisation_ids=[council.id]) == {}
    admin = user_by_email(db, DEMO_EMAILS["admin"])
    recognition.remove_mapping(db, db.get(CompetenceMapping, item.mapping_id), actor=admin)
    db.commit()
    assert recognition.recognised_entries(db, organisation_ids=[trust.id]) == {}


def test_recognition_never_outlasts_the_target_refresher():
    """Is an old Care Certificate standard counted no longer than the CSTF refresher?"""
    old = PassportEntry(staff_member_id=1, competence_id=1, achieved_on=date(2020, 1, 1))
    target = Competence(framework="statutory_mandatory", code="X", title="X", refresher_months=36)
    assert recognition.recognised_valid_until(old, target) == date(2022, 12, 31)
    target.refresher_months = None
    assert recognition.recognised_valid_until(old, target) is None


def test_other_organisations_manager_is_refused(client, auth, move):
    """Is a manager whose organisation has no contract with the member refused?"""
    member, _ = move
    auth.login(DEMO_EMAILS["manager"])
    assert client.get(f"/staff/{member.id}/transfer").status_code == 404  # the same as a missing id


def test_admin_chooses_the_receiving_organisation(client, auth, move):
    """Can an admin review the move for the trust even though the provider is also employer?"""
    member, trust = move
    auth.login(DEMO_EMAILS["admin"])
    html = client.get(f"/staff/{member.id}/transfer?organisation={trust.id}").get_data(as_text=True)
    assert COMMUNITY_ROLE in html and "CSTF-SGA-1" in _section(html, "recognised")
    assert client.get("/staff/999999/transfer").status_code == 404


def test_viewing_the_transfer_is_audited(client, auth, db, move):
    """Is opening the transfer page recorded on the member's trail?"""
    member, _ = move
    auth.login(TRUST_MANAGER)
    client.get(f"/staff/{member.id}/transfer")
    manager = db.exec(select(User).where(User.email == TRUST_MANAGER)).one()
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "passport.view_transfer")).one()
    assert (event.staff_member_id, event.actor_user_id) == (member.id, manager.id)


def test_accepted_recognition_counts_in_the_matrix_cell(client, auth, db, move):
    """Once accepted, do the helpers make the trust's SGA-1 cell and passport item current?"""
    from webapp.services import compliance
    from webapp.services.passports import best_entry, status_of

    member, trust = move
    sga = codes(db)["CSTF-SGA-1"]
    scope = {"organisation_ids": [trust.id], "member_ids": [member.id], "competence_ids": [sga.id]}
    dates = recognition.with_recognised_dates(db, {}, **scope)
    assert compliance._cell(dates.get((member.id, sga.id), []), TODAY) == "not_held"
    auth.login(TRUST_MANAGER)
    url = f"/staff/{member.id}/transfer"
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    dates = recognition.with_recognised_dates(db, {}, **scope)
    assert compliance._cell(dates[(member.id, sga.id)], TODAY) == "current"
    entries = recognition.with_recognised(db, {}, **scope)[(member.id, sga.id)]
    assert status_of(best_entry(entries).valid_until, TODAY) == "current"


def test_joiners_list_links_to_the_review(client, auth, move):
    """Does the trust manager's list of people joining include the care-home worker?"""
    member, _ = move
    auth.login(TRUST_MANAGER)
    html = client.get("/transfers").get_data(as_text=True)
    assert f"/staff/{member.id}/transfer" in html and COMMUNITY_ROLE in html


def test_matrix_and_passport_count_accepted_recognition(client, auth, db, move):
    """Once the trust contract has started, do the trust's matrix and the member's passport
    show safeguarding adults level 1 as current through Care Certificate standard 10?"""
    from webapp.services import compliance, passports

    member, trust = move
    auth.login(TRUST_MANAGER)
    url = f"/staff/{member.id}/transfer"
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    contract = db.exec(
        select(EmploymentContract).where(
            EmploymentContract.staff_member_id == member.id,
            EmploymentContract.organisation_id == trust.id,
        )
    ).one()
    contract.starts_on = TODAY - timedelta(days=1)
    db.commit()
    sga = codes(db)["CSTF-SGA-1"]
    matrix = compliance.build_matrix(db, trust.id, TODAY)
    row = next(r for r in matrix.rows if r.member.id == member.id)
    assert row.cells[[c.id for c in matrix.columns].index(sga.id)] == "current"
    passport = passports.build_passport(db, member, TODAY)
    item = next(i for _, group in passport.groups for i in group if i.competence.id == sga.id)
    assert item.status == "current" and item.entry.mapping_id is not None
    html = client.get(f"/staff/{member.id}/passport").get_data(as_text=True)
    assert "approved recognition mapping" in html


def test_receiving_manager_opens_a_joiners_passport(client, auth, move):
    """May the trust manager open the passport of someone whose trust contract starts in two
    weeks (an employer-to-be sees it whole)?"""
    member, _ = move
    auth.login(TRUST_MANAGER)
    response = client.get(f"/staff/{member.id}/passport")
    assert response.status_code == 200
    assert b"data-sharing agreement" not in response.data
