"""A rota taken away: the team's PDF and CSV, and a day's visit lists by locality or carer."""

from datetime import UTC, date, datetime

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.fragments import page_or_block
from webapp.models import Locality, Role, StaffMember
from webapp.services import audit
from webapp.services.rota_outputs import fairness, personal, render, team, visits
from webapp.services.rotas import access, review
from webapp.services.rotas.clock import wall_clock

bp = Blueprint("rota_outputs", __name__)
PLANNERS = (Role.MANAGER, Role.WORKFORCE_LEAD, Role.ADMIN)


def _rota(rota_id: int):
    rota = access.rota_for(get_db(), current_user, rota_id)
    if rota is None or rota.status not in ("draft", "published"):
        abort(404)
    return rota


def _download(body, kind: str, name: str, rota, detail: dict):
    """Audit the export, then send it as an attachment."""
    session = get_db()
    audit.record(session, actor=current_user, action=f"rota.export_{kind}", entity="rota",
                 entity_id=rota.id, after={"file": name, **detail})
    session.commit()
    types = {"pdf": "application/pdf", "csv": "text/csv; charset=utf-8"}
    return body, 200, {"Content-Type": types[kind],
                       "Content-Disposition": f'attachment; filename="{name}"'}


def _now() -> datetime:
    return wall_clock(datetime.now(UTC))


def _name(rota, suffix: str) -> str:
    return f"rota-{rota.id}-v{rota.version}-{rota.starts_on.isoformat()}{suffix}"


@bp.route("/rotas/<int:rota_id>/pdf")
@allow(*PLANNERS)
def rota_pdf(rota_id: int):
    """The team's rota as an A4 landscape PDF, printed from the grid's own template."""
    rota = _rota(rota_id)
    context = team.context(get_db(), rota)
    html = render_template("pdf/rota.html", printed_at=_now(), **context)
    return _download(render.pdf(html), "pdf", _name(rota, ".pdf"), rota,
                     {"staff": len(context["grid"]), "gaps": len(context["gaps"])})


@bp.route("/rotas/<int:rota_id>/csv")
@allow(*PLANNERS)
def rota_csv(rota_id: int):
    """The team's rota as CSV: the grid, then what was not filled and why."""
    session = get_db()
    rota = _rota(rota_id)
    if rota.engine == "roster":
        header, rows = team.grid_rows(session, rota)
        rows += [[], team.GAP_HEADER, *team.gap_rows(session, rota)]
    else:
        header = visits.HEADER
        rows = [r for d in review.days_of(rota) for r in visits.csv_rows(
            visits.day_lists(session, rota, d))]
    return _download(render.to_csv(header, rows), "csv", _name(rota, ".csv"), rota,
                     {"rows": len(rows)})


def _visit_scope(session, rota, day: str):
    """The day and whose lists: ?locality=<id> or ?carer=<staff id>; 404 for anything else."""
    try:
        when = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if when not in review.days_of(rota):
        abort(404)
    locality = session.get(Locality, request.args.get("locality", type=int) or 0)
    carer = session.get(StaffMember, request.args.get("carer", type=int) or 0)
    if locality and locality.place_id == rota.place_id:
        return when, {"locality_id": locality.id}, locality.name
    if carer and carer.id in {a.staff_member_id for a in review.assignments(session, rota)}:
        return when, {"carer_id": carer.id}, carer.full_name
    if request.args.get("locality") or request.args.get("carer"):
        abort(404)
    home = session.get(Locality, rota.locality_id or getattr(review.team_of(session, rota),
                                                              "locality_id", 0) or 0)
    return when, {"locality_id": home.id if home else 0}, home.name if home else "No locality"


@bp.route("/rotas/<int:rota_id>/visits/<day>/pdf")
@allow(*PLANNERS)
def visits_pdf(rota_id: int, day: str):
    """A locality's (or one carer's) visit lists for a day, one carer to a page."""
    session = get_db()
    rota = _rota(rota_id)
    when, scope, label = _visit_scope(session, rota, day)
    lists = visits.day_lists(session, rota, when, **scope)
    html = render_template("pdf/visits.html", rota=rota, day=when, lists=lists, scope=label,
                           printed_at=_now())
    return _download(render.pdf(html), "pdf", _name(rota, f"-visits-{day}.pdf"), rota,
                     {"day": day, **scope, "carers": len(lists)})


@bp.route("/rotas/<int:rota_id>/visits/<day>/csv")
@allow(*PLANNERS)
def visits_csv(rota_id: int, day: str):
    """The same visit lists as CSV, one visit a row."""
    session = get_db()
    rota = _rota(rota_id)
    when, scope, _ = _visit_scope(session, rota, day)
    rows = visits.csv_rows(visits.day_lists(session, rota, when, **scope))
    return _download(render.to_csv(visits.HEADER, rows), "csv",
                     _name(rota, f"-visits-{day}.csv"), rota, {"day": day, **scope})


@bp.route("/staff/<int:staff_id>/shifts/pdf")
@allow(*PLANNERS)
def person_pdf(staff_id: int):
    """One person's shifts across employers; another employer's shifts show only as busy."""
    session = get_db()
    member = personal.member_for(session, current_user, staff_id)
    if member is None:
        abort(404)
    shifts = personal.as_seen_by(personal.published(session, staff_id, date.today()),
                                 current_user, staff_id)
    return personal_pdf(session, member, shifts,
                        f"shifts-{member.staff_number}-{date.today().isoformat()}.pdf")


def personal_pdf(session, member, shifts: list, name: str):
    """One person's shifts as a PDF download, the export audited; shifts the viewer may see
    only as busy carry the note that says so."""
    html = render_template("pdf/shifts.html", member=member, weeks=personal.weeks(shifts),
                           printed_at=_now(),
                           viewer_note=personal.BUSY_NOTE if any(
                               s.kind == "busy" for s in shifts) else None)
    audit.record(session, actor=current_user, action="rota.export_personal_pdf",
                 entity="staff_member", entity_id=member.id, staff_member_id=member.id,
                 after={"shifts": len(shifts)})
    session.commit()
    return render.pdf(html), 200, {"Content-Type": "application/pdf",
                                   "Content-Disposition": f'attachment; filename="{name}"'}


@bp.route("/rotas/<int:rota_id>/fairness")
@allow(*PLANNERS)
def fairness_figures(rota_id: int):
    """Fairness figures per person for the grid: this rota and the 12 weeks before it."""
    session = get_db()
    rota = _rota(rota_id)
    grid = review.grid(session, rota)
    found = fairness.for_rota(session, rota, {row.member.id for row in grid})
    rows = [(f"{row.member.family_name}, {row.member.given_name}", *found[row.member.id])
            for row in grid]
    context = {"rota": rota, "team": review.team_of(session, rota), "fairness_rows": rows}
    return page_or_block("rota_outputs/fairness.html", "fairness", **context)
