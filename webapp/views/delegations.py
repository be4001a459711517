"""A registered professional's delegations to care workers."""

from datetime import date

from flask import Blueprint, abort, render_template
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.models import Role
from webapp.services import delegations

bp = Blueprint("delegations", __name__)


@bp.route("/me/delegations")
@allow(Role.REGISTERED_PROFESSIONAL)
def mine() -> str:
    """List the delegations the signed-in professional has made."""
    if current_user.staff_member_id is None:
        abort(404)
    rows = delegations.delegations_made(get_db(), current_user.staff_member_id)
    return render_template("delegations/mine.html", rows=rows, today=date.today())
