"""What a manager reviews: the staff × days grid, each carer's day of visits, the gaps, and
what changed between two versions."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, select

from webapp.models import Competence, JobRun, Locality, PersonReceivingCare, StaffMember, User
from webapp.models.demand import CarePackage, CareVisitPlan, ShiftTemplate, Team, TeamMember
from webapp.models.rota import Rota, RotaAssignment, RotaGap, RotaVersion
from webapp.services.rotas.clock import wall_clock


@dataclass
class GridRow:
    member: StaffMember
    cells: dict = field(default_factory=lambda: defaultdict(list))  # date → assignments
    minutes: int = 0


def days_of(rota: Rota) -> list[date]:
    return [rota.starts_on + timedelta(days=d) for d in range(7 * rota.weeks)]


def assignments(session: Session, rota: Rota) -> list[RotaAssignment]:
    return list(session.exec(select(RotaAssignment).where(
        RotaAssignment.rota_id == rota.id).order_by(RotaAssignment.starts_at)).all())


def grid(session: Session, rota: Rota) -> list[GridRow]:
    """One row per person rostered or in the team, each day's assignments in its cell."""
    rows: dict[int, GridRow] = {}
    member_ids = set()
    if rota.team_id:
        member_ids = set(session.exec(select(TeamMember.staff_member_id).where(
            TeamMember.team_id == rota.team_id)).all())
    found = assignments(session, rota)
    member_ids |= {a.staff_member_id for a in found}
    for member in session.exec(select(StaffMember).where(
            col(StaffMember.id).in_(member_ids or {0}))).all():
        rows[member.id] = GridRow(member)
    for a in found:
        rows[a.staff_member_id].cells[a.day].append(a)
        rows[a.staff_member_id].minutes += int((a.ends_at - a.starts_at).total_seconds() // 60)
    return sorted(rows.values(), key=lambda r: (r.member.family_name, r.member.given_name))


def templates(session: Session, rota: Rota) -> dict[int, ShiftTemplate]:
    """Shift templates the rota uses, by id (the grid's legend)."""
    if rota.team_id is None:
        return {t.id: t for t in session.exec(select(ShiftTemplate)).all()}
    return {t.id: t for t in session.exec(select(ShiftTemplate).where(
        ShiftTemplate.team_id == rota.team_id)).all()}


@dataclass(frozen=True)
class VisitLine:
    assignment: RotaAssignment
    person: str  # the pseudonymous reference, never a name
    locality: str
    tasks: str
    travel_minutes: int
    partner: str | None


def timeline(session: Session, rota: Rota, day: date) -> list[tuple[StaffMember, list]]:
    """Each carer's visits on `day` in order, with the travel before each and any partner."""
    found = [a for a in assignments(session, rota) if a.day == day and a.visit_plan_id]
    plans = _plans(session, {a.visit_plan_id for a in found})
    localities = dict(session.exec(select(Locality.id, Locality.name)).all())
    by_visit = defaultdict(list)
    for a in found:
        by_visit[a.visit_plan_id].append(a.staff_member_id)
    names = _names(session, {a.staff_member_id for a in found})
    by_carer = defaultdict(list)
    for a in found:
        by_carer[a.staff_member_id].append(a)
    out = []
    for carer_id, visits in sorted(by_carer.items(), key=lambda kv: names[kv[0]].family_name):
        lines, before = [], None
        for a in visits:
            plan, reference = plans[a.visit_plan_id]
            partner = next((names[o].full_name for o in by_visit[a.visit_plan_id]
                            if o != carer_id), None)
            lines.append(VisitLine(a, reference, localities.get(a.locality_id, ""), plan.tasks,
                                   _travel(before, a), partner))
            before = a
        out.append((names[carer_id], lines))
    return out


def _travel(before: RotaAssignment | None, after: RotaAssignment) -> int:
    """Minutes between the end of one visit and the start of the next (travel and waiting)."""
    if before is None:
        return 0
    return max(0, int((after.starts_at - before.ends_at).total_seconds() // 60))


def _plans(session: Session, plan_ids: set[int]) -> dict[int, tuple[CareVisitPlan, str]]:
    rows = session.exec(select(CareVisitPlan, PersonReceivingCare.reference).join(
        CarePackage, CarePackage.id == CareVisitPlan.package_id).join(
        PersonReceivingCare, PersonReceivingCare.id == CarePackage.person_id).where(
        col(CareVisitPlan.id).in_(plan_ids or {0}))).all()
    return {plan.id: (plan, reference) for plan, reference in rows}


def _names(session: Session, ids: set[int]) -> dict[int, StaffMember]:
    return {m.id: m for m in session.exec(select(StaffMember).where(
        col(StaffMember.id).in_(ids or {0}))).all()}


def gaps(session: Session, rota: Rota) -> list[dict]:
    """Unfilled shifts and visits with their reasons and nearest candidates."""
    codes = dict(session.exec(select(Competence.id, Competence.title)).all())
    rows = session.exec(select(RotaGap).where(RotaGap.rota_id == rota.id).order_by(
        RotaGap.starts_at)).all()
    plans = _plans(session, {g.visit_plan_id for g in rows if g.visit_plan_id})
    shown = []
    for g in rows:
        shown.append({"gap": g, "starts": wall_clock(g.starts_at), "ends": wall_clock(g.ends_at),
                      "competence": codes.get(g.competence_id),
                      "person": plans[g.visit_plan_id][1] if g.visit_plan_id else None,
                      "candidates": json.loads(g.candidates)})
    return shown


def summary(rota: Rota) -> dict:
    return json.loads(rota.summary) if rota.summary else {}


def progress(session: Session, rota: Rota) -> dict:
    """The job's live figures for the progress component."""
    job = session.get(JobRun, rota.job_id) if rota.job_id else None
    detail = json.loads(job.detail) if job and job.detail else {}
    return {"job": job, "detail": detail,
            "time_left": max(0.0, detail.get("time_limit", 0) - detail.get("elapsed", 0))}


def team_of(session: Session, rota: Rota) -> Team | None:
    return session.get(Team, rota.team_id) if rota.team_id else None


def user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    if user is None:
        return ""
    member = session.get(StaffMember, user.staff_member_id) if user.staff_member_id else None
    return member.full_name if member else user.email


def versions(session: Session, rota: Rota) -> list[RotaVersion]:
    return list(session.exec(select(RotaVersion).where(RotaVersion.rota_id == rota.id)
                             .order_by(RotaVersion.number)).all())


def affected(session: Session, found: list[RotaVersion]) -> dict[int, list[str]]:
    """Per version, the names of the people whose shifts or visits it changed."""
    ids = {sid for v in found for sid in json.loads(v.affected_staff)}
    names = {sid: m.full_name for sid, m in _names(session, ids).items()}
    return {v.number: sorted(names[sid] for sid in json.loads(v.affected_staff))
            for v in found}
