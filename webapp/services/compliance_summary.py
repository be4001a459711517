"""The compliance summary: per organisation and per locality, counted in SQL.

Staff are counted once per organisation (a joint role counts in each employer) and once per
locality (their home locality); a member is fully compliant when none of their required
cells there is expired, due or not held.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from webapp.models import Competence, Locality, Organisation
from webapp.services import compliance_sql

NO_LOCALITY = "No home locality recorded"


@dataclass
class SummaryRow:
    key: int | None  # the organisation's or locality's id
    name: str
    staff: int = 0
    compliant: int = 0
    expired: int = 0
    expiring: int = 0
    not_held: int = 0
    gaps: dict = field(default_factory=dict)  # competence id: cells not current
    worst: list = field(default_factory=list)  # up to three (Competence, cells not current)

    @property
    def percent(self) -> int:
        """Whole per cent fully compliant, rounded down (never shows 100 with one short)."""
        return 100 * self.compliant // self.staff if self.staff else 0


@dataclass
class Summary:
    organisations: list[SummaryRow]
    localities: list[SummaryRow]
    total: SummaryRow
    column_counts: dict  # competence id: {status: cells}


def summarise(session: Session, *, place_id: int, today: date, organisation_id=None,
              locality_id=None, team_id=None, job_role=None) -> Summary:
    """Count the place (or one organisation, locality, team or role) by organisation and
    locality: staff, fully compliant, expired, due, not held, worst three competences."""
    scope = {"place_id": place_id, "today": today, "organisation_id": organisation_id,
             "locality_id": locality_id, "team_id": team_id, "job_role": job_role}
    orgs, places, total = {}, {}, SummaryRow(None, "Whole place")
    home = {}
    for org, loc, member in compliance_sql.members(session, **scope):
        orgs.setdefault(org, SummaryRow(org, "")).staff += 1
        home[member] = loc
    for loc in home.values():
        places.setdefault(loc, SummaryRow(loc, "")).staff += 1
    total.staff = len(home)
    columns = {c: {"current": n} for c, n in compliance_sql.required_cells(session,
                                                                           **scope).items()}
    short: dict[tuple, set] = {}  # (kind, key) → members with a cell not current there
    for org, loc, member, competence, status in compliance_sql.not_current(session, **scope):
        columns[competence]["current"] -= 1
        columns[competence][status] = columns[competence].get(status, 0) + 1
        for kind, row in (("org", orgs[org]), ("loc", places[loc]), ("all", total)):
            _count_cell(row, competence, status)
            short.setdefault((kind, row.key), set()).add(member)
    for kind, rows in (("org", orgs), ("loc", places)):
        for row in rows.values():
            row.compliant = row.staff - len(short.get((kind, row.key), ()))
    total.compliant = total.staff - len(short.get(("all", None), ()))
    _name_and_rank(session, place_id, orgs, places, total)
    return Summary(sorted(orgs.values(), key=lambda r: r.name),
                   sorted(places.values(), key=lambda r: (r.key is None, r.name)), total,
                   columns)


def _count_cell(row: SummaryRow, competence: int, status: str) -> None:
    setattr(row, status, getattr(row, status) + 1)
    row.gaps[competence] = row.gaps.get(competence, 0) + 1


def _name_and_rank(session: Session, place_id: int, orgs: dict, places: dict,
                   total: SummaryRow) -> None:
    """Name each row and pick its three competences with the most cells not current."""
    org_names = dict(session.exec(select(Organisation.id, Organisation.name).where(
        Organisation.place_id == place_id)).all())
    loc_names = dict(session.exec(select(Locality.id, Locality.name).where(
        Locality.place_id == place_id)).all())
    ids = {c for row in [*orgs.values(), *places.values(), total] for c in row.gaps}
    competences = {c.id: c for c in session.exec(select(Competence).where(
        col(Competence.id).in_(ids)))}
    for row in orgs.values():
        row.name = org_names[row.key]
    for row in places.values():
        row.name = loc_names.get(row.key, NO_LOCALITY)
    for row in [*orgs.values(), *places.values(), total]:
        ranked = sorted(row.gaps.items(), key=lambda g: (-g[1], competences[g[0]].code))
        row.worst = [(competences[c], n) for c, n in ranked[:3]]
