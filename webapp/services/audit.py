"""Append to the audit log; nothing here updates or deletes."""

import json
from datetime import UTC, datetime

from sqlmodel import Session, select

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
