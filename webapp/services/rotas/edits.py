"""A manager's changes to a draft: one cell at a time, checked by the validator at once; pins;
optimistic locking so a second manager's stale change is refused, never lost silently."""

from __future__ import annotations

import dataclasses
from datetime import date

from sqlmodel import Session, select

import optimizer
from optimizer import roster_gaps
from webapp.models import StaffMember
from webapp.models.rota import Rota, RotaAssignment, RotaStatus
from webapp.services import audit
from webapp.services.rotas import solution
from webapp.services.rotas.problem import RosterInput, build_input
from webapp.services.rotas.solve import Outcome, roster_summary

EDITABLE = (RotaStatus.DRAFT, RotaStatus.PUBLISHED)


class Conflict(Exception):
    """The rota changed since the form was drawn, or is not in a state that allows this."""


class Refused(Exception):
    """The change would break a hard rule; the message says which, in the domain's words."""


def check_lock(session: Session, user, rota: Rota, lock_version: int, action: str,
               attempted: dict | None = None) -> None:
    """Refuse a change made on a stale copy of the rota, recording the attempt in the audit."""
    if lock_version == rota.lock_version:
        return
    audit.record(session, actor=user, action="rota.edit_conflict", entity="rota",
                 entity_id=rota.id, after={"action": action, "attempted": attempted,
                                           "seen_version": lock_version,
                                           "current_version": rota.lock_version})
    session.commit()
    raise Conflict("Someone else changed this rota after you opened it. Your change was not "
                   "made: the rota below is as it is now; make your change again if it still "
                   "applies.")


def set_cell(session: Session, user, rota: Rota, lock_version: int, staff_member_id: int,
             day: date, shift: str | None) -> None:
    """Put a person on a shift (or off) on one day of a team rota, if every rule still holds."""
    attempted = {"staff_member_id": staff_member_id, "day": day, "shift": shift}
    check_lock(session, user, rota, lock_version, "set_cell", attempted)
    if rota.status not in EDITABLE or rota.engine != "roster":
        raise Conflict("Only a solved team rota can be changed cell by cell")
    data: RosterInput = build_input(session, rota)
    key = f"s{staff_member_id}"
    if key not in data.staff_ids or (shift and shift not in data.template_ids):
        raise Refused("That person or shift is not part of this team's rota")
    index = (day - rota.starts_on).days
    current = _current(session, rota, data)
    others = [a for a in current if not (a.staff == key and a.day == index)]
    if shift:
        stops = roster_gaps.blockers(data.problem, others, key, index, shift)
        if stops:
            name = session.get(StaffMember, staff_member_id).full_name
            raise Refused(f"{name} cannot work {shift} on {day:%a %d %b}: " + "; ".join(stops))
        others.append(optimizer.Assignment(key, index, shift))
    _store(session, rota, data, sorted(others))
    audit.record(session, actor=user, action="rota.edit", entity="rota", entity_id=rota.id,
                 staff_member_id=staff_member_id, after=attempted)


def _current(session: Session, rota: Rota, data: RosterInput) -> list[optimizer.Assignment]:
    codes = {tid: code for code, tid in data.template_ids.items()}
    rows = session.exec(select(RotaAssignment).where(RotaAssignment.rota_id == rota.id)).all()
    return [optimizer.Assignment(f"s{r.staff_member_id}", (r.day - rota.starts_on).days,
                                 codes[r.shift_template_id]) for r in rows]


def _store(session: Session, rota: Rota, data: RosterInput, roster: list) -> None:
    """Write the changed roster with its gaps and figures recomputed by the validator."""
    pinned = {(f"s{r.staff_member_id}", (r.day - rota.starts_on).days) for r in
              session.exec(select(RotaAssignment).where(RotaAssignment.rota_id == rota.id,
                                                        RotaAssignment.pinned)).all()}
    data = dataclasses.replace(data, pinned=tuple(a for a in roster if (a.staff, a.day) in pinned))
    check = optimizer.validate(data.problem, roster)
    gaps = roster_gaps.explain(data.problem, roster)
    summary = roster_summary(data.problem, roster, gaps, check, None)
    solution.store(session, rota, data, Outcome("roster", tuple(roster), tuple(gaps), summary))
    if rota.status == RotaStatus.PUBLISHED:
        rota.status = RotaStatus.DRAFT  # changed since publication: publish again to share it


def toggle_pin(session: Session, user, rota: Rota, lock_version: int,
               assignment_id: int) -> RotaAssignment:
    """Pin an assignment so re-solving keeps it (a visit pins every carer on it), or unpin."""
    row = session.get(RotaAssignment, assignment_id)
    check_lock(session, user, rota, lock_version, "pin", {"assignment": assignment_id})
    if row is None or row.rota_id != rota.id:
        raise Refused("That assignment is not on this rota")
    together = [row]
    if row.visit_plan_id:
        together = session.exec(select(RotaAssignment).where(
            RotaAssignment.rota_id == rota.id, RotaAssignment.day == row.day,
            RotaAssignment.visit_plan_id == row.visit_plan_id)).all()
    pinned = not row.pinned
    for r in together:
        r.pinned = pinned
    rota.lock_version += 1
    audit.record(session, actor=user, action="rota.pin" if row.pinned else "rota.unpin",
                 entity="rota", entity_id=rota.id, staff_member_id=row.staff_member_id,
                 after={"assignment": row.id, "day": row.day})
    return row
