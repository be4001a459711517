"""Issuing: record a training completion for a member; verify self-declared evidence."""

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.forms_passport import IssueForm, competence_choices
from webapp.fragments import page_or_block
from webapp.models import PassportEntry, Role, StaffMember
from webapp.services import catalogue, issuing, passport_access

bp = Blueprint("issuing", __name__)
ISSUERS = (Role.ISSUER, Role.ADMIN)


@bp.route("/issuing/record", methods=["GET", "POST"])
@allow(*ISSUERS)
def record():
    """Record a completed training for a member; its validity follows the refresher period."""
    session = get_db()
    form = IssueForm(staff_number=request.args.get("staff_number", "")[:20])
    form.competence.choices = competence_choices(catalogue.list_catalogue(session))
    if form.validate_on_submit():
        try:
            member, _ = issuing.record_for(
                session, place_id=current_user.place_id, staff_number=form.staff_number.data,
                competence_id=form.competence.data, achieved_on=form.achieved_on.data,
                evidence_note=form.evidence_note.data, actor=current_user, today=date.today(),
                request_id=g.request_id)
            session.commit()
            flash(f"Training recorded for {member.full_name}.", "info")
            return redirect(url_for("passports.show", staff_id=member.id))
        except issuing.IssueError as error:
            getattr(form, error.field).errors.append(str(error))
    status = 422 if request.method == "POST" else 200
    return render_template("issuing/record.html", form=form), status


@bp.route("/issuing/verify")
@allow(*ISSUERS)
def unverified():
    """List self-declared entries waiting for verification; htmx filters by staff number."""
    q = request.args.get("q", "")[:20]
    organisation = None if current_user.role == Role.ADMIN else (current_user.organisation_id or 0)
    rows = issuing.unverified(get_db(), place_id=current_user.place_id,
                              organisation_id=organisation, q=q)
    context = {"rows": rows, "q": q}
    return page_or_block("issuing/verify.html", "unverified_entries", **context)


@bp.route("/issuing/entries/<int:entry_id>/verify", methods=["POST"])
@allow(*ISSUERS)
def verify(entry_id: int):
    """Verify one self-declared entry in the name of the issuer's organisation."""
    session = get_db()
    entry = session.get(PassportEntry, entry_id)
    if entry is None or not passport_access.may_change_entry(session, current_user, entry,
                                                             date.today()):
        abort(404)
    member = session.get(StaffMember, entry.staff_member_id)
    try:
        issuing.verify(session, entry, actor=current_user, today=date.today(),
                       request_id=g.request_id)
        session.commit()
        flash(f"Entry verified for {member.full_name}.", "info")
    except ValueError as error:
        flash(str(error), "error")
    return redirect(url_for(".unverified", q=request.form.get("q", "")[:20]))
