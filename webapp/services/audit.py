"""Append to the audit log; nothing here updates or deletes."""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import tuple_
from sqlmodel import Session, col, or_, select

from webapp.models import AuditEvent


def record(
    session: Session,
    *,
    actor,
    action: str,
    entity: str,
    entity_id,
    staff_member_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    request_id: str | None = None,
) -> AuditEvent:
    """Add one audit event to the session (the caller commits with its change)."""
    event = AuditEvent(
        at=datetime.now(UTC),
        actor_user_id=getattr(actor, "id", None),
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        staff_member_id=staff_member_id,
        before=json.dumps(before, default=str) if before is not None else None,
        after=json.dumps(after, default=str) if after is not None else None,
        request_id=request_id,
    )
    session.add(event)
    return event


def trail_for_member(session: Session, *, staff_member_id: int, limit: int = 200) -> list:
    """Return a member's audit trail, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.staff_member_id == staff_member_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(session.exec(query))


@dataclass(frozen=True)
class LogFilter:
    """What an admin asks of the audit log; every field optional."""

    actor_user_id: int | None = None
    staff_member_id: int | None = None
    action: str | None = None
    since: date | None = None
    until: date | None = None  # inclusive


def _scope(query, admin):
    """Events an admin may read: those by people, or about staff, of their organisation (a
    place admin: of the place)."""
    from webapp.models import EmploymentContract, StaffMember, User

    if admin.organisation_id is None:
        people = select(User.id).where(User.place_id == admin.place_id)
        staff = select(StaffMember.id).where(StaffMember.place_id == admin.place_id)
    else:
        people = select(User.id).where(User.organisation_id == admin.organisation_id)
        staff = select(EmploymentContract.staff_member_id).where(
            EmploymentContract.organisation_id == admin.organisation_id)
    return query.where(or_(col(AuditEvent.actor_user_id).in_(people),
                           col(AuditEvent.staff_member_id).in_(staff)))


def _filtered(query, wanted: LogFilter):
    if wanted.actor_user_id is not None:
        query = query.where(AuditEvent.actor_user_id == wanted.actor_user_id)
    if wanted.staff_member_id is not None:
        query = query.where(AuditEvent.staff_member_id == wanted.staff_member_id)
    if wanted.action:
        query = query.where(AuditEvent.action == wanted.action)
    if wanted.since:
        query = query.where(AuditEvent.at >= datetime.combine(wanted.since, time(), UTC))
    if wanted.until:
        query = query.where(AuditEvent.at < datetime.combine(
            wanted.until + timedelta(days=1), time(), UTC))
    return query


def search_log(session: Session, admin, wanted: LogFilter, *, before: tuple | None = None,
               limit: int = 50) -> list[AuditEvent]:
    """A page of the log the admin may read, newest first, after the keyset `before`
    ((at, id) of the last event of the previous page): each page costs the same however
    deep, where an offset would read and throw away every earlier row."""
    query = _filtered(_scope(select(AuditEvent), admin), wanted)
    if before is not None:
        at, event_id = before
        # A row-value comparison, which PostgreSQL (and SQLite) can start an index scan at.
        query = query.where(tuple_(AuditEvent.at, AuditEvent.id) < tuple_(at, event_id))
    query = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)
    return list(session.exec(query))
