"""Expiring training: the counts a daily job keeps for each organisation."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from webapp.models import EmploymentContract, JobRun, Organisation, PassportEntry

WINDOWS = (0, 30, 60)


def count_expiring(session: Session, today: date) -> dict:
    """Return, per organisation, entries already expired and expiring within 30 and 60 days."""
    result = {}
    for org in session.exec(select(Organisation)):
        members = select(EmploymentContract.staff_member_id).where(
            EmploymentContract.organisation_id == org.id)
        base = select(func.count()).select_from(PassportEntry).where(
            col(PassportEntry.staff_member_id).in_(members), col(PassportEntry.revoked).is_(False))
        counts = {"expired": session.exec(base.where(PassportEntry.valid_until < today)).one()}
        for days in WINDOWS[1:]:
            counts[f"within_{days}_days"] = session.exec(base.where(
                PassportEntry.valid_until >= today,
                PassportEntry.valid_until <= today + timedelta(days=days))).one()
        result[org.name] = counts
    return result


def queue_scan(session: Session) -> JobRun:
    """Record a job row and put the scan on the queue."""
    from webapp.jobs import expiry_scan

    job = JobRun(kind="expiry_scan", created_at=datetime.now(UTC))
    session.add(job)
    session.commit()
    expiry_scan(job.id)
    return job
