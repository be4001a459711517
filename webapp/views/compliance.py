"""The team compliance matrix."""

from datetime import date

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from jinja2_fragments.flask import render_block
from sqlmodel import select

from webapp.access import allow
from webapp.db import get_db
from webapp.models import Organisation, Role
from webapp.services import compliance

bp = Blueprint("compliance", __name__)
ROWS_PER_PAGE = 500


def _page(rows: int) -> tuple[int, int]:
    pages = max(1, -(-rows // ROWS_PER_PAGE))
    return min(pages, max(1, request.args.get("page", 1, type=int) or 1)), pages


@bp.route("/compliance")
@allow(Role.MANAGER, Role.WORKFORCE_LEAD, Role.ADMIN)
def index():
    """Show staff × required competences for one organisation."""
    session = get_db()
    orgs = list(session.exec(select(Organisation).where(
        Organisation.place_id == current_user.place_id).order_by(Organisation.name)))
    if current_user.role == Role.MANAGER:
        org_id = current_user.organisation_id
    else:
        org_id = request.args.get("organisation", type=int) or (orgs[0].id if orgs else None)
    organisation = next((o for o in orgs if o.id == org_id), None)
    if organisation is None:
        abort(404)
    matrix = compliance.build_matrix(session, organisation.id, date.today())
    attention = request.args.get("attention") == "1"
    total_staff = len(matrix.rows)
    if attention:
        matrix.rows = [r for r in matrix.rows if any(c not in (None, "current") for c in r.cells)]
    page, pages = _page(len(matrix.rows))
    matrix.rows = matrix.rows[(page - 1) * ROWS_PER_PAGE: page * ROWS_PER_PAGE]
    context = {"matrix": matrix, "organisation": organisation, "organisations": orgs,
               "attention": attention, "total_staff": total_staff, "page": page,
               "pages": pages, "CELL_HTML": compliance.CELL_HTML}
    if request.htmx and not request.htmx.boosted:
        # Choosing another organisation swaps the page's heading too, not only the matrix.
        block = "compliance_page" if request.htmx.target == "compliance-page" else \
            "compliance_matrix"
        html = render_block("compliance/index.html", block, **context)
    else:
        html = render_template("compliance/index.html", **context)
    return html, 200, {"Vary": "HX-Request"}
