"""Training compliance: a summary by organisation and locality, then one matrix a page at a time."""

from datetime import date

from flask import Blueprint, abort, request
from flask_login import current_user
from sqlmodel import select

from webapp.access import allow
from webapp.db import get_db
from webapp.fragments import page_or_block
from webapp.models import Locality, Organisation, Place, Role
from webapp.models.demand import Team
from webapp.services import compliance, compliance_summary, requirements

bp = Blueprint("compliance", __name__)
ROWS_PER_PAGE = 50  # about 60 kB of HTML for a 30-column matrix


@bp.route("/compliance")
@allow(Role.MANAGER, Role.WORKFORCE_LEAD, Role.ADMIN)
def index():
    """Summarise the place (a manager: their organisation), or page through one matrix."""
    session, today = get_db(), date.today()
    orgs = list(session.exec(select(Organisation).where(
        Organisation.place_id == current_user.place_id).order_by(Organisation.name)))
    scope = _scope(session, orgs)
    status = _status()
    organisation = session.get(Organisation, scope.organisation_id or 0)
    locality = session.get(Locality, scope.locality_id or 0)
    context = {"scope": scope, "status_filter": status, "organisations": orgs,
               "organisation": organisation, "locality": locality,
               "heading": _heading(session.get(Place, scope.place_id), organisation, locality),
               "CELL_HTML": compliance.CELL_HTML, "STATUS_FILTERS": compliance.STATUS_FILTERS}
    summarising = scope.organisation_id is None and scope.locality_id is None
    if summarising:
        context["summary"] = compliance_summary.summarise(session, place_id=scope.place_id,
                                                          today=today)
    else:
        context["teams"], context["roles"] = compliance.filter_choices(session, scope, today)
        context["result"] = compliance.matrix_page(
            session, scope, status=status, today=today, size=ROWS_PER_PAGE,
            page=request.args.get("page", 1, type=int) or 1)
    # Choosing another organisation swaps the page's heading too, not only the matrix.
    whole = summarising or (request.htmx and request.htmx.target == "compliance-page")
    return page_or_block("compliance/index.html",
                         "compliance_page" if whole else "compliance_matrix", **context)


@bp.route("/compliance/matrix.csv")
@allow(Role.MANAGER, Role.WORKFORCE_LEAD, Role.ADMIN)
def matrix_csv():
    """Download the whole matrix of one organisation or locality (every page) as CSV."""
    session, today = get_db(), date.today()
    orgs = list(session.exec(select(Organisation).where(
        Organisation.place_id == current_user.place_id)))
    scope = _scope(session, orgs)
    if scope.organisation_id is None and scope.locality_id is None:
        abort(400, "Choose an organisation or a locality.")
    header, rows = compliance.matrix_csv_rows(session, scope, status=_status(), today=today)
    name = f"compliance-matrix-{today.isoformat()}.csv"
    return requirements.to_csv(header, rows), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{name}"'}


def _status() -> str | None:
    """The status filter: one of STATUS_FILTERS (the old ?attention=1 is "attention")."""
    status = request.args.get("status") or ("attention" if request.args.get("attention") == "1"
                                            else None)
    if status not in (None, *compliance.STATUS_FILTERS):
        abort(400, "Choose a status from the list.")
    return status


def _scope(session, orgs: list[Organisation]) -> compliance.Scope:
    """Read whose matrix from the query string; a manager's is always their organisation's."""
    args = request.args
    if current_user.role == Role.MANAGER:
        org_id = current_user.organisation_id
        if org_id is None:
            abort(404)
    else:
        org_id = args.get("organisation", type=int)
        if org_id is not None and org_id not in {o.id for o in orgs}:
            abort(404)
    locality_id, team_id = args.get("locality", type=int), args.get("team", type=int)
    locality = session.get(Locality, locality_id) if locality_id is not None else None
    if locality_id is not None and (locality is None or locality.place_id !=
                                    current_user.place_id):
        abort(404)
    team = session.get(Team, team_id) if team_id is not None else None
    if team is None or team.organisation_id not in {o.id for o in orgs} or (
            org_id is not None and team.organisation_id != org_id):
        team_id = None  # another organisation's team (left in the form when it changed)
    role = (args.get("role") or "").strip()[:80] or None
    return compliance.Scope(current_user.place_id, org_id, locality_id, team_id, role)


def _heading(place: Place, organisation: Organisation | None, locality: Locality | None) -> str:
    if locality is None:
        return organisation.name if organisation else place.name
    return (f"{organisation.name}: " if organisation else "") + f"{locality.name} locality"
