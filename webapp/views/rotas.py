"""Rotas: ask for one, watch it solve, review and change it, publish it."""

from datetime import date, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlmodel import col, select

from webapp.access import allow
from webapp.db import get_db
from webapp.forms_passport import choices
from webapp.forms_rota import CellForm, LockedForm, MoveVisitForm, NewRotaForm
from webapp.fragments import page_or_block
from webapp.models import Locality, Role
from webapp.models.demand import Team
from webapp.models.rota import RotaAssignment, RotaStatus
from webapp.services.rotas import access, edits, generate, moves, publish, review, runner

bp = Blueprint("rotas", __name__)
PLANNERS = (Role.MANAGER, Role.WORKFORCE_LEAD, Role.ADMIN)
RUNNING = (RotaStatus.QUEUED, RotaStatus.SOLVING)


def _rota(rota_id: int):
    rota = access.rota_for(get_db(), current_user, rota_id)
    if rota is None:
        abort(404)
    return rota


@bp.route("/rotas")
@allow(*PLANNERS)
def index():
    """List the rotas this user may see."""
    session = get_db()
    rotas = access.visible_rotas(session, current_user)
    teams = {t.id: t for t in session.exec(select(Team)).all()}
    return render_template("rotas/index.html", rotas=rotas, teams=teams,
                           summary=review.summary)


@bp.route("/rotas/new", methods=["GET", "POST"])
@allow(*PLANNERS)
def new():
    """Ask for a rota: a team (or an area), a first day and 1–6 weeks; queue the solve."""
    session = get_db()
    manageable = access.manageable_team_ids(session, current_user)
    form = NewRotaForm(weeks=1, starts_on=_next_monday())
    _choices(form, session, manageable)
    if form.validate_on_submit():
        wanted = generate.RotaRequest(form.team_id.data, form.locality_id.data,
                                      form.whole_place.data, form.starts_on.data, form.weeks.data,
                                      form.fairness.data)
        problems = generate.problems(session, current_user, wanted, date.today(), manageable)
        for name, message in problems.items():
            getattr(form, name).errors = [message]
        if not problems:
            rota = generate.create(session, current_user, wanted)
            session.commit()
            generate.queue(rota)
            return redirect(url_for("rotas.show", rota_id=rota.id))
    return render_template("rotas/new.html", form=form), 400 if form.errors else 200


def _next_monday() -> date:
    today = date.today()
    return today + timedelta(days=7 - today.weekday())


def _choices(form: NewRotaForm, session, manageable: set[int]) -> None:
    teams = session.exec(select(Team).where(col(Team.id).in_(manageable or {0}))
                         .order_by(Team.name)).all()
    form.team_id.choices = choices((t.id, t.name) for t in teams)
    localities = session.exec(select(Locality).where(
        Locality.place_id == current_user.place_id)).all()
    form.locality_id.choices = choices((x.id, x.name) for x in localities)


@bp.route("/rotas/<int:rota_id>")
@allow(*PLANNERS)
def show(rota_id: int):
    """The rota: its progress while it solves, then the grid (or the day's visits) and gaps."""
    session = get_db()
    rota = _rota(rota_id)
    _reap(session)
    context = _context(session, rota)
    return page_or_block("rotas/show.html", "rota_body", **context)


def _context(session, rota) -> dict:
    days = review.days_of(rota)
    day = request.args.get("day", type=date.fromisoformat) if request.args.get("day") else None
    day = day if day in days else days[0]
    return {"rota": rota, "team": review.team_of(session, rota), "days": days, "day": day,
            "summary": review.summary(rota), "progress": review.progress(session, rota),
            "running": rota.status in RUNNING, "gaps": review.gaps(session, rota),
            "grid": review.grid(session, rota) if rota.engine == "roster" else [],
            "timeline": review.timeline(session, rota, day) if rota.engine == "place" else [],
            "templates": review.templates(session, rota),
            "versions": (found := review.versions(session, rota)),
            "affected": review.affected(session, found),
            "published_by": review.user_name(session, rota.published_by_user_id),
            "lock": LockedForm(lock_version=rota.lock_version)}


