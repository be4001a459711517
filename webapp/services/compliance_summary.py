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
    scope = compliance_sql.cells(place_id=place_id, today=today,
                                 organisation_id=organisation_id, locality_id=locality_id,
                                 team_id=team_id, job_role=job_role)
    orgs, places, total = {}, {}, SummaryRow(None, "Whole place")
    _count_members(compliance_sql.member_counts(session, scope), orgs, places, total)
    columns: dict = {}
    for org, loc, competence, status, n in compliance_sql.competence_counts(session, scope):
        if competence is None:
            continue  # contracts whose role requires nothing
        columns.setdefault(competence, {}).setdefault(status, 0)
        columns[competence][status] += n
        if status != "current":
            for row in (orgs[org], places[loc], total):
                row.gaps[competence] = row.gaps.get(competence, 0) + n
    _name_and_rank(session, place_id, orgs, places, total)
    return Summary(sorted(orgs.values(), key=lambda r: r.name),
                   sorted(places.values(), key=lambda r: (r.key is None, r.name)), total,
                   columns)


def _count_members(rows, orgs: dict, places: dict, total: SummaryRow) -> None:
    """Add each member to their organisation's row, and once to their locality and the total."""
    per_member: dict[int, list] = {}
    for org, loc, member, expired, expiring, not_held in rows:
        _add(orgs.setdefault(org, SummaryRow(org, "")), expired, expiring, not_held)
        seen = per_member.setdefault(member, [loc, 0, 0, 0])
        seen[1:] = [seen[1] + expired, seen[2] + expiring, seen[3] + not_held]
    for loc, expired, expiring, not_held in per_member.values():
        _add(places.setdefault(loc, SummaryRow(loc, "")), expired, expiring, not_held)
        _add(total, expired, expiring, not_held)


def _add(row: SummaryRow, expired: int, expiring: int, not_held: int) -> None:
    row.staff += 1
    row.compliant += not (expired or expiring or not_held)
    row.expired, row.expiring, row.not_held = (row.expired + expired, row.expiring + expiring,
                                               row.not_held + not_held)


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
