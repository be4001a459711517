"""Teams and their demand: shift templates and the cover each shift needs."""

from flask import Blueprint, abort, flash, g, redirect, request, url_for
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.fragments import page_or_block
from webapp.models import Role
from webapp.models.demand import TeamKind
from webapp.services import catalogue, team_cover, team_demand, teams
from webapp.services.problems import Problem, Problems
from webapp.services.team_demand import WEEKDAYS

bp = Blueprint("teams", __name__)
TEMPLATE = "teams/demand.html"
PLANNERS = (Role.MANAGER, Role.WORKFORCE_LEAD, Role.ADMIN)
ACTIONS = {"templates": team_demand.save_templates, "add_template": team_demand.add_template,
           "cover": team_cover.save_cover}
SAVED = {"templates": "Shift templates saved.", "add_template": "Shift template added.",
         "cover": "Cover saved."}


@bp.context_processor
def team_kinds() -> dict:
    return {"TeamKind": TeamKind}


@bp.route("/teams")
@allow(*PLANNERS)
def index():
    """List the teams this user plans for."""
    return page_or_block("teams/index.html", "team_list",
                         rows=teams.summaries(get_db(), current_user))


@bp.route("/teams/<int:team_id>/demand", methods=["GET", "POST"])
@allow(*PLANNERS)
def demand(team_id: int):
    """Show and edit a team's shift templates and cover."""
    session = get_db()
    team = teams.find_team(session, current_user, team_id)
    if team is None:
        abort(404)
    if request.method == "GET":
        return _page(session, team)
    action = request.form.get("action", "")
    try:
        if action not in ACTIONS:
            raise Problems([Problem("team-demand", "Choose what to save")])
        ACTIONS[action](session, team=team, form=request.form.to_dict(), actor=current_user,
                        request_id=g.request_id)
    except Problems as problems:
        session.rollback()
        return _page(session, team, problems=problems.problems, posted=request.form, status=422)
    session.commit()
    if request.htmx:
        return _page(session, team, saved=SAVED[action])
    flash(SAVED[action], "info")
    return redirect(url_for(".demand", team_id=team.id))


def _page(session, team, *, problems=(), posted=None, saved=None, status=200):
    competences = [c for c in catalogue.list_catalogue(session)
                   if c.framework != "delegated_activity"]
    context = {"team": team, "kind": TeamKind(team.kind), "weekdays": WEEKDAYS,
               "templates": team_demand.templates_of(session, team.id),
               "lines": team_demand.cover_lines(session, team.id), "competences": competences,
               "problems": list(problems), "errors": {p.field: p.message for p in problems},
               "posted": posted or {}, "saved": saved}
    return page_or_block(TEMPLATE, "team_demand", status, **context)
