"""Refresher periods: the catalogue's, an employer's own, and which expiry dates follow them.

An entry's derived expiry is its date achieved plus the refresher period of the organisation
that verified it (its own period where it set one, else the catalogue's). An expiry that came
from a source system (ESR, ASC-WDS: `PassportEntry.expiry_source`) is that system's record
and stands whatever period changes here.
"""

from sqlmodel import Session, col, select

from webapp.models import Competence, Organisation, PassportEntry
from webapp.models.competence import RefresherPeriod
from webapp.services import audit
from webapp.services.passports import valid_until_for


def overrides(session: Session, organisation_id: int | None) -> dict[int, int | None]:
    """This organisation's own periods: competence id → months (None: does not expire)."""
    if organisation_id is None:
        return {}
    rows = session.exec(select(RefresherPeriod).where(
        RefresherPeriod.organisation_id == organisation_id))
    return {r.competence_id: r.refresher_months for r in rows}


def periods_by_code(session: Session, organisation_id: int | None) -> dict[str, tuple]:
    """Map code → (competence id, months) as this organisation applies them."""
    own = overrides(session, organisation_id)
    return {c.code: (c.id, own.get(c.id, c.refresher_months))
            for c in session.exec(select(Competence))}


def listed(session: Session, organisation_ids: list[int]) -> list[tuple]:
    """These organisations' own periods: (organisation, competence, months), by name."""
    query = (select(Organisation, Competence, RefresherPeriod)
             .join(RefresherPeriod, RefresherPeriod.organisation_id == Organisation.id)
             .join(Competence, Competence.id == RefresherPeriod.competence_id)
             .where(col(Organisation.id).in_(organisation_ids))
             .order_by(Organisation.name, Competence.code))
    return [(o, c, r.refresher_months) for o, c, r in session.exec(query)]


def months_for(session: Session, competence: Competence, organisation_id: int | None):
    """The refresher period this organisation applies to this competence."""
    return overrides(session, organisation_id).get(competence.id, competence.refresher_months)


def _rederive(session: Session, entries, months_of) -> int:
    """Re-derive valid-until for entries whose expiry is derived; return how many changed."""
    changed = 0
    for entry in entries:
        if entry.expiry_source is not None:
            continue  # the source system's own expiry date stands
        until = valid_until_for(months_of(entry), entry.achieved_on)
        if until != entry.valid_until:
            entry.valid_until, changed = until, changed + 1
            session.add(entry)
    return changed


def change_catalogue_period(session: Session, *, competence: Competence, months: int | None,
                            actor, request_id: str | None = None) -> int:
    """Set the catalogue's period; entries verified under an employer's own period, and
    source-system expiries, keep theirs. Return how many entries changed."""
    before, competence.refresher_months = competence.refresher_months, months
    entries = session.exec(select(PassportEntry).where(
        PassportEntry.competence_id == competence.id)).all()
    own: dict[int | None, dict] = {}

    def months_of(entry):
        org = entry.verifying_organisation_id
        periods = own.setdefault(org, overrides(session, org))
        return periods.get(competence.id, months)

    changed = _rederive(session, entries, months_of)
    audit.record(session, actor=actor, action="competence.refresher_changed",
                 entity="competence", entity_id=competence.id,
                 before={"refresher_months": before}, after={"refresher_months": months},
                 request_id=request_id)
    return changed


def set_employer_period(session: Session, *, organisation: Organisation,
                        competence: Competence, months: int | None, actor,
                        request_id: str | None = None) -> int:
    """Set (or, with the catalogue's value, keep as its own) an employer's period; entries
    that employer verified follow it unless a source system gave their expiry."""
    row = session.exec(select(RefresherPeriod).where(
        RefresherPeriod.organisation_id == organisation.id,
        RefresherPeriod.competence_id == competence.id)).first()
    before = row.refresher_months if row else competence.refresher_months
    row = row or RefresherPeriod(organisation_id=organisation.id, competence_id=competence.id)
    row.refresher_months = months
    session.add(row)
    entries = session.exec(select(PassportEntry).where(
        PassportEntry.competence_id == competence.id,
        col(PassportEntry.verifying_organisation_id) == organisation.id)).all()
    changed = _rederive(session, entries, lambda _entry: months)
    audit.record(session, actor=actor, action="competence.employer_refresher_changed",
                 entity="competence", entity_id=competence.id,
                 before={"organisation_id": organisation.id, "refresher_months": before},
                 after={"organisation_id": organisation.id, "refresher_months": months},
                 request_id=request_id)
    return changed
