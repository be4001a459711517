"""Scenarios: a workforce lead builds a what-if, runs it on the place engine, compares it."""

from datetime import date, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import select

from webapp.access import allow
from webapp.db import get_db
from webapp.forms_passport import choices
from webapp.forms_scenario import ActionForm, ScenarioForm
from webapp.fragments import page_or_block
from webapp.models import Competence, EmploymentContract, Locality, Organisation, Role
from webapp.services.problems import Problems
from webapp.services.rotas import runner as rota_runner
from webapp.services.scenarios import baseline, briefing, report, runner, store
from webapp.services.scenarios.baseline import teams_for
from webapp.services.scenarios.changes import Changes, describe, from_json

bp = Blueprint("scenarios", __name__)
LEAD = Role.WORKFORCE_LEAD
RUNNING = ("queued", "running")


def _scenario(scenario_id: int):
    scenario = store.find(get_db(), current_user, scenario_id)
    if scenario is None:
        abort(404)
    return scenario


@bp.route("/scenarios")
@allow(LEAD)
def index():
    """The place's saved scenarios."""
    session = get_db()
    scenarios = store.visible(session, current_user)
    return render_template("scenarios/index.html", scenarios=scenarios,
                           status=lambda s: store.status(session, s))


@bp.route("/scenarios/new", methods=["GET", "POST"])
@allow(LEAD)
def new():
    """Build a scenario: a baseline period and the changes; save it and queue its run."""
    session = get_db()
    form = ScenarioForm(starts_on=_next_monday())
    _choices(form, session)
    if form.validate_on_submit():
        try:
            scenario = store.create(session, current_user, **_fields(form))
        except Problems as problems:
            for p in problems.problems:
                getattr(form, p.field).errors = [p.message]
        else:
            runner.queue_run(session, current_user, scenario)
            session.commit()
            runner.enqueue(scenario)
            return redirect(url_for("scenarios.show", scenario_id=scenario.id))
    return render_template("scenarios/new.html", form=form), 400 if form.errors else 200


def _fields(form: ScenarioForm) -> dict:
    """The form's values as the store takes them (seeds refused there with the others)."""
    return {"name": form.name.data or "", "starts_on": form.starts_on.data,
            "weeks": form.weeks.data, "locality_id": form.locality_id.data,
            "changes": Changes(**form.levers()), "seeds": store.parse_seeds(form.seeds.data),
            "parent_id": _parent(form.parent_id.data)}


def _parent(value) -> int | None:
    """The scenario this one was cloned from, if the lead may see it."""
    found = store.find(get_db(), current_user, value) if value else None
    return found.id if found else None


def _next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def _choices(form: ScenarioForm, session) -> None:
    place = current_user.place_id
    localities = choices((x.id, x.name) for x in session.exec(
        select(Locality).where(Locality.place_id == place).order_by(Locality.name)).all())
    for field in (form.locality_id, form.demand_growth_locality_id, form.train_locality_id,
                  form.recruit_locality_id):
        field.choices = localities
    form.demand_growth_team_id.choices = choices(
        (t.id, t.name) for t in sorted(teams_for(session, place), key=lambda t: t.name))
    form.train_competence_id.choices = choices((c.id, f"{c.title} ({c.code})") for c in
                                               session.exec(select(Competence).order_by(
                                                   Competence.title)).all())
    roles = session.exec(select(EmploymentContract.job_role).join(
        Organisation, Organisation.id == EmploymentContract.organisation_id).where(
        Organisation.place_id == place).distinct().order_by(EmploymentContract.job_role)).all()
    form.recruit_role.choices = choices((r, r) for r in roles)
    form.staff_loss_role.choices = list(form.staff_loss_role.choices) + choices(
        (f"role:{r}", r) for r in roles)


@bp.route("/scenarios/<int:scenario_id>")
@allow(LEAD)
def show(scenario_id: int):
    """The scenario: its progress while it runs, then its results beside the baseline."""
    session = get_db()
    scenario = _scenario(scenario_id)
    _reap(session)
    return page_or_block("scenarios/show.html", "scenario_body",
                         **_context(session, scenario))


