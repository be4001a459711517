"""The competence catalogue: refresher periods are data an admin edits, not code."""

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.forms import RefresherForm
from webapp.models import Competence, Role
from webapp.services import catalogue

bp = Blueprint("catalogue", __name__)


@bp.route("/catalogue")
@allow(Role.ADMIN, Role.ISSUER, Role.WORKFORCE_LEAD)
def index() -> str:
    """List every competence with its framework and refresher period."""
    return render_template("catalogue/index.html", competences=catalogue.list_catalogue(get_db()))


@bp.route("/catalogue/<int:competence_id>/edit", methods=["GET", "POST"])
@allow(Role.ADMIN)
def edit(competence_id: int):
    """Change a competence's refresher period; entries' valid-until dates follow."""
    session = get_db()
    competence = session.get(Competence, competence_id)
    if competence is None:
        abort(404)
    form = RefresherForm(obj=competence)
    if form.validate_on_submit():
        months = form.refresher_months.data
        changed = catalogue.change_refresher_period(
            session, competence=competence, months=months, actor=current_user,
            request_id=g.request_id)
        flash(f"{competence.title}: refresher period saved; {changed} passport entries "
              "now have a new valid-until date.", "info")
        return redirect(url_for("catalogue.index"))
    status = 422 if form.errors else 200
    return render_template("catalogue/edit.html", form=form, competence=competence), status