def _reap(session) -> None:
    lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    if runner.reap_stale(session, lease):
        session.commit()


@bp.route("/rotas/<int:rota_id>/progress")
@allow(*PLANNERS)
def progress(rota_id: int):
    """The progress component: it polls while the solve runs and sends the page on when done."""
    session = get_db()
    rota = _rota(rota_id)
    _reap(session)
    if rota.status not in RUNNING and request.htmx:
        done = url_for("rotas.show", rota_id=rota.id)
        return "", 200, {"HX-Redirect": done, "Vary": "HX-Request"}
    html = render_template("rotas/_progress.html", rota=rota, running=rota.status in RUNNING,
                           progress=review.progress(session, rota),
                           lock=LockedForm(lock_version=rota.lock_version))
    return html, 200, {"Vary": "HX-Request"}


@bp.route("/rotas/<int:rota_id>/cancel", methods=["POST"])
@allow(*PLANNERS)
def cancel(rota_id: int):
    """Stop a solve that is queued or running."""
    session = get_db()
    rota = _rota(rota_id)
    if LockedForm().validate_on_submit() and rota.status in RUNNING:
        runner.request_cancel(session, current_user, rota)
        session.commit()
        flash("The solve is being stopped.")
    return redirect(url_for("rotas.show", rota_id=rota.id))


@bp.route("/rotas/<int:rota_id>/solve", methods=["POST"])
@allow(*PLANNERS)
def solve(rota_id: int):
    """Solve again around the pinned assignments, changing as little as possible."""
    session = get_db()
    rota = _rota(rota_id)
    form = LockedForm()
    if not form.validate_on_submit() or rota.status in RUNNING:
        flash("This rota is already being solved." if rota.status in RUNNING else
              "The form expired: try again.")
        return redirect(url_for("rotas.show", rota_id=rota.id))
    try:
        edits.check_lock(session, current_user, rota, form.lock_version.data, "solve")
    except edits.Conflict as conflict:
        flash(str(conflict))
        return redirect(url_for("rotas.show", rota_id=rota.id))
    generate.requeue(session, current_user, rota)
    session.commit()
    generate.queue(rota)
    return redirect(url_for("rotas.show", rota_id=rota.id))


@bp.route("/rotas/<int:rota_id>/publish", methods=["POST"])
@allow(*PLANNERS)
def publish_rota(rota_id: int):
    """Publish the draft as the next numbered version."""
    session = get_db()
    rota = _rota(rota_id)
    form = LockedForm()
    if form.validate_on_submit():
        try:
            version = publish.publish(session, current_user, rota, form.lock_version.data)
            session.commit()
            flash(f"Published as version {version.number}.")
        except edits.Conflict as conflict:
            flash(str(conflict))
    return redirect(url_for("rotas.show", rota_id=rota.id))


@bp.route("/rotas/<int:rota_id>/cell", methods=["GET", "POST"])
@allow(*PLANNERS)
def cell(rota_id: int):
    """Change one person's shift on one day; the validator's answer shows in the cell."""
    session = get_db()
    rota = _rota(rota_id)
    form = CellForm(request.form if request.method == "POST" else request.args, meta={
        "csrf": request.method == "POST"})
    form.shift.choices = [("", "Off")] + [(t.code, f"{t.code} {t.name}")
                                          for t in review.templates(session, rota).values()]
    message, status = None, 200
    if request.method == "POST" and form.validate():
        try:
            edits.set_cell(session, current_user, rota, form.lock_version.data,
                           form.staff_member_id.data, form.day.data, form.shift.data or None)
            session.commit()
            if not request.htmx:
                flash("Changed, and checked against every rule.")
                return redirect(url_for("rotas.show", rota_id=rota.id))
            return "", 200, {"HX-Redirect": url_for("rotas.show", rota_id=rota.id)}
        except (edits.Refused, edits.Conflict) as problem:
            session.rollback()
            message, status = str(problem), 409 if isinstance(problem, edits.Conflict) else 422
    elif request.method == "POST":
        message, status = "Choose a shift or Off", 422
    form.lock_version.data = rota.lock_version if status == 409 else form.lock_version.data
    template = "rotas/_cell.html" if request.htmx else "rotas/cell.html"
    return render_template(template, rota=rota, form=form, message=message), status, {
        "Vary": "HX-Request"}


