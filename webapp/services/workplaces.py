"""ASC-WDS workplaces: the LOCALESTID values an organisation uses in ASC-WDS bulk files, so
an import can tell its own workplaces' rows from anyone else's."""

from sqlmodel import Session, col, func, select

from webapp.models import Organisation
from webapp.models.place import AscwdsWorkplace
from webapp.services import audit


def listed(session: Session, admin) -> list[tuple[AscwdsWorkplace, Organisation]]:
    """The workplaces of the organisations this admin administers, by organisation."""
    query = select(AscwdsWorkplace, Organisation).join(
        Organisation, Organisation.id == AscwdsWorkplace.organisation_id).where(
        Organisation.place_id == admin.place_id)
    if admin.organisation_id is not None:
        query = query.where(Organisation.id == admin.organisation_id)
    return list(session.exec(query.order_by(Organisation.name, AscwdsWorkplace.local_id)).all())


def find(session: Session, admin, workplace_id: int) -> AscwdsWorkplace | None:
    """The workplace with this id if the admin administers its organisation, else None."""
    return next((w for w, _ in listed(session, admin) if w.id == workplace_id), None)


def add(session: Session, admin, organisation: Organisation, *, local_id: str, name: str,
        request_id: str | None = None) -> AscwdsWorkplace:
    """Record a workplace; the same LOCALESTID twice for one organisation is refused."""
    local_id = local_id.strip()
    taken = session.exec(select(AscwdsWorkplace).where(
        AscwdsWorkplace.organisation_id == organisation.id,
        func.lower(AscwdsWorkplace.local_id) == local_id.lower())).first()
    if taken is not None or local_id.casefold() == organisation.code.casefold():
        raise ValueError(f"{organisation.name} already has LOCALESTID {local_id}")
    workplace = AscwdsWorkplace(organisation_id=organisation.id, local_id=local_id,
                                name=name.strip())
    session.add(workplace)
    session.flush()
    audit.record(session, actor=admin, action="workplace.add", entity="ascwds_workplace",
                 entity_id=workplace.id, request_id=request_id,
                 after={"organisation_id": organisation.id, "LOCALESTID": local_id,
                        "name": workplace.name})
    return workplace


def remove(session: Session, admin, workplace: AscwdsWorkplace,
           request_id: str | None = None) -> None:
    """Forget a workplace: later imports refuse its rows."""
    audit.record(session, actor=admin, action="workplace.remove", entity="ascwds_workplace",
                 entity_id=workplace.id, request_id=request_id,
                 after={"organisation_id": workplace.organisation_id,
                        "LOCALESTID": workplace.local_id, "name": workplace.name})
    session.delete(workplace)


def organisations(session: Session, admin) -> list[Organisation]:
    query = select(Organisation).where(Organisation.place_id == admin.place_id)
    if admin.organisation_id is not None:
        query = query.where(col(Organisation.id) == admin.organisation_id)
    return list(session.exec(query.order_by(Organisation.name)))