def _context(session, scenario) -> dict:
    result = store.result(scenario)
    names = baseline.names(session)
    job = store.job_of(session, scenario)
    return {"scenario": scenario, "job": job, "detail": store.detail(job),
            "state": store.status(session, scenario), "action": ActionForm(),
            "compared": report.comparison(result, scenario, names) if result else None,
            "changes": describe(from_json(scenario.changes), names),
            "where": names.get(("locality", scenario.locality_id), "The whole place")}


def _reap(session) -> None:
    lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    if rota_runner.reap_stale(session, lease):
        session.commit()


@bp.route("/scenarios/<int:scenario_id>/progress")
@allow(LEAD)
def progress(scenario_id: int):
    """The progress component: it polls while the run lasts and sends the page on when done."""
    session = get_db()
    scenario = _scenario(scenario_id)
    _reap(session)
    state = store.status(session, scenario)
    if state not in RUNNING and request.htmx:
        done = url_for("scenarios.show", scenario_id=scenario.id)
        return "", 200, {"HX-Redirect": done, "Vary": "HX-Request"}
    job = store.job_of(session, scenario)
    html = render_template("scenarios/_progress.html", scenario=scenario, state=state,
                           job=job, detail=store.detail(job), action=ActionForm())
    return html, 200, {"Vary": "HX-Request"}


@bp.route("/scenarios/<int:scenario_id>/run", methods=["POST"])
@allow(LEAD)
def run(scenario_id: int):
    """Run the scenario again (the database as it is now)."""
    session = get_db()
    scenario = _scenario(scenario_id)
    if ActionForm().validate_on_submit() and store.status(session, scenario) not in RUNNING:
        runner.queue_run(session, current_user, scenario)
        session.commit()
        runner.enqueue(scenario)
    return redirect(url_for("scenarios.show", scenario_id=scenario.id))


@bp.route("/scenarios/<int:scenario_id>/cancel", methods=["POST"])
@allow(LEAD)
def cancel(scenario_id: int):
    """Stop a run that is queued or running."""
    session = get_db()
    scenario = _scenario(scenario_id)
    if ActionForm().validate_on_submit() and store.status(session, scenario) in RUNNING:
        runner.request_cancel(session, current_user, scenario)
        session.commit()
        flash("The run is being stopped.")
    return redirect(url_for("scenarios.show", scenario_id=scenario.id))


@bp.route("/scenarios/<int:scenario_id>/clone")
@allow(LEAD)
def clone(scenario_id: int):
    """The scenario form filled in from this one, to change and save as a new scenario."""
    session = get_db()
    scenario = _scenario(scenario_id)
    form = ScenarioForm(data=store.form_values(scenario))
    _choices(form, session)
    return render_template("scenarios/new.html", form=form, source=scenario)


@bp.route("/scenarios/<int:scenario_id>/fixes/<int:index>", methods=["POST"])
@allow(LEAD)
def fix(scenario_id: int, index: int):
    """Turn a ranked fix into a new scenario and run it."""
    session = get_db()
    scenario = _scenario(scenario_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("scenarios.show", scenario_id=scenario.id))
    made = store.from_fix(session, current_user, scenario, index)
    if made is None:
        abort(404)
    runner.queue_run(session, current_user, made)
    session.commit()
    runner.enqueue(made)
    return redirect(url_for("scenarios.show", scenario_id=made.id))


@bp.route("/scenarios/<int:scenario_id>/pdf")
@allow(LEAD)
def pdf(scenario_id: int):
    """The briefing as a PDF (aggregates only)."""
    session = get_db()
    scenario = _scenario(scenario_id)
    compared = _compared(session, scenario)
    return briefing.pdf_response(scenario, compared)


@bp.route("/scenarios/<int:scenario_id>/csv")
@allow(LEAD)
def csv(scenario_id: int):
    """The comparison as CSV (aggregates only)."""
    session = get_db()
    scenario = _scenario(scenario_id)
    return briefing.csv_response(scenario, _compared(session, scenario))


def _compared(session, scenario) -> dict:
    result = store.result(scenario)
    if not result:
        abort(404)
    return report.comparison(result, scenario, baseline.names(session))
