"""An admin records their organisation's ASC-WDS workplaces (LOCALESTID and name)."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.forms import ConfirmForm
from webapp.forms_admin import WorkplaceForm
from webapp.forms_passport import organisation_choices
from webapp.models import Organisation, Role
from webapp.services import workplaces

bp = Blueprint("admin_workplaces", __name__)


@bp.route("/admin/workplaces", methods=["GET", "POST"])
@allow(Role.ADMIN)
def index():
    """List the organisation's ASC-WDS workplaces; record another."""
    session = get_db()
    form = WorkplaceForm()
    allowed = workplaces.organisations(session, current_user)
    form.organisation.choices = organisation_choices(allowed)
    if current_user.organisation_id is not None and request.method == "GET":
        form.organisation.data = current_user.organisation_id
    problem = None
    if form.validate_on_submit():
        try:
            workplaces.add(session, current_user, session.get(Organisation, form.organisation.data),
                           local_id=form.local_id.data, name=form.name.data,
                           request_id=g.request_id)
            session.commit()
            flash(f"Workplace {form.local_id.data.strip()} recorded.", "info")
            return redirect(url_for(".index"))
        except ValueError as error:
            session.rollback()
            form.local_id.errors = [str(error)]
    status = 422 if request.method == "POST" else 200
    return render_template("admin/workplaces.html", form=form, problem=problem,
                           rows=workplaces.listed(session, current_user),
                           organisations=allowed), status


@bp.route("/admin/workplaces/<int:workplace_id>/remove", methods=["POST"])
@allow(Role.ADMIN)
def remove(workplace_id: int):
    """Forget a workplace."""
    session = get_db()
    workplace = workplaces.find(session, current_user, workplace_id)
    if workplace is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    workplaces.remove(session, current_user, workplace, g.request_id)
    session.commit()
    flash(f"Workplace {workplace.local_id} removed.", "info")
    return redirect(url_for(".index"))
