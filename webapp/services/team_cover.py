"""Saving a team's cover table: people needed per weekday, shift and competence."""

from sqlmodel import Session, select

from webapp.models import Competence
from webapp.models.demand import CoverRequirement, Team
from webapp.services.problems import Problem, Problems
from webapp.services.team_demand import (
    CELL,
    MAX_PEOPLE,
    WEEKDAYS,
    record_change,
    templates_of,
)


def cover_problem(label: str, ids: tuple[str, str], minimum, preferred) -> list[Problem]:
    """Every problem with one cell: whole numbers from 0 to 99, minimum no more than preferred.

    `ids` are the minimum's and the preferred number's input ids, for the error summary."""
    problems = []
    for name, value, field_id in (("minimum", minimum, ids[0]), ("preferred", preferred, ids[1])):
        if value is None or not 0 <= value <= MAX_PEOPLE:
            problems.append(Problem(field_id, f"{label}: enter a {name} number of people from 0 "
                                              f"to {MAX_PEOPLE}"))
    if not problems and minimum > preferred:
        problems.append(Problem(ids[0], f"{label}: the minimum ({minimum}) must not be more "
                                        f"than the preferred number ({preferred})"))
    return problems


def _number(raw) -> int | None:
    raw = (raw or "").strip() or "0"
    return int(raw) if raw.isdigit() else None


def _cells(form: dict) -> dict[tuple, dict]:
    """Group the table's inputs by (template id, competence id or None, weekday)."""
    cells: dict[tuple, dict] = {}
    for name, raw in form.items():
        match = CELL.match(name)
        if match:
            which, template_id, competence, day = match.groups()
            key = (int(template_id), None if competence == "any" else int(competence), int(day))
            cells.setdefault(key, {})[which] = raw
    return cells


def _label(template, competence, day: int) -> str:
    return f"{template.name}, {WEEKDAYS[day]}, {competence.title if competence else 'anyone'}"


def save_cover(session: Session, *, team: Team, form: dict, actor,
               request_id: str | None = None) -> int:
    """Apply the edited table (and a new line, if asked); raise Problems listing all."""
    templates = {t.id: t for t in templates_of(session, team.id)}
    competences = {c.id: c for c in session.exec(select(Competence))}
    problems, values = [], {}
    for (template_id, competence_id, day), raw in sorted(_cells(form).items(), key=str):
        if template_id not in templates or (competence_id and competence_id not in competences):
            continue  # a stale or forged cell: nothing of this team's to change
        minimum, preferred = _number(raw.get("min")), _number(raw.get("pref"))
        cell = f"{template_id}-{competence_id or 'any'}-{day}"
        problems += cover_problem(_label(templates[template_id], competences.get(competence_id),
                                         day), (f"min-{cell}", f"pref-{cell}"), minimum, preferred)
        values[(template_id, competence_id, day)] = (minimum, preferred)
    existing = set(session.exec(select(CoverRequirement.shift_template_id,
                                       CoverRequirement.competence_id, CoverRequirement.weekday)
                                .where(CoverRequirement.team_id == team.id)).all())
    problems += _new_line(form, templates, competences, values, existing | set(values))
    if problems:
        raise Problems(problems)
    _write(session, team, values)
    record_change(session, "team.cover_change", team, actor, request_id,
           {f"{t}-{c or 'any'}-{d}": v for (t, c, d), v in values.items()})
    return len(values)


def _new_line(form: dict, templates: dict, competences: dict, values: dict,
              taken: set) -> list[Problem]:
    """Add a line for every weekday if the form asks for one; return its problems."""
    raw_template = (form.get("add-template") or "").strip()
    if not raw_template:
        return []
    template = templates.get(int(raw_template)) if raw_template.isdigit() else None
    raw_competence = (form.get("add-competence") or "any").strip()
    competence_id = None if raw_competence == "any" else _number(raw_competence)
    if template is None or (raw_competence != "any" and competence_id not in competences):
        return [Problem("add-template", "New cover line: choose a shift and a competence")]
    if any((template.id, competence_id, day) in taken for day in range(7)):
        return [Problem("add-template", f"New cover line: {template.name} already has a line "
                                        "for that competence: change it in the table")]
    minimum, preferred = _number(form.get("add-min")), _number(form.get("add-pref"))
    problems = cover_problem(f"New cover line for {template.name}", ("add-min", "add-pref"),
                             minimum, preferred)
    for day in range(7):
        values[(template.id, competence_id, day)] = (minimum, preferred)
    return problems


def _write(session: Session, team: Team, values: dict) -> None:
    existing = {(r.shift_template_id, r.competence_id, r.weekday): r for r in session.exec(
        select(CoverRequirement).where(CoverRequirement.team_id == team.id))}
    for (template_id, competence_id, day), (minimum, preferred) in values.items():
        row = existing.get((template_id, competence_id, day)) or CoverRequirement(
            team_id=team.id, shift_template_id=template_id, weekday=day,
            competence_id=competence_id, minimum=0, preferred=0)
        row.minimum, row.preferred = minimum, preferred
        session.add(row)
    session.flush()
