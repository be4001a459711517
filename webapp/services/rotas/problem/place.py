"""Home visits and place-wide plans as a place-engine problem."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

import optimizer.place as engine
from optimizer.place.travel import Spot, great_circle_km
from webapp.models import Competence, Locality, Organisation, PersonReceivingCare, Sector
from webapp.models.demand import (
    CarePackage,
    CareVisitPlan,
    CoverRequirement,
    PreferredCarer,
    ShiftTemplate,
    Team,
    TeamKind,
    TeamMember,
)
from webapp.services.rotas.clock import wall_clock
from webapp.services.rotas.problem import fairness as fair_shares
from webapp.services.rotas.problem.facts import (
    StaffFacts,
    busy_elsewhere,
    leave_moments,
    load_facts,
)
from webapp.services.rotas.problem.roster import shift_minutes

KINDS = {Sector.NHS_TRUST: "nhs_trust", Sector.COUNCIL_ASC: "council",
         Sector.INDEPENDENT_PROVIDER: "care_provider", Sector.PUBLIC_HEALTH: "public_health"}
CONTRACT_TYPES = {"substantive": "substantive", "joint": "joint", "bank": "bank",
                  "secondment": "secondment", "honorary": "secondment"}
ROAD_FACTOR, KM_PER_HOUR = 1.3, 30.0  # great-circle to road distance; urban driving speed
SPEEDS = engine.Speeds(road_factor=ROAD_FACTOR, urban_kmh=KM_PER_HOUR)


@dataclasses.dataclass(frozen=True)
class PlaceInput:
    """The place problem and how its ids map back to rows."""

    problem: engine.PlaceProblem
    staff_ids: dict[str, int]  # solver id → StaffMember.id
    organisation_ids: dict[str, int]  # solver employer id → Organisation.id
    visit_plans: dict[str, int]  # visit id → CareVisitPlan.id
    cover_rows: dict[str, tuple[int, int | None]]  # slot id → (ShiftTemplate.id, competence)
    item_times: dict[str, tuple]  # visit or slot id → (earliest start, latest end), wall clock
    pinned_rows: tuple[dict, ...] = ()  # pinned assignments, planned around as fixed work


def build_place_input(session: Session, teams: list[Team], start: date, weeks: int,
                      rota_id: int | None = None, fairness: str = "normal") -> PlaceInput:
    """Turn teams' members, visits and cover into one place problem."""
    days = 7 * weeks
    team_ids = [t.id for t in teams]
    members = sorted(set(session.exec(select(TeamMember.staff_member_id).where(
        col(TeamMember.team_id).in_(team_ids))).all()))
    facts = load_facts(session, members, start, start + timedelta(days=days - 1))
    codes = dict(session.exec(select(Competence.id, Competence.code)).all())
    orgs = session.exec(select(Organisation)).all()
    localities = session.exec(select(Locality)).all()
    centres = _centres(session)
    visits, plans = _visits(session, teams, start, days, codes)
    cover, rows = _cover(session, [t for t in teams if t.kind != TeamKind.HOME_CARE], start,
                         days, codes)
    staff = tuple(_staff(f, start, rota_id, _team_codes(session, f.member.id, teams))
                  for f in sorted(facts.values(), key=lambda f: f.member.id) if f.contracts)
    problem = engine.PlaceProblem(
        name=f"{'+'.join(t.code for t in teams)} from {start.isoformat()}", start=start,
        days=days, organisations=tuple(engine.Organisation(f"o{o.id}", o.name, KINDS[o.sector])
                                       for o in orgs),
        localities=tuple(_locality(x, centres) for x in localities),
        travel=_travel(localities, centres), sites=tuple(
            engine.Site(f"t{t.id}", t.name, f"l{t.locality_id}", f"o{t.organisation_id}")
            for t in teams if t.kind != TeamKind.HOME_CARE),
        staff=staff, cover=cover, visits=visits, weights=_weights(fairness),
        locations=_homes(session, visits), travel_speeds=SPEEDS)
    times = {v.id: (v.earliest_start, v.latest_start + timedelta(minutes=v.duration_minutes))
             for v in visits} | {c.id: (c.start, c.end) for c in cover}
    return PlaceInput(problem, {s.id: int(s.id[1:]) for s in staff},
                      {f"o{o.id}": o.id for o in orgs}, plans, rows, times)


def _weights(fairness: str) -> engine.Weights:
    default = engine.Weights()
    return dataclasses.replace(default, fairness=fair_shares.scaled(default.fairness, fairness))


def _team_codes(session: Session, staff_member_id: int, teams: list[Team]) -> list[str]:
    ids = set(session.exec(select(TeamMember.team_id).where(
        TeamMember.staff_member_id == staff_member_id)).all())
    return [f"TEAM-{t.code}" for t in teams if t.id in ids]


