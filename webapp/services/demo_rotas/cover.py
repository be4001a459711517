"""Shift templates and cover for the demo's ward and community team, scaled to their size."""

from sqlmodel import Session

from webapp.models.demand import CoverRequirement, ShiftTemplate, Team, TeamKind
from webapp.services.demo_rotas import data
from webapp.services.teams import default_templates

# The cover tables are written for a team of this size; smaller teams need fewer people.
COVER = {TeamKind.WARD: (data.WARD_COVER, data.WARD_STAFF),
         TeamKind.COMMUNITY: (data.COMMUNITY_COVER, data.COMMUNITY_NURSES)}


def add_templates_and_cover(session: Session, team: Team, size: int, codes: dict) -> int:
    """Give a team its default shift templates and cover; return the requirements added."""
    templates = {}
    for default in default_templates(team.kind):
        template = ShiftTemplate(team_id=team.id, code=default.code, name=default.name,
                                 starts=default.starts, ends=default.ends,
                                 unpaid_break_minutes=default.unpaid_break_minutes)
        session.add(template)
        templates[default.code] = template
    session.flush()
    if team.kind not in COVER:
        return 0
    table, full_size = COVER[TeamKind(team.kind)]
    rows = [CoverRequirement(team_id=team.id, shift_template_id=templates[code].id,
                             weekday=day, competence_id=codes[comp].id if comp else None,
                             **scaled(minimum, preferred, size / full_size))
            for code, days, comp, minimum, preferred in table
            for day in data.DAY_SETS[days]]
    session.add_all(rows)
    return len(rows)


def scaled(minimum: int, preferred: int, scale: float) -> dict:
    """Scale a cover line to a smaller team, never below one person where one was needed."""
    low = max(1 if minimum else 0, round(minimum * min(1.0, scale)))
    return {"minimum": low, "preferred": max(low, round(preferred * min(1.0, scale)))}
