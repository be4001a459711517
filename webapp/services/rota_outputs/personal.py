"""One person's published shifts and visits across all their employers, as much of each as
the person asking may see, and what changed since they last looked."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, select

from webapp.models import PLACE_WIDE, Locality, Organisation, PersonReceivingCare
from webapp.models.demand import CarePackage, CareVisitPlan, ShiftTemplate, Team
from webapp.models.rota import Rota, RotaAssignment, RotaStatus, RotaVersion
from webapp.models.rota_outputs import ShiftsSeen
from webapp.services.rotas.clock import wall_clock


@dataclass(frozen=True)
class Shift:
    rota_id: int
    version: int  # the rota's published version (the calendar's SEQUENCE)
    starts: datetime  # wall-clock time in England
    ends: datetime
    what: str  # "Early (E)", "Visit to PRC-00012" or "Busy"
    employer: str
    organisation_id: int | None
    where: str
    kind: str  # "shift", "visit" or "busy"
    ref: str  # the day, and the visit's plan: what stays the same when the times change
    changed: bool = False

    @property
    def key(self) -> list:
        return [self.rota_id, f"{self.starts:%Y-%m-%dT%H:%M}", f"{self.ends:%H:%M}", self.what]

    def uid(self, staff_id: int) -> str:
        """Stable across versions: a day's shift changed, or a visit moved, is the same
        calendar event (one shift a day per rota; a visit is its plan on its day)."""
        return f"{self.rota_id}-{self.ref}-{staff_id}@place-workforce"


def published(session: Session, staff_id: int, since: date) -> list[Shift]:
    """The person's shifts and visits from `since` in every published rota, in time order."""
    rotas = _rotas(session, staff_id, since)
    live = [r for r in rotas if r.status == RotaStatus.PUBLISHED]
    rows = _live_rows(session, staff_id, live) + _snapshot_rows(
        session, staff_id, [r for r in rotas if r.status != RotaStatus.PUBLISHED])
    return sorted(_describe(session, rows, {r.id: r for r in rotas}),
                  key=lambda s: s.starts)


def _rotas(session: Session, staff_id: int, since: date) -> list[Rota]:
    """Published rotas with this person on them, and re-drafted ones (their last version)."""
    mine = select(RotaAssignment.rota_id).where(RotaAssignment.staff_member_id == staff_id)
    query = select(Rota).where(Rota.version > 0, col(Rota.id).in_(mine),
                               Rota.starts_on > since - timedelta(days=42))
    return [r for r in session.exec(query).all()
            if r.starts_on + timedelta(days=7 * r.weeks) > since]


def _live_rows(session: Session, staff_id: int, rotas: list[Rota]) -> list[tuple]:
    found = session.exec(select(RotaAssignment).where(
        RotaAssignment.staff_member_id == staff_id,
        col(RotaAssignment.rota_id).in_([r.id for r in rotas] or [0]))).all()
    return [(a.rota_id, wall_clock(a.starts_at), wall_clock(a.ends_at), a.shift_template_id,
             a.visit_plan_id, a.organisation_id) for a in found]


def _snapshot_rows(session: Session, staff_id: int, rotas: list[Rota]) -> list[tuple]:
    """A rota changed since it was published shows its last published version."""
    rows = []
    for rota in rotas:
        version = session.exec(select(RotaVersion).where(
            RotaVersion.rota_id == rota.id, RotaVersion.number == rota.version)).one()
        team = session.get(Team, rota.team_id) if rota.team_id else None
        codes = {t.code: t.id for t in session.exec(select(ShiftTemplate).where(
            ShiftTemplate.team_id == rota.team_id)).all()} if team else {}
        for sid, starts, ends, label in json.loads(version.assignments):
            if sid == staff_id:
                plan = int(label.split()[1]) if label.startswith("visit ") else None
                rows.append((rota.id, datetime.fromisoformat(starts),
                             datetime.fromisoformat(ends), codes.get(label), plan,
                             team.organisation_id if team else None))
    return rows