@bp.route("/rotas/<int:rota_id>/assignments/<int:assignment_id>/pin", methods=["POST"])
@allow(*PLANNERS)
def pin(rota_id: int, assignment_id: int):
    """Pin an assignment so a re-solve keeps it, or unpin it."""
    session = get_db()
    rota = _rota(rota_id)
    form = LockedForm()
    if form.validate_on_submit():
        try:
            row = edits.toggle_pin(session, current_user, rota, form.lock_version.data,
                                   assignment_id)
            session.commit()
            flash("Pinned: solving again keeps it." if row.pinned else "Unpinned.")
        except (edits.Refused, edits.Conflict) as problem:
            session.rollback()
            flash(str(problem))
    return redirect(url_for("rotas.show", rota_id=rota.id, day=request.args.get("day")))


@bp.route("/rotas/<int:rota_id>/assignments/<int:assignment_id>/move", methods=["GET", "POST"])
@allow(*PLANNERS)
def move_visit(rota_id: int, assignment_id: int):
    """Move a visit to another carer; the validator's answer shows beside the visit."""
    session = get_db()
    rota, row = _rota(rota_id), session.get(RotaAssignment, assignment_id)
    if row is None or row.rota_id != rota.id or row.visit_plan_id is None:
        abort(404)
    form = MoveVisitForm(lock_version=rota.lock_version)
    form.to_staff_member_id.choices = [("", "Choose a carer")] + [
        (m.id, m.full_name) for m in moves.carers(session, rota, but=row.staff_member_id)]
    message, status = None, 200
    if form.validate_on_submit():
        try:
            moves.move_visit(session, current_user, rota, form.lock_version.data, row.id,
                             form.to_staff_member_id.data)
            session.commit()
            flash("Moved, and checked against every rule.")
            back = url_for("rotas.show", rota_id=rota.id, day=row.day.isoformat())
            return (redirect(back) if not request.htmx else ("", 200, {"HX-Redirect": back}))
        except (edits.Refused, edits.Conflict) as problem:
            session.rollback()
            message, status = str(problem), 409 if isinstance(problem, edits.Conflict) else 422
    elif form.is_submitted():
        message, status = "Choose a carer to move the visit to", 422
    template = "rotas/_move.html" if request.htmx else "rotas/move.html"
    return render_template(template, rota=rota, row=row, form=form, message=message), status, {
        "Vary": "HX-Request"}


@bp.route("/rotas/<int:rota_id>/compare")
@allow(*PLANNERS)
def compare(rota_id: int):
    """What changed, for whom, between two versions (or a version and the current draft)."""
    import json

    session = get_db()
    rota = _rota(rota_id)
    versions = {v.number: v for v in review.versions(session, rota)}
    newer = request.args.get("b", type=int)
    older = request.args.get("a", type=int, default=max(versions, default=None))
    if versions and (older not in versions or (newer is not None and newer not in versions)):
        abort(404)
    changes = None
    if versions:
        after = (json.loads(versions[newer].assignments) if newer
                 else publish.snapshot(session, rota))
        changes = publish.compare(session, json.loads(versions[older].assignments), after)
    return render_template("rotas/compare.html", rota=rota, changes=changes, older=older,
                           newer=newer, team=review.team_of(session, rota))
