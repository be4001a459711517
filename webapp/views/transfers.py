"""Tell us once: the receiving organisation reviews a member's passport for the new role."""

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.models import Role, StaffMember
from webapp.services import audit, requirements, transfer

bp = Blueprint("transfers", __name__)


@bp.route("/transfers")
@allow(Role.MANAGER, Role.ADMIN)
def index():
    """List people joining the organisation from elsewhere in the place, to review."""
    session = get_db()
    organisation = requirements.organisation_for(session, current_user,
                                                 request.args.get("organisation", type=int))
    if organisation is None:
        abort(404)
    return render_template(
        "transfers/index.html", organisation=organisation,
        joiners=transfer.joiners(session, organisation.id, date.today()),
        organisations=requirements.place_organisations(session, current_user.place_id))


@bp.route("/staff/<int:staff_id>/transfer", methods=["GET", "POST"])
@allow(Role.MANAGER, Role.ADMIN)
def show(staff_id: int):
    """Show what the passport satisfies for the new role; accept the recognised entries."""
    session, today = get_db(), date.today()
    member = session.get(StaffMember, staff_id)
    if member is None:
        abort(404)
    organisation = transfer.receiving_organisation(
        session, member, current_user, request.values.get("organisation", type=int), today)
    if organisation is None:
        abort(404)  # the same answer as for an id that does not exist
    if request.method == "POST":
        accepted = transfer.accept(session, member, organisation, actor=current_user,
                                   today=today, request_id=g.request_id)
        session.commit()
        flash(f"{organisation.name} now recognises {accepted} "
              f"entr{'y' if accepted == 1 else 'ies'} from {member.full_name}'s passport.", "info")
        return redirect(url_for(".show", staff_id=staff_id, organisation=organisation.id))
    audit.record(session, actor=current_user, action="passport.view_transfer",
                 entity="staff_member", entity_id=staff_id, staff_member_id=staff_id,
                 after={"organisation_id": organisation.id}, request_id=g.request_id)
    session.commit()
    review = transfer.review(session, member, organisation, today)
    return render_template("transfers/show.html", review=review,
                           employers=transfer.receiving_contracts(session, member.id, today))