def _staff(facts: StaffFacts, start: date, rota_id: int | None, teams: list[str]):
    member = facts.member
    fields = {
        "id": f"s{member.id}", "name": member.full_name,
        "home_locality": f"l{member.home_locality_id}",
        "contracts": tuple(_contract(c) for c in facts.contracts),
        "competences": tuple(engine.Competence(code, since, until)
                             for code, since, until in facts.competences)
        + tuple(engine.Competence(code, start - timedelta(days=1)) for code in teams),
        "delegations": tuple(engine.Delegation(f"p{person}", activity, review, status)
                             for person, activity, review, status in facts.delegations),
        "unavailable": tuple(engine.Unavailability(a, b) for a, b in leave_moments(facts)),
        "fixed_work": tuple(_fixed(a) for a in busy_elsewhere(facts, rota_id)),
        "carried_in_minutes": facts.carried_in_minutes,
    }
    names = {f.name for f in dataclasses.fields(engine.StaffMember)}
    return engine.StaffMember(**{k: v for k, v in fields.items() if k in names})


def _fixed(assignment):
    return engine.FixedWork(wall_clock(assignment.starts_at), wall_clock(assignment.ends_at),
                            f"l{assignment.locality_id}", f"o{assignment.organisation_id}")



def _contract(contract) -> engine.Contract:
    hours = contract.hours_per_week
    return engine.Contract(
        employer=f"o{contract.organisation_id}",
        type=CONTRACT_TYPES.get(contract.contract_type, "substantive"),
        hours_per_week=hours, hours_per_week_max=max(hours, min(48.0, hours * 1.25)),
        cost_per_hour=contract.cost_per_hour,
        overtime_cost_per_hour=round(contract.cost_per_hour * 1.5, 2))


def _visits(session: Session, teams: list[Team], start: date, days: int, codes: dict):
    care = [t for t in teams if t.kind == TeamKind.HOME_CARE]
    if not care:
        return (), {}
    packages = session.exec(select(CarePackage).where(
        col(CarePackage.team_id).in_([t.id for t in care]))).all()
    people = {p.id: p for p in session.exec(select(PersonReceivingCare).where(
        col(PersonReceivingCare.id).in_([p.person_id for p in packages] or [0]))).all()}
    preferred = defaultdict(list)
    for row in session.exec(select(PreferredCarer).where(
            col(PreferredCarer.package_id).in_([p.id for p in packages] or [0]))).all():
        preferred[row.package_id].append(f"s{row.staff_member_id}")
    org_of = {t.id: t.organisation_id for t in care}
    by_package = defaultdict(list)
    for plan in session.exec(select(CareVisitPlan).where(
            col(CareVisitPlan.package_id).in_([p.id for p in packages] or [0]))).all():
        by_package[plan.package_id].append(plan)
    visits, plans = [], {}
    for day in range(days):
        when = start + timedelta(days=day)
        for package in packages:
            if package.starts_on > when or (package.ends_on and package.ends_on < when):
                continue
            for plan in by_package[package.id]:
                if plan.on_weekday(when.weekday()):
                    visit = _visit(plan, package, people[package.person_id], when,
                                   f"o{org_of[package.team_id]}", preferred, codes)
                    visits.append(visit)
                    plans[visit.id] = plan.id
    return tuple(visits), plans


def _visit(plan, package, person, when: date, employer: str, preferred, codes) -> engine.Visit:
    return engine.Visit(
        id=f"v{plan.id}-{when:%Y%m%d}", person=f"p{person.id}",
        locality=f"l{person.locality_id}",
        location=None if None in (person.latitude, person.longitude) else f"h{person.id}",
        earliest_start=datetime.combine(when, plan.earliest_start),
        latest_start=datetime.combine(when, plan.latest_start),
        duration_minutes=plan.duration_minutes, employers=(employer,),
        competences=(codes[plan.competence_id],) if plan.competence_id else (),
        activity=codes.get(plan.activity_id), carers=plan.carers, priority=package.priority,
        funder=package.funder, preferred_carers=tuple(preferred[package.id]))


def _cover(session: Session, teams: list[Team], start: date, days: int, codes: dict):
    if not teams:
        return (), {}
    templates = {t.id: t for t in session.exec(select(ShiftTemplate).where(
        col(ShiftTemplate.team_id).in_([t.id for t in teams]),
        ShiftTemplate.active == True)).all()}  # noqa: E712
    team_of = {t.id: t for t in teams}
    rows = session.exec(select(CoverRequirement).where(
        col(CoverRequirement.team_id).in_(list(team_of)))).all()
    slots, ids = [], {}
    for day in range(days):
        when = start + timedelta(days=day)
        for row in rows:
            template = templates.get(row.shift_template_id)
            if row.weekday != when.weekday() or template is None or row.minimum == 0:
                continue
            slot = _slot(row, template, team_of[row.team_id], when, codes)
            slots.append(slot)
            ids[slot.id] = (template.id, row.competence_id)
    return tuple(slots), ids


