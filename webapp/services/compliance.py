"""The compliance matrix: staff × required competences for an organisation, locality or team,
whole (CSV, tests) or a page at a time with its counts from compliance_summary."""

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup
from sqlalchemy import func
from sqlmodel import Session, col, select

from webapp.models import (
    Competence,
    EmploymentContract,
    Framework,
    Organisation,
    PassportEntry,
    RoleRequirement,
    StaffMember,
)
from webapp.models.demand import Team
from webapp.services import compliance_sql, compliance_summary, recognition
from webapp.services.passports import status_of

STATUSES = ("expired", "expiring", "not_held", "current")
CELL_LABELS = {"expired": "Expired", "expiring": "Due", "not_held": "Missing", "current": "OK"}
# A matrix page has thousands of cells: each one's markup is built once, here, and kept short
# (a page stays well under 200 kB); app.css draws the dash of a cell the role does not need.
CELL_HTML = {status: Markup(f'<td class="app-cell--{status}">{label}</td>')
             for status, label in CELL_LABELS.items()}
CELL_HTML[None] = Markup('<td class="app-cell--na"><span class="app-vh">Not required</span></td>')


@dataclass
class MatrixRow:
    member: StaffMember
    job_role: str
    cells: list  # per column: a status, or None where the role does not require it
    organisation_id: int | None = None  # the contract's employer


@dataclass
class Matrix:
    columns: list[Competence]
    rows: list[MatrixRow]
    column_counts: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)

    fully_compliant_all: int = 0  # counted before any display filter


def build_matrix(session: Session, organisation_id: int, today: date) -> Matrix:
    """Build the whole matrix for the organisation's staff in post today (the CSV, tests)."""
    contracts = _contracts_in_post(session, organisation_id, today)
    needs = _requirements(session, [organisation_id])
    columns = _columns(session, {cid for ids in needs.values() for cid in ids})
    return _with_counts(Matrix(columns, rows_for(session, contracts, columns, today)))


def rows_for(session: Session, contracts: list, columns: list[Competence],
             today: date) -> list["MatrixRow"]:
    """Judge each (contract, member)'s required columns by the one status rule; an entry
    counts through recognition only for the organisation that accepted it."""
    column_ids = [c.id for c in columns]
    needs = _requirements(session, {contract.organisation_id for contract, _ in contracts})
    held = _held(session, [m.id for _, m in contracts], column_ids)
    by_org: dict[int, dict] = {}
    for org in {contract.organisation_id for contract, _ in contracts}:
        members = [m.id for c, m in contracts if c.organisation_id == org]
        mine = {key: list(dates) for key, dates in held.items() if key[0] in set(members)}
        by_org[org] = recognition.with_recognised_dates(
            session, mine, organisation_ids=[org], member_ids=members, competence_ids=column_ids)
    rows = []
    for contract, member in contracts:
        required = needs.get((contract.organisation_id, contract.job_role), set())
        dates = by_org[contract.organisation_id]
        cells = [_cell(dates.get((member.id, cid), []), today) if cid in required else None
                 for cid in column_ids]
        rows.append(MatrixRow(member, contract.job_role, cells, contract.organisation_id))
    return rows


def _columns(session: Session, ids) -> list[Competence]:
    return _ordered(session.exec(select(Competence).where(col(Competence.id).in_(list(ids)))))


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


def _requirements(session: Session, organisation_ids) -> dict[tuple[int, str], set[int]]:
    needs: dict[tuple[int, str], set[int]] = {}
    query = select(RoleRequirement).where(
        col(RoleRequirement.organisation_id).in_(list(organisation_ids)))
    for req in session.exec(query):
        needs.setdefault((req.organisation_id, req.job_role), set()).add(req.competence_id)
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


# What the matrix can be narrowed to: staff with any cell not current, or with one status.
STATUS_FILTERS = {"attention": "Any that need attention", "expired": "Expired",
                  "expiring": "Due", "not_held": "Required, not held"}


@dataclass(frozen=True)
class Scope:
    """Whose matrix: a place, narrowed to an organisation, locality, team or job role."""

    place_id: int
    organisation_id: int | None = None
    locality_id: int | None = None
    team_id: int | None = None
    job_role: str | None = None

    def narrowing(self) -> dict:
        return {"organisation_id": self.organisation_id, "locality_id": self.locality_id,
                "team_id": self.team_id, "job_role": self.job_role}


@dataclass
class MatrixPage:
    matrix: Matrix
    summary: compliance_summary.Summary
    rows: int  # rows that match the status filter, on every page
    page: int
    pages: int


def matrix_page(session: Session, scope: Scope, *, status: str | None, today: date,
                page: int, size: int) -> MatrixPage:
    """One page of the scope's matrix (by name), with its counts from SQL over all of it."""
    summary = compliance_summary.summarise(session, place_id=scope.place_id, today=today,
                                           **scope.narrowing())
    query = compliance_sql.contracts_in(place_id=scope.place_id, today=today, status=status,
                                        **scope.narrowing())
    rows = session.exec(select(func.count()).select_from(query.subquery())).one()
    pages = max(1, -(-rows // size))
    page = min(max(1, page), pages)
    contracts = list(session.exec(query.offset((page - 1) * size).limit(size)))
    columns = _columns(session, summary.column_counts)
    matrix = Matrix(columns, rows_for(session, contracts, columns, today))
    matrix.column_counts = [{s: summary.column_counts[c.id].get(s, 0) for s in STATUSES}
                            for c in columns]
    matrix.totals = {s: sum(n[s] for n in matrix.column_counts) for s in STATUSES}
    matrix.fully_compliant_all = summary.total.compliant
    return MatrixPage(matrix, summary, rows, page, pages)


def filter_choices(session: Session, scope: Scope, today: date) -> tuple[list, list[str]]:
    """Return the teams and the job roles the scope's matrix can be narrowed to."""
    teams = select(Team).where(Team.organisation_id == scope.organisation_id) \
        if scope.organisation_id else select(Team).where(Team.locality_id == scope.locality_id)
    in_post = compliance_sql.contracts_in(place_id=scope.place_id, today=today,
                                          organisation_id=scope.organisation_id,
                                          locality_id=scope.locality_id).subquery()
    roles = session.exec(select(in_post.c.job_role).distinct().order_by(in_post.c.job_role))
    return list(session.exec(teams.order_by(Team.name))), list(roles)


MATRIX_HEADER = ["Staff number", "Family name", "Given name", "Organisation", "Job role"]
CSV_LABELS = {**CELL_LABELS, None: ""}  # blank: the role does not require it


def matrix_csv_rows(session: Session, scope: Scope, *, status: str | None,
                    today: date) -> tuple[list[str], list[list]]:
    """Return the header and every row of the scope's matrix (not paged), 500 staff at a time."""
    summary = compliance_summary.summarise(session, place_id=scope.place_id, today=today,
                                           **scope.narrowing())
    columns = _columns(session, summary.column_counts)
    names = {o.id: o.name for o in session.exec(select(Organisation))}
    contracts = list(session.exec(compliance_sql.contracts_in(
        place_id=scope.place_id, today=today, status=status, **scope.narrowing())))
    rows = []
    for start in range(0, len(contracts), 500):
        for row in rows_for(session, contracts[start:start + 500], columns, today):
            member = row.member
            rows.append([member.staff_number, member.family_name, member.given_name,
                         names[row.organisation_id], row.job_role,
                         *(CSV_LABELS[cell] for cell in row.cells)])
    header = MATRIX_HEADER + [c.code for c in columns]
    return header, rows
