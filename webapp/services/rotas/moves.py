"""Moving a home visit to another carer: the place engine's own validator decides at once.

The whole plan is checked before and after the move, so only what the move itself breaks is
refused (a plan stored with a known breach cannot block unrelated moves, nor hide new ones).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlmodel import Session, col, select

import optimizer.place as place_engine
from optimizer.place.objective import travel_before
from webapp.models import StaffMember
from webapp.models.demand import TeamMember
from webapp.models.rota import Rota, RotaAssignment
from webapp.services import audit
from webapp.services.rotas.clock import wall_clock
from webapp.services.rotas.edits import EDITABLE, Conflict, Refused, check_lock
from webapp.services.rotas.problem import PlaceInput, build_input, teams_of


def carers(session: Session, rota: Rota, but: int | None = None) -> list[StaffMember]:
    """Everyone the rota plans (members of its teams), by name, leaving out `but`."""
    ids = set(session.exec(select(TeamMember.staff_member_id).where(col(TeamMember.team_id).in_(
        [t.id for t in teams_of(session, rota)]))).all()) - {but}
    people = session.exec(select(StaffMember).where(col(StaffMember.id).in_(ids))).all()
    return sorted(people, key=lambda m: (m.family_name, m.given_name))


def move_visit(session: Session, user, rota: Rota, lock_version: int, assignment_id: int,
               to_staff_member_id: int) -> RotaAssignment:
    """Give one carer's place on a visit to another carer, if every rule still holds."""
    check_lock(session, user, rota, lock_version, "move",
               {"assignment": assignment_id, "to": to_staff_member_id})
    if rota.status not in EDITABLE or rota.engine != "place":
        raise Conflict("Only a drafted or published home-care rota can be changed")
    row = session.get(RotaAssignment, assignment_id)
    if row is None or row.rota_id != rota.id or row.visit_plan_id is None:
        raise Refused("That visit is not on this rota")
    if to_staff_member_id == row.staff_member_id:
        raise Refused("That carer already has this visit")
    data = build_input(session, rota)
    if f"s{to_staff_member_id}" not in data.staff_ids:
        raise Refused("Choose a carer this rota plans")
    _refuse_new_breaches(session, data, row, to_staff_member_id)
    before = row.staff_member_id
    row.staff_member_id, row.pinned = to_staff_member_id, False
    _refresh_travel(session, data, rota, {before, to_staff_member_id})
    rota.lock_version += 1
    audit.record(session, actor=user, action="rota.move_visit", entity="rota", entity_id=rota.id,
                 staff_member_id=to_staff_member_id,
                 after={"assignment": row.id, "day": row.day, "from": before,
                        "to": to_staff_member_id})
    return row


def _refresh_travel(session: Session, data: PlaceInput, rota: Rota, carers: set[int]) -> None:
    """Work out again the journey before each visit of these carers, as the plan now stands."""
    rows = session.exec(select(RotaAssignment).where(
        RotaAssignment.rota_id == rota.id,
        col(RotaAssignment.staff_member_id).in_(carers))).all()
    doc = _solution(data, rows, {})["assignments"]
    plan = [place_engine.Assignment(a["staff"], a["item"], a["kind"],
                                    datetime.fromisoformat(a["start"]),
                                    datetime.fromisoformat(a["end"]), a["employer"]) for a in doc]
    legs = travel_before(data.problem, plan)
    items = _item_ids(data)
    for r in rows:
        item = items.get(_key(r, wall_clock(r.starts_at)))
        if r.visit_plan_id is not None and item is not None:
            r.travel_minutes = legs.get((f"s{r.staff_member_id}", item), 0)


def _refuse_new_breaches(session: Session, data: PlaceInput, row: RotaAssignment,
                         to_staff_member_id: int) -> None:
    rows = session.exec(select(RotaAssignment).where(
        RotaAssignment.rota_id == row.rota_id)).all()
    problem = place_engine.problem_to_dict(data.problem)
    before = set(place_engine.validate(problem, _solution(data, rows, {})))
    after = place_engine.validate(problem, _solution(data, rows, {row.id: to_staff_member_id}))
    new = [message for message in after if message not in before]
    if new:
        raise Refused("This move would break a rule: " + "; ".join(
            _in_words(session, data, message) for message in new[:3]))


def _solution(data: PlaceInput, rows: list[RotaAssignment], moved: dict[int, int]) -> dict:
    """The stored plan as the engine's solution document, every item listed as possibly short
    (this check is about rules, not about explaining gaps) and no objective to compare."""
    items = _item_ids(data)
    assignments = []
    for r in rows:
        start, end = wall_clock(r.starts_at), wall_clock(r.ends_at)
        item = items.get(_key(r, start))
        if item is None:
            continue  # an item no longer in the demand: nothing to check it against
        assignments.append({"staff": f"s{moved.get(r.id, r.staff_member_id)}", "item": item,
                            "kind": "visit" if r.visit_plan_id else "cover",
                            "start": start.isoformat(timespec="minutes"),
                            "end": end.isoformat(timespec="minutes"),
                            "employer": f"o{r.organisation_id}"})
    unfilled = [{"item": item, "kind": "any", "missing": 0, "reason": "not checked here"}
                for item in data.item_times]
    return {"assignments": assignments, "unfilled": unfilled}


def _item_ids(data: PlaceInput) -> dict[tuple, str]:
    """Each stored row's solver item: a visit by plan and day, a shift by template and start."""
    visits = {(plan_id, None, data.item_times[item][0].date()): item
              for item, plan_id in data.visit_plans.items()}
    return visits | {(None, template_id, data.item_times[slot][0]): slot
                     for slot, (template_id, _) in data.cover_rows.items()}


def _key(row: RotaAssignment, start) -> tuple:
    if row.visit_plan_id is not None:
        return (row.visit_plan_id, None, start.date())
    return (None, row.shift_template_id, start)


def _in_words(session: Session, data: PlaceInput, message: str) -> str:
    """A validator line with solver ids replaced by names and visit times, for a manager."""
    def person(match: re.Match) -> str:
        member = session.get(StaffMember, int(match.group(1)))
        return member.full_name if member else match.group(0)

    def visit(match: re.Match) -> str:
        start = data.item_times.get(match.group(0), (None,))[0]
        return f"the visit at {start:%H:%M on %-d %B}" if start else match.group(0)

    return re.sub(r"\bv\d+-\d{8}\b", visit, re.sub(r"\bs(\d+)\b", person, message))
