"""Data-sharing agreements: which organisation may see which of another's staff entries.

The rule: an organisation sees every framework of its own staff (a contract not yet ended);
another organisation's staff only in the frameworks named by an agreement in force that lists
both organisations as parties, or that the member has chosen to share with it.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from webapp.models import EmploymentContract, Framework, Organisation, StaffMember
from webapp.models.agreements import AgreementParty, DataSharingAgreement, PassportShare
from webapp.services import audit


@dataclass(frozen=True)
class AgreementRow:
    agreement: DataSharingAgreement
    parties: list[Organisation]


def visible_frameworks(session: Session, viewer_org_id: int | None, member: StaffMember,
                       today: date | None = None) -> set[str] | None:
    """Return the frameworks this organisation may see of the member's passport.

    None means everything (the organisation employs the member); an empty set means nothing.
    """
    today = today or date.today()
    if viewer_org_id is None:
        return set()
    employers = _employers(session, member.id, today)
    if viewer_org_id in employers:
        return None
    visible: set[str] = set()
    for agreement, parties in _agreements_of(session, viewer_org_id, member.place_id, today):
        if (parties - {viewer_org_id}) & employers:
            visible |= agreement.framework_set
    for share in session.exec(select(PassportShare).where(
            PassportShare.staff_member_id == member.id,
            PassportShare.organisation_id == viewer_org_id,
            col(PassportShare.withdrawn_at).is_(None))):
        visible |= {f for f in share.frameworks.split(",") if f}
    return visible


def _employers(session: Session, member_id: int, today: date) -> set[int]:
    query = select(EmploymentContract.organisation_id).where(
        EmploymentContract.staff_member_id == member_id,
        (col(EmploymentContract.ends_on).is_(None)) | (EmploymentContract.ends_on >= today))
    return set(session.exec(query))


def _agreements_of(session: Session, org_id: int, place_id: int, today: date) -> list:
    mine = select(AgreementParty.agreement_id).where(AgreementParty.organisation_id == org_id)
    agreements = [a for a in session.exec(select(DataSharingAgreement).where(
        DataSharingAgreement.place_id == place_id, col(DataSharingAgreement.id).in_(mine)))
        if a.in_force(today)]
    return [(a, _party_ids(session, a.id)) for a in agreements]


def _party_ids(session: Session, agreement_id: int) -> set[int]:
    return set(session.exec(select(AgreementParty.organisation_id).where(
        AgreementParty.agreement_id == agreement_id)))


def list_agreements(session: Session, place_id: int) -> list[AgreementRow]:
    """Return the place's agreements, newest first, with their parties."""
    orgs = {o.id: o for o in session.exec(select(Organisation).where(
        Organisation.place_id == place_id))}
    agreements = session.exec(select(DataSharingAgreement).where(
        DataSharingAgreement.place_id == place_id).order_by(
        DataSharingAgreement.starts_on.desc(), DataSharingAgreement.id.desc()))
    return [AgreementRow(a, sorted((orgs[i] for i in _party_ids(session, a.id) if i in orgs),
                                   key=lambda o: o.name)) for a in agreements]


def record_agreement(session: Session, *, place_id: int, title: str, purpose: str,
                     party_ids: list[int], frameworks: list[str], starts_on: date,
                     ends_on: date | None, actor,
                     request_id: str | None = None) -> DataSharingAgreement:
    """Record an agreement between two or more of the place's organisations; audited."""
    valid = {o.id for o in session.exec(select(Organisation).where(
        Organisation.place_id == place_id))}
    parties = sorted(set(party_ids))
    if len(parties) < 2 or not set(parties) <= valid:
        raise ValueError("Choose at least two organisations in this place")
    if not frameworks or not set(frameworks) <= {f.value for f in Framework}:
        raise ValueError("Choose at least one category of passport entry")
    if ends_on is not None and ends_on < starts_on:
        raise ValueError("The end date must be on or after the start date")
    agreement = DataSharingAgreement(
        place_id=place_id, title=title.strip(), purpose=purpose.strip(),
        frameworks=",".join(sorted(set(frameworks))), starts_on=starts_on, ends_on=ends_on,
        created_by_user_id=getattr(actor, "id", None), created_at=datetime.now(UTC))
    session.add(agreement)
    session.flush()
    session.add_all(AgreementParty(agreement_id=agreement.id, organisation_id=i) for i in parties)
    audit.record(session, actor=actor, action="agreement.create", entity="data_sharing_agreement",
                 entity_id=agreement.id, request_id=request_id,
                 after=_state(agreement) | {"parties": parties})
    return agreement


def withdraw_agreement(session: Session, agreement: DataSharingAgreement, *, actor,
                       request_id: str | None = None) -> None:
    """End an agreement now; audited."""
    before = _state(agreement)
    agreement.withdrawn_at = datetime.now(UTC)
    session.add(agreement)
    audit.record(session, actor=actor, action="agreement.withdraw",
                 entity="data_sharing_agreement", entity_id=agreement.id,
                 request_id=request_id, before=before, after=_state(agreement))


def _state(agreement: DataSharingAgreement) -> dict:
    return {"title": agreement.title, "purpose": agreement.purpose,
            "frameworks": agreement.frameworks, "starts_on": agreement.starts_on,
            "ends_on": agreement.ends_on, "withdrawn_at": agreement.withdrawn_at}


def share(session: Session, *, member: StaffMember, organisation_id: int,
          frameworks: list[str], actor, request_id: str | None = None) -> PassportShare:
    """Let the member show their passport to one more organisation; audited."""
    if not frameworks or not set(frameworks) <= {f.value for f in Framework}:
        raise ValueError("Choose at least one category of passport entry")
    record = PassportShare(staff_member_id=member.id, organisation_id=organisation_id,
                           frameworks=",".join(sorted(set(frameworks))),
                           shared_at=datetime.now(UTC))
    session.add(record)
    session.flush()
    audit.record(session, actor=actor, action="passport.share", entity="passport_share",
                 entity_id=record.id, staff_member_id=member.id, request_id=request_id,
                 after={"organisation_id": organisation_id, "frameworks": record.frameworks})
    return record


def stop_sharing(session: Session, record: PassportShare, *, actor,
                 request_id: str | None = None) -> None:
    """Withdraw a share the member made; audited."""
    record.withdrawn_at = datetime.now(UTC)
    session.add(record)
    audit.record(session, actor=actor, action="passport.share_withdraw",
                 entity="passport_share", entity_id=record.id,
                 staff_member_id=record.staff_member_id, request_id=request_id,
                 after={"organisation_id": record.organisation_id})


def shares_of(session: Session, member_id: int) -> list[tuple[PassportShare, Organisation]]:
    """Return the member's shares still in force, with the organisation."""
    return list(session.exec(
        select(PassportShare, Organisation)
        .join(Organisation, Organisation.id == PassportShare.organisation_id)
        .where(PassportShare.staff_member_id == member_id,
               col(PassportShare.withdrawn_at).is_(None))
        .order_by(Organisation.name)))


def agreement_for(session: Session, agreement_id: int, place_id: int):
    agreement = session.get(DataSharingAgreement, agreement_id)
    return agreement if agreement and agreement.place_id == place_id else None


def share_for(session: Session, share_id: int | None, member_id: int):
    record = session.get(PassportShare, share_id) if share_id else None
    if record is None or record.staff_member_id != member_id or record.withdrawn_at:
        return None
    return record
