"""The staff list with active search."""

from datetime import date

from flask import Blueprint, current_app, request
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.fragments import page_or_block
from webapp.models import Role
from webapp.services import directory

bp = Blueprint("staff", __name__)


@bp.route("/staff")
@allow(Role.MANAGER, Role.WORKFORCE_LEAD, Role.ISSUER, Role.ADMIN)
def index():
    """List the staff this user may see; htmx asks for just the results as they type."""
    q = request.args.get("q", "")[:100].replace("\x00", "")  # PostgreSQL refuses NUL
    page = max(1, request.args.get("page", 1, type=int) or 1)
    size = current_app.config["STAFF_PAGE_SIZE"]
    rows, total = directory.search_staff(get_db(), user=current_user, q=q, page=page,
                                         size=size, today=date.today())
    context = {"rows": rows, "total": total, "q": q, "page": page,
               "pages": max(1, -(-total // size))}
    return page_or_block("staff/index.html", "staff_results", **context)
