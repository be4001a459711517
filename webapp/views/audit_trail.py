"""A member's audit trail: who did what to their passport, for them and for admins."""

from flask import Blueprint, abort
from flask_login import current_user

from webapp.access import allow
from webapp.db import get_db
from webapp.fragments import page_or_block
from webapp.models import Role, StaffMember
from webapp.services import audit, audit_wording

bp = Blueprint("audit_trail", __name__)
TEMPLATE = "audit_trail/show.html"


def _render(member: StaffMember, own: bool):
    session = get_db()
    events = audit.trail_for_member(session, staff_member_id=member.id, limit=500)
    context = {"member": member, "own": own, "rows": audit_wording.rows(session, events)}
    return page_or_block(TEMPLATE, "audit_events", **context)


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
