"""Data-sharing agreements (admin) and a member's own choice to share their passport."""

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.forms_passport import AgreementForm, ShareForm, organisation_choices
from webapp.models import Role, StaffMember
from webapp.services import agreements, requirements

bp = Blueprint("agreements", __name__)
MEMBERS = (Role.CARE_WORKER, Role.REGISTERED_PROFESSIONAL, Role.MANAGER)


@bp.route("/agreements", methods=["GET", "POST"])
@allow(Role.ADMIN)
def index():
    """List the place's agreements; record a new one."""
    session = get_db()
    form = AgreementForm()
    form.parties.choices = organisation_choices(
        requirements.place_organisations(session, current_user.place_id))
    problem = None
    if form.validate_on_submit():
        try:
            agreements.record_agreement(
                session, place_id=current_user.place_id, title=form.title.data,
                purpose=form.purpose.data, party_ids=form.parties.data,
                frameworks=form.frameworks.data, starts_on=form.starts_on.data,
                ends_on=form.ends_on.data, actor=current_user, request_id=g.request_id)
            session.commit()
            flash("Agreement recorded.", "info")
            return redirect(url_for(".index"))
        except ValueError as error:
            problem = str(error)
    rows = agreements.list_agreements(session, current_user.place_id)
    status = 422 if request.method == "POST" else 200
    return render_template("agreements/index.html", form=form, rows=rows, problem=problem,
                           today=date.today()), status


@bp.route("/agreements/<int:agreement_id>/withdraw", methods=["POST"])
@allow(Role.ADMIN)
def withdraw(agreement_id: int):
    """End an agreement now."""
    session = get_db()
    agreement = agreements.agreement_for(session, agreement_id, current_user.place_id)
    if agreement is None:
        abort(404)
    if agreement.withdrawn_at is None:
        agreements.withdraw_agreement(session, agreement, actor=current_user,
                                      request_id=g.request_id)
        session.commit()
    flash(f"Agreement “{agreement.title}” withdrawn.", "info")
    return redirect(url_for(".index"))


def _me() -> StaffMember:
    member = get_db().get(StaffMember, current_user.staff_member_id or 0)
    if member is None:
        abort(404)
    return member


@bp.route("/me/passport/organisations", methods=["GET", "POST"])
@allow(*MEMBERS)
def sharing():
    """Let the member show their passport to an organisation that does not employ them."""
    session, member = get_db(), _me()
    form = ShareForm()
    form.organisation.choices = organisation_choices(
        requirements.place_organisations(session, member.place_id))
    if form.validate_on_submit():
        agreements.share(session, member=member, organisation_id=form.organisation.data,
                         frameworks=form.frameworks.data, actor=current_user,
                         request_id=g.request_id)
        session.commit()
        flash("Your passport is now shared with that organisation.", "info")
        return redirect(url_for(".sharing"))
    status = 422 if request.method == "POST" else 200
    return render_template("agreements/sharing.html", form=form,
                           shares=agreements.shares_of(session, member.id)), status


@bp.route("/me/passport/organisations/stop", methods=["POST"])
@allow(*MEMBERS)
def stop_sharing():
    """Withdraw one of the member's shares."""
    session, member = get_db(), _me()
    record = agreements.share_for(session, request.form.get("share_id", type=int), member.id)
    if record is None:
        flash("That share was not found: it may have been withdrawn already.", "error")
    else:
        agreements.stop_sharing(session, record, actor=current_user, request_id=g.request_id)
        session.commit()
        flash("You have stopped sharing your passport with that organisation.", "info")
    return redirect(url_for(".sharing"))
