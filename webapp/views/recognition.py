"""Cross-sector recognition: the admin's list of mappings to add, approve and remove."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.forms_passport import MappingForm, competence_choices
from webapp.models import Role
from webapp.models.recognition import CompetenceMapping
from webapp.services import catalogue, recognition

bp = Blueprint("recognition", __name__)


@bp.route("/recognition", methods=["GET", "POST"])
@allow(Role.ADMIN)
def index():
    """List the place's mappings; add a draft mapping."""
    session = get_db()
    form = MappingForm()
    choices = competence_choices(catalogue.list_catalogue(session))
    form.held.choices = form.satisfies.choices = choices
    problem = None
    if form.validate_on_submit():
        try:
            recognition.add_mapping(session, place_id=current_user.place_id,
                                    held_id=form.held.data, satisfies_id=form.satisfies.data,
                                    note=form.note.data or "", actor=current_user,
                                    request_id=g.request_id)
            session.commit()
            flash("Mapping added as a draft: it counts once it is approved.", "info")
            return redirect(url_for(".index"))
        except ValueError as error:
            problem = str(error)
    rows = recognition.list_mappings(session, current_user.place_id)
    status = 422 if request.method == "POST" else 200
    return render_template("recognition/index.html", form=form, rows=rows,
                           problem=problem), status


def _mapping(mapping_id: int) -> CompetenceMapping:
    mapping = get_db().get(CompetenceMapping, mapping_id)
    if mapping is None or mapping.place_id != current_user.place_id or mapping.withdrawn_at:
        abort(404)
    return mapping


@bp.route("/recognition/<int:mapping_id>/approve", methods=["POST"])
@allow(Role.ADMIN)
def approve(mapping_id: int):
    """Approve a draft mapping, recording who and when."""
    recognition.approve_mapping(get_db(), _mapping(mapping_id), actor=current_user,
                                request_id=g.request_id)
    get_db().commit()
    flash("Mapping approved: it now counts on transfer.", "info")
    return redirect(url_for(".index"))


@bp.route("/recognition/<int:mapping_id>/remove", methods=["POST"])
@allow(Role.ADMIN)
def remove(mapping_id: int):
    """Remove a mapping: it stops counting."""
    recognition.remove_mapping(get_db(), _mapping(mapping_id), actor=current_user,
                               request_id=g.request_id)
    get_db().commit()
    flash("Mapping removed.", "info")
    return redirect(url_for(".index"))


@bp.route("/recognition/drafts", methods=["POST"])
@allow(Role.ADMIN)
def load_drafts():
    """Add the draft CSTF ↔ Care Certificate overlap (DOMAIN.md §2d) as unapproved drafts."""
    added = recognition.seed_draft_mappings(get_db(), place_id=current_user.place_id,
                                            actor=current_user, request_id=g.request_id)
    get_db().commit()
    flash(f"{added} draft mapping{'' if added == 1 else 's'} added.", "info")
    return redirect(url_for(".index"))
