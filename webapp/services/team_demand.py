"""A team's demand: its shift templates and the cover it needs on each one, by competence."""

import re
from dataclasses import dataclass, field
from datetime import time

from sqlmodel import Session, select

from webapp.models import Competence
from webapp.models.demand import CoverRequirement, ShiftTemplate, Team
from webapp.services import audit
from webapp.services.problems import Problem, Problems

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_PEOPLE = 99  # per shift and competence: more is a typing slip
MAX_BREAK = 180
CELL = re.compile(r"^(min|pref)-(\d+)-(\d+|any)-([0-6])$")  # min-<template>-<competence>-<day>


@dataclass
class CoverLine:
    """One row of the cover table: a template and a competence (None: anyone), by weekday."""

    template: ShiftTemplate
    competence: Competence | None
    cells: list = field(default_factory=lambda: [None] * 7)  # CoverRequirement or None

    @property
    def key(self) -> str:
        return f"{self.template.id}-{self.competence.id if self.competence else 'any'}"


def templates_of(session: Session, team_id: int) -> list[ShiftTemplate]:
    return list(session.exec(select(ShiftTemplate).where(ShiftTemplate.team_id == team_id)
                             .order_by(ShiftTemplate.starts, ShiftTemplate.id)))


def cover_lines(session: Session, team_id: int) -> list[CoverLine]:
    """The team's cover as a table: a line per template and competence, a cell per weekday."""
    templates = {t.id: t for t in templates_of(session, team_id)}
    competences = {c.id: c for c in session.exec(select(Competence))}
    lines: dict[tuple, CoverLine] = {}
    requirements = session.exec(select(CoverRequirement).where(
        CoverRequirement.team_id == team_id))
    for req in requirements:
        key = (req.shift_template_id, req.competence_id)
        if key not in lines:
            lines[key] = CoverLine(templates[req.shift_template_id],
                                   competences.get(req.competence_id))
        lines[key].cells[req.weekday] = req
    order = list(templates)
    return sorted(lines.values(), key=lambda line: (
        order.index(line.template.id), line.competence.code if line.competence else ""))


def parse_time(raw: str | None) -> time | None:
    try:
        return time.fromisoformat((raw or "").strip())
    except ValueError:
        return None


def template_problems(prefix: str, label: str, *, starts, ends, unpaid_break) -> list[Problem]:
    """Every problem with a template's times and break (field ids start with `prefix`)."""
    problems = []
    if starts is None:
        problems.append(Problem(f"{prefix}starts", f"{label}: enter a start time like 07:00"))
    if ends is None:
        problems.append(Problem(f"{prefix}ends", f"{label}: enter an end time like 15:00"))
    if starts is not None and starts == ends:
        problems.append(Problem(f"{prefix}ends", f"{label}: the shift cannot end when it "
                                                 "starts"))
    if unpaid_break is None or not 0 <= unpaid_break <= MAX_BREAK:
        problems.append(Problem(f"{prefix}break", f"{label}: enter an unpaid break from 0 to "
                                                  f"{MAX_BREAK} minutes"))
    elif starts and ends and starts != ends and unpaid_break >= shift_minutes(starts, ends):
        problems.append(Problem(f"{prefix}break", f"{label}: the break must be shorter than "
                                                  "the shift"))
    return problems


def shift_minutes(starts: time, ends: time) -> int:
    """Length of a shift in minutes; one ending at or before its start ends the next day."""
    minutes = (ends.hour * 60 + ends.minute) - (starts.hour * 60 + starts.minute)
    return minutes if minutes > 0 else minutes + 24 * 60


def parse_minutes(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else None


def save_templates(session: Session, *, team: Team, form: dict, actor,
                   request_id: str | None = None) -> int:
    """Apply edited times, breaks and active flags; raise Problems listing every one."""
    problems, changes = [], []
    for template in templates_of(session, team.id):
        prefix = f"t{template.id}-"
        starts = parse_time(form.get(prefix + "starts"))
        ends = parse_time(form.get(prefix + "ends"))
        unpaid_break = parse_minutes(form.get(prefix + "break"))
        problems += template_problems(prefix, template.name, starts=starts, ends=ends,
                                      unpaid_break=unpaid_break)
        changes.append((template, starts, ends, unpaid_break, form.get(prefix + "active") == "y"))
    if problems:
        raise Problems(problems)
    for template, starts, ends, unpaid_break, active in changes:
        template.starts, template.ends = starts, ends
        template.unpaid_break_minutes, template.active = unpaid_break, active
        session.add(template)
    session.flush()
    record_change(session, "team.templates_change", team, actor, request_id,
           {t.code: [t.starts, t.ends, t.unpaid_break_minutes, t.active] for t, *_ in changes})
    return len(changes)


def add_template(session: Session, *, team: Team, form: dict, actor,
                 request_id: str | None = None) -> ShiftTemplate:
    """Add a shift template; raise Problems listing every problem."""
    code = " ".join((form.get("new-code") or "").split()).upper()
    name = " ".join((form.get("new-name") or "").split())
    starts, ends = parse_time(form.get("new-starts")), parse_time(form.get("new-ends"))
    unpaid_break = parse_minutes(form.get("new-break") or "0")
    problems = _code_and_name_problems(session, team, code, name)
    problems += template_problems("new-", "New shift", starts=starts, ends=ends,
                                  unpaid_break=unpaid_break)
    if problems:
        raise Problems(problems)
    template = ShiftTemplate(team_id=team.id, code=code, name=name, starts=starts, ends=ends,
                             unpaid_break_minutes=unpaid_break)
    session.add(template)
    session.flush()
    record_change(session, "team.template_add", team, actor, request_id,
           {"code": code, "name": name, "starts": starts, "ends": ends})
    return template


def _code_and_name_problems(session, team, code: str, name: str) -> list[Problem]:
    problems = []
    if not re.fullmatch(r"[A-Z0-9]{1,4}", code):
        problems.append(Problem("new-code", "New shift: enter a code of 1 to 4 letters or "
                                            "digits, like E or LD"))
    elif any(t.code == code for t in templates_of(session, team.id)):
        problems.append(Problem("new-code", f"New shift: the team already has a shift coded "
                                            f"{code}"))
    if not 1 <= len(name) <= 40:
        problems.append(Problem("new-name", "New shift: enter a name of up to 40 characters"))
    return problems


def record_change(session, action: str, team: Team, actor, request_id, after: dict) -> None:
    """Append a change to a team's demand to the audit log."""
    audit.record(session, actor=actor, action=action, entity="team", entity_id=team.id,
                 after=after, request_id=request_id)
