"""Publishing a rota: a numbered version, who and when, and whose shifts changed."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, datetime

from sqlmodel import Session, select

from webapp.models import StaffMember
from webapp.models.demand import ShiftTemplate
from webapp.models.rota import Rota, RotaStatus, RotaVersion
from webapp.services import audit
from webapp.services.rotas.clock import wall_clock
from webapp.services.rotas.edits import Conflict, check_lock
from webapp.services.rotas.review import assignments, versions

PUBLISHABLE = (RotaStatus.DRAFT, RotaStatus.PUBLISHED)


def snapshot(session: Session, rota: Rota) -> list[list]:
    """The rota's assignments as plain rows: [staff id, start, end, what]."""
    codes = dict(session.exec(select(ShiftTemplate.id, ShiftTemplate.code)).all())
    return sorted([a.staff_member_id, f"{wall_clock(a.starts_at):%Y-%m-%dT%H:%M}",
                   f"{wall_clock(a.ends_at):%Y-%m-%dT%H:%M}",
                   codes.get(a.shift_template_id) or f"visit {a.visit_plan_id}"]
                  for a in assignments(session, rota))


def publish(session: Session, user, rota: Rota, lock_version: int) -> RotaVersion:
    """Publish the draft as the next version; say whose shifts changed since the last one."""
    check_lock(session, user, rota, lock_version, "publish")
    if rota.status not in PUBLISHABLE:
        raise Conflict(f"A rota that is {rota.status} cannot be published")
    rows = snapshot(session, rota)
    before = versions(session, rota)
    previous = json.loads(before[-1].assignments) if before else []
    affected = sorted(changed_staff(previous, rows)) if before else []
    now = datetime.now(UTC)
    version = RotaVersion(rota_id=rota.id, number=rota.version + 1, published_by_user_id=user.id,
                          published_at=now, assignments=json.dumps(rows),
                          affected_staff=json.dumps(affected))
    rota.version, rota.status = version.number, RotaStatus.PUBLISHED
    rota.published_by_user_id, rota.published_at = user.id, now
    rota.lock_version += 1
    session.add(version)
    audit.record(session, actor=user, action="rota.publish", entity="rota", entity_id=rota.id,
                 after={"version": version.number, "assignments": len(rows),
                        "affected_staff": affected})
    session.flush()
    return version


def changed_staff(before: list[list], after: list[list]) -> set[int]:
    """Staff with any shift or visit added, removed or moved between two snapshots."""
    return {row[0] for row in _diff(before, after)} | {row[0] for row in _diff(after, before)}


def _diff(a: list[list], b: list[list]) -> list[list]:
    keep = {tuple(row) for row in b}
    return [row for row in a if tuple(row) not in keep]


def compare(session: Session, older: list[list], newer: list[list]) -> list[dict]:
    """Per person, what was removed and what was added from one version to the next."""
    removed, added = defaultdict(list), defaultdict(list)
    for row in _diff(older, newer):
        removed[row[0]].append(row)
    for row in _diff(newer, older):
        added[row[0]].append(row)
    people = {m.id: m for m in session.exec(select(StaffMember).where(
        StaffMember.id.in_(set(removed) | set(added) or {0}))).all()}
    return [{"member": people[sid], "removed": removed[sid], "added": added[sid]}
            for sid in sorted(people, key=lambda i: people[i].family_name)]
