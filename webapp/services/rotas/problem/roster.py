"""A team's shifts over 1–6 weeks as a roster-engine problem (the nurse-rostering engine)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta

from sqlmodel import Session, select

import optimizer
from webapp.models import Competence
from webapp.models.demand import CoverRequirement, ShiftTemplate, Team, TeamMember
from webapp.services.rotas.clock import wall_clock
from webapp.services.rotas.problem import fairness as fair_shares
from webapp.services.rotas.problem.facts import StaffFacts, busy_elsewhere, load_facts

# Penalty weights (the roster engine's objective is integer): a person missing below the
# minimum outweighs everything else; below the preferred level counts a tenth as much; a
# person on a shift beyond what the team prefers costs a little, so nobody is rostered idle.
UNDER_MINIMUM = 1000
UNDER_PREFERRED = 100
OVER_PREFERRED = 20


@dataclasses.dataclass(frozen=True)
class RosterInput:
    """The roster problem and how its ids map back to rows."""

    problem: optimizer.Problem
    staff_ids: dict[str, int]  # solver id → StaffMember.id
    template_ids: dict[str, int]  # shift code → ShiftTemplate.id
    organisation_id: int  # the team's employer, whose contract is charged
    pinned: tuple = ()  # optimizer.Assignment the manager pinned
    previous: tuple = ()  # the rota before a re-solve: changes from it cost a little


def staff_key(staff_member_id: int) -> str:
    return f"s{staff_member_id}"


def build_roster_input(session: Session, team: Team, start: date, weeks: int,
                       rota_id: int | None = None, fairness: str = "normal") -> RosterInput:
    """Turn a team's templates, cover, members, passports and leave into a roster problem."""
    days = 7 * weeks
    templates = session.exec(select(ShiftTemplate).where(
        ShiftTemplate.team_id == team.id, ShiftTemplate.active == True)).all()  # noqa: E712
    member_ids = list(session.exec(select(TeamMember.staff_member_id).where(
        TeamMember.team_id == team.id)).all())
    facts = load_facts(session, member_ids, start, start + timedelta(days=days - 1))
    history = fair_shares.carried_in(session, set(member_ids), start)
    rows = [_staff(f, team, start, days, templates, rota_id)
            | {"fairness_carried_in": history[f.member.id]}
            for f in sorted(facts.values(), key=lambda f: f.member.id)
            if f.contract_with(team.organisation_id)]
    staff = tuple(optimizer.StaffMember(**_known(optimizer.StaffMember, row)) for row in rows)
    problem = optimizer.Problem(
        start=start, days=days, shifts=tuple(_shift_type(t) for t in templates),
        staff=staff, cover=_cover(session, team, templates, start, days),
        name=f"{team.code} from {start.isoformat()}",
        fairness=fair_shares.roster_fairness(
            start, days, {t.code: shift_minutes(t) for t in templates}, fairness))
    return RosterInput(problem, {s.id: int(s.id[1:]) for s in staff},
                       {t.code: t.id for t in templates}, team.organisation_id)


def shift_minutes(template: ShiftTemplate) -> tuple[int, int]:
    """Minutes after midnight of its day at which a template starts and ends (ends > starts)."""
    begin = template.starts.hour * 60 + template.starts.minute
    end = template.ends.hour * 60 + template.ends.minute
    return begin, end + 1440 if end <= begin else end


def _shift_type(template: ShiftTemplate) -> optimizer.ShiftType:
    begin, end = shift_minutes(template)
    return optimizer.ShiftType(template.code, template.starts, template.ends,
                               paid_minutes=end - begin - template.unpaid_break_minutes)


def _staff(facts: StaffFacts, team: Team, start: date, days: int, templates,
           rota_id: int | None) -> dict:
    """The person's fields of the engine's StaffMember."""
    contract = facts.contract_with(team.organisation_id)
    weeks = days // 7
    leave_days = frozenset(d for d in range(days) for a, b in facts.leave
                           if a <= start + timedelta(days=d) <= b)
    fields = {
        "id": staff_key(facts.member.id),
        "competences": tuple(optimizer.Competence(code, since, until)
                             for code, since, until in facts.competences),
        "max_minutes": round(contract.hours_per_week * 60 * weeks),
        "unavailable_days": leave_days,
        "fixed_work": tuple(_busy(a, start) for a in busy_elsewhere(facts, rota_id)),
        "carried_in_minutes": facts.carried_in_minutes,
        # Unsocial shifts are owed in proportion to contracted hours: a part-timer owes fewer.
        "fair_share": round(contract.hours_per_week * 60),
    }
    return fields


def _busy(assignment, start: date) -> tuple[int, int]:
    origin = datetime.combine(start, time())
    return (int((wall_clock(assignment.starts_at) - origin).total_seconds() // 60),
            int((wall_clock(assignment.ends_at) - origin).total_seconds() // 60))


def _known(cls, fields: dict) -> dict:
    """Only the fields the engine knows (busy time arrives with the working-time kernel)."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in fields.items() if k in names}


def _cover(session: Session, team: Team, templates, start: date, days: int) -> tuple:
    codes = dict(session.exec(select(Competence.id, Competence.code)).all())
    rows = session.exec(select(CoverRequirement).where(CoverRequirement.team_id == team.id)).all()
    by_template = {t.id: t.code for t in templates}
    cover = []
    for day in range(days):
        weekday = (start + timedelta(days=day)).weekday()
        for template_id, code in by_template.items():
            needs = [r for r in rows if r.shift_template_id == template_id and r.weekday == weekday]
            cover += _cover_for(day, code, needs, codes)
    return tuple(cover)


def _cover_for(day: int, shift: str, needs: list, codes: dict) -> list:
    """Minimum and preferred per competence; a row without a competence is the headcount."""
    cover = []
    for need in needs:
        competence = codes.get(need.competence_id)
        cover.append(optimizer.CoverRequirement(day, shift, need.minimum, UNDER_MINIMUM, 0,
                                                competence=competence))
        if need.preferred > need.minimum:
            cover.append(optimizer.CoverRequirement(day, shift, need.preferred, UNDER_PREFERRED,
                                                    0, competence=competence))
    headcount = [n for n in needs if n.competence_id is None]
    most = headcount[0].preferred if headcount else sum(n.preferred for n in needs)
    cover.append(optimizer.CoverRequirement(day, shift, most, 0, OVER_PREFERRED))
    return cover
