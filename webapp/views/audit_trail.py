"""A member's audit trail: who did what to their passport, for them and for admins."""

import json

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from jinja2_fragments.flask import render_block
from sqlmodel import col, select

from webapp.access import allow
from webapp.db import get_db
from webapp.models import Role, StaffMember, User
from webapp.services import audit

bp = Blueprint("audit_trail", __name__)
TEMPLATE = "audit_trail/show.html"
LABELS = {
    "passport.view": "Viewed the passport",
    "passport.view_denied": "Was refused access to the passport",
    "passport.view_transfer": "Reviewed the passport for a new role",
    "passport_entry.create": "Recorded training",
    "passport_entry.verify": "Verified evidence",
    "passport_entry.import": "Imported training records",
    "recognition.accept": "Accepted an entry through recognition",
    "passport.share": "Shared the passport with an organisation",
    "passport.share_withdraw": "Stopped sharing the passport with an organisation",
    "passport.export_fhir": "Exported the passport as a FHIR record",
    "passport_entry.revoke": "Revoked a record",
    "credential.issue": "Issued a digital credential",
    "share.create": "Made a share link",
    "share.view": "Someone opened a share link",
    "share.revoke": "Stopped a share link working",
    "delegation.record": "Delegated an activity",
    "delegation.review": "Reviewed a delegation",
    "delegation.renew": "Renewed a delegation",
    "delegation.suspend": "Suspended a delegation",
    "delegation.withdraw": "Withdrew a delegation",
}


def _render(member: StaffMember, own: bool):
    session = get_db()
    events = audit.trail_for_member(session, staff_member_id=member.id, limit=500)
    actors = {e.actor_user_id for e in events if e.actor_user_id}
    emails = dict(session.exec(select(User.id, User.email).where(col(User.id).in_(actors))).all())
    context = {"member": member, "own": own, "emails": emails, "labels": LABELS,
               "events": [(e, json.loads(e.after) if e.after else None) for e in events]}
    if request.htmx and not request.htmx.boosted:
        return render_block(TEMPLATE, "audit_events", **context), 200, {"Vary": "HX-Request"}
    return render_template(TEMPLATE, **context), 200, {"Vary": "HX-Request"}


@bp.route("/me/audit")
@allow(Role.CARE_WORKER, Role.REGISTERED_PROFESSIONAL, Role.MANAGER)
def mine():
    """Show the signed-in member who has looked at or changed their passport."""
    member = get_db().get(StaffMember, current_user.staff_member_id or 0)
    if member is None:
        abort(404)
    return _render(member, own=True)


@bp.route("/staff/<int:staff_id>/audit")
@allow(Role.ADMIN)
def show(staff_id: int):
    """Show an admin a member's audit trail."""
    member = get_db().get(StaffMember, staff_id)
    if member is None or member.place_id != current_user.place_id:
        abort(404)
    return _render(member, own=False)
