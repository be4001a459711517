"""What the solvers need to know about each worker, read from the database in bulk.

Both engines read the same facts: verified, unrevoked passport entries as competences,
approved leave, active contracts, delegations, and work already published for their other
employers (fixed busy time, so working-time limits hold across employers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, col, select

from webapp.models import Competence, EmploymentContract, PassportEntry, StaffMember
from webapp.models.leave import Leave, LeaveStatus
from webapp.models.rota import Rota, RotaAssignment, RotaStatus

# Published work this long before the horizon still matters: daily and weekly rest look back.
LOOK_BACK = timedelta(days=7)


@dataclass
class StaffFacts:
    member: StaffMember
    contracts: list[EmploymentContract] = field(default_factory=list)
    competences: list[tuple[str, date, date | None]] = field(default_factory=list)
    delegations: list[tuple[int, str, date, str]] = field(default_factory=list)
    leave: list[tuple[date, date]] = field(default_factory=list)
    published: list[RotaAssignment] = field(default_factory=list)

    def contract_with(self, organisation_id: int) -> EmploymentContract | None:
        return next((c for c in self.contracts if c.organisation_id == organisation_id), None)


def load_facts(session: Session, staff_ids: list[int], start: date, end: date) -> dict:
    """Read every fact the solvers need about these staff for the days start..end (inclusive)."""
    members = session.exec(select(StaffMember).where(col(StaffMember.id).in_(staff_ids))).all()
    facts = {m.id: StaffFacts(m) for m in members}
    for contract in _rows(session, EmploymentContract, EmploymentContract.staff_member_id,
                          staff_ids):
        if contract.is_active(start):
            facts[contract.staff_member_id].contracts.append(contract)
    _competences(session, facts, staff_ids)
    _delegations(session, facts, staff_ids)
    _leave(session, facts, staff_ids, start, end)
    _published(session, facts, staff_ids, start, end)
    return facts


def _rows(session: Session, model, column, ids: list[int]) -> list:
    rows = []
    for i in range(0, len(ids), 900):  # SQLite caps bound parameters
        rows += session.exec(select(model).where(col(column).in_(ids[i:i + 900]))).all()
    return rows


def _competences(session: Session, facts: dict, staff_ids: list[int]) -> None:
    codes = dict(session.exec(select(Competence.id, Competence.code)).all())
    for entry in _rows(session, PassportEntry, PassportEntry.staff_member_id, staff_ids):
        if entry.verified_by is not None and not entry.revoked:
            facts[entry.staff_member_id].competences.append(
                (codes[entry.competence_id], entry.achieved_on, entry.valid_until))


def _delegations(session: Session, facts: dict, staff_ids: list[int]) -> None:
    # The delegation service applies the one validity rule (delegations.is_valid_on).
    from webapp.services import delegations

    for worker_id, rows in delegations.solver_delegations(session, staff_ids).items():
        facts[worker_id].delegations.extend(rows)


def _leave(session: Session, facts: dict, staff_ids: list[int], start: date, end: date) -> None:
    for leave in _rows(session, Leave, Leave.staff_member_id, staff_ids):
        if leave.status == LeaveStatus.APPROVED and leave.starts_on <= end and \
                leave.ends_on >= start:
            facts[leave.staff_member_id].leave.append((leave.starts_on, leave.ends_on))


def _published(session: Session, facts: dict, staff_ids: list[int], start: date,
               end: date) -> None:
    """Shifts and visits already published for these staff around the horizon."""
    since, until = start - LOOK_BACK, end + timedelta(days=1)
    for i in range(0, len(staff_ids), 900):
        rows = session.exec(
            select(RotaAssignment).join(Rota, Rota.id == RotaAssignment.rota_id)
            .where(Rota.status == RotaStatus.PUBLISHED,
                   col(RotaAssignment.staff_member_id).in_(staff_ids[i:i + 900]),
                   RotaAssignment.day >= since, RotaAssignment.day <= until)).all()
        for row in rows:
            facts[row.staff_member_id].published.append(row)


def busy_elsewhere(facts: StaffFacts, rota_id: int | None) -> list[RotaAssignment]:
    """Work already published on other rotas (another employer's, another team's): fixed."""
    return [a for a in facts.published if a.rota_id != rota_id]


def leave_moments(facts: StaffFacts) -> list[tuple[datetime, datetime]]:
    """Approved leave as [start, end) datetimes: whole days, midnight to midnight."""
    return [(datetime.combine(a, time()), datetime.combine(b + timedelta(days=1), time()))
            for a, b in facts.leave]
