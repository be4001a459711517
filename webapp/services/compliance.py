"""The team compliance matrix: staff × required competences for one organisation."""

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup
from sqlmodel import Session, col, select

from webapp.models import (
    Competence,
    EmploymentContract,
    Framework,
    PassportEntry,
    RoleRequirement,
    StaffMember,
)
from webapp.services import recognition
from webapp.services.passports import status_of

STATUSES = ("expired", "expiring", "not_held", "current")
CELL_LABELS = {"expired": "Expired", "expiring": "Due", "not_held": "Missing", "current": "OK"}
# A matrix has tens of thousands of cells: each one's markup is built once, here.
CELL_HTML = {status: Markup(f'<td class="app-cell app-cell--{status}">{label}</td>')
             for status, label in CELL_LABELS.items()}
CELL_HTML[None] = Markup('<td class="app-cell app-cell--na"><span aria-hidden="true">–</span>'
                         '<span class="nhsuk-u-visually-hidden">Not required</span></td>')


@dataclass
class MatrixRow:
    member: StaffMember
    job_role: str
    cells: list  # per column: a status, or None where the role does not require it


@dataclass
class Matrix:
    columns: list[Competence]
    rows: list[MatrixRow]
    column_counts: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)

    fully_compliant_all: int = 0  # counted before any display filter


def build_matrix(session: Session, organisation_id: int, today: date) -> Matrix:
    """Build the matrix for the organisation's staff in post today."""
    contracts = _contracts_in_post(session, organisation_id, today)
    needs = _requirements(session, organisation_id)
    column_ids = sorted({cid for ids in needs.values() for cid in ids})
    columns = _ordered(session.exec(select(Competence).where(col(Competence.id).in_(column_ids))))
    ordered_ids = [c.id for c in columns]
    member_ids = [m.id for _, m in contracts]
    held = _held(session, member_ids, ordered_ids)
    recognition.with_recognised_dates(session, held, organisation_ids=[organisation_id],
                                      member_ids=member_ids, competence_ids=ordered_ids)
    rows = []
    for contract, member in contracts:
        required = needs.get(contract.job_role, set())
        member_id = member.id
        cells = [_cell(held.get((member_id, cid), []), today) if cid in required else None
                 for cid in ordered_ids]
        rows.append(MatrixRow(member, contract.job_role, cells))
    return _with_counts(Matrix(columns, rows))


def _cell(valid_until: list, today: date) -> str:
    """Judge a cell on the longest-lasting unrevoked entry (None: never expires)."""
    if not valid_until:
        return "not_held"
    return status_of(None if None in valid_until else max(valid_until), today)


def _contracts_in_post(session: Session, organisation_id: int, today: date) -> list:
    query = (
        select(EmploymentContract, StaffMember)
        .join(StaffMember, StaffMember.id == EmploymentContract.staff_member_id)
        .where(EmploymentContract.organisation_id == organisation_id)
        .where(EmploymentContract.starts_on <= today)
        .where((col(EmploymentContract.ends_on).is_(None)) | (EmploymentContract.ends_on >= today))
        .order_by(StaffMember.family_name, StaffMember.given_name, StaffMember.id)
    )
    return list(session.exec(query))


def _requirements(session: Session, organisation_id: int) -> dict[str, set[int]]:
    needs: dict[str, set[int]] = {}
    query = select(RoleRequirement).where(RoleRequirement.organisation_id == organisation_id)
    for req in session.exec(query):
        needs.setdefault(req.job_role, set()).add(req.competence_id)
    return needs


def _held(session: Session, member_ids: list[int], competence_ids: list[int]) -> dict:
    """Map (member, competence) to the valid-until dates of unrevoked entries (columns only:
    a large organisation has hundreds of thousands)."""
    held: dict[tuple[int, int], list] = {}
    if not member_ids or not competence_ids:
        return held
    for start in range(0, len(member_ids), 500):  # keep IN lists within driver limits
        query = select(PassportEntry.staff_member_id, PassportEntry.competence_id,
                       PassportEntry.valid_until).where(
            col(PassportEntry.staff_member_id).in_(member_ids[start:start + 500]),
            col(PassportEntry.competence_id).in_(competence_ids),
            col(PassportEntry.revoked).is_(False),
        )
        for member_id, competence_id, valid_until in session.exec(query):
            held.setdefault((member_id, competence_id), []).append(valid_until)
    return held


def _ordered(competences) -> list[Competence]:
    order = {f.value: i for i, f in enumerate(Framework)}
    return sorted(competences, key=lambda c: (order[c.framework], c.code))


def _with_counts(matrix: Matrix) -> Matrix:
    for index in range(len(matrix.columns)):
        cells = [row.cells[index] for row in matrix.rows]
        matrix.column_counts.append({s: cells.count(s) for s in STATUSES})
    for status in STATUSES:
        matrix.totals[status] = sum(c[status] for c in matrix.column_counts)
    matrix.fully_compliant_all = sum(
        1 for r in matrix.rows if all(c in (None, "current") for c in r.cells))
    return matrix