def _slot(row, template, team: Team, when: date, codes: dict) -> engine.CoverSlot:
    begin, end = shift_minutes(template)
    midnight = datetime.combine(when, datetime.min.time())
    org = f"o{team.organisation_id}"
    return engine.CoverSlot(
        id=f"c{row.id}-{when:%Y%m%d}", site=f"t{team.id}", shift=template.code,
        start=midnight + timedelta(minutes=begin), end=midnight + timedelta(minutes=end),
        competence=codes.get(row.competence_id) or f"TEAM-{team.code}", required=row.minimum,
        employers=(org,), funder="NHS")


def _centres(session: Session) -> dict[int, tuple[float, float]]:
    """Each locality's centre: the mean of its people's points."""
    points = defaultdict(list)
    for lat, lon, locality in session.exec(select(
            PersonReceivingCare.latitude, PersonReceivingCare.longitude,
            PersonReceivingCare.locality_id)).all():
        if lat is not None and lon is not None:
            points[locality].append((lat, lon))
    return {k: (sum(p[0] for p in v) / len(v), sum(p[1] for p in v) / len(v))
            for k, v in points.items()}


def _locality(row: Locality, centres) -> engine.Locality:
    """A locality with its centre, where a worker's home meets a person's door."""
    lat, lon = centres.get(row.id, (None, None))
    return engine.Locality(f"l{row.id}", row.name, latitude=lat, longitude=lon)


def _homes(session: Session, visits) -> tuple:
    """The homes of the people visited, where their visits happen (door to door)."""
    ids = sorted({int(v.location[1:]) for v in visits if v.location})
    people = session.exec(select(PersonReceivingCare).where(
        col(PersonReceivingCare.id).in_(ids or [0]))).all()
    return tuple(engine.Location(f"h{p.id}", p.latitude, p.longitude, f"l{p.locality_id}")
                 for p in people)


def _travel(localities, centres) -> tuple:
    """Minutes between locality centres by road."""
    travel = []
    for a in localities:
        for b in localities:
            if a.id < b.id and a.id in centres and b.id in centres:
                km = _km(centres[a.id], centres[b.id]) * ROAD_FACTOR
                travel.append(engine.Travel(f"l{a.id}", f"l{b.id}",
                                            max(5, round(km / KM_PER_HOUR * 60))))
    return tuple(travel)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres (the engine's own)."""
    return great_circle_km(Spot(*a, ""), Spot(*b, ""))


def pin(data: PlaceInput, rows: list[dict], to_wall_clock) -> PlaceInput:
    """Plan around pinned assignments: their visits leave the problem and become fixed work
    for their carers (so rest, travel and hours still count); pinned shifts lower the cover."""
    if not rows:
        return data
    pinned_visits = {f"v{r['visit_plan_id']}-{r['day']:%Y%m%d}" for r in rows
                     if r["visit_plan_id"] is not None}
    cover = list(data.problem.cover)
    for r in rows:
        if r["visit_plan_id"] is None:
            cover = _lower_cover(cover, data, r, to_wall_clock)
    work = defaultdict(list)
    for r in rows:
        work[f"s{r['staff_member_id']}"].append(engine.FixedWork(
            to_wall_clock(r["starts_at"]), to_wall_clock(r["ends_at"]), f"l{r['locality_id']}",
            f"o{r['organisation_id']}"))
    staff = tuple(dataclasses.replace(s, fixed_work=s.fixed_work + tuple(work[s.id]))
                  if s.id in work else s for s in data.problem.staff)
    problem = dataclasses.replace(
        data.problem, staff=staff, cover=tuple(cover),
        visits=tuple(v for v in data.problem.visits if v.id not in pinned_visits))
    return dataclasses.replace(data, problem=problem, pinned_rows=tuple(rows))


def _lower_cover(cover: list, data: PlaceInput, row: dict, to_wall_clock) -> list:
    """One fewer person needed on the first slot of the pinned shift's template and start."""
    start = to_wall_clock(row["starts_at"])
    for i, slot in enumerate(cover):
        if data.cover_rows[slot.id][0] == row["shift_template_id"] and slot.start == start:
            rest = [] if slot.required <= 1 else [dataclasses.replace(
                slot, required=slot.required - 1)]
            return cover[:i] + rest + cover[i + 1:]
    return cover