def _describe(session: Session, rows: list[tuple], rotas: dict[int, Rota]) -> list[Shift]:
    templates = _by_id(session, ShiftTemplate, {r[3] for r in rows})
    people = _references(session, {r[4] for r in rows if r[4]})
    teams = _by_id(session, Team, {r.team_id for r in rotas.values()})
    employers = _by_id(session, Organisation, {r[5] for r in rows})
    places = _by_id(session, Locality, {r.locality_id for r in rotas.values()} |
                    {t.locality_id for t in teams.values()})
    shifts = []
    for rota_id, starts, ends, template_id, plan_id, org_id in rows:
        rota, template = rotas[rota_id], templates.get(template_id)
        team = teams.get(rota.team_id)
        what = (f"{template.name} ({template.code})" if template else
                f"Visit to {people.get(plan_id, 'a person')}")
        where = team.name if team else ""
        locality = places.get(team.locality_id if team else rota.locality_id)
        where = ", ".join(x for x in (where, locality.name if locality else "") if x)
        shifts.append(Shift(rota_id, rota.version, starts, ends, what,
                            employers[org_id].name if org_id in employers else "",
                            org_id, where, "visit" if plan_id else "shift",
                            f"{starts:%Y%m%d}" + (f"-visit{plan_id}" if plan_id else "")))
    return shifts


def _references(session: Session, plan_ids: set) -> dict[int, str]:
    """Each visit plan's person reference (never a name)."""
    if not plan_ids:
        return {}
    return dict(session.exec(select(CareVisitPlan.id, PersonReceivingCare.reference).join(
        CarePackage, CarePackage.id == CareVisitPlan.package_id).join(
        PersonReceivingCare, PersonReceivingCare.id == CarePackage.person_id).where(
        col(CareVisitPlan.id).in_(plan_ids))).all())


def _by_id(session: Session, table, ids: set) -> dict:
    ids = {i for i in ids if i is not None}
    if not ids:  # no query for what is not there (most people have no visits)
        return {}
    return {row.id: row for row in session.exec(select(table).where(
        col(table.id).in_(ids))).all()}


def as_seen_by(shifts: list[Shift], viewer, staff_id: int) -> list[Shift]:
    """The person and place-wide roles see every detail; a manager sees another employer's
    shifts only as busy time, with no employer, place or what."""
    if viewer.staff_member_id == staff_id or viewer.role in PLACE_WIDE:
        return shifts
    return [s if s.organisation_id == viewer.organisation_id else
            replace(s, what="Busy", employer="Another employer", where="", kind="busy")
            for s in shifts]


def weeks(shifts: list[Shift]) -> list[tuple[date, list[tuple[date, list[Shift]]]]]:
    """Shifts grouped by week (from its Monday) and day, for the page and the PDF."""
    by_week: dict[date, dict[date, list[Shift]]] = {}
    for s in shifts:
        day = s.starts.date()
        monday = day - timedelta(days=day.weekday())
        by_week.setdefault(monday, {}).setdefault(day, []).append(s)
    return [(m, sorted(days.items())) for m, days in sorted(by_week.items())]


def flag_changes(session: Session, user_id: int, shifts: list[Shift]) -> tuple[list, list]:
    """Mark shifts new or moved since the person last looked, list those gone, and remember
    what they see now."""
    seen = session.exec(select(ShiftsSeen).where(ShiftsSeen.user_id == user_id)).first()
    before = {tuple(k) for k in json.loads(seen.snapshot)} if seen else None
    now = [s.key for s in shifts]
    flagged = [replace(s, changed=before is not None and tuple(s.key) not in before)
               for s in shifts]
    gone = sorted(before - {tuple(k) for k in now}) if before else []
    seen = seen or ShiftsSeen(user_id=user_id, seen_at=datetime.now(UTC))
    seen.snapshot, seen.seen_at = json.dumps(now), datetime.now(UTC)
    session.add(seen)
    return flagged, [k for k in gone if k[1] >= f"{date.today():%Y-%m-%d}"]


BUSY_NOTE = "Shifts with another employer show only as busy time."


def member_for(session: Session, viewer, staff_id: int):
    """The staff member if the viewer may print their shifts: a place-wide role, or a manager
    of an organisation that employs them; None (a 404) otherwise."""
    from webapp.models import EmploymentContract, StaffMember

    member = session.get(StaffMember, staff_id)
    if member is None or member.place_id != viewer.place_id:
        return None
    if viewer.role in PLACE_WIDE:
        return member
    employs = session.exec(select(EmploymentContract.id).where(
        EmploymentContract.staff_member_id == staff_id,
        EmploymentContract.organisation_id == viewer.organisation_id)).first()
    return member if employs else None
