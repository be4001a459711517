"""The only place that writes a solver's answer back: assignments, gaps and the summary."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, delete, select

from optimizer.place.objective import travel_before
from webapp.models import Competence, PersonReceivingCare, StaffMember
from webapp.models.demand import CareVisitPlan, Team
from webapp.models.rota import Rota, RotaAssignment, RotaGap
from webapp.services.rotas.clock import stored
from webapp.services.rotas.problem import PlaceInput, RosterInput, teams_of
from webapp.services.rotas.problem.roster import shift_minutes
from webapp.services.rotas.solve import Outcome


def store(session: Session, rota: Rota, data: RosterInput | PlaceInput, outcome: Outcome) -> None:
    """Replace the rota's unpinned assignments and its gaps with the solver's answer."""
    session.exec(delete(RotaAssignment).where(RotaAssignment.rota_id == rota.id))
    session.exec(delete(RotaGap).where(RotaGap.rota_id == rota.id))
    if isinstance(data, RosterInput):
        rows, gaps = _roster_rows(session, rota, data, outcome)
    else:
        rows, gaps = _place_rows(session, rota, data, outcome)
    session.add_all(rows + gaps)
    rota.summary = json.dumps(outcome.summary)
    rota.lock_version += 1
    session.flush()


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def _roster_rows(session: Session, rota: Rota, data: RosterInput, outcome: Outcome):
    team = session.get(Team, rota.team_id)
    templates = data.template_ids
    spans = _template_spans(session, data)
    rows = []
    for a in outcome.assignments:
        day = rota.starts_on + timedelta(days=a.day)
        begin, end = spans[a.shift]
        rows.append(RotaAssignment(
            rota_id=rota.id, staff_member_id=data.staff_ids[a.staff],
            organisation_id=data.organisation_id, locality_id=team.locality_id, day=day,
            starts_at=stored(_midnight(day) + timedelta(minutes=begin)),
            ends_at=stored(_midnight(day) + timedelta(minutes=end)),
            shift_template_id=templates[a.shift], pinned=a in data.pinned))
    codes = _competence_ids(session)
    gaps = []
    for g in outcome.gaps:
        day = rota.starts_on + timedelta(days=g.day)
        begin, end = spans[g.shift]
        gaps.append(RotaGap(
            rota_id=rota.id, day=day, starts_at=stored(_midnight(day) + timedelta(minutes=begin)),
            ends_at=stored(_midnight(day) + timedelta(minutes=end)),
            shift_template_id=templates[g.shift], competence_id=codes.get(g.competence),
            missing=g.missing, reason=in_words(session, g.reason),
            candidates=json.dumps(_candidates(session, data.staff_ids, g.candidates))))
    return rows, gaps


def _template_spans(session: Session, data: RosterInput) -> dict[str, tuple[int, int]]:
    from webapp.models.demand import ShiftTemplate

    return {code: shift_minutes(session.get(ShiftTemplate, tid))
            for code, tid in data.template_ids.items()}


def in_words(session: Session, text: str) -> str:
    """A solver's reason with competence codes replaced by their titles, for managers."""
    titles = session.info.get("competence_titles")
    if titles is None:
        titles = session.info["competence_titles"] = session.exec(
            select(Competence.code, Competence.title)).all()
    for code, title in titles:
        if code in text:
            text = re.sub(rf"\b{re.escape(code)}\b", title, text)
    return text[:300]


def _competence_ids(session: Session) -> dict[str, int]:
    return {code: cid for cid, code in session.exec(select(Competence.id, Competence.code))}


def _candidates(session: Session, staff_ids: dict, tried) -> list[dict]:
    out = []
    for who, why in tried:
        member = session.get(StaffMember, staff_ids[who])
        out.append({"staff_member_id": member.id, "name": member.full_name, "blocked_by": why})
    return out


def _place_rows(session: Session, rota: Rota, data: PlaceInput, outcome: Outcome):
    plans = {pid: session.get(CareVisitPlan, pid) for pid in set(data.visit_plans.values())}
    localities = _localities_of(session, plans)
    team_locality = {t.id: t.locality_id for t in teams_of(session, rota)}
    legs = travel_before(data.problem, list(outcome.assignments))
    rows = [_place_row(rota, data, a, plans, localities, team_locality,
                       legs.get((a.staff, a.item), 0)) for a in outcome.assignments]
    rows += [_pinned_copy(rota, p) for p in data.pinned_rows]
    gaps = [_place_gap(session, rota, data, u) for u in outcome.gaps]
    return rows, gaps


def _localities_of(session: Session, plans: dict) -> dict[int, int]:
    """Locality of each visit plan (where its person lives)."""
    from webapp.models.demand import CarePackage

    out = {}
    for pid, plan in plans.items():
        package = session.get(CarePackage, plan.package_id)
        out[pid] = session.get(PersonReceivingCare, package.person_id).locality_id
    return out


def _place_row(rota, data: PlaceInput, a, plans, localities, team_locality,
               travel: int) -> RotaAssignment:
    plan_id = data.visit_plans.get(a.item)
    template_id = data.cover_rows[a.item][0] if a.kind == "cover" else None
    locality = localities[plan_id] if plan_id else None
    return RotaAssignment(
        rota_id=rota.id, staff_member_id=data.staff_ids[a.staff],
        organisation_id=data.organisation_ids[a.employer], locality_id=locality,
        day=a.start.date(), starts_at=stored(a.start), ends_at=stored(a.end),
        shift_template_id=template_id, visit_plan_id=plan_id, travel_minutes=travel)


def _pinned_copy(rota: Rota, row: dict) -> RotaAssignment:
    """A pinned assignment, kept as the manager pinned it (the solver planned around it)."""
    return RotaAssignment(**dict(row, rota_id=rota.id, pinned=True))


def _place_gap(session: Session, rota: Rota, data: PlaceInput, u) -> RotaGap:
    plan_id = data.visit_plans.get(u.item)
    start, end = data.item_times[u.item]
    template_id, competence_id = data.cover_rows.get(u.item, (None, None))
    tried = [(c.staff, c.detail) for c in u.candidates if c.staff in data.staff_ids]
    return RotaGap(
        rota_id=rota.id, day=start.date(), starts_at=stored(start), ends_at=stored(end),
        shift_template_id=template_id, visit_plan_id=plan_id, competence_id=competence_id,
        missing=u.missing, reason=in_words(session, u.explanation),
        candidates=json.dumps(_candidates(session, data.staff_ids, tried)))
